import { MigrationInterface, QueryRunner } from "typeorm";

export class RemindersSchema1795854680131 implements MigrationInterface {
    name = 'RemindersSchema1795854680131'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE TABLE "reminder" (
                "id" SERIAL NOT NULL,
                "guild_id" bigint NOT NULL,
                "user_id" bigint NOT NULL,
                "channel_id" bigint NOT NULL,
                "text" character varying(500) NOT NULL,
                "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "delivered_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_9ec029d17cb8dece186b9221ede" PRIMARY KEY ("id")
            )
        `);
        await queryRunner.query(`
            CREATE INDEX "IDX_82cae00fd873a621faeaa39b50" ON "reminder" ("guild_id", "user_id")
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            DROP INDEX "public"."IDX_82cae00fd873a621faeaa39b50"
        `);
        await queryRunner.query(`
            DROP TABLE "reminder"
        `);
    }

}
