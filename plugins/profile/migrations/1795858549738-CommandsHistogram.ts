import { MigrationInterface, QueryRunner } from "typeorm";

export class CommandsHistogram1795858549738 implements MigrationInterface {
    name = 'CommandsHistogram1795858549738'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."profile_statistics_commands"
        `);
        await queryRunner.query(`
            CREATE TABLE "profile_commands_histogram" (
                "guild_id" bigint NOT NULL,
                "commands_used" integer NOT NULL,
                "members" integer NOT NULL,
                CONSTRAINT "PK_afe770f6bd6180baca39f6d6a65" PRIMARY KEY ("guild_id", "commands_used")
            )
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP TABLE "profile_commands_histogram"
        `);
        await queryRunner.query(`
            CREATE INDEX "profile_statistics_commands" ON "profile_statistics" USING btree ("guild_id", "commands_used")
        `);
    }

}
