import type { MigrationInterface, QueryRunner } from "typeorm";

export class ModerationCases1795597747952 implements MigrationInterface {
    name = 'ModerationCases1795597747952'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "moderation_case_counter" ("guild_id" bigint NOT NULL, "last_case_number" integer NOT NULL, CONSTRAINT "moderation_case_counter_positive" CHECK (last_case_number > 0), CONSTRAINT "PK_ce18d7bbda5f71262ef93182ca5" PRIMARY KEY ("guild_id"))`);
        await queryRunner.query(`CREATE TYPE "public"."moderation_action" AS ENUM('note', 'warn', 'timeout', 'untimeout', 'kick', 'ban', 'tempban', 'unban', 'softban', 'purge')`);
        await queryRunner.query(`CREATE TABLE "moderation_log" ("id" SERIAL NOT NULL, "guild_id" bigint NOT NULL, "case_number" integer NOT NULL, "user_id" bigint, "action" "public"."moderation_action" NOT NULL, "reason" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE, "performed_by" bigint, "channel_id" bigint, "log_message_id" bigint, "dm_failed" boolean NOT NULL DEFAULT false, "expiry_claimed_at" TIMESTAMP WITH TIME ZONE, "expiry_done_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "moderation_log_guild_case_number" UNIQUE ("guild_id", "case_number"), CONSTRAINT "moderation_log_expiry_only_temporary" CHECK (expires_at IS NULL OR action IN ('timeout', 'tempban')), CONSTRAINT "moderation_log_case_number_positive" CHECK (case_number > 0), CONSTRAINT "PK_d0adca6ecfd068db83e4526cc26" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "moderation_log_pending_expiry" ON "moderation_log"  ("guild_id", "expires_at") WHERE expires_at IS NOT NULL AND expiry_done_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "moderation_log_guild_user" ON "moderation_log"  ("guild_id", "user_id", "created_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."moderation_log_guild_user"`);
        await queryRunner.query(`DROP INDEX "public"."moderation_log_pending_expiry"`);
        await queryRunner.query(`DROP TABLE "moderation_log"`);
        await queryRunner.query(`DROP TYPE "public"."moderation_action"`);
        await queryRunner.query(`DROP TABLE "moderation_case_counter"`);
    }

}
