import { expect } from 'chai';
import type { APIMessage } from 'discord-api-types/v10';
import { ChannelType } from 'discord-api-types/v10';
import { Client } from 'pg';
import { Emulator, type Actor } from '../../emulator';
import { buildTestGuild, type TestGuild } from '../helpers/e2e';
import { privatePostgres, privateRedis, type PrivateServer } from '../helpers/privateServers';
import { runBotProcess, type BotProcess } from '../helpers/process';
import { eventually } from '../helpers/wait';

/**
 * The fault suite: the compiled bot as a process against the emulator, on a PostgreSQL and a Redis of its own that
 * it stops, restarts and locks (never the shared servers). Each fault asserts what members see (every command
 * answered, slash commands acknowledged within Discord's 3 s), what is stored (money conserved), and that scheduled
 * work is done exactly once. Outages are short by default; `FAULTS_LONG=1` runs the durations (PostgreSQL
 * down 10 s, Redis down 30 s, a table locked 10 s).
 */
const LONG = process.env.FAULTS_LONG === '1';
const POSTGRES_DOWN_MS = LONG ? 10_000 : 3_000;
const REDIS_DOWN_MS = LONG ? 30_000 : 5_000;
const LOCK_MS = LONG ? 10_000 : 4_000;

const DATABASE_UNAVAILABLE = /The database is not answering right now, so nothing was changed/;
const SCHEDULER_UNAVAILABLE = /The scheduler is unavailable right now, so nothing was changed/;
const APOLOGY = /Sorry, something went wrong on my side/;

