import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Written by hand: the histogram `level_rank_bucket` (members per guild, board and bucket of level_board_bucket(value): 100 buckets
 * per factor e, about 1 % of the values around them), kept exact by
 * triggers on `level` (a row trigger whose WHEN skips updates that move no value across a bucket's bounds — most of them), and one
 * expression index per board in its order (bucket DESC, value DESC, user_id) for the bounded scan inside a bucket.
 * They replace the index on (guild_id, total_xp).
 */
export class LevelRankBuckets1795866816743 implements MigrationInterface {
    name = 'LevelRankBuckets1795866816743'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."level_guild_total_xp"
        `);
        await queryRunner.query(`
            CREATE TABLE "level_rank_bucket" (
                "guild_id" bigint NOT NULL,
                "sort" smallint NOT NULL,
                "bucket" integer NOT NULL,
                "members" integer NOT NULL DEFAULT '0',
                CONSTRAINT "PK_level_rank_bucket" PRIMARY KEY ("guild_id", "sort", "bucket")
            )
        `);
        await queryRunner.query(`
            CREATE FUNCTION level_board_bucket(value bigint) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
            AS $$ SELECT CASE WHEN value > 0 THEN floor(ln(value::double precision) * 100)::integer END $$
        `);
        await queryRunner.query(`
            CREATE INDEX "level_board_xp" ON "level" ("guild_id", level_board_bucket(total_xp) DESC, (total_xp) DESC, "user_id") WHERE total_xp > 0
        `);
        await queryRunner.query(`
            CREATE INDEX "level_board_messages" ON "level" ("guild_id", level_board_bucket(message_count) DESC, (message_count) DESC, "user_id") WHERE message_count > 0
        `);
        await queryRunner.query(`
            CREATE FUNCTION level_rank_buckets_moved() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                -- One row's move: -1 in its old buckets, +1 in its new ones (OLD is NULL on INSERT, NEW on DELETE),
                -- netted, histogram rows locked in key order.
                INSERT INTO level_rank_bucket (guild_id, sort, bucket, members)
                SELECT guild_id, sort, bucket, sum(delta)::int FROM (
                    SELECT OLD.guild_id AS guild_id, s.sort, level_board_bucket(s.value) AS bucket, -1 AS delta
                    FROM (VALUES (0, OLD.total_xp), (1, OLD.message_count)) AS s(sort, value) WHERE TG_OP <> 'INSERT'
                    UNION ALL
                    SELECT NEW.guild_id, s.sort, level_board_bucket(s.value), 1
                    FROM (VALUES (0, NEW.total_xp), (1, NEW.message_count)) AS s(sort, value) WHERE TG_OP <> 'DELETE') d
                WHERE bucket IS NOT NULL GROUP BY guild_id, sort, bucket HAVING sum(delta) <> 0
                ORDER BY guild_id, sort, bucket
                ON CONFLICT (guild_id, sort, bucket) DO UPDATE SET members = level_rank_bucket.members + EXCLUDED.members;
                RETURN NULL;
            END $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER level_rank_buckets AFTER INSERT OR DELETE ON "level"
            FOR EACH ROW EXECUTE FUNCTION level_rank_buckets_moved()
        `);
        // The WHEN spells out level_board_bucket's arithmetic (a bucket changes when a value crosses 0 or the floor of
        // 100·ln(value) changes): PostgreSQL evaluates it for every updated row, and a call of the SQL function there
        // is not inlined — it cost several times the update itself.
        await queryRunner.query(`
            CREATE TRIGGER level_rank_buckets_update AFTER UPDATE ON "level" FOR EACH ROW
            WHEN (OLD.guild_id <> NEW.guild_id
              OR (OLD.total_xp > 0) <> (NEW.total_xp > 0)
              OR (OLD.message_count > 0) <> (NEW.message_count > 0)
              OR floor(ln(greatest(OLD.total_xp, 1)::double precision) * 100) <> floor(ln(greatest(NEW.total_xp, 1)::double precision) * 100)
              OR floor(ln(greatest(OLD.message_count, 1)::double precision) * 100) <> floor(ln(greatest(NEW.message_count, 1)::double precision) * 100))
            EXECUTE FUNCTION level_rank_buckets_moved()
        `);
        await queryRunner.query(`
            INSERT INTO "level_rank_bucket" (guild_id, sort, bucket, members)
            SELECT level.guild_id, s.sort, level_board_bucket(s.value), count(*)::int FROM "level"
            CROSS JOIN LATERAL (VALUES (0, level.total_xp), (1, level.message_count)) AS s(sort, value)
            WHERE s.value > 0 GROUP BY 1, 2, 3
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TRIGGER level_rank_buckets_update ON "level"
        `);
        await queryRunner.query(`
            DROP TRIGGER level_rank_buckets ON "level"
        `);
        await queryRunner.query(`
            DROP FUNCTION level_rank_buckets_moved()
        `);
        await queryRunner.query(`
            DROP INDEX "public"."level_board_xp"
        `);
        await queryRunner.query(`
            DROP INDEX "public"."level_board_messages"
        `);
        await queryRunner.query(`
            DROP FUNCTION level_board_bucket(bigint)
        `);
        await queryRunner.query(`
            DROP TABLE "level_rank_bucket"
        `);
        await queryRunner.query(`
            CREATE INDEX "level_guild_total_xp" ON "level" USING btree ("guild_id", "total_xp")
        `);
    }

}
