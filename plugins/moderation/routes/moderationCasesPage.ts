import type { Route } from '@sapphire/plugin-api';
import { Permission } from '#core/permissions/enums';
import { DashboardRoute, html, type DashboardContext } from '#core/plugin-kit/DashboardRoute';

const PAGE_SIZE = 50;

/** `GET /servers/[guildId]/moderation/cases`: the server's moderation cases, newest first (read-only, as `/cases`). */
export class ModerationCasesPageRoute extends DashboardRoute {
  public constructor(context: Route.LoaderContext) {
    super(context, {
      route: 'servers/[guildId]/moderation/cases',
      methods: ['GET'],
      access: Permission.VIEW_AUDIT_LOGS,
      menuLabel: 'Moderation cases',
    });
  }

  protected async handle(context: DashboardContext) {
    const { guild } = context;
    const page = this.pageNumber(context);
    const { cases, total } = await this.container.moderation.cases.latest(guild.id, page * PAGE_SIZE, PAGE_SIZE);
    const who = (id: string | null) => this.nameOf(context, id);
    context.page(
      { title: 'Moderation cases', nav: await this.menu(context) },
      html`<h1>Moderation cases</h1>
        <div class="card table-wrap">
          ${
            cases.length
              ? html`<table>
                    <thead>
                      <tr>
                        <th scope="col">Case</th>
                        <th scope="col">Action</th>
                        <th scope="col">Member</th>
                        <th scope="col">Moderator</th>
                        <th scope="col">Reason</th>
                        <th scope="col">When</th>
                        <th scope="col">Expires</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${cases.map(
                        (row) =>
                          html`<tr>
                            <td>#${row.caseNumber}</td>
                            <td>${row.action}</td>
                            <td>${who(row.userId)}</td>
                            <td>${who(row.performedBy)}</td>
                            <td>${row.reason}</td>
                            <td>${row.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</td>
                            <td>${row.expiresAt ? row.expiresAt.toISOString().slice(0, 16).replace('T', ' ') : '—'}</td>
                          </tr>`,
                      )}
                    </tbody>
                  </table>
                  <p class="muted">
                    ${total} case${total === 1 ? '' : 's'}.
                    ${page > 0 ? html`<a href="?page=${page - 1}">Newer</a>` : ''}
                    ${(page + 1) * PAGE_SIZE < total ? html`<a href="?page=${page + 1}">Older</a>` : ''}
                  </p>`
              : html`<p class="muted">No cases yet.</p>`
          }
        </div>`,
    );
  }
}
