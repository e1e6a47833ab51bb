import type { ApiRequest, ApiResponse } from '@sapphire/plugin-api';
import { Route } from '@sapphire/plugin-api';
import { DASHBOARD_CSS, DASHBOARD_JS } from '../dashboard/html';

const ASSETS: Record<string, { type: string; body: string }> = {
  'dashboard.css': { type: 'text/css; charset=utf-8', body: DASHBOARD_CSS },
  'dashboard.js': { type: 'text/javascript; charset=utf-8', body: DASHBOARD_JS },
};

/** The dashboard's stylesheet and script (public, no session). */
export class DashboardAssetsRoute extends Route {
  public constructor(context: Route.LoaderContext) {
    super(context, { route: 'assets/[file]', methods: ['GET'] });
  }

  public run(request: ApiRequest, response: ApiResponse) {
    const asset = ASSETS[request.params.file ?? ''];
    if (!asset) return response.writeHead(404).end();
    response.writeHead(200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=300' }).end(asset.body);
  }
}
