import { MigrationInterface, QueryRunner } from "typeorm";

export class AchievementsSchema1795854287001 implements MigrationInterface {
    name = 'AchievementsSchema1795854287001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."achievement_type" AS ENUM('MESSAGES', 'TICKETS', 'HELP', 'MODERATION', 'SPECIAL')`);
        await queryRunner.query(`CREATE TABLE "achievement" ("id" SERIAL NOT NULL, "guild_id" bigint NOT NULL, "name" character varying(64) NOT NULL, "description" character varying(300) NOT NULL, "type" "public"."achievement_type" NOT NULL, "requirement" integer NOT NULL, "reward" integer NOT NULL DEFAULT '0', "icon" character varying(64) NOT NULL, "hidden" boolean NOT NULL DEFAULT false, "retro_pending" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "achievement_amounts_not_negative" CHECK (requirement >= 0 AND reward >= 0), CONSTRAINT "PK_441339f40e8ce717525a381671e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "achievement_guild_lower_name" ON "achievement" ("guild_id", lower("name"))`);
        await queryRunner.query(`CREATE TABLE "achievement_member" ("guild_id" bigint NOT NULL, "user_id" bigint NOT NULL, "messages" integer NOT NULL DEFAULT '0', "tickets" integer NOT NULL DEFAULT '0', "help" integer NOT NULL DEFAULT '0', "moderation" integer NOT NULL DEFAULT '0', "earned" integer NOT NULL DEFAULT '0', CONSTRAINT "achievement_member_counters_not_negative" CHECK (messages >= 0 AND tickets >= 0 AND help >= 0 AND moderation >= 0 AND earned >= 0), CONSTRAINT "PK_34d511f2615ac82600c49de5cdd" PRIMARY KEY ("guild_id", "user_id"))`);
        await queryRunner.query(`CREATE INDEX "achievement_member_board" ON "achievement_member"  ("guild_id", "earned", "user_id") WHERE earned > 0`);
        await queryRunner.query(`CREATE TABLE "achievement_once" ("guild_id" bigint NOT NULL, "key" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_18bdc94e512164523109e99b47d" PRIMARY KEY ("guild_id", "key"))`);
        await queryRunner.query(`CREATE TABLE "achievement_ticket_claim" ("guild_id" bigint NOT NULL, "ticket_id" integer NOT NULL, "agent_id" bigint NOT NULL, CONSTRAINT "PK_5ae7857658ce4484a32b527f4f0" PRIMARY KEY ("guild_id", "ticket_id"))`);
        await queryRunner.query(`CREATE TABLE "achievement_unlock" ("achievement_id" integer NOT NULL, "user_id" bigint NOT NULL, "guild_id" bigint NOT NULL, "granted_by" bigint, "unlocked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_88f5fbecf1fcedd4f7873207f72" PRIMARY KEY ("achievement_id", "user_id"))`);
        await queryRunner.query(`CREATE INDEX "achievement_unlock_member" ON "achievement_unlock"  ("guild_id", "user_id") `);
        await queryRunner.query(`CREATE TYPE "public"."badge_source" AS ENUM('ACHIEVEMENT', 'ITEM')`);
        await queryRunner.query(`CREATE TABLE "badge" ("id" SERIAL NOT NULL, "guild_id" bigint NOT NULL, "name" character varying(64) NOT NULL, "icon" character varying(64) NOT NULL, "source" "public"."badge_source" NOT NULL, "achievement_id" integer, "item_id" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_afec1749f15313d33c5cd34acd0" UNIQUE ("achievement_id"), CONSTRAINT "PK_76b7011c864d4521a14a5196c49" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "badge_guild_item" ON "badge"  ("guild_id", "item_id") WHERE item_id IS NOT NULL`);
        await queryRunner.query(`CREATE TABLE "member_badge" ("badge_id" integer NOT NULL, "user_id" bigint NOT NULL, "guild_id" bigint NOT NULL, "awarded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e657b06f6f6c75d904975326c79" PRIMARY KEY ("badge_id", "user_id"))`);
        await queryRunner.query(`CREATE INDEX "member_badge_member" ON "member_badge"  ("guild_id", "user_id") `);
        await queryRunner.query(`ALTER TABLE "achievement_unlock" ADD CONSTRAINT "FK_95d984540a48c2e463f31dc1691" FOREIGN KEY ("achievement_id") REFERENCES "achievement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "badge" ADD CONSTRAINT "FK_afec1749f15313d33c5cd34acd0" FOREIGN KEY ("achievement_id") REFERENCES "achievement"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "member_badge" ADD CONSTRAINT "FK_362e5b9bd683d7c8ebf5669ceb8" FOREIGN KEY ("badge_id") REFERENCES "badge"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "member_badge" DROP CONSTRAINT "FK_362e5b9bd683d7c8ebf5669ceb8"`);
        await queryRunner.query(`ALTER TABLE "badge" DROP CONSTRAINT "FK_afec1749f15313d33c5cd34acd0"`);
        await queryRunner.query(`ALTER TABLE "achievement_unlock" DROP CONSTRAINT "FK_95d984540a48c2e463f31dc1691"`);
        await queryRunner.query(`DROP INDEX "public"."member_badge_member"`);
        await queryRunner.query(`DROP TABLE "member_badge"`);
        await queryRunner.query(`DROP INDEX "public"."badge_guild_item"`);
        await queryRunner.query(`DROP TABLE "badge"`);
        await queryRunner.query(`DROP TYPE "public"."badge_source"`);
        await queryRunner.query(`DROP INDEX "public"."achievement_unlock_member"`);
        await queryRunner.query(`DROP TABLE "achievement_unlock"`);
        await queryRunner.query(`DROP TABLE "achievement_ticket_claim"`);
        await queryRunner.query(`DROP TABLE "achievement_once"`);
        await queryRunner.query(`DROP INDEX "public"."achievement_member_board"`);
        await queryRunner.query(`DROP TABLE "achievement_member"`);
        await queryRunner.query(`DROP INDEX "public"."achievement_guild_lower_name"`);
        await queryRunner.query(`DROP TABLE "achievement"`);
        await queryRunner.query(`DROP TYPE "public"."achievement_type"`);
    }

}
