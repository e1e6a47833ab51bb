import { UserError } from '@sapphire/framework';
import type { DataSource, EntityManager } from 'typeorm';
import { ItemType } from '../entities/Item';
import { MONEY_CEILING } from '../entities/moneyTransformer';
import { TransactionType } from '../entities/Transaction';
import type { EconomySettings } from '../index';
import { resolveAmount, type AmountInput } from './amount';
import { formatMoney } from './format';

/** A member's account as the commands see it; money as numbers (see `moneyTransformer`). */
export interface Account {
  id: number;
  userId: string;
  balance: number;
  bank: number;
  streak: number;
  weeklyStreak: number;
  lastDaily: Date | null;
  lastWeekly: Date | null;
  lastWork: Date | null;
}

export interface LedgerEntry {
  /** A bigint, as text. */
  id: string;
  type: TransactionType;
  amount: number;
  description: string | null;
  actorId: string | null;
  counterpartyId: string | null;
  createdAt: Date;
}

export interface ShopItem {
  id: number;
  name: string;
  type: ItemType;
  description: string | null;
  price: number;
  isLimited: boolean;
  quantity: number | null;
  roleId: string | null;
  forSale: boolean;
}

export interface OwnedItem extends ShopItem {
  owned: number;
  equipped: boolean;
}

export type BoardSort = 'wallet' | 'bank' | 'total';
export type ClaimKind = 'daily' | 'weekly';

/** What a ledger row says about who and why. */
export interface LedgerNote {
  type?: TransactionType;
  description?: string | null;
  actorId?: string | null;
}

/** What another plugin sees of a member's money. */
export interface BalanceView {
  wallet: number;
  bank: number;
  total: number;
}

interface AccountRow {
  id: number;
  user_id: string;
  balance: string;
  bank: string;
  streak: number;
  weekly_streak: number;
  last_daily: Date | null;
  last_weekly: Date | null;
  last_work: Date | null;
}

interface ItemRow {
  id: number;
  name: string;
  type: ItemType;
  description: string | null;
  price: string;
  is_limited: boolean;
  quantity: number | null;
  role_id: string | null;
  for_sale: boolean;
}

const ACCOUNT_COLUMNS = 'id, user_id, balance, bank, streak, weekly_streak, last_daily, last_weekly, last_work';
const ITEM_COLUMNS = 'id, name, type, description, price, is_limited, quantity, role_id, for_sale';
const LEDGER_INSERT =
  'INSERT INTO economy_transaction (guild_id, economy_id, type, amount, description, actor_id, counterparty_id)';

/** Sort key → SQL expression; a whitelist, so no member input ever reaches the ORDER BY. */
const BOARD_EXPRESSIONS: Record<BoardSort, (table: string) => string> = {
  wallet: (table) => `${table}.balance`,
  bank: (table) => `${table}.bank`,
  total: (table) => `(${table}.balance + ${table}.bank)`,
};

const CLAIM_COLUMNS: Record<ClaimKind, { last: string; streak: string; type: TransactionType }> = {
  daily: { last: 'last_daily', streak: 'streak', type: TransactionType.DAILY },
  weekly: { last: 'last_weekly', streak: 'weekly_streak', type: TransactionType.WEEKLY },
};

const WORK_TEXTS = [
  'You walked dogs around the block',
  'You fixed a bug in production',
  'You delivered pizzas in the rain',
  'You moderated a very heated debate',
  'You sold lemonade to passing bots',
  'You wrote documentation nobody will read',
  'You babysat the server mascot',
  'You counted every emoji on the server',
];

const UNIQUE_VIOLATION = '23505';

/** PostgreSQL error codes after which a transaction can simply run again. */
const RETRYABLE_CODES = new Set(['40P01', '40001']);

function refuse(identifier: string, message: string): never {
  throw new UserError({ identifier, message });
}

/** After three lost races with concurrent commands on the same account. */
function refuseBusy(): never {
  refuse('AccountBusy', 'Your balance changed while I was doing that. Please try again.');
}

/** A Discord timestamp (`<t:…:R>`), shown to each member in their own time zone. */
function relativeTime(date: Date): string {
  return `<t:${Math.ceil(date.getTime() / 1000)}:R>`;
}

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    userId: String(row.user_id),
    balance: Number(row.balance),
    bank: Number(row.bank),
    streak: row.streak,
    weeklyStreak: row.weekly_streak,
    lastDaily: row.last_daily,
    lastWeekly: row.last_weekly,
    lastWork: row.last_work,
  };
}

function toItem(row: ItemRow): ShopItem {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    description: row.description,
    price: Number(row.price),
    isLimited: row.is_limited,
    quantity: row.quantity,
    roleId: row.role_id === null ? null : String(row.role_id),
    forSale: row.for_sale,
  };
}

/**
 * The guild economy. Every change of money is one conditional UPDATE (`… WHERE balance + $delta >= 0 …`) with its
 * ledger row in the same statement or transaction, so concurrent commands can neither overdraw nor double-claim:
 * under READ COMMITTED a second UPDATE of the same row waits for the first and re-checks its WHERE on the new values.
 * CHECK constraints back this up in the schema. Deposits and withdrawals move money inside one account and write
 * no ledger row: per member, the ledger always sums to wallet + bank.
 */
export class EconomyService {
  public constructor(
    private readonly dataSource: DataSource,
    private readonly settingsOf: (guildId: string) => Promise<EconomySettings>,
  ) {}

  public settings(guildId: string): Promise<EconomySettings> {
    return this.settingsOf(guildId);
  }

