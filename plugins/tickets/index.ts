import { container } from '@sapphire/framework';
import { z } from 'zod';
import { definePlugin } from '#core/plugin-system/definePlugin';
import { SupportAgent } from './entities/SupportAgent';
import { Ticket } from './entities/Ticket';
import { TicketCounter } from './entities/TicketCounter';
import { TicketMessage } from './entities/TicketMessage';
import { TicketService } from './services/TicketService';
import { ticketsEvents } from './events';

export type { TicketEvent } from './events';
import { TicketsSchema1795597425052 } from './migrations/1795597425052-TicketsSchema';

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a channel or role id');

export const ticketSettings = z.object({
  maxOpenPerMember: z.number().int().min(1).max(10).default(1).describe('Open tickets a member may have at once'),
  cooldownSeconds: z
    .number()
    .int()
    .min(0)
    .max(86_400)
    .default(60)
    .describe('Seconds a member waits between opening tickets'),
  overflowCategoryId: snowflake
    .nullable()
    .default(null)
    .describe('Category used when the support category is full (50 channels)'),
  overflowToThread: z
    .boolean()
    .default(true)
    .describe('When every category is full, open a private thread in the channel where the ticket was asked for'),
  escalationRoleId: snowflake.nullable().default(null).describe('Role pinged when a ticket is escalated'),
  inactivityWarnSeconds: z
    .number()
    .int()
    .min(0)
    .max(30 * 86_400)
    .default(86_400)
    .describe('Inactivity before a ticket gets a warning (0: never auto-close)'),
  inactivityCloseSeconds: z
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .default(43_200)
    .describe('Time after the warning before the ticket closes'),
  deleteChannelAfterSeconds: z
    .number()
    .int()
    .min(0)
    .max(86_400)
    .default(10)
    .describe('Delay between closing and deleting the ticket channel'),
  closeOnLeave: z.boolean().default(false).describe("Close a member's tickets when they leave the server"),
});

export type TicketSettings = z.infer<typeof ticketSettings>;

declare module '@sapphire/pieces' {
  interface Container {
    tickets: TicketService;
  }
}

declare module '@sapphire/plugin-scheduled-tasks' {
  interface ScheduledTasks {
    ticketInactivity: { guildId: string; ticketId: number };
    ticketChannelDelete: { guildId: string; ticketId: number };
  }
}

export default definePlugin({
  name: 'tickets',
  description: 'Support tickets: panels, private channels, claiming, priorities, transcripts and auto-close.',
  defaultEnabled: false,
  settings: ticketSettings,
  entities: [Ticket, TicketMessage, SupportAgent, TicketCounter],
  leaderboards: [
    {
      name: 'support',
      description: 'Support agents by tickets closed or by rating.',
      sorts: [
        { name: 'tickets closed', value: 'closed' },
        { name: 'rating', value: 'rating' },
      ],
      page: async ({ guildId, sort, offset, limit }) => {
        const { entries, total } = await container.tickets.store.agentBoard(guildId, sort, { offset, limit });
        return {
          total,
          entries: entries.map((entry) => ({
            userId: entry.userId,
            value: `${entry.closed} closed · ${entry.averageRating === null ? 'no ratings' : `★ ${entry.averageRating.toFixed(2)} (${entry.ratings})`}`,
          })),
        };
      },
      rankOf: ({ guildId, sort, userId }) => container.tickets.store.agentRank(guildId, sort, userId),
    },
  ],
  setup: (tickets) => {
    container.tickets = new TicketService(tickets);
  },
  migrations: [TicketsSchema1795597425052],
  events: ticketsEvents,
});
