import type { ScheduledTasksPayload } from '@sapphire/plugin-scheduled-tasks';
import { RESTJSONErrorCodes } from 'discord.js';
import { PluginTask } from '#core/plugin-kit/PluginTask';
import { TicketStatus } from '../entities/Ticket';

/** Deletes a closed ticket's channel once the delay is over; a reopened ticket keeps it. */
export class TicketChannelDeleteTask extends PluginTask<'ticketChannelDelete'> {
  public override async runEnabled({ guildId, ticketId }: ScheduledTasksPayload<'ticketChannelDelete'>) {
    const service = this.container.tickets;
    const ticket = await service.store.byId(ticketId);
    if (!ticket || ticket.status !== TicketStatus.CLOSED || ticket.channelDeletedAt) return;
    const guild = this.container.client.guilds.cache.get(guildId);
    if (!guild) return;
    const channel = await service.channelOf(guild, ticket);
    // Marked first: the CHANNEL_DELETE this causes must not look like a deletion by hand.
    await service.store.markChannelDeleted(ticket.id);
    await channel?.delete(`Ticket ${ticket.number} closed`).catch((error: { code?: number }) => {
      if (error.code !== RESTJSONErrorCodes.UnknownChannel) throw error;
    });
  }
}
