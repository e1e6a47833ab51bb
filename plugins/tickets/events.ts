import { definePluginEvents } from '#core/plugin-system/eventGuilds';

/** What the typed ticket events carry. */
export interface TicketEvent {
  guildId: string;
  ticketId: number;
  number: number;
  openerId: string;
  channelId: string | null;
  /** Who did it (the opener for `ticketOpened`; the bot's id for automatic closes). */
  actorId: string;
}

declare module 'discord.js' {
  interface ClientEvents {
    ticketOpened: [TicketEvent & { title: string }];
    ticketClaimed: [TicketEvent & { agentId: string }];
    ticketEscalated: [TicketEvent & { reason: string | null }];
    ticketClosed: [TicketEvent & { reason: string | null }];
  }
}

export const ticketsEvents = definePluginEvents({
  ticketOpened: (event) => event.guildId,
  ticketClaimed: (event) => event.guildId,
  ticketEscalated: (event) => event.guildId,
  ticketClosed: (event) => event.guildId,
});
