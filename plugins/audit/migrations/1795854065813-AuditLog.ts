import { MigrationInterface, QueryRunner } from "typeorm";

export class AuditLog1795854065813 implements MigrationInterface {
    name = 'AuditLog1795854065813'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "guild_id" bigint NOT NULL, "event_type" "public"."audit_event" NOT NULL, "action_type" character varying(40) NOT NULL, "performed_by" bigint, "target_id" character varying(20), "target_type" character varying(16) NOT NULL, "changes" jsonb, "details" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "audit_log_created" ON "audit_log"  ("created_at") `);
        await queryRunner.query(`CREATE INDEX "audit_log_guild_target" ON "audit_log"  ("guild_id", "target_id") `);
        await queryRunner.query(`CREATE INDEX "audit_log_guild_performed_by" ON "audit_log"  ("guild_id", "performed_by") `);
        await queryRunner.query(`CREATE INDEX "audit_log_guild_event" ON "audit_log"  ("guild_id", "event_type", "created_at") `);
        await queryRunner.query(`CREATE INDEX "audit_log_guild_created" ON "audit_log"  ("guild_id", "created_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."audit_log_guild_created"`);
        await queryRunner.query(`DROP INDEX "public"."audit_log_guild_event"`);
        await queryRunner.query(`DROP INDEX "public"."audit_log_guild_performed_by"`);
        await queryRunner.query(`DROP INDEX "public"."audit_log_guild_target"`);
        await queryRunner.query(`DROP INDEX "public"."audit_log_created"`);
        await queryRunner.query(`DROP TABLE "audit_log"`);
    }

}