  // Accounts -------------------------------------------------------------------------------------------------------

  /** The member's account, opened (with the starting balance and its ledger row) on first use. */
  public async account(guildId: string, userId: string): Promise<Account> {
    const { startingBalance } = await this.settingsOf(guildId);
    // Inserting only when no row exists keeps the id sequence from advancing on every look-up.
    const rows: AccountRow[] = await this.dataSource.query(
      `WITH existing AS (
         SELECT ${ACCOUNT_COLUMNS} FROM economy WHERE guild_id = $1 AND user_id = $2),
       created AS (
         INSERT INTO economy (guild_id, user_id, balance)
         SELECT $1::bigint, $2::bigint, $3::bigint WHERE NOT EXISTS (SELECT 1 FROM existing)
         ON CONFLICT (guild_id, user_id) DO NOTHING
         RETURNING ${ACCOUNT_COLUMNS}),
       opening AS (
         ${LEDGER_INSERT}
         SELECT $1::bigint, id, 'REWARD', balance, 'Starting balance', NULL, NULL FROM created WHERE balance > 0)
       SELECT * FROM existing UNION ALL SELECT * FROM created`,
      [guildId, userId, startingBalance],
    );
    if (rows[0]) return toAccount(rows[0]);
    // Another command opened it between this statement's snapshot and its insert: read it now.
    const [existing] = (await this.dataSource.query(
      `SELECT ${ACCOUNT_COLUMNS} FROM economy WHERE guild_id = $1 AND user_id = $2`,
      [guildId, userId],
    )) as AccountRow[];
    return toAccount(existing!);
  }

  /** Wallet, bank and total, for other plugins. */
  public async balance(guildId: string, userId: string): Promise<BalanceView> {
    const account = await this.account(guildId, userId);
    return { wallet: account.balance, bank: account.bank, total: account.balance + account.bank };
  }

  /** Adds money to the wallet (a REWARD unless said otherwise); refuses when the wallet would pass the maximum. */
  public async credit(guildId: string, userId: string, amount: number, note: LedgerNote = {}): Promise<Account> {
    this.assertAmount(amount);
    return this.changeWallet(guildId, userId, amount, note);
  }

  /** Takes money from the wallet (a REWARD with a negative amount unless said otherwise); refuses an overdraft. */
  public async debit(guildId: string, userId: string, amount: number, note: LedgerNote = {}): Promise<Account> {
    this.assertAmount(amount);
    return this.changeWallet(guildId, userId, -amount, note);
  }

  private async changeWallet(guildId: string, userId: string, delta: number, note: LedgerNote): Promise<Account> {
    const settings = await this.settingsOf(guildId);
    // The checks before the UPDATE only choose the message; the UPDATE's own condition is what guards the money.
    // When a concurrent command changed the account in between, read it again and retry.
    for (let attempt = 1; ; attempt++) {
      const account = await this.account(guildId, userId);
      if (delta < 0 && account.balance < -delta) {
        refuse(
          'InsufficientFunds',
          `That needs ${formatMoney(-delta, settings)} in the wallet, which only holds ${formatMoney(account.balance, settings)}.`,
        );
      }
      if (delta > 0 && account.balance + delta > settings.maxBalance) {
        refuse(
          'WalletFull',
          `That would take the wallet past the maximum of ${formatMoney(settings.maxBalance, settings)}.`,
        );
      }
      const rows: AccountRow[] = await this.dataSource.query(
        `WITH changed AS (
           UPDATE economy SET balance = balance + $3
           WHERE id = $2 AND balance + $3 >= 0 AND ($3 <= 0 OR balance + $3 <= $4)
           RETURNING ${ACCOUNT_COLUMNS}),
         logged AS (
           ${LEDGER_INSERT}
           SELECT $1::bigint, id, $5::economy_transaction_type, $3::bigint, $6::varchar, $7::bigint, NULL FROM changed)
         SELECT * FROM changed`,
        [
          guildId,
          account.id,
          delta,
          settings.maxBalance,
          note.type ?? TransactionType.REWARD,
          note.description?.slice(0, 200) ?? null,
          note.actorId ?? null,
        ],
      );
      if (rows[0]) return toAccount(rows[0]);
      if (attempt >= 3) refuseBusy();
    }
  }

  private assertAmount(amount: number): void {
    if (!Number.isSafeInteger(amount) || amount <= 0 || amount > MONEY_CEILING) {
      throw new RangeError(`An amount of money must be a whole number from 1 to ${MONEY_CEILING}, not ${amount}.`);
    }
  }

  /** The daily streak as it stands now: 0 once the grace period after the next claim's due time has passed. */
  public dailyStreakNow(account: Account, settings: EconomySettings): number {
    if (!account.lastDaily) return 0;
    const graceEnds =
      account.lastDaily.getTime() + (settings.dailyCooldownHours + settings.streakGraceHours) * 3_600_000;
    return Date.now() < graceEnds ? account.streak : 0;
  }

  // Wallet ↔ bank, transfers --------------------------------------------------------------------------------------

  public async deposit(
    guildId: string,
    userId: string,
    input: AmountInput,
  ): Promise<{ amount: number; account: Account }> {
    return this.moveToBank(guildId, userId, input, 'deposit');
  }

  public async withdraw(
    guildId: string,
    userId: string,
    input: AmountInput,
  ): Promise<{ amount: number; account: Account }> {
    return this.moveToBank(guildId, userId, input, 'withdraw');
  }

