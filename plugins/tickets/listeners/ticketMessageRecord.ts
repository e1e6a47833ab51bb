import type { Listener } from '@sapphire/framework';
import { Events, type Message } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import type { TicketChannelRef } from '../services/TicketChannelIndex';

/**
 * Stores every message said in a ticket channel (sender, content, attachments, embeds) for the transcript. People's
 * messages restart the inactivity clock; the first staff reply sets the first-response time.
 */
export class TicketMessageRecordListener extends PluginListener<typeof Events.MessageCreate> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.MessageCreate });
  }

  public override runEnabled(message: Message) {
    if (!message.inGuild() || message.system) return;
    const ticket = this.container.tickets.ticketOfMessageChannel(message.guildId, message.channelId);
    if (ticket === null) return; // known not to be a ticket channel: no promise for most messages
    return this.record(message, ticket);
  }

  private async record(message: Message<true>, pending: TicketChannelRef | Promise<TicketChannelRef | undefined>) {
    const service = this.container.tickets;
    const ticket = await pending;
    if (!ticket) return;
    const bot = message.author.bot;
    if (!bot && (await this.isCommand(message))) return; // Commands (e.g. a prefix note) are not conversation.
    await service.repository.recordMessage({
      guildId: message.guildId,
      ticketId: ticket.ticketId,
      senderId: message.author.id,
      senderName: message.member?.displayName ?? message.author.username,
      senderIsBot: bot,
      content: message.content,
      isInternal: false,
      discordMessageId: message.id,
      attachments: message.attachments.map((attachment) => ({ name: attachment.name, url: attachment.url })),
      embeds: message.embeds.map((embed) => ({
        title: embed.title ?? undefined,
        description: embed.description ?? undefined,
        url: embed.url ?? undefined,
        color: embed.color ?? undefined,
        fields: embed.fields.map((field) => ({ name: field.name, value: field.value })),
        footer: embed.footer?.text,
      })),
    });
    if (bot) return; // The bot's own notices (warnings included) are not activity.
    const member = message.member ?? (await message.guild.members.fetch(message.author.id));
    const staffReply = message.author.id !== ticket.openerId && (await service.isStaff(member));
    await service.repository.touch(ticket.ticketId, staffReply);
  }

  private async isCommand(message: Message<true>): Promise<boolean> {
    const prefix = await this.container.guildSettings.prefixFor(message.guildId);
    return message.content.toLowerCase().startsWith(`${prefix.toLowerCase()}ticket`);
  }
}
