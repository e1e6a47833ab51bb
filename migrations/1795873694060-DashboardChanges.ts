import { MigrationInterface, QueryRunner } from "typeorm";

export class DashboardChanges1795873694060 implements MigrationInterface {
    name = 'DashboardChanges1795873694060'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "settings_change" (
                "id" BIGSERIAL NOT NULL,
                "guild_id" bigint NOT NULL,
                "actor_id" bigint NOT NULL,
                "target" character varying(200) NOT NULL,
                "before" jsonb,
                "after" jsonb,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_30ffb201ca18a6a1aadaaba67bf" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_26a767c1d12fbedf1b627dcbe4" ON "settings_change" ("guild_id", "created_at")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_26a767c1d12fbedf1b627dcbe4"
        `);
        await queryRunner.query(`
            DROP TABLE "settings_change"
        `);
    }

}
