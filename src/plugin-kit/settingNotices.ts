import { container, type ILogger } from '@sapphire/framework';
import {
  PermissionFlagsBits,
  channelMention,
  roleMention,
  type Guild,
  type GuildBasedChannel,
  type Role,
} from 'discord.js';
import type { RedisConnection } from '../redis/connect';

/** What the notices need, handed over by a manifest's `setup` (see {@link settingNotices}). */
export interface SettingNoticesDependencies {
  redis: Pick<RedisConnection, 'set' | 'del'>;
  /** Prefix of the bot's Redis keys. */
  redisNamespace: string;
  /** The guild's core log channel, where notices go first. */
  logChannelOf: (guildId: string) => Promise<string | null>;
  logger: Pick<ILogger, 'warn'>;
}

/** One thing an admin should hear about once. */
export interface SettingNotice {
  plugin: string;
  /** What the notice is about (a setting and the id it names…): each subject is told once per guild. */
  subject: string;
  content: string;
}

/** A setting that names a role, a channel or a category, and what the feature does without it. */
export interface SettingReference {
  plugin: string;
  setting: string;
  id: string;
  /** What happens instead, said to the admin: "the escalation pings nobody". */
  skipped: string;
}

const LOG_PERMISSIONS = [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages];

/**
 * Tells a guild's admins, once, that a plugin setting names something the bot cannot use — a role or channel deleted
 * since it was set, a role above the bot's — so the feature skips it instead of failing each time: in the core log
 * channel, or by DM to the owner when there is none or the bot cannot post there. Once across processes (Redis
 * SET NX) until {@link forget} (the admin changed the setting, or may have fixed the cause).
 */
export class SettingNotices {
  public constructor(private readonly deps: SettingNoticesDependencies) {}

  /** Says it unless this guild already heard about this subject; true when it was said now. */
  public async tellOnce(guild: Guild, notice: SettingNotice): Promise<boolean> {
    const first = await this.deps.redis.set(this.key(guild.id, notice.plugin, notice.subject), '1', 'NX');
    if (first !== 'OK') return false;
    const logChannelId = await this.deps.logChannelOf(guild.id);
    const logChannel = logChannelId ? guild.channels.cache.get(logChannelId) : undefined;
    const me = guild.members.me;
    try {
      if (logChannel?.isSendable() && me && logChannel.permissionsFor(me).has(LOG_PERMISSIONS)) {
        await logChannel.send({ content: notice.content, allowedMentions: { parse: [] } });
        return true;
      }
      const owner = await guild.fetchOwner();
      await owner.send({ content: `**${guild.name}**: ${notice.content}`, allowedMentions: { parse: [] } });
    } catch {
      // The owner's DMs are closed too: the log is the last place to say it.
      this.deps.logger.warn(`Guild ${guild.id}: ${notice.content}`);
    }
    return true;
  }

  /** Lets a subject be told again (its setting changed). */
  public async forget(guildId: string, plugin: string, subject: string): Promise<void> {
    await this.deps.redis.del(this.key(guildId, plugin, subject));
  }

  /**
   * The role a setting names, when it still exists; otherwise undefined, and the admin is told once that it is
   * skipped.
   */
  public async role(guild: Guild, reference: SettingReference): Promise<Role | undefined> {
    const role = reference.id === guild.id ? undefined : guild.roles.cache.get(reference.id);
    if (!role) await this.tellGone(guild, reference, 'role', roleMention(reference.id));
    return role;
  }

  /**
   * The channel (or category) a setting names, when it still exists; otherwise undefined, and the admin is told once
   * that it is skipped.
   */
  public async channel(guild: Guild, reference: SettingReference): Promise<GuildBasedChannel | undefined> {
    const channel = guild.channels.cache.get(reference.id);
    if (!channel) await this.tellGone(guild, reference, 'channel', channelMention(reference.id));
    return channel;
  }

  private async tellGone(guild: Guild, reference: SettingReference, kind: string, mention: string): Promise<void> {
    const { plugin, setting, id, skipped } = reference;
    await this.tellOnce(guild, {
      plugin,
      subject: `gone:${setting}:${id}`,
      content:
        `${plugin}: the \`${setting}\` setting names a ${kind} that no longer exists (${mention}, \`${id}\`), so ` +
        `${skipped}. Choose another with \`/plugins config ${plugin} ${setting} <${kind}>\`, or \`none\`.`,
    });
  }

  private key(guildId: string, plugin: string, subject: string): string {
    return `${this.deps.redisNamespace}:setting-notice:${guildId}:${plugin}:${subject}`;
  }
}

/** The running bot's notices, for a manifest's `setup` to hand to its services. */
export function settingNotices(): SettingNotices {
  const { redis, config, guildSettings } = container;
  return new SettingNotices({
    redis,
    redisNamespace: config.redisNamespace,
    logChannelOf: async (guildId) => (await guildSettings.get(guildId)).config.logChannelId,
    logger: { warn: (...values: unknown[]) => container.logger.warn(...values) },
  });
}
