import type { Route } from '@sapphire/plugin-api';
import { AuditEvent } from '#core/plugin-kit/guildConfig';
import { Permission } from '#core/permissions/enums';
import { DashboardRoute, html, type DashboardContext } from '#core/plugin-kit/DashboardRoute';

const PAGE_SIZE = 50;

/** `GET /servers/[guildId]/audit`: searches the server's stored audit log (read-only, as `/audit search`). */
export class AuditSearchPageRoute extends DashboardRoute {
  public constructor(context: Route.LoaderContext) {
    super(context, {
      route: 'servers/[guildId]/audit',
      methods: ['GET'],
      access: Permission.VIEW_AUDIT_LOGS,
      menuLabel: 'Audit log',
    });
  }

  protected async handle(context: DashboardContext) {
    const { guild } = context;
    const query = new URL(context.request.url ?? '/', 'http://localhost').searchParams;
    const memberId = /^\d{17,20}$/.test(query.get('member') ?? '') ? query.get('member')! : undefined;
    const category = Object.values(AuditEvent).find((event) => event === query.get('category'));
    const action = (query.get('action') ?? '').trim().slice(0, 64) || undefined;
    const page = Math.max(0, Number(query.get('page')) || 0);
    const { rows, total } = await this.container.audit.store.search(
      { guildId: guild.id, memberId, category, action },
      page,
      PAGE_SIZE,
    );
    const who = (id: string | null) => this.nameOf(context, id);
    const more = (to: number) => {
      const next = new URLSearchParams(query);
      next.set('page', String(to));
      return `?${next.toString()}`;
    };
    context.page(
      { title: 'Audit log', nav: await this.menu(context) },
      html`<h1>Audit log</h1>
        <form method="get" class="card" role="search">
          <div class="field">
            <label for="audit-member">Member id</label>
            <input type="search" id="audit-member" name="member" inputmode="numeric" value="${memberId ?? ''}" />
          </div>
          <div class="field">
            <label for="audit-category">Category</label>
            <select id="audit-category" name="category">
              <option value="">(any)</option>
              ${Object.values(AuditEvent).map(
                (event) => html`<option ${event === category ? html`selected` : ''}>${event}</option>`,
              )}
            </select>
          </div>
          <div class="field">
            <label for="audit-action">Action (or its start)</label>
            <input type="search" id="audit-action" name="action" value="${action ?? ''}" maxlength="64" />
          </div>
          <button type="submit">Search</button>
        </form>
        <div class="card table-wrap">
          ${
            rows.length
              ? html`<table>
                    <thead>
                      <tr>
                        <th scope="col">When</th>
                        <th scope="col">Category</th>
                        <th scope="col">Action</th>
                        <th scope="col">By</th>
                        <th scope="col">What</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${rows.map(
                        (row) =>
                          html`<tr>
                            <td>${row.createdAt.toISOString().slice(0, 19).replace('T', ' ')}</td>
                            <td>${row.eventType}</td>
                            <td>${row.actionType}</td>
                            <td>${who(row.performedBy)}</td>
                            <td>${row.details ?? ''}</td>
                          </tr>`,
                      )}
                    </tbody>
                  </table>
                  <p class="muted">
                    ${total} event${total === 1 ? '' : 's'}.
                    ${page > 0 ? html`<a href="${more(page - 1)}">Newer</a>` : ''}
                    ${(page + 1) * PAGE_SIZE < total ? html`<a href="${more(page + 1)}">Older</a>` : ''}
                  </p>`
              : html`<p class="muted">No event matches.</p>`
          }
        </div>`,
    );
  }
}