  private async moveToBank(guildId: string, userId: string, input: AmountInput, direction: 'deposit' | 'withdraw') {
    const settings = await this.settingsOf(guildId);
    const [from, to] = direction === 'deposit' ? ['balance', 'bank'] : ['bank', 'balance'];
    const [place, target] = direction === 'deposit' ? ['wallet', 'bank'] : ['bank', 'wallet'];
    for (let attempt = 1; ; attempt++) {
      const account = await this.account(guildId, userId);
      const [has, other] = direction === 'deposit' ? [account.balance, account.bank] : [account.bank, account.balance];
      const amount = resolveAmount(input, has, `Your ${place} is empty: there is nothing to ${direction}.`);
      if (has < amount) refuse('InsufficientFunds', `Your ${place} only holds ${formatMoney(has, settings)}.`);
      if (other + amount > settings.maxBalance) {
        refuse(
          'BalanceFull',
          `That would take your ${target} past the maximum of ${formatMoney(settings.maxBalance, settings)}.`,
        );
      }
      const rows: AccountRow[] = await this.dataSource.query(
        `WITH changed AS (
           UPDATE economy SET ${from} = ${from} - $2, ${to} = ${to} + $2
           WHERE id = $1 AND ${from} >= $2 AND ${to} + $2 <= $3
           RETURNING ${ACCOUNT_COLUMNS})
         SELECT * FROM changed`,
        [account.id, amount, settings.maxBalance],
      );
      if (rows[0]) return { amount, account: toAccount(rows[0]) };
      if (attempt >= 3) refuseBusy();
    }
  }

  /**
   * Moves wallet money from one member to another, with a TRANSFER row on each side, in one statement (see
   * `transferStatement`). Accounts are opened only when the statement finds one missing, so a payment between
   * existing members costs one round trip.
   */
  public async transfer(
    guildId: string,
    fromId: string,
    toId: string,
    input: AmountInput,
    note: string | null = null,
  ): Promise<{ amount: number; from: Account; to: Account }> {
    if (fromId === toId) refuse('SelfTransfer', 'You cannot pay yourself.');
    const settings = await this.settingsOf(guildId);
    // `all` and `half` need the wallet; an exact amount goes straight to the conditional updates.
    const amount =
      input.kind === 'exact'
        ? input.value
        : resolveAmount(
            input,
            (await this.account(guildId, fromId)).balance,
            'Your wallet is empty: there is nothing to pay.',
          );
    for (let attempt = 1; ; attempt++) {
      const rows = await this.withRetry(() => this.transferStatement(guildId, fromId, toId, amount, settings, note));
      const byUser = new Map(rows.filter((row) => row.changed).map((row) => [String(row.user_id), toAccount(row)]));
      const payer = byUser.get(fromId);
      const payee = byUser.get(toId);
      if (payer && payee) return { amount, from: payer, to: payee };
      if (rows.length < 2 && attempt === 1) {
        // A member without an account yet: open both, then try again.
        await Promise.all([this.account(guildId, fromId), this.account(guildId, toId)]);
        continue;
      }
      const locked = rows.find((row) => String(row.user_id) === fromId);
      if (!locked || Number(locked.balance) < amount) {
        refuse('InsufficientFunds', `You don't have ${formatMoney(amount, settings)} in your wallet.`);
      }
      refuse('WalletFull', "That would take their wallet past the server's maximum balance.");
    }
  }

  /**
   * The transfer as one statement (its own transaction): both rows are locked in user-id order first (`FOR UPDATE`
   * after `ORDER BY` locks in that order, so opposite payments cannot deadlock), both conditions are checked on the
   * locked, current rows, and only if both hold are the two rows updated and the two TRANSFER rows written.
   * Returns the locked rows as they were, and the updated rows marked `changed`.
   */
  private async transferStatement(
    guildId: string,
    fromId: string,
    toId: string,
    amount: number,
    settings: EconomySettings,
    note: string | null,
  ): Promise<(AccountRow & { changed: boolean })[]> {
    return this.dataSource.query(
      `WITH locked AS (
         SELECT id, user_id, balance FROM economy
         WHERE guild_id = $1 AND user_id IN ($2, $3) ORDER BY user_id FOR UPDATE),
       allowed AS (
         SELECT count(*) = 2
                AND bool_and(CASE WHEN user_id = $2 THEN balance >= $4::bigint ELSE balance + $4::bigint <= $5 END)
                AS ok
         FROM locked),
       changed AS (
         UPDATE economy e SET balance = e.balance + CASE WHEN e.user_id = $2 THEN -$4::bigint ELSE $4::bigint END
         FROM locked, allowed WHERE allowed.ok AND e.id = locked.id
         RETURNING ${ACCOUNT_COLUMNS.split(', ')
           .map((column) => `e.${column}`)
           .join(', ')}),
       logged AS (
         ${LEDGER_INSERT}
         SELECT $1::bigint, id, 'TRANSFER', CASE WHEN user_id = $2 THEN -$4::bigint ELSE $4::bigint END, $6::varchar,
                NULL, CASE WHEN user_id = $2 THEN $3::bigint ELSE $2::bigint END
         FROM changed)
       SELECT *, true AS changed FROM changed
       UNION ALL
       SELECT id, user_id, balance, NULL, NULL, NULL, NULL, NULL, NULL, false FROM locked
       WHERE NOT EXISTS (SELECT 1 FROM changed)`,
      [guildId, fromId, toId, amount, settings.maxBalance, note?.slice(0, 200) ?? null],
    );
  }

