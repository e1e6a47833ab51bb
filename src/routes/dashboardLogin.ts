import type { Route } from '@sapphire/plugin-api';
import { DashboardRoute, type DashboardContext } from '../plugin-kit/DashboardRoute';

/** `GET /login`: off to Discord's authorize page, with a `state` bound to this browser by a cookie. */
export class DashboardLoginRoute extends DashboardRoute {
  public constructor(context: Route.LoaderContext) {
    super(context, { route: 'login', methods: ['GET'], access: 'public' });
  }

  protected async handle({ response }: DashboardContext) {
    const { state, cookie } = this.container.dashboard.sessions.newState();
    response
      .writeHead(302, {
        Location: this.container.dashboard.oauth.authorizeUrl(state),
        'Set-Cookie': cookie,
        'Cache-Control': 'no-store',
      })
      .end();
  }
}
