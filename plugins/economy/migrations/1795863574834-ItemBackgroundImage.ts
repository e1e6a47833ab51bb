import { MigrationInterface, QueryRunner } from "typeorm";

export class ItemBackgroundImage1795863574834 implements MigrationInterface {
    name = 'ItemBackgroundImage1795863574834'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "economy_item"
            ADD "background_image" bytea
        `);
        await queryRunner.query(`
            ALTER TABLE "economy_item"
            ADD CONSTRAINT "economy_item_background_image" CHECK (
                    background_image IS NULL
                    OR (
                        type = 'BACKGROUND'
                        AND octet_length(background_image) <= 2097152
                    )
                )
        `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            ALTER TABLE "economy_item" DROP CONSTRAINT "economy_item_background_image"
        `);
        await queryRunner.query(`
            ALTER TABLE "economy_item" DROP COLUMN "background_image"
        `);
    }

}
