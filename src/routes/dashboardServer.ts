import type { Route } from '@sapphire/plugin-api';
import { DashboardRoute, html, type DashboardContext } from '../plugin-kit/DashboardRoute';

/** `GET /servers/[guildId]`: the server's plugins, each with its switch and a link to its settings. */
export class DashboardServerRoute extends DashboardRoute {
  public constructor(context: Route.LoaderContext) {
    super(context, {
      route: 'servers/[guildId]',
      methods: ['GET'],
      access: 'manager',
      menuLabel: 'Plugins',
      menuOrder: 0,
    });
  }

  protected async handle(context: DashboardContext) {
    const { guild, session } = context;
    const { guildSettings, plugins } = this.container;
    const rows = await Promise.all(
      plugins.all.map(async (plugin) => ({ plugin, on: await guildSettings.isEnabled(guild.id, plugin.name) })),
    );
    const query = new URL(context.request.url ?? '/', 'http://localhost').searchParams;
    const error = query.get('error');
    const done = query.get('notice');
    context.page(
      {
        title: guild.name,
        nav: await this.menu(context),
        notice: error ? { kind: 'error', text: error } : done ? { kind: 'ok', text: done } : undefined,
      },
      html`<h1>${guild.name}: plugins</h1>
        <ul class="plugins" aria-label="Plugins">
          ${rows.map(
            ({ plugin, on }) =>
              html`<li class="card plugin" id="plugin-${plugin.name}">
                <div>
                  <h2>${plugin.name} <span class="state ${on ? 'on' : 'off'}">${on ? 'On' : 'Off'}</span></h2>
                  <p class="muted">${plugin.description}</p>
                  ${plugin.dependencies.length ? html`<p class="muted">Needs ${plugin.dependencies.join(', ')}.</p>` : ''}
                  ${plugin.settings ? html`<a href="/servers/${guild.id}/plugins/${plugin.name}">Settings</a>` : ''}
                  ${
                    on
                      ? plugin.leaderboards.map(
                          (board) =>
                            html` ·
                              <a href="/leaderboards/${guild.id}/${board.name}">Public ${board.name} leaderboard</a>`,
                        )
                      : ''
                  }
                </div>
                <form method="post" action="/servers/${guild.id}/plugins/${plugin.name}/state">
                  <input type="hidden" name="_csrf" value="${session!.csrf}" />
                  <input type="hidden" name="enabled" value="${on ? 'false' : 'true'}" />
                  <button
                    type="submit"
                    class="${on ? 'secondary' : ''}"
                    aria-label="${on ? 'Turn off' : 'Turn on'} ${plugin.name}"
                  >
                    ${on ? 'Turn off' : 'Turn on'}
                  </button>
                </form>
              </li>`,
          )}
        </ul>`,
    );
  }
}