  // Daily, weekly, work ---------------------------------------------------------------------------------------------

  /**
   * Claims the daily or weekly reward: one conditional UPDATE on the last-claim timestamp, so exactly one claim per
   * window succeeds however many arrive at once. The streak grows when the claim comes within the grace period after
   * it became due, and starts again at 1 after it.
   */
  public async claim(
    guildId: string,
    userId: string,
    kind: ClaimKind,
  ): Promise<{ reward: number; streak: number; account: Account }> {
    const settings = await this.settingsOf(guildId);
    const { last, streak, type } = CLAIM_COLUMNS[kind];
    const amount = kind === 'daily' ? settings.dailyAmount : settings.weeklyAmount;
    const bonus = kind === 'daily' ? settings.dailyStreakBonus : settings.weeklyStreakBonus;
    const cooldownSeconds = (kind === 'daily' ? settings.dailyCooldownHours : settings.weeklyCooldownHours) * 3600;
    const graceSeconds = settings.streakGraceHours * 3600;
    const account = await this.account(guildId, userId);
    const continues = `(${last} > now() - ($3::float8 + $4::float8) * interval '1 second')`;
    const reward = `($5::bigint + LEAST($6::bigint * (CASE WHEN ${continues} THEN ${streak} ELSE 0 END), $7::bigint))`;
    const rows: (AccountRow & { reward: string })[] = await this.dataSource.query(
      `WITH changed AS (
         UPDATE economy SET
           balance = balance + ${reward},
           ${streak} = CASE WHEN ${continues} THEN ${streak} + 1 ELSE 1 END,
           ${last} = now()
         WHERE id = $2
           AND (${last} IS NULL OR ${last} <= now() - $3::float8 * interval '1 second')
           AND balance + ${reward} <= $8
         RETURNING ${ACCOUNT_COLUMNS}, $5::bigint + LEAST($6::bigint * (${streak} - 1), $7::bigint) AS reward),
       logged AS (
         ${LEDGER_INSERT}
         SELECT $1::bigint, id, $9::economy_transaction_type, reward, $10::varchar, NULL, NULL FROM changed)
       SELECT * FROM changed`,
      [
        guildId,
        account.id,
        cooldownSeconds,
        graceSeconds,
        amount,
        bonus,
        settings.maxStreakBonus,
        settings.maxBalance,
        type,
        `${kind === 'daily' ? 'Daily' : 'Weekly'} reward`,
      ],
    );
    const row = rows[0];
    if (row) {
      const updated = toAccount(row);
      return {
        reward: Number(row.reward),
        streak: kind === 'daily' ? updated.streak : updated.weeklyStreak,
        account: updated,
      };
    }
    const now = await this.account(guildId, userId);
    const lastClaim = kind === 'daily' ? now.lastDaily : now.lastWeekly;
    const due = lastClaim ? new Date(lastClaim.getTime() + cooldownSeconds * 1000) : null;
    if (due && due.getTime() > Date.now()) {
      refuse('ClaimNotDue', `You already claimed your ${kind} reward. The next one is due ${relativeTime(due)}.`);
    }
    refuse(
      'WalletFull',
      `Your wallet is full (at most ${formatMoney(settings.maxBalance, settings)}): deposit some first.`,
    );
  }

  /** Pays a random amount in the configured range, once per cooldown; returns the pay and a flavour text. */
  public async work(guildId: string, userId: string): Promise<{ pay: number; text: string; account: Account }> {
    const settings = await this.settingsOf(guildId);
    const pay = settings.workMin + Math.floor(Math.random() * (settings.workMax - settings.workMin + 1));
    const text = WORK_TEXTS[Math.floor(Math.random() * WORK_TEXTS.length)]!;
    const cooldownSeconds = settings.workCooldownMinutes * 60;
    const account = await this.account(guildId, userId);
    const rows: AccountRow[] = await this.dataSource.query(
      `WITH changed AS (
         UPDATE economy SET balance = balance + $3, last_work = now()
         WHERE id = $2
           AND (last_work IS NULL OR last_work <= now() - $4::float8 * interval '1 second')
           AND balance + $3 <= $5
         RETURNING ${ACCOUNT_COLUMNS}),
       logged AS (
         ${LEDGER_INSERT}
         SELECT $1::bigint, id, 'WORK', $3::bigint, $6::varchar, NULL, NULL FROM changed)
       SELECT * FROM changed`,
      [guildId, account.id, pay, cooldownSeconds, settings.maxBalance, text.slice(0, 200)],
    );
    if (rows[0]) return { pay, text, account: toAccount(rows[0]) };
    const now = await this.account(guildId, userId);
    const due = now.lastWork ? new Date(now.lastWork.getTime() + cooldownSeconds * 1000) : null;
    if (due && due.getTime() > Date.now()) {
      refuse('WorkNotDue', `You are still tired from your last shift. You can work again ${relativeTime(due)}.`);
    }
    refuse(
      'WalletFull',
      `Your wallet is full (at most ${formatMoney(settings.maxBalance, settings)}): deposit some first.`,
    );
  }

  // Admin --------------------------------------------------------------------------------------------------------

  /** An admin gives (`delta` > 0) or takes (`delta` < 0) wallet money; the ledger row names the admin and reason. */
  public async adminAdjust(guildId: string, userId: string, delta: number, actorId: string, reason: string) {
    this.assertAmount(Math.abs(delta));
    return this.changeWallet(guildId, userId, delta, { type: TransactionType.ADMIN, description: reason, actorId });
  }

