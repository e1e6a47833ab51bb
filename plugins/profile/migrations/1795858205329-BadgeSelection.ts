import { MigrationInterface, QueryRunner } from "typeorm";

export class BadgeSelection1795858205329 implements MigrationInterface {
    name = 'BadgeSelection1795858205329'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "profile_badge_selection" (
                "guild_id" bigint NOT NULL,
                "user_id" bigint NOT NULL,
                "badge_id" integer NOT NULL,
                CONSTRAINT "PK_221813bb7de0f1c92ac93d92dc6" PRIMARY KEY ("guild_id", "user_id")
            )
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TABLE "profile_badge_selection"
        `);
    }

}
