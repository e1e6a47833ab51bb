import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The audit category SETTINGS_EVENTS: the bot's own settings changing. Written by hand: TypeORM generates the new
 * value once per column using the type, which fails the second time, and a down that drops the type still in use.
 */
export class SettingsAuditEvent1795884925676 implements MigrationInterface {
    name = 'SettingsAuditEvent1795884925676'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TYPE "public"."audit_event"
            ADD VALUE IF NOT EXISTS 'SETTINGS_EVENTS'
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        // PostgreSQL cannot drop an enum value: the type is rebuilt without it, once what uses the value is gone.
        // The audit plugin's table uses the type too, when that plugin is installed.
        const auditLog = await queryRunner.hasTable('audit_log');
        if (auditLog) {
            await queryRunner.query(`
                DELETE FROM "audit_log" WHERE "event_type" = 'SETTINGS_EVENTS'
            `);
        }
        await queryRunner.query(`
            UPDATE "guild_config" SET "audit_events" = array_remove("audit_events", 'SETTINGS_EVENTS')
        `);
        await queryRunner.query(`
            CREATE TYPE "public"."audit_event_old" AS ENUM(
                'MESSAGE_EVENTS',
                'MEMBER_EVENTS',
                'CHANNEL_EVENTS',
                'ROLE_EVENTS',
                'MOD_EVENTS',
                'VOICE_EVENTS',
                'THREAD_EVENTS'
            )
        `);
        await queryRunner.query(`
            ALTER TABLE "guild_config" ALTER COLUMN "audit_events" DROP DEFAULT
        `);
        await queryRunner.query(`
            ALTER TABLE "guild_config"
            ALTER COLUMN "audit_events" TYPE "public"."audit_event_old" [] USING "audit_events"::"text"::"public"."audit_event_old" []
        `);
        await queryRunner.query(`
            ALTER TABLE "guild_config" ALTER COLUMN "audit_events" SET DEFAULT '{}'
        `);
        if (auditLog) {
            await queryRunner.query(`
                ALTER TABLE "audit_log"
                ALTER COLUMN "event_type" TYPE "public"."audit_event_old" USING "event_type"::"text"::"public"."audit_event_old"
            `);
        }
        await queryRunner.query(`
            DROP TYPE "public"."audit_event"
        `);
        await queryRunner.query(`
            ALTER TYPE "public"."audit_event_old"
            RENAME TO "audit_event"
        `);
    }

}
