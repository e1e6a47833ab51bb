import { Middleware, type ApiRequest, type ApiResponse } from '@sapphire/plugin-api';

/**
 * Serves the dashboard under its own host name only: a request for another host (an IP address, or a DNS name
 * pointed at the bot by someone else's site) is redirected to the dashboard's URL, so cookies are always set for
 * that one host. Runs before the plugin's cookie parser (position 30).
 */
export class DashboardHostMiddleware extends Middleware {
  public constructor(context: Middleware.LoaderContext) {
    super(context, { position: 5 });
  }

  public override run(request: ApiRequest, response: ApiResponse) {
    const expected = new URL(this.container.dashboard.url).host;
    if (request.headers.host === expected) return;
    response.writeHead(308, { Location: `${this.container.dashboard.url}${request.url ?? '/'}` }).end();
  }
}
