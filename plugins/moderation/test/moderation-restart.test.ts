import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { expect } from 'chai';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { buildTestGuild } from '#test/helpers/e2e';
import { botProcessSuite } from '#test/helpers/process-suite';
import { TEST_REDIS_URL } from '#test/helpers/redis';
import { eventually } from '#test/helpers/wait';
import moderation from '../index';

describe('moderation tempbans across a restart', function () {
  this.timeout(90_000);
  const bots = botProcessSuite('moderation-restart');

  interface CaseRow {
    id: number;
    user_id: string;
    expires_at: Date;
    expiry_done_at: Date | null;
  }

  async function casesOf(action: 'tempban' | 'unban'): Promise<CaseRow[]> {
    const client = new Client({ connectionString: bots.database.url });
    await client.connect();
    try {
      const result = await client.query<CaseRow>(
        'SELECT id, user_id, expires_at, expiry_done_at FROM moderation_log WHERE action = $1 ORDER BY id',
        [action],
      );
      return result.rows;
    } finally {
      await client.end();
    }
  }
  const tempbans = () => casesOf('tempban');

  it('lifts every tempban exactly once and none early, though some expire while the bot is down and a job is lost', async () => {
    const { emu } = bots;
    const guild = buildTestGuild(emu, 'Restarts');
    const members = [
      guild.member,
      ...['middle', 'late'].map((username) => {
        const user = emu.createUser({ username });
        emu.addMember(guild.id, user.id);
        return user;
      }),
    ];
    const admin = guild.as.owner;

    const first = await bots.start();
    await emu.waitForCommandsRegistered(['ban', 'plugins'], { timeoutMs: 15_000 });
    await (
      await admin.slash(guild.generalChannelId, 'plugins', {
        subcommand: 'enable',
        options: { plugin: moderation.name },
      })
    ).reply();
    // Two expire while the bot is down; the third after it is back, and its job is lost with Redis.
    for (const [index, duration] of ['2s', '4s', '15s'].entries()) {
      const reply = await (
        await admin.slash(guild.generalChannelId, 'ban', { options: { user: members[index]!.id, duration } })
      ).reply();
      expect(reply.content).to.match(/^Banned/);
    }
    first.child.kill('SIGTERM');
    expect(await first.exit).to.equal(0);

    const bans = await tempbans();
    expect(bans).to.have.length(3);
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue(`${bots.env.REDIS_NAMESPACE}-tasks`, { connection: redis });
    await (await queue.getJob(`moderationExpiry-${bans[2]!.id}`))!.remove();
    await queue.close();
    await redis.quit();

    await sleep(Math.max(0, bans[1]!.expires_at.getTime() - Date.now()) + 500);
    expect(emu.world.bans(guild.id)).to.have.length(3); // nobody lifts bans while the bot is down

    await bots.start();
    await eventually(() => emu.world.bans(guild.id).length <= 1, 'the two overdue tempbans to be lifted', 15_000);
    await eventually(() => emu.world.bans(guild.id).length === 0, 'the last tempban to be lifted', 40_000);
    await eventually(
      async () => (await tempbans()).every((ban) => ban.expiry_done_at !== null),
      'every expiry to be done',
    );
    await sleep(1_000);

    for (const ban of bans) {
      const unbans = emu.requests.filter(
        (request) =>
          request.method === 'DELETE' &&
          request.path === `/guilds/${guild.id}/bans/${ban.user_id}` &&
          request.status < 300,
      );
      expect(unbans, `unbans of ${ban.user_id}`).to.have.length(1);
      expect(unbans[0]!.time).to.be.at.least(ban.expires_at.getTime());
    }
    expect((await casesOf('unban')).map((row) => row.user_id)).to.have.members(bans.map((ban) => ban.user_id));
  });
});
