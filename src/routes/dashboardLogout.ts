import type { Route } from '@sapphire/plugin-api';
import { DashboardRoute, type DashboardContext } from '../plugin-kit/DashboardRoute';

/** `POST /logout`: ends the session everywhere (it lives in Redis) and clears the cookie. */
export class DashboardLogoutRoute extends DashboardRoute {
  public constructor(context: Route.LoaderContext) {
    super(context, { route: 'logout', methods: ['POST'], access: 'user' });
  }

  protected async handle({ response, session }: DashboardContext) {
    const cookie = await this.container.dashboard.sessions.destroy(session!);
    response.writeHead(303, { Location: '/', 'Set-Cookie': cookie, 'Cache-Control': 'no-store' }).end();
  }
}
