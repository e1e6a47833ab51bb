import { MigrationInterface, QueryRunner } from "typeorm";

export class WelcomeGreetings1795866278617 implements MigrationInterface {
    name = 'WelcomeGreetings1795866278617'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "welcome_greeting" (
                "message_id" bigint NOT NULL,
                "guild_id" bigint NOT NULL,
                "channel_id" bigint NOT NULL,
                "delete_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_78bc771a9f75a9f4718130a1925" PRIMARY KEY ("message_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_511709c642f3138909f6ef97a6" ON "welcome_greeting" ("guild_id")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_511709c642f3138909f6ef97a6"
        `);
        await queryRunner.query(`
            DROP TABLE "welcome_greeting"
        `);
    }

}
