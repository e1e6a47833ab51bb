import type { Listener } from '@sapphire/framework';
import { Events } from 'discord.js';
import { PluginListener } from '#core/plugin-kit/PluginListener';
import { TicketStatus } from '../entities/Ticket';

/**
 * On start-up, makes Redis agree with the database (the source of truth): every open ticket has its inactivity job,
 * every closed ticket whose channel still exists has its deletion job, and tickets whose channel was deleted while
 * the bot was away are closed. Job ids are deterministic, so jobs Redis still holds are not queued twice.
 */
export class TicketReconcileListener extends PluginListener<typeof Events.ClientReady> {
  public constructor(context: Listener.LoaderContext, options: Listener.Options) {
    super(context, { ...options, event: Events.ClientReady, once: true });
  }

  public override async runEnabled() {
    const service = this.container.tickets;
    const { client, guildSettings, logger } = this.container;
    let checked = 0;
    for (const ticket of await service.store.withLiveChannels()) {
      const guild = client.guilds.cache.get(ticket.guildId);
      if (!guild || !(await guildSettings.isEnabled(guild.id, 'tickets'))) continue;
      try {
        checked += 1;
        if (!(await service.channelOf(guild, ticket))) {
          await service.channelGone(guild, ticket);
          continue;
        }
        const settings = await service.settings(guild.id);
        if (ticket.status === TicketStatus.CLOSED) {
          const deleteAt = ticket.closedAt!.getTime() + settings.deleteChannelAfterSeconds * 1000;
          await service.scheduleChannelDelete(ticket, deleteAt - Date.now());
        } else {
          await service.scheduleInactivity(ticket, settings);
        }
      } catch (error) {
        logger.error(`Tickets: reconciling ticket ${ticket.id} failed:`, error);
      }
    }
    if (checked > 0) logger.info(`Tickets: reconciled ${checked} ticket(s) with the task queue.`);
  }
}
