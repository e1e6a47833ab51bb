import type { AuditEvent } from '#core/plugin-kit/guildConfig';
import type { AuditTargetType } from '../entities/AuditLog';

/** A field of the posted embed; `value` may be long: the poster cuts it at Discord's limit and attaches the rest. */
export interface EntryField {
  name: string;
  value: string;
  inline?: boolean;
}

/**
 * One audit event, described: what the listeners build, before the actor is known. It becomes a stored row and,
 * if its category is routed somewhere, an embed.
 */
export interface AuditEntry {
  guildId: string;
  category: AuditEvent;
  /** Also counts as this category: when `category` is off but this one is on, the event is logged under it. */
  alsoCategory?: AuditEvent;
  action: string;
  actorId: string | null;
  targetId: string | null;
  targetType: AuditTargetType;
  changes: Record<string, unknown> | null;
  /** One line saying what happened (stored as `details`, listed in summaries). */
  summary: string;
  at: Date;
  // For filters.
  /** The channel it happened in, then its parents (thread → channel → category). */
  channelIds: readonly string[];
  /** Whom it is about. */
  subjectUserId: string | null;
  subjectIsBot: boolean;
  subjectRoleIds: readonly string[];
  // For the embed.
  title: string;
  fields: EntryField[];
  color: number;
  /** A file to attach in full (a bulk delete's messages). */
  file?: { name: string; content: string };
  /** The moderation case this event is, or was recorded as. */
  caseNumber?: number;
}

export const COLORS = {
  created: 0x57f287,
  deleted: 0xed4245,
  updated: 0xfee75c,
  neutral: 0x5865f2,
  warning: 0xe67e22,
} as const;

/** `name (id)` for a user, safe to show (mentions in embeds do not ping, and names are escaped). */
export function userLabel(id: string | null, name?: string | null): string {
  if (!id) return 'someone unknown';
  return name ? `<@${id}> (${escape(name)})` : `<@${id}>`;
}

export function channelLabel(id: string | null | undefined, name?: string | null): string {
  if (!id) return 'an unknown channel';
  return name ? `<#${id}> (#${escape(name)})` : `<#${id}>`;
}

/** Discord markdown made literal, so a name or message cannot format (or break) the log. */
export function escape(text: string): string {
  return text.replace(/([\\*_~`|>[\]()#-])/g, '\\$1');
}

/** Text shown in a code block: backticks cannot close it. */
export function block(text: string): string {
  return text.length === 0 ? '*(empty)*' : `\`\`\`\n${text.replace(/```/g, '`\u200b``')}\n\`\`\``;
}

/** A permission bit set as readable names (`ManageMessages, KickMembers`). */
export function listOrNone(items: readonly string[]): string {
  return items.length > 0 ? items.join(', ') : 'none';
}