  /**
   * An admin resets a member: wallet set to `amount`, bank emptied, streaks cleared. One ADMIN ledger row carries the
   * difference, so the ledger still sums to the balances.
   */
  public async adminReset(guildId: string, userId: string, amount: number, actorId: string, reason: string) {
    const settings = await this.settingsOf(guildId);
    if (amount > settings.maxBalance) {
      refuse('BalanceFull', `A wallet holds at most ${formatMoney(settings.maxBalance, settings)}.`);
    }
    const account = await this.account(guildId, userId);
    return this.inTransaction(async (manager) => {
      const [locked] = (await manager.query(`SELECT balance, bank FROM economy WHERE id = $1 FOR UPDATE`, [
        account.id,
      ])) as { balance: string; bank: string }[];
      const delta = amount - (Number(locked!.balance) + Number(locked!.bank));
      const [row] = (await manager.query(
        `WITH changed AS (
           UPDATE economy SET balance = $2, bank = 0, streak = 0, weekly_streak = 0
           WHERE id = $1 RETURNING ${ACCOUNT_COLUMNS})
         SELECT * FROM changed`,
        [account.id, amount],
      )) as AccountRow[];
      await manager.query(`${LEDGER_INSERT} VALUES ($1, $2, 'ADMIN', $3, $4, $5, NULL)`, [
        guildId,
        account.id,
        delta,
        `Reset: ${reason}`.slice(0, 200),
        actorId,
      ]);
      return { delta, account: toAccount(row!) };
    });
  }

  // Ledger and leaderboard -------------------------------------------------------------------------------------------

  /** A member's ledger, newest first. */
  public async transactions(
    guildId: string,
    userId: string,
    offset: number,
    limit: number,
  ): Promise<{ entries: LedgerEntry[]; total: number }> {
    const rows: (Record<string, unknown> & { total: string })[] = await this.dataSource.query(
      `SELECT t.id, t.type, t.amount, t.description, t.actor_id, t.counterparty_id, t.created_at,
              count(*) OVER () AS total
       FROM economy_transaction t JOIN economy e ON e.id = t.economy_id
       WHERE e.guild_id = $1 AND e.user_id = $2
       ORDER BY t.id DESC OFFSET $3 LIMIT $4`,
      [guildId, userId, offset, limit],
    );
    const total = rows[0] ? Number(rows[0].total) : await this.countTransactions(guildId, userId);
    return {
      total,
      entries: rows.map((row) => ({
        id: String(row.id),
        type: row.type as TransactionType,
        amount: Number(row.amount),
        description: row.description as string | null,
        actorId: row.actor_id === null ? null : String(row.actor_id),
        counterpartyId: row.counterparty_id === null ? null : String(row.counterparty_id),
        createdAt: row.created_at as Date,
      })),
    };
  }

