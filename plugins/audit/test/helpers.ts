import { container } from '@sapphire/framework';
import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { AuditEvent } from '#core/plugin-kit/guildConfig';
import { createTestGuild, type Harness, type TestGuild } from '#test/helpers/e2e';
import { eventually } from '#test/helpers/wait';
import audit from '../index';
import { AuditLog } from '../entities/AuditLog';

/** A test guild with the audit plugin on, every category logged, and #audit-log as the default log channel. */
export interface AuditGuild extends TestGuild {
  logChannelId: string;
}

/**
 * The categories of what happens on the server: all but SETTINGS_EVENTS, which would log the settings a test changes
 * to set itself up among the events it looks for (tests of SETTINGS_EVENTS ask for it).
 */
export const SERVER_EVENTS = Object.values(AuditEvent).filter((category) => category !== AuditEvent.SETTINGS_EVENTS);

export async function auditGuild(h: Harness, categories: readonly AuditEvent[] = SERVER_EVENTS): Promise<AuditGuild> {
  const guild = await createTestGuild(h.emu);
  await container.guildSettings.enablePlugin(guild.id, audit.name, guild.setupBy);
  const logChannelId = h.emu.createChannel(guild.id, { name: 'audit-log' }).id;
  // The log channel's own creation is not one of the test's events: let the bot see it and decide on it while no
  // category is logged yet. Configured first, the event sometimes read the new configuration and left a
  // channel_create row behind (after a test had looked at the guild's rows, on a slow run).
  await eventually(() => container.client.channels.cache.has(logChannelId), 'the bot to see #audit-log');
  await container.audit.settle();
  await container.guildSettings.updateConfig(
    guild.id,
    'g',
    { logChannelId, auditEvents: [...categories] },
    guild.setupBy,
  );
  return { ...guild, logChannelId };
}

/**
 * The next log embed with this title posted in `channelId` after `since` (an `emu.mark()`), and its message. Log
 * posts wait up to 2 s to be merged, and for the actor from the audit log, so the wait is generous.
 */
export async function logEmbed(
  h: Harness,
  channelId: string,
  title: string | RegExp,
  since: number,
  timeoutMs = 12_000,
): Promise<{ embed: APIEmbed; message: APIMessage }> {
  const matches = (embed: APIEmbed) =>
    typeof title === 'string' ? embed.title === title : title.test(embed.title ?? '');
  const message = await h.emu.waitForMessage({
    channelId,
    since,
    timeoutMs,
    predicate: (candidate) => candidate.embeds.some(matches),
  });
  return { embed: message.embeds.find(matches)!, message };
}

/** The value of an embed's field, by name. */
export function field(embed: APIEmbed, name: string): string | undefined {
  return embed.fields?.find((candidate) => candidate.name === name)?.value;
}

/** Stored rows of a guild (after writing what is buffered), oldest first. */
export async function storedRows(guildId: string): Promise<AuditLog[]> {
  await container.audit.settle();
  return container.database.getRepository(AuditLog).find({ where: { guildId }, order: { id: 'ASC' } });
}

/** Every embed the bot posted in `channelId` since a mark, in order. */
export function logEmbeds(h: Harness, channelId: string, since: number): APIEmbed[] {
  return h.emu
    .messagesSince(since)
    .filter((message) => message.channel_id === channelId)
    .flatMap((message) => message.embeds);
}
