import type { AddressInfo } from 'node:net';
import type { ApiRequest, ApiResponse } from '@sapphire/plugin-api';
import type { MemberSnapshot } from '../guilds/guildSnapshot';
import type { Permission } from '../permissions/enums';
import { DashboardAccess, DashboardError, forbidden } from './access';
import type { DashboardGuilds, GuildView } from './guildViews';
import { html, layout, type Html, type LayoutOptions } from './html';
import type { DiscordOAuth } from './oauth';
import { safeEqual, SESSION_COOKIE, type Session, type SessionStore } from './sessions';

/** Who may use a dashboard route. */
export type RouteAccess =
  /** Anyone, logged in or not (the login page, public leaderboards). */
  | 'public'
  /** A logged-in user. */
  | 'user'
  /** A user who manages the guild named by the route's `[guildId]`. */
  | 'manager'
  /** A member of the route's guild who holds this seed permission there (staff pages). */
  | Permission;

/** One request to a dashboard route: who asks, about which guild, and how to answer. */
export interface DashboardContext {
  request: ApiRequest;
  response: ApiResponse;
  method: string;
  session: Session | null;
  /**
   * The route's guild and the user's member there, for 'manager' and permission routes: from this process's gateway
   * cache or, for a guild of another shard process, from Discord's REST API (see {@link GuildView}).
   */
  guild: GuildView;
  member: MemberSnapshot;
  /** The body of a change, read (and its CSRF token checked) before the handler runs. */
  form: URLSearchParams;
  page(options: LayoutOptions, body: Html, status?: number): void;
  redirect(location: string, notice?: string): void;
}

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface DashboardParts {
  sessions: SessionStore;
  oauth: () => DiscordOAuth;
  guilds: DashboardGuilds;
  access: DashboardAccess;
  /** DASHBOARD_URL, or null to use `http://localhost:<bound port>`. */
  configuredUrl: string | undefined;
  address: () => AddressInfo | string | null;
  logError: (message: string, error: unknown) => void;
}

/** The web dashboard's services: sessions, login, access rules, and request handling for routes. */
export class Dashboard {
  public readonly sessions: SessionStore;
  /** The guilds it serves, each from this process's cache or by REST. */
  public readonly guilds: DashboardGuilds;
  public readonly access: DashboardAccess;

  public constructor(private readonly parts: DashboardParts) {
    this.sessions = parts.sessions;
    this.guilds = parts.guilds;
    this.access = parts.access;
  }

  public get oauth(): DiscordOAuth {
    return this.parts.oauth();
  }

  /** The origin browsers reach the dashboard at. */
  public get url(): string {
    if (this.parts.configuredUrl) return this.parts.configuredUrl;
    const address = this.parts.address();
    return `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
  }

  /**
   * Runs a route: reads the session, refuses a change without the session's CSRF token or from another origin,
   * authorizes the user for the route's guild, then calls the handler. Every refusal and failure becomes a page
   * with one line; nothing of a stack reaches the browser.
   */
  public async serve(
    request: ApiRequest,
    response: ApiResponse,
    access: RouteAccess,
    handle: (context: DashboardContext) => Promise<void>,
  ): Promise<void> {
    let session: Session | null = null;
    try {
      session = await this.sessions.get(response.cookies.get(SESSION_COOKIE));
      const method = (request.method ?? 'GET').toUpperCase();
      const form = MUTATING.has(method) ? await this.readForm(request) : new URLSearchParams();
      if (MUTATING.has(method)) this.checkChange(request, session, form);
      const context = {
        request,
        response,
        method,
        session,
        form,
        page: (options: LayoutOptions, body: Html, status = 200) =>
          this.send(response, status, layout({ user: session ?? undefined, csrf: session?.csrf, ...options }, body)),
        redirect: (location: string) => {
          response.writeHead(303, { Location: location, 'Cache-Control': 'no-store' }).end();
        },
      } as DashboardContext;
      if (access !== 'public') {
        if (!session) {
          if (method === 'GET') {
            context.redirect(`/login?next=${encodeURIComponent(request.url ?? '/')}`);
            return;
          }
          throw new DashboardError(401, 'Log in first.');
        }
        if (access !== 'user') {
          const guildId = request.params.guildId ?? '';
          // An id in the body must name the guild of the URL: a form can never reach another server.
          const bodyGuild = form.get('guildId');
          if (bodyGuild !== null && bodyGuild !== guildId) throw forbidden();
          const found =
            access === 'manager'
              ? await this.access.requireManager(guildId, session.userId)
              : await this.access.requirePermission(guildId, session.userId, access);
          Object.assign(context, found);
        }
      }
      await handle(context);
    } catch (error) {
      if (response.writableEnded) return;
      const known = error instanceof DashboardError;
      if (!known) this.parts.logError(`Dashboard: ${request.method} ${request.url} failed:`, error);
      const status = known ? error.status : 500;
      const message = known ? error.message : 'Something went wrong on our side; nothing was changed. Try again.';
      this.send(
        response,
        status,
        layout(
          { title: status === 403 ? 'Not allowed' : 'Error', user: session ?? undefined, csrf: session?.csrf },
          html`<h1>${status === 403 ? 'Not allowed' : status === 404 ? 'Not found' : 'Error'}</h1>
            <p class="notice error" role="alert">${message}</p>
            <p><a href="/">Back to your servers</a></p>`,
        ),
      );
    }
  }

  private checkChange(request: ApiRequest, session: Session | null, form: URLSearchParams): void {
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== this.url) {
      throw new DashboardError(403, 'This change came from another site and was refused.');
    }
    const header = request.headers['x-csrf-token'];
    const token = form.get('_csrf') ?? (typeof header === 'string' ? header : '');
    if (!session || !token || !safeEqual(token, session.csrf)) {
      throw new DashboardError(
        403,
        'This form has expired or did not come from the dashboard. Reload the page and try again.',
      );
    }
  }

  private async readForm(request: ApiRequest): Promise<URLSearchParams> {
    const type = request.headers['content-type'] ?? '';
    if (type.startsWith('application/x-www-form-urlencoded')) {
      return new URLSearchParams(await request.readBodyText());
    }
    if (type.startsWith('application/json')) {
      const body = (await request.readBodyJson().catch(() => null)) as unknown;
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new DashboardError(400, 'Invalid request.');
      return new URLSearchParams(
        Object.entries(body).map(([key, value]): [string, string] => [
          key,
          typeof value === 'string' ? value : JSON.stringify(value),
        ]),
      );
    }
    return new URLSearchParams();
  }

  public send(response: ApiResponse, status: number, body: string): void {
    response.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Security-Policy':
        "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'",
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
    });
    response.end(body);
  }
}
