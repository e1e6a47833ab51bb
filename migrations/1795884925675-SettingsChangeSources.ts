import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Every settings change is recorded, from commands too: `settings_change.source` says where it was made (the rows
 * so far all came from the dashboard), and targets get one naming scheme (`plugin:levels`,
 * `plugin:levels.settings.xpRate`, `config.prefix`, `permission:role:<id>.BAN_USER`).
 */
export class SettingsChangeSources1795884925675 implements MigrationInterface {
    name = 'SettingsChangeSources1795884925675'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "settings_change"
            ADD "source" character varying(16) NOT NULL DEFAULT 'dashboard'
        `);
        await queryRunner.query(`
            ALTER TABLE "settings_change"
            ALTER COLUMN "source" DROP DEFAULT
        `);
        await queryRunner.query(`
            ALTER TABLE "settings_change"
            ADD CONSTRAINT "settings_change_source_known" CHECK (
                    source IN ('slash', 'prefix', 'dashboard', 'system')
                )
        `);
        await queryRunner.query(`
            UPDATE "settings_change" SET "target" = regexp_replace("target", '^setting:([^.]+)\\.', 'plugin:\\1.settings.')
            WHERE "target" LIKE 'setting:%'
        `);
        await queryRunner.query(`
            UPDATE "settings_change" SET "target" = 'config.' || substr("target", 8)
            WHERE "target" LIKE 'config:%'
        `);
        await queryRunner.query(`
            UPDATE "settings_change" SET "target" = regexp_replace("target", '^permission:ROLE:(\\d+):', 'permission:role:\\1.')
            WHERE "target" LIKE 'permission:ROLE:%'
        `);
        await queryRunner.query(`
            UPDATE "settings_change" SET "target" = regexp_replace("target", '^permission:MEMBER:(\\d+):', 'permission:member:\\1.')
            WHERE "target" LIKE 'permission:MEMBER:%'
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            UPDATE "settings_change" SET "target" = regexp_replace("target", '^permission:(role|member):(\\d+)\\.', 'permission:' || upper(substring("target" from '^permission:(role|member):')) || ':\\2:')
            WHERE "target" LIKE 'permission:%'
        `);
        await queryRunner.query(`
            UPDATE "settings_change" SET "target" = 'config:' || substr("target", 8)
            WHERE "target" LIKE 'config.%'
        `);
        await queryRunner.query(`
            UPDATE "settings_change" SET "target" = regexp_replace("target", '^plugin:([^.]+)\\.settings\\.', 'setting:\\1.')
            WHERE "target" LIKE 'plugin:%.settings.%'
        `);
        await queryRunner.query(`
            ALTER TABLE "settings_change" DROP CONSTRAINT "settings_change_source_known"
        `);
        await queryRunner.query(`
            ALTER TABLE "settings_change" DROP COLUMN "source"
        `);
    }

}
