import type { Listener } from '@sapphire/framework';
import { GatewayDispatchEvents } from 'discord-api-types/v10';
import { authorDisplayName, isSystemMessage } from '#core/plugin-kit/gatewayMessages';
import { fetchMember } from '#core/plugin-kit/members';
import { PluginGatewayListener, type DispatchData } from '#core/plugin-kit/PluginGatewayListener';
import type { TicketChannelRef } from '../services/TicketChannelIndex';

type ChatData = DispatchData<GatewayDispatchEvents.MessageCreate>;

/**
 * Stores every message said in a ticket channel (sender, content, attachments, embeds) for the transcript, from the
 * gateway payload. People's messages restart the inactivity clock; the first staff reply sets the first-response time.
 */
export class TicketMessageRecordListener extends PluginGatewayListener<GatewayDispatchEvents.MessageCreate> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: GatewayDispatchEvents.MessageCreate });
  }

  public override runEnabled(data: ChatData, _shardId: number, guildId: string | null) {
    if (!guildId || isSystemMessage(data.type)) return;
    const ticket = this.container.tickets.ticketOfMessageChannel(guildId, data.channel_id);
    if (ticket === null) return; // known not to be a ticket channel: no promise for most messages
    return this.record(data, guildId, ticket);
  }

  private async record(
    data: ChatData,
    guildId: string,
    pending: TicketChannelRef | Promise<TicketChannelRef | undefined>,
  ) {
    const service = this.container.tickets;
    const ticket = await pending;
    if (!ticket) return;
    const bot = data.author.bot === true;
    if (!bot && (await this.isCommand(data.content, guildId))) return; // Commands (e.g. a prefix note) are not conversation.
    await service.repository.recordMessage({
      guildId,
      ticketId: ticket.ticketId,
      senderId: data.author.id,
      senderName: authorDisplayName(data),
      senderIsBot: bot,
      content: data.content,
      isInternal: false,
      discordMessageId: data.id,
      attachments: data.attachments.map((attachment) => ({ name: attachment.filename, url: attachment.url })),
      embeds: data.embeds.map((embed) => ({
        title: embed.title,
        description: embed.description,
        url: embed.url,
        color: embed.color,
        fields: (embed.fields ?? []).map((field) => ({ name: field.name, value: field.value })),
        footer: embed.footer?.text,
      })),
    });
    if (bot) return; // The bot's own notices (warnings included) are not activity.
    const guild = this.container.client.guilds.cache.get(guildId);
    const member = guild ? await fetchMember(guild, data.author.id) : null;
    const staffReply = data.author.id !== ticket.openerId && member !== null && (await service.isStaff(member));
    await service.repository.touch(ticket.ticketId, staffReply);
  }

  private async isCommand(content: string, guildId: string): Promise<boolean> {
    const prefix = await this.container.guildSettings.prefixFor(guildId);
    return content.toLowerCase().startsWith(`${prefix.toLowerCase()}ticket`);
  }
}
