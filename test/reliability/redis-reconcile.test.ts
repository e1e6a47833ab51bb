import { container } from '@sapphire/framework';
import { expect } from 'chai';
import { ChannelType } from 'discord-api-types/v10';
import { createTestGuild, harness, type Harness, type TestGuild } from '../helpers/e2e';
import { loseRedis, queuedJobs } from '../helpers/redisLoss';
import { eventually } from '../helpers/wait';

/**
 * Redis restarted empty forgets every delayed job and job scheduler. Every plugin with scheduled work rebuilds it
 * from the database through its `reconcile` hook, which the core calls on the reconnect (not only at start-up):
 * moderation's tempban expiry and its periodic catch-up, tickets' auto-close and channel deletion, welcome's greeting
 * clean-up, profile's birthday tick, audit's and kb's retention, achievements' retroactive evaluations, and the
 * example reminders.
 */
describe('Redis restarted empty: every plugin rebuilds its scheduled work', function () {
  this.timeout(60_000);
  let h: Harness;
  let guild: TestGuild;

  before(async () => {
    h = await harness();
    await h.emu.waitForCommandsRegistered(['ban', 'ticket', 'remind'], { timeoutMs: 15_000 });
  });

  beforeEach(async () => {
    guild = await createTestGuild(h.emu);
  });

  const enable = (plugin: string) => container.guildSettings.enablePlugin(guild.id, plugin, guild.setupBy);
  const setting = (plugin: string, key: string, value: string) =>
    container.guildSettings.setPluginSetting(guild.id, plugin, key, value, guild.setupBy);
  const jobIds = async (name: string) => (await queuedJobs(name, guild.id)).map((job) => job.id ?? '');

  it('queues again, from the database, every job and scheduler Redis lost', async () => {
    for (const plugin of ['moderation', 'tickets', 'welcome', 'profile', 'audit', 'kb', 'achievements', 'reminders']) {
      await enable(plugin);
    }
    const supportRoleId = h.emu.createRole(guild.id, { name: 'Support' }).id;
    const categoryId = h.emu.createChannel(guild.id, { name: 'Support', type: ChannelType.GuildCategory }).id;
    const welcomeChannelId = h.emu.createChannel(guild.id, { name: 'welcome' }).id;
    await container.guildSettings.updateConfig(
      guild.id,
      'g',
      {
        modRoleId: guild.modRoleId,
        supportRoleId,
        supportCategoryId: categoryId,
        welcomeChannelId,
      },
      guild.setupBy,
    );
    await setting('tickets', 'cooldownSeconds', '0');
    await setting('tickets', 'deleteChannelAfterSeconds', '3600');
    await setting('welcome', 'deleteAfterSeconds', '3600');
    await eventually(() => container.client.channels.cache.has(welcomeChannelId), 'the bot to see #welcome');

    // moderation: a tempban of an hour
    const ban = await guild.slash(guild.as.moderator, 'ban', undefined, { user: guild.member.id, duration: '1h' });
    expect(ban.text).to.match(/banned/i);
    // tickets: one open (auto-close clock), one closed (channel deletion in an hour)
    const moderatorOpened = await guild.prefix(guild.as.moderator, '!ticket open Printer | it jams');
    const openChannel = /<#(\d+)>/.exec(moderatorOpened.text)![1]!;
    const ownerOpened = await guild.prefix(guild.as.owner, '!ticket open Closing | soon');
    const closingChannel = /<#(\d+)>/.exec(ownerOpened.text)![1]!;
    await guild.as.owner.say(closingChannel, '!ticket close');
    await h.emu.waitForMessage({ channelId: closingChannel, predicate: (message) => /closed/i.test(message.content) });
    // welcome: a greeting that deletes itself in an hour
    const newcomer = h.emu.createUser({ username: 'newcomer' });
    await h.emu.actor(newcomer.id).joinGuild(guild.id);
    const greeting = await h.emu.waitForMessage({ channelId: welcomeChannelId });
    // reminders: one due in an hour
    const reminder = await guild.slash(guild.as.owner, 'remind', 'set', { in: '1h', text: 'stand up' });
    const reminderId = /#(\d+)/.exec(reminder.text)![1]!;

    const owed: Record<string, string[]> = {};
    await eventually(
      async () => {
        for (const name of [
          'moderationExpiry',
          'ticketInactivity',
          'ticketChannelDelete',
          'welcomeCleanup',
          'reminderDue',
        ]) {
          owed[name] = await jobIds(name);
        }
        return Object.values(owed).every((ids) => ids.length > 0);
      },
      'every plugin to have queued its jobs',
      10_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${JSON.stringify(owed)}`);
    });
    expect(owed.welcomeCleanup).to.deep.equal([`welcome-cleanup-${greeting.id}`]);
    expect(owed.reminderDue).to.deep.equal([`reminder-${reminderId}`]);
    // The closed ticket's inactivity job is not owed any more (it would find the ticket closed): only the open one's.
    const [open] = (await container.database.query('SELECT id FROM ticket WHERE channel_id = $1', [openChannel])) as {
      id: number;
    }[];
    owed.ticketInactivity = owed.ticketInactivity!.filter((id) => id.startsWith(`ticket-inactivity-${open!.id}-`));
    expect(owed.ticketInactivity).to.have.length(1);
    // achievements: an evaluation owed (its job was lost with Redis before it ran)
    await container.database.query('UPDATE achievement SET retro_pending = true WHERE guild_id = $1', [guild.id]);
    const schedulers = ['moderationReconcile', 'birthdayTick', 'auditRetention', 'kbRetention'];

    await loseRedis(h.config.redisNamespace);

    let missing: string[] = [];
    await eventually(
      async () => {
        missing = [];
        for (const [name, ids] of Object.entries(owed)) {
          const now = await jobIds(name);
          missing.push(...ids.filter((id) => !now.includes(id)).map((id) => `${name} ${id}`));
        }
        for (const name of schedulers) {
          if (!(await container.tasks.client.getJobScheduler(name))) missing.push(`scheduler ${name}`);
        }
        return missing.length === 0;
      },
      'every job and scheduler to be queued again',
      15_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}; missing: ${missing.join(', ')}`);
    });
    await eventually(
      async () =>
        (
          (await container.database.query(
            'SELECT count(*)::int AS n FROM achievement WHERE guild_id = $1 AND retro_pending',
            [guild.id],
          )) as { n: number }[]
        )[0]!.n === 0,
      'the owed achievement evaluations to run',
      15_000,
    );
  });
});
