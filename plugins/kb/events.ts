import { definePluginEvents } from '#core/plugin-system/eventGuilds';

/** A member answered a suggested entry's "This helped" / "Not helpful" buttons. */
export interface KbAnswerRatedEvent {
  guildId: string;
  entryId: number;
  /** The member who rated. */
  userId: string;
  /** Who wrote the entry (its `createdBy`): achievements credits them with HELP for a helpful answer. */
  authorId: string;
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
