import type { Route } from '@sapphire/plugin-api';
import { DashboardError, DashboardRoute, html, type DashboardContext } from '../plugin-kit/DashboardRoute';

const ENTRIES = 50;

/**
 * `GET /leaderboards/[guildId]/[board]`: a server's board for anyone with the link (as `/leaderboard <board>` shows
 * it to every member), while the board's plugin is enabled there.
 */
export class DashboardLeaderboardRoute extends DashboardRoute {
  public constructor(context: Route.LoaderContext) {
    super(context, { route: 'leaderboards/[guildId]/[board]', methods: ['GET'], access: 'public' });
  }

  protected async handle(context: DashboardContext) {
    const { guildId = '', board: boardName = '' } = context.request.params;
    const owner = this.container.plugins.all.find((plugin) =>
      plugin.leaderboards.some((board) => board.name === boardName),
    );
    const notFound = new DashboardError(404, 'There is no such leaderboard.');
    if (!owner) throw notFound;
    // The bot's guild in whichever shard process it lives (a guild the bot never saw costs no request to Discord).
    const guild = await this.container.dashboard.guilds.of(guildId);
    if (!guild || !(await owner.handle.isEnabled(guild.id))) throw notFound;
    const definition = owner.leaderboards.find((board) => board.name === boardName)!;
    const sorts = definition.sorts ?? [];
    const requested = new URL(context.request.url ?? '/', 'http://localhost').searchParams.get('by');
    const sort = sorts.find((option) => option.value === requested)?.value;
    const { entries, total } = await definition.page({ guildId: guild.id, sort, offset: 0, limit: ENTRIES });
    const names = await guild.displayNames(entries.map((entry) => entry.userId));
    const name = (userId: string) => names.get(userId) ?? 'a former member';
    context.page(
      { title: `${definition.name} leaderboard` },
      html`<h1>${guild.name}: ${definition.name} leaderboard</h1>
        <p class="muted">${definition.description}</p>
        ${
          sorts.length > 1
            ? html`<nav aria-label="Rank by">
                <p>
                  Rank by:
                  ${sorts.map(
                    (option, index) =>
                      html`${index ? ' · ' : ''}<a
                          href="?by=${option.value}"
                          ${(sort ?? sorts[0]!.value) === option.value ? html`aria-current="page"` : ''}
                          >${option.name}</a
                        >`,
                  )}
                </p>
              </nav>`
            : ''
        }
        <div class="card table-wrap">
          ${
            entries.length
              ? html`<table>
                    <thead>
                      <tr>
                        <th scope="col">#</th>
                        <th scope="col">Member</th>
                        <th scope="col">Score</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${entries.map(
                        (entry, index) =>
                          html`<tr>
                            <td>${index + 1}</td>
                            <td>${name(entry.userId)}</td>
                            <td>${entry.value}</td>
                          </tr>`,
                      )}
                    </tbody>
                  </table>
                  <p class="muted">${total > ENTRIES ? `Top ${ENTRIES} of ${total}.` : `${total} ranked.`}</p>`
              : html`<p class="muted">Nobody is on this board yet.</p>`
          }
        </div>`,
    );
  }
}
