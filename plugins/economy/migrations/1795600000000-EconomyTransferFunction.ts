import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `economy_transfer`: a wallet-to-wallet payment in one round trip. Both rows are locked in user-id order first, so
 * opposite payments cannot deadlock; each later statement of the function sees the rows as they are now (a plain
 * statement would check its snapshot, which a concurrent payment may have outdated). The debit and credit are
 * conditional UPDATEs; if the credit is refused, the debit is undone before the locks are released. Outcomes:
 * `ok`, `missing` (an account does not exist yet), `insufficient`, `full`.
 */
export class EconomyTransferFunction1795600000000 implements MigrationInterface {
  name = 'EconomyTransferFunction1795600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION economy_transfer(
        p_guild bigint, p_from bigint, p_to bigint, p_amount bigint, p_max bigint, p_note varchar)
      RETURNS TABLE (outcome text, from_balance bigint, to_balance bigint)
      LANGUAGE plpgsql AS $$
      DECLARE
        v_from_id int;
        v_to_id int;
        v_from_balance bigint;
        v_to_balance bigint;
      BEGIN
        PERFORM 1 FROM economy WHERE guild_id = p_guild AND user_id IN (p_from, p_to) ORDER BY user_id FOR UPDATE;
        UPDATE economy SET balance = balance - p_amount
          WHERE guild_id = p_guild AND user_id = p_from AND balance >= p_amount
          RETURNING id, balance INTO v_from_id, v_from_balance;
        IF NOT FOUND THEN
          RETURN QUERY SELECT CASE WHEN EXISTS (SELECT 1 FROM economy WHERE guild_id = p_guild AND user_id = p_from)
                                   THEN 'insufficient' ELSE 'missing' END, NULL::bigint, NULL::bigint;
          RETURN;
        END IF;
        UPDATE economy SET balance = balance + p_amount
          WHERE guild_id = p_guild AND user_id = p_to AND balance + p_amount <= p_max
          RETURNING id, balance INTO v_to_id, v_to_balance;
        IF NOT FOUND THEN
          UPDATE economy SET balance = balance + p_amount WHERE id = v_from_id;
          RETURN QUERY SELECT CASE WHEN EXISTS (SELECT 1 FROM economy WHERE guild_id = p_guild AND user_id = p_to)
                                   THEN 'full' ELSE 'missing' END, NULL::bigint, NULL::bigint;
          RETURN;
        END IF;
        INSERT INTO economy_transaction (guild_id, economy_id, type, amount, description, actor_id, counterparty_id)
          VALUES (p_guild, v_from_id, 'TRANSFER', -p_amount, p_note, NULL, p_to),
                 (p_guild, v_to_id, 'TRANSFER', p_amount, p_note, NULL, p_from);
        RETURN QUERY SELECT 'ok', v_from_balance, v_to_balance;
      END
      $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION economy_transfer(bigint, bigint, bigint, bigint, bigint, varchar)`);
  }
}
