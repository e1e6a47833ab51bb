import { definePluginEvents } from '#core/plugin-system/eventGuilds';
import type { ModerationAction } from './entities/ModerationLog';

/** Announced after every case is recorded, for audit logs, achievements and statistics. */
export interface ModerationActionEvent {
  guildId: string;
  caseNumber: number;
  action: ModerationAction;
  /** Null for a purge of everyone's messages. */
  userId: string | null;
  /** Null when Discord's audit log named no moderator. */
  moderatorId: string | null;
  reason: string;
  expiresAt: Date | null;
  /** A command, an action done in Discord's own interface, a warn threshold, or an expiry. */
  source: 'command' | 'manual' | 'automatic' | 'expiry';
}

/** Announced after `/purge` deleted messages (and recorded its case), for statistics. */
export interface MessagesPurgedEvent {
  guildId: string;
  channelId: string;
  /** Who ran the purge. */
  moderatorId: string;
  caseNumber: number;
  /** Every message deleted. */
  deleted: number;
  /** The deleted messages written by someone other than the moderator. */
  deletedOfOthers: number;
}

declare module 'discord.js' {
  interface ClientEvents {
    moderationAction: [ModerationActionEvent];
    messagesPurged: [MessagesPurgedEvent];
  }
}

export const moderationEvents = definePluginEvents({
  moderationAction: (event) => event.guildId,
  messagesPurged: (event) => event.guildId,
});
