import { MigrationInterface, QueryRunner } from "typeorm";

export class ProfileSchema1795857414250 implements MigrationInterface {
    name = 'ProfileSchema1795857414250'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "profile_birthday_announcement" (
                "guild_id" bigint NOT NULL,
                "user_id" bigint NOT NULL,
                "year" integer NOT NULL,
                "message_id" bigint,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_e68f0a8eb25fecd1ed8bc78f8dc" PRIMARY KEY ("guild_id", "user_id", "year")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "profile_birthday_guild" (
                "guild_id" bigint NOT NULL,
                "user_id" bigint NOT NULL,
                CONSTRAINT "PK_3f86ddf01be4f9d32d23d4e306f" PRIMARY KEY ("guild_id", "user_id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "profile_daily_statistics" (
                "guild_id" bigint NOT NULL,
                "day" date NOT NULL,
                "messages" integer NOT NULL DEFAULT '0',
                "commands" integer NOT NULL DEFAULT '0',
                "tickets_opened" integer NOT NULL DEFAULT '0',
                "tickets_closed" integer NOT NULL DEFAULT '0',
                "moderation_actions" integer NOT NULL DEFAULT '0',
                CONSTRAINT "PK_528e2367a9d3809ba8523f3a706" PRIMARY KEY ("guild_id", "day")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "profile" (
                "id" SERIAL NOT NULL,
                "user_id" bigint NOT NULL,
                "bio" text,
                "custom_title" character varying(64),
                "accent" character varying(7),
                "birthday" date,
                "timezone" character varying(64),
                "socials" jsonb NOT NULL DEFAULT '{}',
                "settings" jsonb NOT NULL DEFAULT '{}',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_d752442f45f258a8bdefeebb2f2" UNIQUE ("user_id"),
                CONSTRAINT "PK_3dd8bfc97e4a77c70971591bdcb" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE TABLE "profile_statistics" (
                "guild_id" bigint NOT NULL,
                "user_id" bigint NOT NULL,
                "commands_used" integer NOT NULL DEFAULT '0',
                "tickets_closed" integer NOT NULL DEFAULT '0',
                "messages_deleted" integer NOT NULL DEFAULT '0',
                "users_banned" integer NOT NULL DEFAULT '0',
                "users_unbanned" integer NOT NULL DEFAULT '0',
                "warnings_given" integer NOT NULL DEFAULT '0',
                "last_active" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_61f6a8a87151c1cc8b6cb43bae8" PRIMARY KEY ("guild_id", "user_id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "profile_statistics_commands" ON "profile_statistics" ("guild_id", "commands_used")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."profile_statistics_commands"
        `);
        await queryRunner.query(`
            DROP TABLE "profile_statistics"
        `);
        await queryRunner.query(`
            DROP TABLE "profile"
        `);
        await queryRunner.query(`
            DROP TABLE "profile_daily_statistics"
        `);
        await queryRunner.query(`
            DROP TABLE "profile_birthday_guild"
        `);
        await queryRunner.query(`
            DROP TABLE "profile_birthday_announcement"
        `);
    }

}
