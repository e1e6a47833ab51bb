import { MigrationInterface, QueryRunner } from "typeorm";

export class BirthdayRoles1795858021279 implements MigrationInterface {
    name = 'BirthdayRoles1795858021279'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "profile_birthday_announcement"
            ADD "role_id" bigint
        `);
        await queryRunner.query(`
            ALTER TABLE "profile_birthday_announcement"
            ADD "role_ends_at" TIMESTAMP WITH TIME ZONE
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "profile_birthday_announcement" DROP COLUMN "role_ends_at"
        `);
        await queryRunner.query(`
            ALTER TABLE "profile_birthday_announcement" DROP COLUMN "role_id"
        `);
    }

}
