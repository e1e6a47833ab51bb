import type { Route } from '@sapphire/plugin-api';
import { Permission } from '#core/permissions/enums';
import { DashboardError, DashboardRoute, type DashboardContext } from '#core/plugin-kit/DashboardRoute';

/**
 * `GET /servers/[guildId]/tickets/[number]`: a ticket's staff transcript (internal notes included), the same HTML
 * the ticket-log channel receives, served under its own strict policy (no script, inline styles only).
 */
export class TicketTranscriptPageRoute extends DashboardRoute {
  public constructor(context: Route.LoaderContext) {
    super(context, {
      route: 'servers/[guildId]/tickets/[number]',
      methods: ['GET'],
      access: Permission.VIEW_ALL_TICKETS,
    });
  }

  protected async handle({ guild, request, response }: DashboardContext) {
    const number = Number(request.params.number);
    const { tickets } = this.container;
    const ticket = Number.isSafeInteger(number) ? await tickets.repository.byNumber(guild.id, number) : null;
    if (!ticket) throw new DashboardError(404, 'There is no such ticket on this server.');
    const transcript = await tickets.closing.staffTranscriptHtml(guild.id, ticket);
    response.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox",
      'X-Content-Type-Options': 'nosniff',
    });
    response.end(transcript);
  }
}
