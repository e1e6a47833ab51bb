import type { DataSource } from 'typeorm';
import type { EquippedBackground } from '#core/plugin-kit/cardBackgrounds';
import { preparedQuery } from '#core/plugin-kit/preparedQuery';
import { boardSizeSql, pageSql, rankExpression, rankSql, type RankedBoard } from '#core/plugin-kit/rankBuckets';
import { MONEY_CEILING } from '../entities/moneyTransformer';
import { TransactionType } from '../entities/Transaction';
import type { EconomySettings } from '../settings';
import { resolveAmount, type AmountInput } from './amount';
import { formatMoney } from './format';
import { ShopService } from './ShopService';
import type { Account, EconomySettingsSource } from './types';
import { ACCOUNT_COLUMNS, inTransaction, LEDGER_INSERT, refuse, toAccount, withRetry, type AccountRow } from './sql';

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

const ECONOMY_BOARD = { table: 'economy', histogram: 'economy_rank_bucket', bucketFunction: 'economy_board_bucket' };

/**
 * The boards, kept with the histogram `economy_rank_bucket` (migration EconomyRankBuckets: its `sort` numbers, and the
 * value expressions spelled as in the indexes `economy_board_*`); a whitelist, so no member input reaches the SQL.
 */
const BOARDS: Record<BoardSort, RankedBoard> = {
  wallet: { ...ECONOMY_BOARD, sort: 0, value: (table) => `${table}.balance` },
  bank: { ...ECONOMY_BOARD, sort: 1, value: (table) => `${table}.bank` },
  total: { ...ECONOMY_BOARD, sort: 2, value: (table) => `(${table}.balance + ${table}.bank)` },
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

/** After three lost races with concurrent commands on the same account. */
function refuseBusy(): never {
  refuse('AccountBusy', 'Your balance changed while I was doing that. Please try again.');
}

/** A Discord timestamp (`<t:…:R>`), shown to each member in their own time zone. */
function relativeTime(date: Date): string {
  return `<t:${Math.ceil(date.getTime() / 1000)}:R>`;
}

/**
 * The guild economy. Every change of money is one conditional UPDATE (`… WHERE balance + $delta >= 0 …`) with its
 * ledger row in the same statement or transaction, so concurrent commands can neither overdraw nor double-claim:
 * under READ COMMITTED a second UPDATE of the same row waits for the first and re-checks its WHERE on the new values.
 * CHECK constraints back this up in the schema. Deposits and withdrawals move money inside one account and write
 * no ledger row: per member, the ledger always sums to wallet + bank.
 */
export class EconomyService {
  /** The guild's shop and members' inventories. */
  public readonly shop: ShopService;

  public constructor(
    private readonly dataSource: DataSource,
    private readonly plugin: EconomySettingsSource,
  ) {
    this.shop = new ShopService(dataSource, plugin, this);
  }

  /**
   * The member's equipped BACKGROUND item for other plugins' cards: its name (a shipped background it names) and the
   * image an admin uploaded for it, if any; undefined when none is equipped.
   */
  public equippedBackground(guildId: string, userId: string): Promise<EquippedBackground | undefined> {
    return this.shop.equippedBackground(guildId, userId);
  }

  /** The guild's economy settings, for other plugins (e.g. to show amounts with the guild's currency). */
  public settings(guildId: string): Promise<EconomySettings> {
    return this.plugin.settings(guildId);
  }

  // Accounts -------------------------------------------------------------------------------------------------------

  /** The member's account, opened (with the starting balance and its ledger row) on first use. */
  public async account(guildId: string, userId: string): Promise<Account> {
    return (await this.openAccount(guildId, userId, null)).account;
  }

  /**
   * {@link account} with the member's place on a board, in the same round trip (`/balance` shows both): the rank is
   * computed from the account's values as the statement found or opened them.
   */
  public async accountWithRank(
    guildId: string,
    userId: string,
    sort: BoardSort,
  ): Promise<{ account: Account; rank: number | null }> {
    return this.openAccount(guildId, userId, sort);
  }

  private async openAccount(
    guildId: string,
    userId: string,
    sort: BoardSort | null,
  ): Promise<{ account: Account; rank: number | null }> {
    const { startingBalance } = await this.plugin.settings(guildId);
    const rank = sort === null ? 'NULL::int' : rankExpression(BOARDS[sort], 'a');
    // Inserting only when no row exists keeps the id sequence from advancing on every look-up.
    const rows = await preparedQuery<AccountRow & { rank: number | null }>(
      this.dataSource,
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
       SELECT a.*, ${rank} AS rank
       FROM (SELECT $1::bigint AS guild_id, * FROM existing UNION ALL SELECT $1::bigint, * FROM created) a`,
      [guildId, userId, startingBalance],
    );
    if (rows[0]) return { account: toAccount(rows[0]), rank: rows[0].rank };
    // Another command opened it between this statement's snapshot and its insert: read it now.
    const [existing] = (await this.dataSource.query(
      `SELECT ${ACCOUNT_COLUMNS} FROM economy WHERE guild_id = $1 AND user_id = $2`,
      [guildId, userId],
    )) as AccountRow[];
    return { account: toAccount(existing!), rank: sort === null ? null : await this.rankOf(guildId, sort, userId) };
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

  /**
   * Takes money from the wallet (a PURCHASE unless said otherwise: money leaves the economy only by being spent or
   * taken by an admin); refuses an overdraft.
   */
  public async debit(guildId: string, userId: string, amount: number, note: LedgerNote = {}): Promise<Account> {
    this.assertAmount(amount);
    return this.changeWallet(guildId, userId, -amount, { type: TransactionType.PURCHASE, ...note });
  }

  private async changeWallet(guildId: string, userId: string, delta: number, note: LedgerNote): Promise<Account> {
    const settings = await this.plugin.settings(guildId);
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
    const settings = await this.plugin.settings(guildId);
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
   * Moves wallet money from one member to another, with a TRANSFER row on each side, in one call of the database
   * function `economy_transfer` (see its migration): both rows locked in user-id order, conditional debit and credit,
   * all or nothing. Accounts are opened only when it finds one missing, so a payment costs one round trip.
   */
  public async transfer(
    guildId: string,
    fromId: string,
    toId: string,
    input: AmountInput,
    note: string | null = null,
  ): Promise<{ amount: number; fromBalance: number; toBalance: number }> {
    if (fromId === toId) refuse('SelfTransfer', 'You cannot pay yourself.');
    const settings = await this.plugin.settings(guildId);
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
      const [result] = (await withRetry(() =>
        preparedQuery(this.dataSource, `SELECT * FROM economy_transfer($1, $2, $3, $4, $5, $6)`, [
          guildId,
          fromId,
          toId,
          amount,
          settings.maxBalance,
          note?.slice(0, 200) ?? null,
        ]),
      )) as { outcome: 'ok' | 'missing' | 'insufficient' | 'full'; from_balance: string; to_balance: string }[];
      const { outcome } = result!;
      if (outcome === 'ok') {
        return { amount, fromBalance: Number(result!.from_balance), toBalance: Number(result!.to_balance) };
      }
      if (outcome === 'insufficient') {
        refuse('InsufficientFunds', `You don't have ${formatMoney(amount, settings)} in your wallet.`);
      }
      if (outcome === 'full') refuse('WalletFull', "That would take their wallet past the server's maximum balance.");
      if (attempt > 1) throw new Error(`economy_transfer found no account for ${fromId} or ${toId} twice`);
      // A member without an account yet: open both, then pay.
      await Promise.all([this.account(guildId, fromId), this.account(guildId, toId)]);
    }
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
    const settings = await this.plugin.settings(guildId);
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
    const settings = await this.plugin.settings(guildId);
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
    const settings = await this.plugin.settings(guildId);
    if (amount > settings.maxBalance) {
      refuse('BalanceFull', `A wallet holds at most ${formatMoney(settings.maxBalance, settings)}.`);
    }
    const account = await this.account(guildId, userId);
    return inTransaction(this.dataSource, async (manager) => {
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

  /** Members with money, richest first (ties by user id, so pages are stable); see {@link BOARDS}. */
  public async board(guildId: string, sort: BoardSort, offset: number, limit: number) {
    const [rows, total] = await Promise.all([
      preparedQuery<{ user_id: string; balance: string; bank: string }>(
        this.dataSource,
        pageSql(BOARDS[sort], 'm.user_id, m.balance, m.bank'),
        [guildId, offset, limit],
      ),
      this.boardSize(guildId, sort),
    ]);
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
    const [row] = await preparedQuery<{ total: number }>(this.dataSource, boardSizeSql(BOARDS[sort]), [guildId]);
    return row?.total ?? 0;
  }

  /** The member's 1-based position on the board, or null without money there. */
  public async rankOf(guildId: string, sort: BoardSort, userId: string): Promise<number | null> {
    const [row] = await preparedQuery<{ rank: number | null }>(this.dataSource, rankSql(BOARDS[sort]), [
      guildId,
      userId,
    ]);
    return row?.rank ?? null;
  }
}
