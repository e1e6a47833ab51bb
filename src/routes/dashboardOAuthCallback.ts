import type { Route } from '@sapphire/plugin-api';
import { LoginFailed } from '../dashboard/oauth';
import { STATE_COOKIE } from '../dashboard/sessions';
import { DashboardError, DashboardRoute, type DashboardContext } from '../plugin-kit/DashboardRoute';

/**
 * `GET /oauth/callback`: Discord sends the browser back here with a code; the dashboard exchanges it against
 * DISCORD_API_URL, starts a session and goes to the server picker.
 */
export class DashboardOAuthCallbackRoute extends DashboardRoute {
  public constructor(context: Route.LoaderContext) {
    super(context, { route: 'oauth/callback', methods: ['GET'], access: 'public' });
  }

  protected async handle({ request, response }: DashboardContext) {
    const { sessions, oauth } = this.container.dashboard;
    const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
    if (query.has('error')) throw new DashboardError(400, 'The login was cancelled on Discord.');
    if (!sessions.checkState(response.cookies.get(STATE_COOKIE), query.get('state') ?? undefined)) {
      throw new DashboardError(400, 'This login link has expired or was not started here. Log in again.');
    }
    const code = query.get('code');
    if (!code) throw new DashboardError(400, 'Discord sent no login code. Log in again.');
    let login;
    try {
      login = await oauth.login(code);
    } catch (error) {
      if (error instanceof LoginFailed) throw new DashboardError(502, error.message);
      throw error;
    }
    const { cookie } = await sessions.create({
      userId: login.user.id,
      username: login.user.global_name ?? login.user.username,
      // For the server picker: which guilds to look at (the bot's own view then decides), and invite links.
      guilds: login.guilds.map(({ id, name, permissions, owner }) => ({
        id,
        name,
        permissions,
        owner: owner ?? false,
      })),
    });
    response
      .writeHead(303, {
        Location: '/',
        'Set-Cookie': [cookie, sessions.clearCookie(STATE_COOKIE)],
        'Cache-Control': 'no-store',
      })
      .end();
  }
}
