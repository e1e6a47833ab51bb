import { container } from '@sapphire/framework';
import { settingNotices } from '#core/plugin-kit/settingNotices';
import { definePlugin } from '#core/plugin-system/definePlugin';
import { SupportAgent } from './entities/SupportAgent';
import { Ticket } from './entities/Ticket';
import { TicketCounter } from './entities/TicketCounter';
import { TicketMessage } from './entities/TicketMessage';
import { ticketsEvents } from './events';
import { TicketsSchema1795597425052 } from './migrations/1795597425052-TicketsSchema';
import { supportBoard } from './services/supportBoard';
import { TicketService } from './services/TicketService';
import { ticketSettings } from './settings';

declare module '@sapphire/pieces' {
  interface Container {
    tickets: TicketService;
  }
}

export default definePlugin({
  name: 'tickets',
  description: 'Support tickets: panels, private channels, claiming, priorities, transcripts and auto-close.',
  defaultEnabled: false,
  settings: ticketSettings,
  entities: [Ticket, TicketMessage, SupportAgent, TicketCounter],
  migrations: [TicketsSchema1795597425052],
  events: ticketsEvents,
  leaderboards: [supportBoard(() => container.tickets.repository)],
  setup: (tickets) => {
    container.tickets = new TicketService({
      dataSource: container.database,
      plugin: tickets,
      client: () => container.client,
      tasks: () => container.tasks,
      guildConfig: async (guildId) => (await container.guildSettings.get(guildId)).config,
      hasPermission: (member, permission) => container.permissions.has(member, permission),
      logger: () => container.logger,
      notices: settingNotices(),
      emit: (name, ...payload) => container.client.emit(name, ...payload),
    });
  },
  reconcile: (guildId) => container.tickets.upkeep.reconcile(guildId),
  onGuildDisable: (guildId) => container.tickets.upkeep.disable(guildId),
  onSettingsChange: (guildId, key) => container.tickets.upkeep.settingsChanged(guildId, key),
});
