import { MigrationInterface, QueryRunner } from "typeorm";

export class CoreSchema1795595532998 implements MigrationInterface {
    name = 'CoreSchema1795595532998'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."audit_event" AS ENUM('MESSAGE_EVENTS', 'MEMBER_EVENTS', 'CHANNEL_EVENTS', 'ROLE_EVENTS', 'MOD_EVENTS', 'VOICE_EVENTS', 'THREAD_EVENTS')`);
        await queryRunner.query(`CREATE TABLE "guild_config" ("id" bigint NOT NULL, "name" character varying(100) NOT NULL, "prefix" character varying(5), "log_channel_id" bigint, "mod_log_channel_id" bigint, "support_category_id" bigint, "ticket_log_channel_id" bigint, "welcome_channel_id" bigint, "mod_role_id" bigint, "admin_role_id" bigint, "support_role_id" bigint, "audit_events" "public"."audit_event" array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "guild_config_prefix_valid" CHECK (prefix IS NULL OR (char_length(prefix) BETWEEN 1 AND 5 AND prefix !~ '\\s')), CONSTRAINT "PK_f65dc70240f2caa6b44d6abe85f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "guild_plugin" ("guild_id" bigint NOT NULL, "plugin" character varying(64) NOT NULL, "enabled" boolean NOT NULL, "settings" jsonb NOT NULL DEFAULT '{}', "updated_by" bigint, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_74e4c530b4c3df84a3391e91b84" PRIMARY KEY ("guild_id", "plugin"))`);
        await queryRunner.query(`CREATE TYPE "public"."permission_subject" AS ENUM('MEMBER', 'ROLE')`);
        await queryRunner.query(`CREATE TYPE "public"."override_permission" AS ENUM('CREATE_TICKET', 'VIEW_TICKET', 'CLOSE_TICKET', 'ASSIGN_TICKET', 'MANAGE_TICKETS', 'ESCALATE_TICKET', 'VIEW_ALL_TICKETS', 'BAN_USER', 'UNBAN_USER', 'WARN_USER', 'MANAGE_ROLES', 'VIEW_USER_INFO', 'MANAGE_USER_PROFILE', 'VIEW_KB', 'CREATE_KB', 'EDIT_KB', 'DELETE_KB', 'VERIFY_KB', 'VIEW_SYSTEM_STATUS', 'VIEW_METRICS', 'MANAGE_BOT_SETTINGS', 'PROVIDE_SUPPORT', 'VIEW_SUPPORT_QUEUE', 'MANAGE_SUPPORT_AGENTS', 'DELETE_MESSAGES', 'TIMEOUT_USER', 'VIEW_AUDIT_LOGS', 'MANAGE_THREADS', 'MANAGE_PTERODACTYL', 'VIEW_SERVER_STATUS', 'RESTART_SERVERS', 'MODIFY_SERVER_CONFIG')`);
        await queryRunner.query(`CREATE TYPE "public"."permission_effect" AS ENUM('GRANT', 'REVOKE')`);
        await queryRunner.query(`CREATE TABLE "permission_override" ("id" SERIAL NOT NULL, "guild_id" bigint NOT NULL, "subject_type" "public"."permission_subject" NOT NULL, "subject_id" bigint NOT NULL, "permission" "public"."override_permission" NOT NULL, "effect" "public"."permission_effect" NOT NULL, "created_by" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_aa782689198cb5e855676f36f72" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_51035df321d8b34374ffa4edea" ON "permission_override"  ("guild_id", "subject_type", "subject_id", "permission") `);
        await queryRunner.query(`CREATE TYPE "public"."user_role" AS ENUM('USER', 'SUPPORT_AGENT', 'MODERATOR', 'DEVELOPER', 'ADMIN')`);
        await queryRunner.query(`CREATE TYPE "public"."user_permission" AS ENUM('CREATE_TICKET', 'VIEW_TICKET', 'CLOSE_TICKET', 'ASSIGN_TICKET', 'MANAGE_TICKETS', 'ESCALATE_TICKET', 'VIEW_ALL_TICKETS', 'BAN_USER', 'UNBAN_USER', 'WARN_USER', 'MANAGE_ROLES', 'VIEW_USER_INFO', 'MANAGE_USER_PROFILE', 'VIEW_KB', 'CREATE_KB', 'EDIT_KB', 'DELETE_KB', 'VERIFY_KB', 'VIEW_SYSTEM_STATUS', 'VIEW_METRICS', 'MANAGE_BOT_SETTINGS', 'PROVIDE_SUPPORT', 'VIEW_SUPPORT_QUEUE', 'MANAGE_SUPPORT_AGENTS', 'DELETE_MESSAGES', 'TIMEOUT_USER', 'VIEW_AUDIT_LOGS', 'MANAGE_THREADS', 'MANAGE_PTERODACTYL', 'VIEW_SERVER_STATUS', 'RESTART_SERVERS', 'MODIFY_SERVER_CONFIG')`);
        await queryRunner.query(`CREATE TABLE "users" ("id" bigint NOT NULL, "username" character varying(100) NOT NULL, "email" character varying(320), "role" "public"."user_role" NOT NULL DEFAULT 'USER', "permissions" "public"."user_permission" array NOT NULL DEFAULT '{}', "is_banned" boolean NOT NULL DEFAULT false, "banned_until" TIMESTAMP WITH TIME ZONE, "ban_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_fe0bb3f6520ee0469504521e71" ON "users"  ("username") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_3be5894c040bc2b1930b041262" ON "users"  ("email") WHERE email IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_3be5894c040bc2b1930b041262"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_fe0bb3f6520ee0469504521e71"`);
        await queryRunner.query(`DROP TABLE "users"`);
        await queryRunner.query(`DROP TYPE "public"."user_permission"`);
        await queryRunner.query(`DROP TYPE "public"."user_role"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_51035df321d8b34374ffa4edea"`);
        await queryRunner.query(`DROP TABLE "permission_override"`);
        await queryRunner.query(`DROP TYPE "public"."permission_effect"`);
        await queryRunner.query(`DROP TYPE "public"."override_permission"`);
        await queryRunner.query(`DROP TYPE "public"."permission_subject"`);
        await queryRunner.query(`DROP TABLE "guild_plugin"`);
        await queryRunner.query(`DROP TABLE "guild_config"`);
        await queryRunner.query(`DROP TYPE "public"."audit_event"`);
    }

}
