import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Written by hand: the histogram `economy_rank_bucket` (members per guild, board and bucket of economy_board_bucket(value): 100 buckets
 * per factor e, about 1 % of the values around them), kept exact by
 * triggers on `economy` (a row trigger whose WHEN skips updates that move no value across a bucket's bounds — most of them), and one
 * expression index per board in its order (bucket DESC, value DESC, user_id) for the bounded scan inside a bucket.
 */
export class EconomyRankBuckets1795866832389 implements MigrationInterface {
    name = 'EconomyRankBuckets1795866832389'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "economy_rank_bucket" (
                "guild_id" bigint NOT NULL,
                "sort" smallint NOT NULL,
                "bucket" integer NOT NULL,
                "members" integer NOT NULL DEFAULT '0',
                CONSTRAINT "PK_economy_rank_bucket" PRIMARY KEY ("guild_id", "sort", "bucket")
            )
        `);
        await queryRunner.query(`
            CREATE FUNCTION economy_board_bucket(value bigint) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
            AS $$ SELECT CASE WHEN value > 0 THEN floor(ln(value::double precision) * 100)::integer END $$
        `);
        await queryRunner.query(`
            CREATE INDEX "economy_board_wallet" ON "economy" ("guild_id", economy_board_bucket(balance) DESC, (balance) DESC, "user_id") WHERE balance > 0
        `);
        await queryRunner.query(`
            CREATE INDEX "economy_board_bank" ON "economy" ("guild_id", economy_board_bucket(bank) DESC, (bank) DESC, "user_id") WHERE bank > 0
        `);
        await queryRunner.query(`
            CREATE INDEX "economy_board_total" ON "economy" ("guild_id", economy_board_bucket((balance + bank)) DESC, ((balance + bank)) DESC, "user_id") WHERE (balance + bank) > 0
        `);
        await queryRunner.query(`
            CREATE FUNCTION economy_rank_buckets_moved() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                -- One row's move: -1 in its old buckets, +1 in its new ones (OLD is NULL on INSERT, NEW on DELETE),
                -- netted, histogram rows locked in key order.
                INSERT INTO economy_rank_bucket (guild_id, sort, bucket, members)
                SELECT guild_id, sort, bucket, sum(delta)::int FROM (
                    SELECT OLD.guild_id AS guild_id, s.sort, economy_board_bucket(s.value) AS bucket, -1 AS delta
                    FROM (VALUES (0, OLD.balance), (1, OLD.bank), (2, (OLD.balance + OLD.bank))) AS s(sort, value) WHERE TG_OP <> 'INSERT'
                    UNION ALL
                    SELECT NEW.guild_id, s.sort, economy_board_bucket(s.value), 1
                    FROM (VALUES (0, NEW.balance), (1, NEW.bank), (2, (NEW.balance + NEW.bank))) AS s(sort, value) WHERE TG_OP <> 'DELETE') d
                WHERE bucket IS NOT NULL GROUP BY guild_id, sort, bucket HAVING sum(delta) <> 0
                ORDER BY guild_id, sort, bucket
                ON CONFLICT (guild_id, sort, bucket) DO UPDATE SET members = economy_rank_bucket.members + EXCLUDED.members;
                RETURN NULL;
            END $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER economy_rank_buckets AFTER INSERT OR DELETE ON "economy"
            FOR EACH ROW EXECUTE FUNCTION economy_rank_buckets_moved()
        `);
        // The WHEN spells out economy_board_bucket's arithmetic (a bucket changes when a value crosses 0 or the floor of
        // 100·ln(value) changes): PostgreSQL evaluates it for every updated row, and a call of the SQL function there
        // is not inlined — it cost several times the update itself.
        await queryRunner.query(`
            CREATE TRIGGER economy_rank_buckets_update AFTER UPDATE ON "economy" FOR EACH ROW
            WHEN (OLD.guild_id <> NEW.guild_id
              OR (OLD.balance > 0) <> (NEW.balance > 0)
              OR (OLD.bank > 0) <> (NEW.bank > 0)
              OR ((OLD.balance + OLD.bank) > 0) <> ((NEW.balance + NEW.bank) > 0)
              OR floor(ln(greatest(OLD.balance, 1)::double precision) * 100) <> floor(ln(greatest(NEW.balance, 1)::double precision) * 100)
              OR floor(ln(greatest(OLD.bank, 1)::double precision) * 100) <> floor(ln(greatest(NEW.bank, 1)::double precision) * 100)
              OR floor(ln(greatest((OLD.balance + OLD.bank), 1)::double precision) * 100) <> floor(ln(greatest((NEW.balance + NEW.bank), 1)::double precision) * 100))
            EXECUTE FUNCTION economy_rank_buckets_moved()
        `);
        await queryRunner.query(`
            INSERT INTO "economy_rank_bucket" (guild_id, sort, bucket, members)
            SELECT economy.guild_id, s.sort, economy_board_bucket(s.value), count(*)::int FROM "economy"
            CROSS JOIN LATERAL (VALUES (0, economy.balance), (1, economy.bank), (2, (economy.balance + economy.bank))) AS s(sort, value)
            WHERE s.value > 0 GROUP BY 1, 2, 3
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TRIGGER economy_rank_buckets_update ON "economy"
        `);
        await queryRunner.query(`
            DROP TRIGGER economy_rank_buckets ON "economy"
        `);
        await queryRunner.query(`
            DROP FUNCTION economy_rank_buckets_moved()
        `);
        await queryRunner.query(`
            DROP INDEX "public"."economy_board_wallet"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."economy_board_bank"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."economy_board_total"
        `);
        await queryRunner.query(`
            DROP FUNCTION economy_board_bucket(bigint)
        `);
        await queryRunner.query(`
            DROP TABLE "economy_rank_bucket"
        `);
    }

}
