import type { Route } from '@sapphire/plugin-api';
import { Permission } from '#core/permissions/enums';
import { DashboardRoute, html, type DashboardContext } from '#core/plugin-kit/DashboardRoute';

const PAGE_SIZE = 50;

/** `GET /servers/[guildId]/tickets`: the server's tickets, newest first, each with its transcript (read-only). */
export class TicketListPageRoute extends DashboardRoute {
  public constructor(context: Route.LoaderContext) {
    super(context, {
      route: 'servers/[guildId]/tickets',
      methods: ['GET'],
      access: Permission.VIEW_ALL_TICKETS,
      menuLabel: 'Tickets',
    });
  }

  protected async handle(context: DashboardContext) {
    const { guild } = context;
    const page = this.pageNumber(context);
    const { tickets, total } = await this.container.tickets.repository.latest(guild.id, page * PAGE_SIZE, PAGE_SIZE);
    const who = (id: string | null) => this.nameOf(context, id);
    context.page(
      { title: 'Tickets', nav: await this.menu(context) },
      html`<h1>Tickets</h1>
        <div class="card table-wrap">
          ${
            tickets.length
              ? html`<table>
                    <thead>
                      <tr>
                        <th scope="col">Ticket</th>
                        <th scope="col">Title</th>
                        <th scope="col">Status</th>
                        <th scope="col">Priority</th>
                        <th scope="col">Opened by</th>
                        <th scope="col">Assigned to</th>
                        <th scope="col">Opened</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${tickets.map(
                        (ticket) =>
                          html`<tr>
                            <td><a href="/servers/${guild.id}/tickets/${ticket.number}">#${ticket.number}</a></td>
                            <td>${ticket.title}</td>
                            <td>${ticket.status}</td>
                            <td>${ticket.priority}</td>
                            <td>${who(ticket.userId)}</td>
                            <td>${who(ticket.assignedTo)}</td>
                            <td>${ticket.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</td>
                          </tr>`,
                      )}
                    </tbody>
                  </table>
                  <p class="muted">
                    ${total} ticket${total === 1 ? '' : 's'}.
                    ${page > 0 ? html`<a href="?page=${page - 1}">Newer</a>` : ''}
                    ${(page + 1) * PAGE_SIZE < total ? html`<a href="?page=${page + 1}">Older</a>` : ''}
                  </p>`
              : html`<p class="muted">No tickets yet.</p>`
          }
        </div>`,
    );
  }
}
