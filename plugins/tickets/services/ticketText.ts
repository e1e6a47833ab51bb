import { UserError } from '@sapphire/framework';
import { channelMention } from 'discord.js';
import { TicketPriority, TicketStatus, type Ticket } from '../entities/Ticket';
import { ticketNumberLabel } from './TicketRepository';

export const PRIORITY_NAMES: Record<TicketPriority, string> = {
  [TicketPriority.LOW]: 'low',
  [TicketPriority.NORMAL]: 'normal',
  [TicketPriority.HIGH]: 'high',
  [TicketPriority.URGENT]: 'urgent',
};

const STATUS_NAMES: Record<TicketStatus, string> = {
  [TicketStatus.OPEN]: 'open',
  [TicketStatus.IN_PROGRESS]: 'in progress',
  [TicketStatus.RESOLVED]: 'resolved',
  [TicketStatus.CLOSED]: 'closed',
  [TicketStatus.ESCALATED]: 'escalated',
};

/** Refuses what a member asked, telling them why. */
export function refuse(message: string): never {
  throw new UserError({ identifier: 'TicketRefused', message });
}

/** `Ticket #0042`. */
export function label(ticket: Ticket): string {
  return `Ticket #${ticketNumberLabel(ticket.number)}`;
}

/** The ticket's channel mention while it exists, else its label. */
export function where(ticket: Ticket): string {
  return ticket.channelId && !ticket.channelDeletedAt ? channelMention(ticket.channelId) : label(ticket);
}

/** The actions the state machine can refuse, as "you cannot <verb> it" and "it cannot be <done>". */
const ACTIONS = {
  claim: 'claimed',
  unclaim: 'unclaimed',
  assign: 'assigned',
  reprioritise: 'reprioritised',
  escalate: 'escalated',
  resolve: 'resolved',
  reopen: 'reopened',
  change: 'changed',
  annotate: 'annotated',
  close: 'closed',
} as const;

/** Why a ticket in this state cannot take the action (the state machine's refusals, in words). */
export function stateRefusal(ticket: Ticket, action: keyof typeof ACTIONS): string {
  switch (ticket.status) {
    case TicketStatus.CLOSED:
      return action === 'close'
        ? `${label(ticket)} is already closed.`
        : `${label(ticket)} is closed; reopen it first.`;
    case TicketStatus.RESOLVED:
      return `${label(ticket)} is resolved; reopen it before you ${action} it.`;
    default:
      return `${label(ticket)} is ${STATUS_NAMES[ticket.status]}, so it cannot be ${ACTIONS[action]}.`;
  }
}