  private async countTransactions(guildId: string, userId: string): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*) AS total FROM economy_transaction t JOIN economy e ON e.id = t.economy_id
       WHERE e.guild_id = $1 AND e.user_id = $2`,
      [guildId, userId],
    )) as { total: string }[];
    return Number(row?.total ?? 0);
  }

  /** Members with money, richest first (ties by user id, so pages are stable). */
  public async board(guildId: string, sort: BoardSort, offset: number, limit: number) {
    const value = BOARD_EXPRESSIONS[sort]('e');
    const rows: { user_id: string; balance: string; bank: string; total: string }[] = await this.dataSource.query(
      `SELECT e.user_id, e.balance, e.bank, count(*) OVER () AS total FROM economy e
       WHERE e.guild_id = $1 AND ${value} > 0
       ORDER BY ${value} DESC, e.user_id ASC OFFSET $2 LIMIT $3`,
      [guildId, offset, limit],
    );
    const total = rows[0] ? Number(rows[0].total) : await this.boardSize(guildId, sort);
    return {
      total,
      entries: rows.map((row) => ({
        userId: String(row.user_id),
        wallet: Number(row.balance),
        bank: Number(row.bank),
      })),
    };
  }

  private async boardSize(guildId: string, sort: BoardSort): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*) AS total FROM economy e WHERE e.guild_id = $1 AND ${BOARD_EXPRESSIONS[sort]('e')} > 0`,
      [guildId],
    )) as { total: string }[];
    return Number(row?.total ?? 0);
  }

  /** The member's 1-based position on the board, or null without money there. */
  public async rankOf(guildId: string, sort: BoardSort, userId: string): Promise<number | null> {
    const value = BOARD_EXPRESSIONS[sort];
    const [row] = (await this.dataSource.query(
      `SELECT (SELECT count(*) FROM economy o
               WHERE o.guild_id = m.guild_id
                 AND (${value('o')} > ${value('m')} OR (${value('o')} = ${value('m')} AND o.user_id < m.user_id))
              ) + 1 AS rank
       FROM economy m WHERE m.guild_id = $1 AND m.user_id = $2 AND ${value('m')} > 0`,
      [guildId, userId],
    )) as { rank: string }[];
    return row ? Number(row.rank) : null;
  }

  // Shop and inventory --------------------------------------------------------------------------------------------

  /** Adds an item to the shop; names are unique per guild regardless of case. */
  public async addItem(
    guildId: string,
    item: Pick<ShopItem, 'name' | 'type' | 'price' | 'description' | 'roleId'> & { stock: number | null },
  ): Promise<ShopItem> {
    if (item.type === ItemType.ROLE && !item.roleId) {
      refuse('RoleItemWithoutRole', 'A ROLE item needs the role it grants: set the `role` option.');
    }
    const existing = await this.findItem(guildId, item.name, { required: false });
    if (existing) refuse('DuplicateItem', `The shop already has an item called **${existing.name}**.`);
    try {
      const [row] = (await this.dataSource.query(
        `INSERT INTO economy_item (guild_id, name, type, description, price, is_limited, quantity, role_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${ITEM_COLUMNS}`,
        [guildId, item.name, item.type, item.description, item.price, item.stock !== null, item.stock, item.roleId],
      )) as ItemRow[];
      return toItem(row!);
    } catch (error) {
      // Another admin added the same name between the check above and this insert.
      if ((error as { driverError?: { code?: string } }).driverError?.code === UNIQUE_VIOLATION) {
        refuse('DuplicateItem', `The shop already has an item called **${item.name}**.`);
      }
      throw error;
    }
  }

  /** Changes an item's price, description or stock (`stock` null makes it unlimited). */
  public async editItem(
    guildId: string,
    name: string,
    patch: { price?: number; description?: string; stock?: number | null },
  ): Promise<ShopItem> {
    const item = (await this.findItem(guildId, name))!;
    const stockGiven = patch.stock !== undefined;
    const [row] = (await this.dataSource.query(
      `WITH changed AS (
         UPDATE economy_item SET
           price = COALESCE($2, price),
           description = COALESCE($3, description),
           is_limited = CASE WHEN $4 THEN $5::int IS NOT NULL ELSE is_limited END,
           quantity = CASE WHEN $4 THEN $5::int ELSE quantity END,
           for_sale = true
         WHERE id = $1 RETURNING ${ITEM_COLUMNS})
       SELECT * FROM changed`,
      [item.id, patch.price ?? null, patch.description ?? null, stockGiven, patch.stock ?? null],
    )) as ItemRow[];
    return toItem(row!);
  }

  /** Takes an item out of the shop; members keep the ones they own and can still sell them back. */
  public async removeItem(guildId: string, name: string): Promise<ShopItem> {
    const item = (await this.findItem(guildId, name, { forSaleOnly: true }))!;
    await this.dataSource.query(`UPDATE economy_item SET for_sale = false WHERE id = $1`, [item.id]);
    return { ...item, forSale: false };
  }

  /** The item of that name (any case), or a polite refusal. */
  public async findItem(
    guildId: string,
    name: string,
    { forSaleOnly = false, required = true }: { forSaleOnly?: boolean; required?: boolean } = {},
  ): Promise<ShopItem | null> {
    const [row] = (await this.dataSource.query(
      `SELECT ${ITEM_COLUMNS} FROM economy_item WHERE guild_id = $1 AND lower(name) = lower($2)
       ${forSaleOnly ? 'AND for_sale' : ''}`,
      [guildId, name.trim()],
    )) as ItemRow[];
    if (row) return toItem(row);
    if (!required) return null;
    refuse('UnknownItem', `There is no item called **${name.trim().slice(0, 64)}** in the shop.`);
  }

  /** Names for autocomplete: shop items on sale (or all), matching what the member typed so far. */
  public async itemNames(guildId: string, typed: string, { forSaleOnly = true } = {}): Promise<string[]> {
    const rows: { name: string }[] = await this.dataSource.query(
      `SELECT name FROM economy_item WHERE guild_id = $1 AND name ILIKE $2 ${forSaleOnly ? 'AND for_sale' : ''}
       ORDER BY name LIMIT 25`,
      [guildId, `%${typed.replace(/[\\%_]/g, '\\$&')}%`],
    );
    return rows.map((row) => row.name);
  }

  /** Names of what a member owns, for autocomplete; `types` narrows to some item types. */
  public async ownedItemNames(guildId: string, userId: string, typed: string, types?: ItemType[]): Promise<string[]> {
    const rows: { name: string }[] = await this.dataSource.query(
      `SELECT i.name FROM economy_inventory inv
       JOIN economy e ON e.id = inv.economy_id JOIN economy_item i ON i.id = inv.item_id
       WHERE e.guild_id = $1 AND e.user_id = $2 AND inv.quantity > 0 AND i.name ILIKE $3
         AND ($4::economy_item_type[] IS NULL OR i.type = ANY($4::economy_item_type[]))
       ORDER BY i.name LIMIT 25`,
      [guildId, userId, `%${typed.replace(/[\\%_]/g, '\\$&')}%`, types ? `{${types.join(',')}}` : null],
    );
    return rows.map((row) => row.name);
  }

  /** One page of the shop, cheapest first. */
  public async shopPage(guildId: string, offset: number, limit: number): Promise<{ items: ShopItem[]; total: number }> {
    const rows: (ItemRow & { total: string })[] = await this.dataSource.query(
      `SELECT ${ITEM_COLUMNS}, count(*) OVER () AS total FROM economy_item WHERE guild_id = $1 AND for_sale
       ORDER BY price ASC, name ASC OFFSET $2 LIMIT $3`,
      [guildId, offset, limit],
    );
    let total = rows[0] ? Number(rows[0].total) : 0;
    if (!rows[0] && offset > 0) {
      const [count] = (await this.dataSource.query(
        `SELECT count(*) AS total FROM economy_item WHERE guild_id = $1 AND for_sale`,
        [guildId],
      )) as { total: string }[];
      total = Number(count?.total ?? 0);
    }
    return { items: rows.map(toItem), total };
  }

  /**
   * Buys `quantity` of an item: wallet debited, limited stock decremented, inventory credited and a PURCHASE row, in
   * one transaction. For ROLE items `grantRole` runs inside it: if Discord refuses, nothing is bought.
   */
  public async buy(
    guildId: string,
    userId: string,
    itemName: string,
    quantity: number,
    roles: { grant(roleId: string): Promise<void>; revoke(roleId: string): Promise<void> },
  ): Promise<{ item: ShopItem; cost: number; account: Account }> {
    const settings = await this.settingsOf(guildId);
    const item = (await this.findItem(guildId, itemName, { forSaleOnly: true }))!;
    const account = await this.account(guildId, userId);
    if (item.type === ItemType.ROLE) {
      if (quantity !== 1) refuse('RoleItemQuantity', `**${item.name}** is a role: you can buy only one.`);
      const [owned] = (await this.dataSource.query(
        `SELECT quantity FROM economy_inventory WHERE economy_id = $1 AND item_id = $2 AND quantity > 0`,
        [account.id, item.id],
      )) as unknown[];
      if (owned) refuse('AlreadyOwned', `You already own **${item.name}**.`);
    }
    const cost = item.price * quantity;
    if (cost > MONEY_CEILING) refuse('InsufficientFunds', `Nobody can afford ${quantity} × **${item.name}**.`);
    let granted = false;
    try {
      const updated = await this.inTransaction(async (manager) => {
        const [row] = (await manager.query(
          `WITH changed AS (UPDATE economy SET balance = balance - $2 WHERE id = $1 AND balance >= $2
                            RETURNING ${ACCOUNT_COLUMNS})
           SELECT * FROM changed`,
          [account.id, cost],
        )) as AccountRow[];
        if (!row) {
          refuse(
            'InsufficientFunds',
            `${quantity} × **${item.name}** costs ${formatMoney(cost, settings)}; your wallet holds ${formatMoney(account.balance, settings)}.`,
          );
        }
        if (item.isLimited) {
          const [stock] = (await manager.query(
            `WITH changed AS (UPDATE economy_item SET quantity = quantity - $2 WHERE id = $1 AND quantity >= $2
                              RETURNING quantity)
             SELECT * FROM changed`,
            [item.id, quantity],
          )) as unknown[];
          if (!stock) {
            const [left] = (await manager.query(`SELECT quantity FROM economy_item WHERE id = $1`, [item.id])) as {
              quantity: number;
            }[];
            if (!left?.quantity) refuse('SoldOut', `**${item.name}** is sold out.`);
            refuse('NotEnoughStock', `Only ${left.quantity} × **${item.name}** left in the shop.`);
          }
        }
        // A role is owned once: checked again here, after the wallet UPDATE has locked the account row, so two
        // purchases of the same role at once cannot both pass the check made before the transaction.
        const [stored] = (await manager.query(
          `INSERT INTO economy_inventory (guild_id, economy_id, item_id, quantity) VALUES ($1, $2, $3, $4)
           ON CONFLICT (guild_id, economy_id, item_id) DO UPDATE SET quantity = economy_inventory.quantity + $4
           WHERE NOT $5 OR economy_inventory.quantity = 0
           RETURNING quantity`,
          [guildId, account.id, item.id, quantity, item.type === ItemType.ROLE],
        )) as unknown[];
        if (!stored) refuse('AlreadyOwned', `You already own **${item.name}**.`);
        await manager.query(`${LEDGER_INSERT} VALUES ($1, $2, 'PURCHASE', $3, $4, NULL, NULL)`, [
          guildId,
          account.id,
          -cost,
          `Bought ${quantity} × ${item.name}`.slice(0, 200),
        ]);
        if (item.roleId) {
          await roles.grant(item.roleId);
          granted = true;
        }
        return toAccount(row);
      });
      return { item, cost, account: updated };
    } catch (error) {
      // The role was granted but the purchase did not commit: take the role back so nothing is free.
      if (granted && item.roleId) await roles.revoke(item.roleId).catch(() => undefined);
      throw error;
    }
  }

  /** Sells items back for `sellRatio` of their price; a ROLE item's role is taken back inside the transaction. */
  public async sell(
    guildId: string,
    userId: string,
    itemName: string,
    quantity: number,
    roles: { revoke(roleId: string): Promise<void> },
  ): Promise<{ item: ShopItem; payout: number; account: Account }> {
    const settings = await this.settingsOf(guildId);
    const item = (await this.findItem(guildId, itemName))!;
    const account = await this.account(guildId, userId);
    const payout = Math.floor(item.price * settings.sellRatio) * quantity;
    const updated = await this.inTransaction(async (manager) => {
      // The wallet row first, as in `buy`, so a member buying and selling at once cannot deadlock.
      const [row] = (await manager.query(
        `WITH changed AS (UPDATE economy SET balance = balance + $2 WHERE id = $1 AND balance + $2 <= $3
                          RETURNING ${ACCOUNT_COLUMNS})
         SELECT * FROM changed`,
        [account.id, payout, settings.maxBalance],
      )) as AccountRow[];
      if (!row) refuse('WalletFull', `Your wallet is full (at most ${formatMoney(settings.maxBalance, settings)}).`);
      const [left] = (await manager.query(
        `WITH changed AS (
           UPDATE economy_inventory SET quantity = quantity - $3, equipped = equipped AND quantity - $3 > 0
           WHERE economy_id = $1 AND item_id = $2 AND quantity >= $3 RETURNING quantity)
         SELECT * FROM changed`,
        [account.id, item.id, quantity],
      )) as { quantity: number }[];
      if (!left) {
        const [owned] = (await manager.query(
          `SELECT quantity FROM economy_inventory WHERE economy_id = $1 AND item_id = $2`,
          [account.id, item.id],
        )) as { quantity: number }[];
        if (!owned?.quantity) refuse('NotOwned', `You don't own any **${item.name}**.`);
        refuse('NotEnoughOwned', `You only own ${owned.quantity} × **${item.name}**.`);
      }
      await manager.query(`${LEDGER_INSERT} VALUES ($1, $2, 'SALE', $3, $4, NULL, NULL)`, [
        guildId,
        account.id,
        payout,
        `Sold ${quantity} × ${item.name}`.slice(0, 200),
      ]);
      if (item.roleId && left.quantity === 0) await roles.revoke(item.roleId);
      return toAccount(row);
    });
    return { item, payout, account: updated };
  }

  /** What a member owns, by item name. */
  public async inventory(guildId: string, userId: string): Promise<OwnedItem[]> {
    const rows: (ItemRow & { owned: number; equipped: boolean })[] = await this.dataSource.query(
      `SELECT ${ITEM_COLUMNS.split(', ')
        .map((column) => `i.${column}`)
        .join(', ')}, inv.quantity AS owned, inv.equipped
       FROM economy_inventory inv
       JOIN economy e ON e.id = inv.economy_id JOIN economy_item i ON i.id = inv.item_id
       WHERE e.guild_id = $1 AND e.user_id = $2 AND inv.quantity > 0
       ORDER BY i.name`,
      [guildId, userId],
    );
    return rows.map((row) => ({ ...toItem(row), owned: row.owned, equipped: row.equipped }));
  }

  /**
   * Equips a BADGE or BACKGROUND the member owns, unequipping the other one of that type. The account row is locked
   * first, so two equips of the same member run one after the other and the second sees what the first equipped.
   */
  public async equip(guildId: string, userId: string, itemName: string): Promise<ShopItem> {
    const item = (await this.findItem(guildId, itemName))!;
    if (item.type !== ItemType.BADGE && item.type !== ItemType.BACKGROUND) {
      refuse(
        'NotEquippable',
        `Only badges and backgrounds can be equipped; **${item.name}** is a ${item.type.toLowerCase()}.`,
      );
    }
    const account = await this.account(guildId, userId);
    const rows = await this.inTransaction(async (manager) => {
      await manager.query(`SELECT 1 FROM economy WHERE id = $1 FOR UPDATE`, [account.id]);
      return (await manager.query(
        `WITH owned AS (
           SELECT 1 FROM economy_inventory WHERE economy_id = $1 AND item_id = $2 AND quantity > 0),
         changed AS (
           UPDATE economy_inventory inv SET equipped = (inv.item_id = $2)
           FROM economy_item i
           WHERE EXISTS (SELECT 1 FROM owned) AND i.id = inv.item_id AND inv.economy_id = $1
             AND i.type = $3::economy_item_type AND (inv.equipped OR inv.item_id = $2)
           RETURNING inv.item_id)
         SELECT * FROM changed`,
        [account.id, item.id, item.type],
      )) as { item_id: number }[];
    });
    if (!rows.some((row) => row.item_id === item.id)) refuse('NotOwned', `You don't own **${item.name}**.`);
    return item;
  }

  /** Unequips the member's badge and/or background; returns the names unequipped. */
  public async unequip(guildId: string, userId: string, type?: ItemType): Promise<string[]> {
    const account = await this.account(guildId, userId);
    const rows: { name: string }[] = await this.dataSource.query(
      `WITH changed AS (
         UPDATE economy_inventory inv SET equipped = false FROM economy_item i
         WHERE i.id = inv.item_id AND inv.economy_id = $1 AND inv.equipped
           AND ($2::economy_item_type IS NULL OR i.type = $2::economy_item_type)
         RETURNING i.name)
       SELECT * FROM changed`,
      [account.id, type ?? null],
    );
    return rows.map((row) => row.name);
  }

  /** Uses one CONSUMABLE: decremented atomically; returns how many are left. */
  public async use(guildId: string, userId: string, itemName: string): Promise<{ item: ShopItem; remaining: number }> {
    const item = (await this.findItem(guildId, itemName))!;
    if (item.type !== ItemType.CONSUMABLE) {
      refuse('NotConsumable', `**${item.name}** is not something you can use up; only consumables can be used.`);
    }
    const account = await this.account(guildId, userId);
    const [row] = (await this.dataSource.query(
      `WITH changed AS (
         UPDATE economy_inventory SET quantity = quantity - 1
         WHERE economy_id = $1 AND item_id = $2 AND quantity >= 1 RETURNING quantity)
       SELECT * FROM changed`,
      [account.id, item.id],
    )) as { quantity: number }[];
    if (!row) refuse('NotOwned', `You don't have any **${item.name}** left.`);
    return { item, remaining: row.quantity };
  }

  // Plumbing ----------------------------------------------------------------------------------------------------------

  /** Runs a statement again (up to three times) after a deadlock or serialization error. */
  private async withRetry<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        const code = (error as { driverError?: { code?: string } }).driverError?.code;
        if (attempt >= 3 || !code || !RETRYABLE_CODES.has(code)) throw error;
      }
    }
  }

  /** Runs `work` in a READ COMMITTED transaction, again (up to three times) after a deadlock or serialization error. */
  private async inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(work);
      } catch (error) {
        const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code;
        if (attempt >= 3 || !code || !RETRYABLE_CODES.has(code)) throw error;
      }
    }
  }
}
