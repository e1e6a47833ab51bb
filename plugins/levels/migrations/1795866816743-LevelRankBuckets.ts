import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Written by hand: the histogram `level_rank_bucket` (members per guild, board and bucket of level_board_bucket(value): 100 buckets
 * per factor e, about 1 % of the values around them), kept exact by statement triggers on `level` from their
 * transition tables (deltas applied in key order, so statements lock histogram rows in the same order), and one
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
                IF TG_OP = 'INSERT' THEN
                    INSERT INTO level_rank_bucket (guild_id, sort, bucket, members)
                    SELECT guild_id, sort, bucket, sum(delta)::int FROM (
                      SELECT r.guild_id, s.sort, level_board_bucket(s.value) AS bucket, 1 AS delta FROM new_rows r CROSS JOIN LATERAL (VALUES (0, r.total_xp), (1, r.message_count)) AS s(sort, value)) d
                    WHERE bucket IS NOT NULL GROUP BY guild_id, sort, bucket HAVING sum(delta) <> 0
                    ORDER BY guild_id, sort, bucket
                    ON CONFLICT (guild_id, sort, bucket) DO UPDATE SET members = level_rank_bucket.members + EXCLUDED.members;
                ELSIF TG_OP = 'UPDATE' THEN
                    INSERT INTO level_rank_bucket (guild_id, sort, bucket, members)
                    SELECT guild_id, sort, bucket, sum(delta)::int FROM (
                      SELECT r.guild_id, s.sort, level_board_bucket(s.value) AS bucket, -1 AS delta FROM old_rows r CROSS JOIN LATERAL (VALUES (0, r.total_xp), (1, r.message_count)) AS s(sort, value)
                      UNION ALL SELECT r.guild_id, s.sort, level_board_bucket(s.value) AS bucket, 1 AS delta FROM new_rows r CROSS JOIN LATERAL (VALUES (0, r.total_xp), (1, r.message_count)) AS s(sort, value)) d
                    WHERE bucket IS NOT NULL GROUP BY guild_id, sort, bucket HAVING sum(delta) <> 0
                    ORDER BY guild_id, sort, bucket
                    ON CONFLICT (guild_id, sort, bucket) DO UPDATE SET members = level_rank_bucket.members + EXCLUDED.members;
                ELSE
                    INSERT INTO level_rank_bucket (guild_id, sort, bucket, members)
                    SELECT guild_id, sort, bucket, sum(delta)::int FROM (
                      SELECT r.guild_id, s.sort, level_board_bucket(s.value) AS bucket, -1 AS delta FROM old_rows r CROSS JOIN LATERAL (VALUES (0, r.total_xp), (1, r.message_count)) AS s(sort, value)) d
                    WHERE bucket IS NOT NULL GROUP BY guild_id, sort, bucket HAVING sum(delta) <> 0
                    ORDER BY guild_id, sort, bucket
                    ON CONFLICT (guild_id, sort, bucket) DO UPDATE SET members = level_rank_bucket.members + EXCLUDED.members;
                END IF;
                RETURN NULL;
            END $$
        `);
        await queryRunner.query(`
            CREATE TRIGGER level_rank_buckets_insert AFTER INSERT ON "level" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION level_rank_buckets_moved()
        `);
        await queryRunner.query(`
            CREATE TRIGGER level_rank_buckets_update AFTER UPDATE ON "level" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION level_rank_buckets_moved()
        `);
        await queryRunner.query(`
            CREATE TRIGGER level_rank_buckets_delete AFTER DELETE ON "level" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION level_rank_buckets_moved()
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
            DROP TRIGGER level_rank_buckets_delete ON "level"
        `);
        await queryRunner.query(`
            DROP TRIGGER level_rank_buckets_update ON "level"
        `);
        await queryRunner.query(`
            DROP TRIGGER level_rank_buckets_insert ON "level"
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
