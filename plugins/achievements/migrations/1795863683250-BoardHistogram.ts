import { MigrationInterface, QueryRunner } from "typeorm";

export class BoardHistogram1795863683250 implements MigrationInterface {
    name = 'BoardHistogram1795863683250'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "achievement_board_bucket" (
                "guild_id" bigint NOT NULL,
                "earned" integer NOT NULL,
                "bucket" smallint NOT NULL,
                "members" integer NOT NULL DEFAULT '0',
                CONSTRAINT "PK_62455e18682f18d915f0fa4ee22" PRIMARY KEY ("guild_id", "earned", "bucket")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "achievement_board_count" (
                "guild_id" bigint NOT NULL,
                "earned" integer NOT NULL,
                "members" integer NOT NULL DEFAULT '0',
                CONSTRAINT "PK_f417e3e25032617824e31daf3c8" PRIMARY KEY ("guild_id", "earned")
            )
        `);
        // Written by hand from here.
        // The board's order, earned DESC then (user_id % 251) DESC then user_id DESC, as an expression index (the
        // entity marks it synchronize: false); it replaces the index on (guild_id, earned, user_id).
        await queryRunner.query(`DROP INDEX "public"."achievement_member_board"`);
        await queryRunner.query(`CREATE INDEX "achievement_member_board" ON "achievement_member" ("guild_id", "earned", ("user_id" % 251), "user_id") WHERE earned > 0`);
        // Backfill. First each member's earned count from the unlocks themselves (the source of truth), then the
        // histogram from those counts.
        await queryRunner.query(`
            INSERT INTO "achievement_member" ("guild_id", "user_id", "earned")
            SELECT "guild_id", "user_id", count(*) FROM "achievement_unlock" GROUP BY "guild_id", "user_id"
            ON CONFLICT ("guild_id", "user_id") DO UPDATE SET "earned" = EXCLUDED."earned"
            WHERE "achievement_member"."earned" <> EXCLUDED."earned"
        `);
        await queryRunner.query(`
            UPDATE "achievement_member" m SET "earned" = 0
            WHERE m."earned" <> 0
              AND NOT EXISTS (SELECT 1 FROM "achievement_unlock" u WHERE u."guild_id" = m."guild_id" AND u."user_id" = m."user_id")
        `);
        await queryRunner.query(`
            INSERT INTO "achievement_board_count" ("guild_id", "earned", "members")
            SELECT "guild_id", "earned", count(*) FROM "achievement_member" WHERE "earned" > 0 GROUP BY "guild_id", "earned"
        `);
        await queryRunner.query(`
            INSERT INTO "achievement_board_bucket" ("guild_id", "earned", "bucket", "members")
            SELECT "guild_id", "earned", "user_id" % 251, count(*) FROM "achievement_member" WHERE "earned" > 0
            GROUP BY "guild_id", "earned", "user_id" % 251
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."achievement_member_board"`);
        await queryRunner.query(`CREATE INDEX "achievement_member_board" ON "achievement_member" ("guild_id", "earned", "user_id") WHERE earned > 0`);
        await queryRunner.query(`
            DROP TABLE "achievement_board_count"
        `);
        await queryRunner.query(`
            DROP TABLE "achievement_board_bucket"
        `);
    }

}
