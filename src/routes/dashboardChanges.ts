import type { Route } from '@sapphire/plugin-api';
import { DashboardRoute, html, type DashboardContext } from '../plugin-kit/DashboardRoute';

/** `GET /servers/[guildId]/changes`: the latest dashboard changes of the server: who, what, before and after. */
export class DashboardChangesRoute extends DashboardRoute {
  public constructor(context: Route.LoaderContext) {
    super(context, {
      route: 'servers/[guildId]/changes',
      methods: ['GET'],
      access: 'manager',
      menuLabel: 'Change history',
      menuOrder: 3,
    });
  }

  protected async handle(context: DashboardContext) {
    const { guild } = context;
    const changes = await this.container.dashboard.changes.latest(guild.id);
    const who = (id: string) => this.nameOf(context, id);
    context.page(
      { title: 'Change history', nav: await this.menu(context) },
      html`<h1>Change history</h1>
        <div class="card table-wrap">
          ${
            changes.length
              ? html`<table>
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Who</th>
                      <th scope="col">What</th>
                      <th scope="col">Before</th>
                      <th scope="col">After</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${changes.map(
                      (change) =>
                        html`<tr>
                          <td>
                            <time datetime="${change.createdAt.toISOString()}"
                              >${change.createdAt.toISOString().replace('T', ' ').slice(0, 19)} UTC</time
                            >
                          </td>
                          <td>${who(change.actorId)}</td>
                          <td>${change.target}</td>
                          <td><code>${JSON.stringify(change.before)}</code></td>
                          <td><code>${JSON.stringify(change.after)}</code></td>
                        </tr>`,
                    )}
                  </tbody>
                </table>`
              : html`<p class="muted">No change was made on the dashboard yet.</p>`
          }
        </div>`,
    );
  }
}
