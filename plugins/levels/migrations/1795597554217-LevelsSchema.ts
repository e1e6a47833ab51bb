import { MigrationInterface, QueryRunner } from "typeorm";

export class LevelsSchema1795597554217 implements MigrationInterface {
    name = 'LevelsSchema1795597554217'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "level" ("id" SERIAL NOT NULL, "guild_id" bigint NOT NULL, "user_id" bigint NOT NULL, "level" integer NOT NULL DEFAULT '0', "xp" integer NOT NULL DEFAULT '0', "total_xp" integer NOT NULL DEFAULT '0', "message_count" integer NOT NULL DEFAULT '0', "last_message" TIMESTAMP WITH TIME ZONE, CONSTRAINT "level_counters_not_negative" CHECK (level >= 0 AND xp >= 0 AND total_xp >= 0 AND message_count >= 0), CONSTRAINT "PK_d3f1a7a6f09f1c3144bacdc6bcc" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "level_guild_total_xp" ON "level"  ("guild_id", "total_xp") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_0b508342b9568ccdacb3ce57ca" ON "level"  ("guild_id", "user_id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_0b508342b9568ccdacb3ce57ca"`);
        await queryRunner.query(`DROP INDEX "public"."level_guild_total_xp"`);
        await queryRunner.query(`DROP TABLE "level"`);
    }

}