describe('faults: PostgreSQL and Redis outages, a locked table, SIGTERM and SIGKILL (bot process, private servers)', function () {
  this.timeout(LONG ? 240_000 : 120_000);
  const token = 'faults-token';
  let emu: Emulator;
  let postgres: PrivateServer;
  let redis: PrivateServer;
  let bot: BotProcess | undefined;
  let guild: TestGuild;
  let env: Record<string, string>;
  /** Members who trade; each is seeded with the same amount. */
  let traders: { id: string; actor: Actor }[];
  const SEED = 1_000;

  const sql = async <T>(text: string, values: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: postgres.url });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as T[];
    } finally {
      await client.end();
    }
  };
  const totalMoney = async () =>
    Number(
      (
        await sql<{ total: string }>(
          'SELECT coalesce(sum(balance + bank), 0) AS total FROM economy WHERE guild_id = $1',
          [guild.id],
        )
      )[0]!.total,
    );

  const startBot = async () => {
    bot = runBotProcess(env);
    await eventually(() => /Ready as /.test(bot!.output()), 'the bot to log ready', 60_000).catch((error: Error) => {
      throw new Error(`${error.message}; it printed:\n${bot!.output()}`);
    });
    return bot;
  };

  /** Says a prefix command and waits for the bot's reply to that message. */
  const prefix = async (actor: Actor, content: string, channelId = guild.generalChannelId, timeoutMs = 15_000) => {
    const sent = await actor.say(channelId, content);
    return emu.waitForMessage({
      channelId,
      since: 0,
      predicate: (message) => message.message_reference?.message_id === sent.id,
      timeoutMs,
    });
  };

  /** Runs a slash command; resolves with how long the acknowledgement took and the answer. */
  const slash = async (actor: Actor, command: string, options: Record<string, string | number> = {}, sub?: string) => {
    const startedAt = Date.now();
    const handle = await actor.slash(guild.generalChannelId, command, { subcommand: sub, options });
    await handle.response(6_000);
    const ackMs = Date.now() - startedAt;
    const reply = await handle.reply(30_000);
    return { ackMs, reply, text: textOf(reply) };
  };

  before(async function () {
    this.timeout(120_000);
    [emu, postgres, redis] = await Promise.all([Emulator.start({ token }), privatePostgres(), privateRedis()]);
    env = {
      DISCORD_TOKEN: token,
      DISCORD_API_URL: emu.apiUrl,
      DATABASE_URL: postgres.url,
      REDIS_URL: redis.url,
      REDIS_NAMESPACE: 'faults',
      REST_REQUESTS_PER_SECOND: '5000',
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: '8000',
    };
    guild = buildTestGuild(emu, 'Faults');
    traders = [guild.owner, guild.moderator, guild.member].map((user) => ({ id: user.id, actor: emu.actor(user.id) }));
    for (let index = 0; index < 3; index += 1) {
      const user = emu.createUser({ username: `trader${index}` });
      emu.addMember(guild.id, user.id);
      traders.push({ id: user.id, actor: emu.actor(user.id) });
    }
    await startBot();
    await emu.waitForCommandsRegistered(['pay', 'balance', 'ban', 'ticket', 'plugins'], { timeoutMs: 30_000 });
    const owner = guild.as.owner;
    for (const plugin of ['economy', 'moderation', 'tickets', 'levels']) {
      expect(textOf(await prefix(owner, `!plugins enable ${plugin}`))).to.match(/enabled|already/i);
    }
    const supportCategory = emu.createChannel(guild.id, { name: 'Support', type: ChannelType.GuildCategory });
    const supportRole = emu.createRole(guild.id, { name: 'Support' });
    await prefix(owner, `!config support-category ${supportCategory.id}`);
    await prefix(owner, `!config role support <@&${supportRole.id}>`);
    await prefix(owner, `!config role mod <@&${guild.modRoleId}>`);
    await prefix(owner, '!plugins config tickets cooldownSeconds 0');
    for (const trader of traders) {
      expect(textOf(await prefix(owner, `!economy give <@${trader.id}> ${SEED} seed`))).to.not.match(APOLOGY);
    }
    expect(await totalMoney()).to.equal(SEED * traders.length);
  });

  after(async function () {
    this.timeout(30_000);
    if (bot && bot.child.exitCode === null) bot.child.kill('SIGKILL');
    await Promise.allSettled([emu?.stop(), postgres?.destroy(), redis?.destroy()]);
  });

  /**
   * Economy traffic: each trader pays the next one 1 coin, by slash and prefix in turn, `rounds` times, all at once.
   * Resolves with every answer.
   */
  const trade = async (rounds: number) => {
    const answers: { kind: string; text: string; ackMs?: number }[] = [];
    await Promise.all(
      traders.map(async (trader, index) => {
        const payee = traders[(index + 1) % traders.length]!;
        for (let round = 0; round < rounds; round += 1) {
          if ((round + index) % 2 === 0) {
            const { ackMs, text } = await slash(trader.actor, 'pay', { member: payee.id, amount: '1' });
            answers.push({ kind: 'slash', text, ackMs });
          } else {
            answers.push({ kind: 'prefix', text: textOf(await prefix(trader.actor, `!pay <@${payee.id}> 1`)) });
          }
        }
      }),
    );
    return answers;
  };

  it('PostgreSQL restarted, then down for a while, during economy traffic: every command answered, money conserved', async () => {
    const traffic = trade(LONG ? 12 : 6);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await postgres.stop();
    await postgres.start(); // a restart
    await new Promise((resolve) => setTimeout(resolve, 300));
    await postgres.stop(); // and an outage
    const outage = trade(2);
    await new Promise((resolve) => setTimeout(resolve, POSTGRES_DOWN_MS));
    await postgres.start();
    const answers = [...(await traffic), ...(await outage)];
    for (const answer of answers) {
      expect(answer.text, `a ${answer.kind} /pay`).to.not.match(APOLOGY);
      expect(answer.text).to.satisfy(
        (text: string) => /Paid|sent|→|transferred/i.test(text) || DATABASE_UNAVAILABLE.test(text),
        answer.text,
      );
      if (answer.ackMs !== undefined) expect(answer.ackMs).to.be.below(3_000);
    }
    expect(answers.some((answer) => DATABASE_UNAVAILABLE.test(answer.text))).to.equal(true);
    // Back to normal once the database is back, and no coin created or lost.
    await eventually(
      async () => !DATABASE_UNAVAILABLE.test((await slash(guild.as.member, 'balance')).text),
      'the database to answer again',
      20_000,
    );
    expect(await totalMoney()).to.equal(SEED * traders.length);
  });

  it('a table locked for a while: commands that need it are deferred and answered, others are not held up', async () => {
    const locker = new Client({ connectionString: postgres.url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE economy, economy_transaction IN ACCESS EXCLUSIVE MODE');
    const release = setTimeout(() => void locker.query('COMMIT').then(() => locker.end()), LOCK_MS);
    try {
      const startedAt = Date.now();
      const later = <T>(work: () => Promise<T>) => new Promise((resolve) => setTimeout(resolve, 200)).then(work);
      const [balance, transactions, rank] = await Promise.all([
        slash(guild.as.member, 'balance'), // economy defers its own commands
        later(() => slash(guild.as.owner, 'transactions')), // the core's automatic deferral after 2 s
        later(() => slash(guild.as.moderator, 'rank')),
      ]);
      // Unrelated: answered while the lock is still held.
      expect(rank.ackMs).to.be.below(3_000);
      expect(rank.text).to.not.match(APOLOGY);
      // Waiting on the lock: acknowledged (deferred) in time, then answered — the answer, or "nothing was changed".
      for (const waited of [balance, transactions]) {
        expect(waited.ackMs).to.be.below(3_000);
        expect(waited.text).to.not.match(APOLOGY);
        if (LOCK_MS < 5_000) expect(waited.text).to.not.match(DATABASE_UNAVAILABLE);
        else expect(waited.text).to.match(DATABASE_UNAVAILABLE); // lock_timeout (5 s) gave up first
      }
      expect(Date.now() - startedAt).to.be.above(2_000);
    } finally {
      clearTimeout(release);
      await locker.query('COMMIT').catch(() => undefined);
      await locker.end().catch(() => undefined);
    }
    expect(await totalMoney()).to.equal(SEED * traders.length);
  });

  it('Redis restarted empty and down for a while with a tempban and an auto-close pending: each done exactly once', async () => {
    const outageSeconds = Math.ceil(REDIS_DOWN_MS / 1000);
    await prefix(guild.as.owner, '!plugins config tickets inactivityWarnSeconds 1');
    // Both fall due in the middle of the outage: the ticket's close after its warning, and the tempban's end.
    const halfway = Math.ceil(outageSeconds / 2);
    await prefix(guild.as.owner, `!plugins config tickets inactivityCloseSeconds ${halfway}`);
    const opened = await prefix(guild.as.member, '!ticket open Printer | it jams');
    const ticketChannel = /<#(\d+)>/.exec(textOf(opened))![1]!;
    await emu.waitForMessage({ channelId: ticketChannel, since: 0, predicate: (m) => /quiet/i.test(m.content) });
    const banned = traders[4]!;
    const ban = await slash(guild.as.owner, 'ban', { user: banned.id, duration: `${halfway + 1}s` });
    expect(ban.text).to.match(/banned/i);
    const logBefore = bot!.output().length;

    await redis.stop();
    const downAt = Date.now();
    const during = traders[3]!;
    try {
      // Within Discord's 3 s either way: a tempban is stored and its expiry queued when Redis is back (the reconcile
      // hook), or the command says the scheduler is unavailable and changed nothing.
      const duringBan = await slash(guild.as.owner, 'ban', { user: during.id, duration: '1h' });
      expect(duringBan.ackMs).to.be.below(3_000);
      expect(duringBan.text).to.not.match(APOLOGY);
      const bannedDuring = emu.world.bans(guild.id).some((entry) => entry.userId === during.id);
      if (SCHEDULER_UNAVAILABLE.test(duringBan.text)) expect(bannedDuring).to.equal(false);
      else expect(duringBan.text).to.match(/banned/i);
      const cases = await sql('SELECT id FROM moderation_log WHERE guild_id = $1 AND user_id = $2', [
        guild.id,
        during.id,
      ]);
      expect(cases, 'cases of the ban during the outage').to.have.length(bannedDuring ? 1 : 0);
      // An admin enabling a plugin whose hook needs Redis is answered (deferred) rather than held until it is back.
      const enabling = slash(guild.as.owner, 'plugins', { plugin: 'audit' }, 'enable');
      // A command that does not need Redis is answered as usual.
      const balance = await slash(guild.as.member, 'balance');
      expect(balance.ackMs).to.be.below(3_000);
      expect(balance.text).to.not.match(APOLOGY);
      const enabled = await enabling;
      expect(enabled.ackMs).to.be.below(3_000);
      expect(enabled.text).to.match(/enabled/i);
      // (The hook waits at most 5 s: with the long outage, well before Redis is back.)
      if (LONG) expect(Date.now() - downAt, 'answered before Redis is back').to.be.below(REDIS_DOWN_MS);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, REDIS_DOWN_MS - (Date.now() - downAt))));
    } finally {
      await redis.start(); // empty: no persistence
    }

    await eventually(
      () => !emu.world.bans(guild.id).some((entry) => entry.userId === banned.id),
      'the tempban to be lifted',
      30_000,
    );
    await eventually(
      async () =>
        (await sql<{ status: string }>('SELECT status FROM ticket WHERE channel_id = $1', [ticketChannel]))[0]
          ?.status === 'CLOSED',
      'the ticket to be closed for inactivity',
      30_000,
    ).catch(async (error: Error) => {
      const [ticket] = await sql('SELECT * FROM ticket WHERE channel_id = $1', [ticketChannel]);
      throw new Error(`${error.message}: ${JSON.stringify(ticket)}; the bot printed:\n${bot!.output().slice(-4_000)}`);
    });
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // time for a duplicate to show
    const unbans = await sql('SELECT id FROM moderation_log WHERE guild_id = $1 AND action = $2 AND user_id = $3', [
      guild.id,
      'unban',
      banned.id,
    ]);
    expect(unbans, 'unban cases').to.have.length(1);
    const closeNotices = emu.world.messages(ticketChannel).filter((message) => /closed/i.test(message.content ?? ''));
    expect(closeNotices.length, 'close notices in the ticket').to.be.at.most(1);
    // The outage in the log: one line down, one line back, and no stack trace per retry in between.
    const log = bot!.output().slice(logBefore);
    expect(log.match(/connection lost/g) ?? [], log).to.have.length(1);
    expect(log.match(/connection restored/g) ?? [], log).to.have.length(1);
    expect(log.split('\n').length, log).to.be.below(40);
    // The hour-long tempban given during the outage (if it was given) is still in force: its expiry was requeued, not run.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stillBanned = emu.world.bans(guild.id).some((entry) => entry.userId === during.id);
    const duringCases = await sql('SELECT id FROM moderation_log WHERE guild_id = $1 AND user_id = $2', [
      guild.id,
      during.id,
    ]);
    expect(stillBanned).to.equal(duringCases.length === 1);
  });

  it('SIGKILL with payments in flight: money conserved, and the restarted bot answers', async () => {
    const inFlight = traders.map((trader, index) =>
      trader.actor.say(guild.generalChannelId, `!pay <@${traders[(index + 1) % traders.length]!.id}> 1`),
    );
    await Promise.all(inFlight);
    await new Promise((resolve) => setTimeout(resolve, 50));
    bot!.child.kill('SIGKILL');
    await bot!.exit;
    expect(await totalMoney()).to.equal(SEED * traders.length);
    await startBot();
    const balance = await slash(guild.as.member, 'balance');
    expect(balance.text).to.not.match(APOLOGY);
    expect(await totalMoney()).to.equal(SEED * traders.length);
  });

  it('SIGTERM with commands in flight and a slow database: each finishes and answers (prefix too), levels are flushed, exit 0', async () => {
    // Messages earn XP in memory; SIGTERM must write them.
    const chatter = traders[5]!;
    await chatter.actor.say(guild.generalChannelId, 'hello everyone, this earns XP');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sent: APIMessage[] = [];
    const handles = [];
    // Members still in the server (the Redis test banned some).
    const present = traders.filter((trader) => emu.world.member(guild.id, trader.id) !== undefined);
    for (const [index, trader] of present.entries()) {
      const payee = present[(index + 1) % present.length]!;
      sent.push(await trader.actor.say(guild.generalChannelId, `!pay <@${payee.id}> 1`));
      handles.push(await trader.actor.slash(guild.generalChannelId, 'balance', {}));
    }
    // A slow database at shutdown: the levels table locked for 3 s (under the 5 s lock timeout), so the flush waits.
    const locker = new Client({ connectionString: postgres.url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE level IN ACCESS EXCLUSIVE MODE');
    const unlock = setTimeout(() => void locker.query('COMMIT'), 3_000);
    const stopAsked = Date.now();
    bot!.child.kill('SIGTERM');
    try {
      expect(await bot!.exit, bot!.output().slice(-2_000)).to.equal(0);
    } finally {
      clearTimeout(unlock);
      await locker.query('COMMIT').catch(() => undefined);
      await locker.end();
    }
    expect(Date.now() - stopAsked).to.be.below(10_000);
    expect(bot!.output()).to.match(/Shut down cleanly/);
    for (const message of sent) {
      await emu.waitForMessage({
        channelId: guild.generalChannelId,
        since: 0,
        predicate: (reply) => reply.message_reference?.message_id === message.id,
        timeoutMs: 1_000,
      });
    }
    for (const handle of handles) expect(textOf(await handle.reply(1_000))).to.not.match(APOLOGY);
    const [levels] = await sql<{ message_count: number }>(
      'SELECT message_count FROM level WHERE guild_id = $1 AND user_id = $2',
      [guild.id, chatter.id],
    );
    expect(levels?.message_count, 'the chatter’s messages written at shutdown').to.be.at.least(1);
    expect(await totalMoney()).to.equal(SEED * traders.length);
  });
});

function textOf(message: APIMessage): string {
  return [message.content, ...message.embeds.map((embed) => [embed.title, embed.description].join(' '))].join(' ');
}
