import type { ILogger } from '@sapphire/framework';
import type { ScheduledTaskHandler } from '@sapphire/plugin-scheduled-tasks';
import {
  EmbedBuilder,
  Routes,
  type APIChannel,
  type APIMessage,
  type Client,
  type ClientEvents,
  type GuildMember,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import type { DataSource } from 'typeorm';
import type { Permission } from '#core/permissions/enums';
import type { PluginHandle } from '#core/plugin-system/definePlugin';
import { ifChannelExists } from '#core/plugin-kit/discordErrors';
import type { SettingNotices } from '#core/plugin-kit/settingNotices';
import type { Ticket } from '../entities/Ticket';
import type { TicketEvent, ticketsEvents } from '../events';
import type { TicketSettings, ticketSettings } from '../settings';
import { TicketChannelIndex } from './TicketChannelIndex';
import { TicketRepository } from './TicketRepository';

/** The ticket events, by name. */
export type TicketEventName = keyof typeof ticketsEvents;

/** What tickets read of the guild's core configuration. */
export interface TicketGuildConfig {
  supportRoleId: string | null;
  modRoleId: string | null;
  adminRoleId: string | null;
  supportCategoryId: string | null;
  ticketLogChannelId: string | null;
}

/** What the ticket services work with, handed in by the plugin's `setup`. */
export interface TicketDependencies {
  dataSource: DataSource;
  plugin: PluginHandle<typeof ticketSettings>;
  /** The Discord client (created after `setup`, so asked for when needed). Scheduled work uses only its REST. */
  client: () => Client;
  /** The task queue (created with the client), to find a guild's queued jobs. */
  tasks: () => ScheduledTaskHandler;
  /** The guild's core configuration (staff roles, support category, ticket-log channel). */
  guildConfig: (guildId: string) => Promise<TicketGuildConfig>;
  /** Whether a member has a permission of the core's permission system. */
  hasPermission: (member: GuildMember, permission: Permission) => Promise<boolean>;
  /** The bot's logger (created with the client, so asked for when needed). */
  logger: () => ILogger;
  /** Tells the admins once about a setting that names a role or category that is gone. */
  notices: SettingNotices;
  /** Emits one of the ticket events for other plugins. */
  emit: <Name extends TicketEventName>(name: Name, ...payload: ClientEvents[Name]) => void;
}

/** A file sent with a message through REST. */
export interface MessageFile {
  name: string;
  description: string;
  data: Buffer;
}

/**
 * What every ticket service shares: its dependencies and the Discord calls they make by id through REST (never the
 * gateway cache), so closing, warning and deleting work in whichever process runs them.
 */
export class TicketContext {
  public readonly repository: TicketRepository;
  public readonly plugin: PluginHandle<typeof ticketSettings>;
  /** Which channels are tickets', answered from memory for the message listener. */
  public readonly channels: TicketChannelIndex;

  public constructor(public readonly deps: TicketDependencies) {
    this.repository = new TicketRepository(deps.dataSource);
    this.plugin = deps.plugin;
    this.channels = new TicketChannelIndex((guildId) => this.repository.withLiveChannels(guildId));
  }

  public settings(guildId: string): Promise<TicketSettings> {
    return this.plugin.settings(guildId);
  }

  public get logger(): ILogger {
    return this.deps.logger();
  }

  public get client(): Client {
    return this.deps.client();
  }

  public botId(): string {
    return this.client.user!.id;
  }

  /** Whether the ticket's channel (or thread) still exists, asked of Discord. */
  public async channelExists(ticket: Ticket): Promise<boolean> {
    if (!ticket.channelId) return false;
    return (
      (await ifChannelExists(this.client.rest.get(Routes.channel(ticket.channelId)) as Promise<APIChannel>)) !== null
    );
  }

  /** Posts a message by channel id; null when the channel no longer exists. */
  public post(
    channelId: string,
    body: RESTPostAPIChannelMessageJSONBody,
    files: readonly MessageFile[] = [],
  ): Promise<APIMessage | null> {
    const request = this.client.rest.post(Routes.channelMessages(channelId), {
      body: {
        ...body,
        attachments: files.map((file, index) => ({ id: index, filename: file.name, description: file.description })),
      },
      files: files.map((file) => ({ name: file.name, data: file.data })),
    }) as Promise<APIMessage>;
    return ifChannelExists(request);
  }

  /** Posts a ticket event to the guild's ticket-log channel, if it has one; user text can never ping. */
  public async log(
    guildId: string,
    title: string,
    description: string,
    colour: number,
    files: readonly MessageFile[] = [],
  ): Promise<boolean> {
    const { ticketLogChannelId } = await this.deps.guildConfig(guildId);
    if (!ticketLogChannelId) return false;
    try {
      const embed = new EmbedBuilder().setTitle(title).setDescription(description.slice(0, 4000)).setColor(colour);
      const posted = await this.post(
        ticketLogChannelId,
        { embeds: [embed.setTimestamp().toJSON()], allowed_mentions: { parse: [] } },
        files,
      );
      return posted !== null;
    } catch (error) {
      this.logger.warn(`Tickets: could not write to the ticket-log channel of ${guildId}:`, error);
      return false;
    }
  }

  public event(ticket: Ticket, actorId: string): TicketEvent {
    return {
      guildId: ticket.guildId,
      ticketId: ticket.id,
      number: ticket.number,
      openerId: ticket.userId,
      channelId: ticket.channelId,
      actorId,
    };
  }
}
