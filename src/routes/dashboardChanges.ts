import type { Route } from '@sapphire/plugin-api';
import { DashboardRoute, html, type DashboardContext } from '../plugin-kit/DashboardRoute';

/**
 * `GET /servers/[guildId]/changes`: the latest changes of the server's bot settings, made here, by slash or prefix
 * commands or by the bot itself: who, where from, what, before and after.
 */
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
    const changes = await this.container.guildSettings.changes.latest(guild.id);
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
                      <th scope="col">From</th>
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
                          <td>${change.source}</td>
                          <td>${change.target}</td>
                          <td><code>${JSON.stringify(change.before)}</code></td>
                          <td><code>${JSON.stringify(change.after)}</code></td>
                        </tr>`,
                    )}
                  </tbody>
                </table>`
              : html`<p class="muted">No setting was changed yet.</p>`
          }
        </div>`,
    );
  }
}
