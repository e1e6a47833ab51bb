import { definePluginEvents } from '#core/plugin-system/eventGuilds';

/** A member answered a suggested entry's "This helped" / "Not helpful" buttons. */
export interface KbAnswerRatedEvent {
  guildId: string;
  entryId: number;
  userId: string;
  helpful: boolean;
  /** The tickets plugin's ticket id, when the suggestion was made in a ticket. */
  ticketId?: number;
}

declare module 'discord.js' {
  interface ClientEvents {
    kbAnswerRated: [KbAnswerRatedEvent];
  }
}

export const kbEvents = definePluginEvents({
  kbAnswerRated: (event) => event.guildId,
});
