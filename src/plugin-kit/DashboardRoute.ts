import { Route, type ApiRequest, type ApiResponse } from '@sapphire/plugin-api';
import { DashboardError } from '../dashboard/access';
import type { DashboardContext, RouteAccess } from '../dashboard/Dashboard';
import { html } from '../dashboard/html';
import type { SettingsActor } from '../guilds/settingsChanges';

export type { DashboardContext, RouteAccess } from '../dashboard/Dashboard';
export { DashboardError } from '../dashboard/access';
export { escapeHtml, html, raw, type Html } from '../dashboard/html';

export interface DashboardRouteOptions extends Route.Options {
  /** Who may use it; checked on the server for every request before `handle` runs. */
  access: RouteAccess;
  /** A page of a server (`servers/[guildId]/…`) listed in its side menu under this label. */
  menuLabel?: string;
  /** Place in that menu, lowest first (default 100; ties by label). */
  menuOrder?: number;
}

/**
 * A page (or change) of the web dashboard: a `@sapphire/plugin-api` route piece, in the core's `routes/` or a
 * plugin's. Subclasses implement `handle`; the base reads the session, checks the CSRF token of every change and
 * authorizes the user for the `[guildId]` of the URL (manager, or a seed permission for staff pages) first, and
 * turns refusals and failures into a page. A plugin's pages answer only where the plugin is enabled.
 */
export abstract class DashboardRoute extends Route {
  public readonly access: RouteAccess;
  public readonly menuLabel: string | undefined;
  public readonly menuOrder: number;

  public constructor(context: Route.LoaderContext, options: DashboardRouteOptions) {
    super(context, options);
    this.access = options.access;
    this.menuLabel = options.menuLabel;
    this.menuOrder = options.menuOrder ?? 100;
  }

  public async run(request: ApiRequest, response: ApiResponse): Promise<void> {
    await this.container.dashboard.serve(request, response, this.access, async (context) => {
      const plugin = this.container.plugins.ofPiece(this);
      if (plugin && context.guild && !(await plugin.handle.isEnabled(context.guild.id))) {
        context.page({ title: 'Plugin off', nav: await this.menu(context) }, this.off(plugin.name), 404);
        return;
      }
      await this.handle(context);
    });
  }

  protected abstract handle(context: DashboardContext): Promise<void>;

  /** Who makes a change from this request: the logged-in user, on the dashboard (every settings write takes it). */
  protected changedBy(context: DashboardContext): SettingsActor {
    if (!context.session) throw new DashboardError(401, 'Log in first.');
    return { userId: context.session.userId, source: 'dashboard' };
  }

  /** The `?page=` of the request, from 0; anything else reads as the first page. */
  protected pageNumber(context: DashboardContext): number {
    const page = new URL(context.request.url ?? '/', 'http://localhost').searchParams.get('page');
    return Math.max(0, Number(page) || 0);
  }

  /**
   * How a page names a member of the context's server: their username while this process has them at hand, else
   * their id; '—' for none.
   */
  protected nameOf(context: DashboardContext, id: string | null): string {
    return id ? (context.guild.cachedMember(id)?.username ?? id) : '—';
  }

  /** The side menu of the context's server: every menu page whose plugin (if any) is on there and the user may open. */
  protected async menu(context: DashboardContext): Promise<{ href: string; label: string; current?: boolean }[]> {
    const guildId = context.guild.id;
    const current = new URL(context.request.url ?? '/', 'http://localhost').pathname;
    const items: { href: string; label: string; current?: boolean; order: number }[] = [];
    const { access } = this.container.dashboard;
    const membership = { guild: context.guild, member: context.member };
    const [manages, { permissions }] = await Promise.all([access.manages(membership), access.accessOf(membership)]);
    for (const route of this.container.stores.get('routes').values()) {
      if (!(route instanceof DashboardRoute) || !route.menuLabel) continue;
      const plugin = this.container.plugins.ofPiece(route);
      if (plugin && !(await plugin.handle.isEnabled(guildId))) continue;
      const mayOpen =
        route.access === 'public' ||
        route.access === 'user' ||
        (route.access === 'manager' ? manages : permissions.has(route.access));
      if (!mayOpen) continue;
      const href = `/${route.path.join('/').replace('[guildId]', guildId)}`;
      items.push({ href, label: route.menuLabel, current: href === current, order: route.menuOrder });
    }
    return items.sort((a, b) => a.order - b.order || a.label.localeCompare(b.label));
  }

  private off(plugin: string) {
    return html`<h1>Not available</h1>
      <p class="notice error" role="alert">The ${plugin} plugin is off on this server.</p>`;
  }
}
