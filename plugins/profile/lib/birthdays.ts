import { container } from '@sapphire/framework';
import { Routes, type RESTPostAPIChannelMessageResult } from 'discord.js';
import type { PluginHandle } from '#core/plugin-system/definePlugin';
import { settingNotices } from '#core/plugin-kit/settingNotices';
import { BirthdayService } from '../services/BirthdayService';
import type { profileSettings } from '../settings';

/** How often the birthday job runs: a birthday is announced at most this long after the member's local midnight. */
export const BIRTHDAY_TICK_MS = 15 * 60_000;

/** The birthday service on this bot's database and REST client, with a clock (tests drive their own). */
export function birthdayService(plugin: PluginHandle<typeof profileSettings>, clock: () => Date): BirthdayService {
  const notices = settingNotices();
  return new BirthdayService({
    dataSource: container.database,
    plugin,
    clock,
    post: async (channelId, content, userId) => {
      const message = (await container.client.rest.post(Routes.channelMessages(channelId), {
        body: { content, allowed_mentions: { users: [userId] } },
      })) as RESTPostAPIChannelMessageResult;
      return message.id;
    },
    addRole: async (guildId, userId, roleId) => {
      await container.client.rest.put(Routes.guildMemberRole(guildId, userId, roleId), { reason: 'Birthday' });
    },
    removeRole: async (guildId, userId, roleId) => {
      await container.client.rest.delete(Routes.guildMemberRole(guildId, userId, roleId), {
        reason: 'Birthday is over',
      });
    },
    // Asked of Discord: any process may run the birthday job, a worker with no gateway cache included.
    stillExists: (guildId, kind, reference) =>
      kind === 'role' ? notices.roleExists(guildId, reference) : notices.channelExists(guildId, reference),
    logger: { warn: (...values: unknown[]) => container.logger.warn(...values) },
  });
}

/** Keeps the recurring birthday job scheduled (idempotent: the scheduler is upserted by its id). */
export async function scheduleBirthdayTick(): Promise<void> {
  await container.tasks.client.upsertJobScheduler(
    'birthdayTick',
    { every: BIRTHDAY_TICK_MS },
    { name: 'birthdayTick', data: null, opts: { removeOnComplete: true, removeOnFail: true } },
  );
}
