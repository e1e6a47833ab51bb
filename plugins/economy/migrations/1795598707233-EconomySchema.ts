import { MigrationInterface, QueryRunner } from "typeorm";

export class EconomySchema1795598707233 implements MigrationInterface {
    name = 'EconomySchema1795598707233'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "economy" ("id" SERIAL NOT NULL, "guild_id" bigint NOT NULL, "user_id" bigint NOT NULL, "balance" bigint NOT NULL DEFAULT '0', "bank" bigint NOT NULL DEFAULT '0', "last_daily" TIMESTAMP WITH TIME ZONE, "last_weekly" TIMESTAMP WITH TIME ZONE, "last_work" TIMESTAMP WITH TIME ZONE, "streak" integer NOT NULL DEFAULT '0', "weekly_streak" integer NOT NULL DEFAULT '0', CONSTRAINT "economy_streaks_positive" CHECK (streak >= 0 AND weekly_streak >= 0), CONSTRAINT "economy_bank_range" CHECK (bank >= 0 AND bank <= 1000000000000000), CONSTRAINT "economy_balance_range" CHECK (balance >= 0 AND balance <= 1000000000000000), CONSTRAINT "PK_fddfd6968f95738a124ac640678" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "economy_guild_user" ON "economy"  ("guild_id", "user_id") `);
        await queryRunner.query(`CREATE TYPE "public"."economy_item_type" AS ENUM('BADGE', 'ROLE', 'BACKGROUND', 'COLLECTIBLE', 'CONSUMABLE', 'SPECIAL')`);
        await queryRunner.query(`CREATE TABLE "economy_item" ("id" SERIAL NOT NULL, "guild_id" bigint NOT NULL, "name" character varying(64) NOT NULL, "type" "public"."economy_item_type" NOT NULL, "description" text, "price" bigint NOT NULL, "is_limited" boolean NOT NULL DEFAULT false, "quantity" integer, "role_id" bigint, "for_sale" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "economy_item_role" CHECK (type <> 'ROLE' OR role_id IS NOT NULL), CONSTRAINT "economy_item_stock" CHECK ((is_limited AND quantity IS NOT NULL AND quantity >= 0) OR (NOT is_limited)), CONSTRAINT "economy_item_price_range" CHECK (price >= 0 AND price <= 1000000000000000), CONSTRAINT "PK_6b4b61382b3a297de6660caaef7" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "economy_item_guild_name" ON "economy_item"  ("guild_id", "name") `);
        await queryRunner.query(`CREATE TABLE "economy_inventory" ("id" SERIAL NOT NULL, "guild_id" bigint NOT NULL, "economy_id" integer NOT NULL, "item_id" integer NOT NULL, "quantity" integer NOT NULL DEFAULT '1', "equipped" boolean NOT NULL DEFAULT false, CONSTRAINT "economy_inventory_quantity" CHECK (quantity >= 0), CONSTRAINT "PK_a58271c2aecca14810b09b9b359" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "economy_inventory_owner_item" ON "economy_inventory"  ("guild_id", "economy_id", "item_id") `);
        await queryRunner.query(`CREATE TYPE "public"."economy_transaction_type" AS ENUM('PURCHASE', 'SALE', 'REWARD', 'TRANSFER', 'DAILY', 'WEEKLY', 'WORK', 'ADMIN')`);
        await queryRunner.query(`CREATE TABLE "economy_transaction" ("id" BIGSERIAL NOT NULL, "guild_id" bigint NOT NULL, "economy_id" integer NOT NULL, "type" "public"."economy_transaction_type" NOT NULL, "amount" bigint NOT NULL, "description" character varying(200), "actor_id" bigint, "counterparty_id" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a7d171a7becdbae7627facfcdfb" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "economy_transaction_member_newest" ON "economy_transaction"  ("economy_id", "id") `);
        await queryRunner.query(`ALTER TABLE "economy_inventory" ADD CONSTRAINT "FK_7d068141c74eb4ef8dced477abe" FOREIGN KEY ("economy_id") REFERENCES "economy"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "economy_inventory" ADD CONSTRAINT "FK_5676566f2134f82b23b5a9f56e5" FOREIGN KEY ("item_id") REFERENCES "economy_item"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "economy_transaction" ADD CONSTRAINT "FK_1c590de6214d924adab35b05d4e" FOREIGN KEY ("economy_id") REFERENCES "economy"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "economy_transaction" DROP CONSTRAINT "FK_1c590de6214d924adab35b05d4e"`);
        await queryRunner.query(`ALTER TABLE "economy_inventory" DROP CONSTRAINT "FK_5676566f2134f82b23b5a9f56e5"`);
        await queryRunner.query(`ALTER TABLE "economy_inventory" DROP CONSTRAINT "FK_7d068141c74eb4ef8dced477abe"`);
        await queryRunner.query(`DROP INDEX "public"."economy_transaction_member_newest"`);
        await queryRunner.query(`DROP TABLE "economy_transaction"`);
        await queryRunner.query(`DROP TYPE "public"."economy_transaction_type"`);
        await queryRunner.query(`DROP INDEX "public"."economy_inventory_owner_item"`);
        await queryRunner.query(`DROP TABLE "economy_inventory"`);
        await queryRunner.query(`DROP INDEX "public"."economy_item_guild_name"`);
        await queryRunner.query(`DROP TABLE "economy_item"`);
        await queryRunner.query(`DROP TYPE "public"."economy_item_type"`);
        await queryRunner.query(`DROP INDEX "public"."economy_guild_user"`);
        await queryRunner.query(`DROP TABLE "economy"`);
    }

}
