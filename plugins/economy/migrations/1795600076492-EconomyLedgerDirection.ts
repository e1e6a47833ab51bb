import { MigrationInterface, QueryRunner } from "typeorm";

export class EconomyLedgerDirection1795600076492 implements MigrationInterface {
    name = 'EconomyLedgerDirection1795600076492'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "economy_transaction" ADD CONSTRAINT "economy_transaction_direction" CHECK ((type = 'PURCHASE' AND amount <= 0) OR (type IN ('SALE', 'REWARD', 'DAILY', 'WEEKLY', 'WORK') AND amount >= 0) OR type IN ('TRANSFER', 'ADMIN'))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "economy_transaction" DROP CONSTRAINT "economy_transaction_direction"`);
    }

}
