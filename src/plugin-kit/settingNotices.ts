import { container, type ILogger } from '@sapphire/framework';
import {
  DiscordAPIError,
  RESTJSONErrorCodes,
  Routes,
  channelMention,
  roleMention,
  type APIGuild,
  type Guild,
  type GuildBasedChannel,
  type REST,
  type Role,
} from 'discord.js';
import type { RedisConnection } from '../redis/connect';
import { ifChannelExists, unlessUnknown } from './discordErrors';

/** What the notices need, handed over by a manifest's `setup` (see {@link settingNotices}). */
export interface SettingNoticesDependencies {
  redis: Pick<RedisConnection, 'set' | 'del'>;
  /** Prefix of the bot's Redis keys. */
  redisNamespace: string;
  /** The guild's core log channel, where notices go first. */
  logChannelOf: (guildId: string) => Promise<string | null>;
  logger: Pick<ILogger, 'warn'>;
  /** Discord's REST API: notices are posted, and settings checked for scheduled work, through it. */
  rest: Pick<REST, 'get' | 'post'>;
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

/**
 * Tells a guild's admins, once, that a plugin setting names something the bot cannot use — a role or channel deleted
 * since it was set, a role above the bot's — so the feature skips it instead of failing each time: in the core log
 * channel, or by DM to the owner when there is none or the bot cannot post there. Once across processes (Redis
 * SET NX) until {@link forget} (the admin changed the setting, or may have fixed the cause). Notices go through REST,
 * so any process says them alike, a worker with no gateway included.
 */
export class SettingNotices {
  public constructor(private readonly deps: SettingNoticesDependencies) {}

  /** Says it unless this guild already heard about this subject; true when it was said now. */
  public async tellOnce(guildId: string, notice: SettingNotice): Promise<boolean> {
    const first = await this.deps.redis.set(this.key(guildId, notice.plugin, notice.subject), '1', 'NX');
    if (first !== 'OK') return false;
    const logChannelId = await this.deps.logChannelOf(guildId);
    try {
      if (logChannelId && (await this.post(logChannelId, notice.content))) return true;
      const guild = (await this.deps.rest.get(Routes.guild(guildId))) as APIGuild;
      const dm = (await this.deps.rest.post(Routes.userChannels(), { body: { recipient_id: guild.owner_id } })) as {
        id: string;
      };
      await this.deps.rest.post(Routes.channelMessages(dm.id), {
        body: { content: `**${guild.name}**: ${notice.content}`, allowed_mentions: { parse: [] } },
      });
    } catch {
      // The owner's DMs are closed too: the log is the last place to say it.
      this.deps.logger.warn(`Guild ${guildId}: ${notice.content}`);
    }
    return true;
  }

  /** Posts in the log channel; false when Discord refuses (deleted, or the bot may not write there). */
  private async post(channelId: string, content: string): Promise<boolean> {
    try {
      await this.deps.rest.post(Routes.channelMessages(channelId), {
        body: { content, allowed_mentions: { parse: [] } },
      });
      return true;
    } catch (error) {
      if (error instanceof DiscordAPIError) return false;
      throw error;
    }
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
    if (!role) await this.tellGone(guild.id, reference, 'role');
    return role;
  }

  /**
   * The channel (or category) a setting names, when it still exists; otherwise undefined, and the admin is told once
   * that it is skipped.
   */
  public async channel(guild: Guild, reference: SettingReference): Promise<GuildBasedChannel | undefined> {
    const channel = guild.channels.cache.get(reference.id);
    if (!channel) await this.tellGone(guild.id, reference, 'channel');
    return channel;
  }

  /**
   * {@link role} asked of Discord, for scheduled work (any process may run it, and a worker caches no guild): whether
   * the role still exists in the guild; when it does not, the admin is told once that it is skipped. Any other
   * failure throws.
   */
  public async roleExists(guildId: string, reference: SettingReference): Promise<boolean> {
    const exists =
      reference.id !== guildId &&
      (await unlessUnknown(
        this.deps.rest.get(Routes.guildRole(guildId, reference.id)),
        RESTJSONErrorCodes.UnknownRole,
      )) !== null;
    if (!exists) await this.tellGone(guildId, reference, 'role');
    return exists;
  }

  /**
   * {@link channel} asked of Discord, for scheduled work: whether the channel still exists in the guild; when it
   * does not, the admin is told once that it is skipped. Any other refusal (a channel the bot may not see) throws,
   * as posting there would.
   */
  public async channelExists(guildId: string, reference: SettingReference): Promise<boolean> {
    const channel = (await ifChannelExists(this.deps.rest.get(Routes.channel(reference.id)))) as {
      guild_id?: string;
    } | null;
    const exists = channel !== null && channel.guild_id === guildId;
    if (!exists) await this.tellGone(guildId, reference, 'channel');
    return exists;
  }

  private async tellGone(guildId: string, reference: SettingReference, kind: 'role' | 'channel'): Promise<void> {
    const { plugin, setting, id, skipped } = reference;
    const mention = kind === 'role' ? roleMention(id) : channelMention(id);
    await this.tellOnce(guildId, {
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
    rest: container.client.rest,
  });
}
