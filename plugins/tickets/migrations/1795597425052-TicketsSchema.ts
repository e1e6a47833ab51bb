import { MigrationInterface, QueryRunner } from "typeorm";

export class TicketsSchema1795597425052 implements MigrationInterface {
    name = 'TicketsSchema1795597425052'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "support_agent" ("id" SERIAL NOT NULL, "guild_id" bigint NOT NULL, "user_id" bigint NOT NULL, "is_active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c2ae9a7a78e171c9de78599de5b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_5398cf21a0caade5a8bb2ed721" ON "support_agent"  ("guild_id", "user_id") `);
        await queryRunner.query(`CREATE TABLE "ticket_message" ("id" SERIAL NOT NULL, "guild_id" bigint NOT NULL, "ticket_id" integer NOT NULL, "sender_id" bigint NOT NULL, "sender_name" character varying(100) NOT NULL, "sender_is_bot" boolean NOT NULL DEFAULT false, "content" text NOT NULL, "is_internal" boolean NOT NULL DEFAULT false, "discord_message_id" bigint, "attachments" jsonb NOT NULL DEFAULT '[]', "embeds" jsonb NOT NULL DEFAULT '[]', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7d7c7fbe3303c18b7dbd6f1ce19" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_fa89f2a06da98403f30ad5ae09" ON "ticket_message"  ("guild_id", "discord_message_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_1edda69ad8d9ebe23fe74d880f" ON "ticket_message"  ("ticket_id", "created_at") `);
        await queryRunner.query(`CREATE TYPE "public"."ticket_status" AS ENUM('OPEN', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'ESCALATED')`);
        await queryRunner.query(`CREATE TABLE "ticket" ("id" SERIAL NOT NULL, "guild_id" bigint NOT NULL, "number" integer NOT NULL, "title" character varying(100) NOT NULL, "description" text NOT NULL, "status" "public"."ticket_status" NOT NULL DEFAULT 'OPEN', "priority" integer NOT NULL DEFAULT '1', "is_escalated" boolean NOT NULL DEFAULT false, "user_id" bigint NOT NULL, "assigned_to" bigint, "channel_id" bigint, "is_thread" boolean NOT NULL DEFAULT false, "first_response_at" TIMESTAMP WITH TIME ZONE, "last_activity_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "stale_warned_at" TIMESTAMP WITH TIME ZONE, "escalation_reason" character varying(500), "closed_at" TIMESTAMP WITH TIME ZONE, "closed_by" bigint, "close_reason" character varying(500), "channel_deleted_at" TIMESTAMP WITH TIME ZONE, "rating" smallint, "feedback" character varying(1000), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ticket_closed_has_time" CHECK (status <> 'CLOSED' OR closed_at IS NOT NULL), CONSTRAINT "ticket_rating_range" CHECK (rating IS NULL OR rating BETWEEN 1 AND 5), CONSTRAINT "ticket_priority_range" CHECK (priority BETWEEN 0 AND 3), CONSTRAINT "PK_d9a0835407701eb86f874474b7c" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_b4babb797fae53e815f7ee5fe4" ON "ticket"  ("channel_id") `);
        await queryRunner.query(`CREATE INDEX "IDX_c283cbed4d1675679d43504540" ON "ticket"  ("guild_id", "user_id", "status") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_edbc1d3d88b7ba86960fc880fb" ON "ticket"  ("guild_id", "number") `);
        await queryRunner.query(`CREATE TABLE "ticket_counter" ("guild_id" bigint NOT NULL, "last_number" integer NOT NULL, CONSTRAINT "ticket_counter_positive" CHECK (last_number > 0), CONSTRAINT "PK_af2d7f46f676209774adbd25013" PRIMARY KEY ("guild_id"))`);
        await queryRunner.query(`ALTER TABLE "ticket_message" ADD CONSTRAINT "FK_4ad0ee7daf9203dfd269bde1274" FOREIGN KEY ("ticket_id") REFERENCES "ticket"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "ticket_message" DROP CONSTRAINT "FK_4ad0ee7daf9203dfd269bde1274"`);
        await queryRunner.query(`DROP TABLE "ticket_counter"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_edbc1d3d88b7ba86960fc880fb"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_c283cbed4d1675679d43504540"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_b4babb797fae53e815f7ee5fe4"`);
        await queryRunner.query(`DROP TABLE "ticket"`);
        await queryRunner.query(`DROP TYPE "public"."ticket_status"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_1edda69ad8d9ebe23fe74d880f"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_fa89f2a06da98403f30ad5ae09"`);
        await queryRunner.query(`DROP TABLE "ticket_message"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_5398cf21a0caade5a8bb2ed721"`);
        await queryRunner.query(`DROP TABLE "support_agent"`);
    }

}
