import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIUser, RESTGetAPICurrentUserGuildsResult } from 'discord-api-types/v10';
import { basePermissions } from './permissions';
import type { World } from './world';

/** What the OAuth2 pages read of the emulator: its world and the application's id. */
export interface OAuthHost {
  world: World;
  config: { applicationId: string };
}

/** How long a code from the authorize page may be exchanged (Discord: 10 minutes). */
const CODE_TTL_MS = 10 * 60_000;
/** Lifetime of an access token (Discord: a week). */
const TOKEN_TTL_SECONDS = 7 * 24 * 3600;

interface Grant {
  userId: string;
  scopes: string[];
  expiresAt: number;
}

interface PendingCode extends Grant {
  clientId: string;
  redirectUri: string;
}

/**
 * Discord's OAuth2 authorization-code flow, for the bot's web dashboard in tests and the sandbox: an authorize page
 * that asks which member you are (there is no password here), the token exchange, revocation, and the bearer tokens
 * that `GET /users/@me` and `GET /users/@me/guilds` accept. Paths as on Discord, under `/api` (and `/api/v10`).
 */
export class OAuth2Server {
  private readonly codes = new Map<string, PendingCode>();
  private readonly tokens = new Map<string, Grant>();

  constructor(
    private readonly core: OAuthHost,
    /** The application's client secret the token exchange checks. */
    readonly clientSecret: string,
  ) {}

  /** The user and scopes of `Authorization: Bearer <token>`, or undefined when it is unknown or expired. */
  grantOf(authorization: string | undefined): Grant | undefined {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    const grant = token === undefined ? undefined : this.tokens.get(token);
    return grant && grant.expiresAt > Date.now() ? grant : undefined;
  }

  /** The guilds a user is in, as `GET /users/@me/guilds` lists them: with the user's permissions and ownership. */
  guildsOf(userId: string): RESTGetAPICurrentUserGuildsResult {
    return [...this.core.world.guilds.values()]
      .filter((guild) => guild.members.has(userId))
      .map((guild) => ({
        id: guild.id,
        name: guild.name,
        icon: null,
        banner: null,
        owner: guild.ownerId === userId,
        permissions: basePermissions(guild, userId).toString(),
        features: [],
      }));
  }

  /** Answers the OAuth2 paths; false for any other request. */
  async handle(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/^\/api(\/v\d+)?/, '');
    if (!url.pathname.startsWith('/api') || !path.startsWith('/oauth2/')) return false;
    const method = request.method ?? 'GET';
    if (path === '/oauth2/authorize' && method === 'GET') this.authorizePage(url.searchParams, response);
    else if (path === '/oauth2/authorize' && method === 'POST') this.authorize(await readForm(request), response);
    else if (path === '/oauth2/token' && method === 'POST') this.token(await readForm(request), response);
    else if (path === '/oauth2/token/revoke' && method === 'POST') {
      this.tokens.delete((await readForm(request)).get('token') ?? '');
      json(response, 200, {});
    } else json(response, 404, { message: '404: Not Found', code: 0 });
    return true;
  }

  /** The member picker: which user of the emulated world logs in. */
  private authorizePage(query: URLSearchParams, response: ServerResponse): void {
    const problem = this.checkAuthorizeRequest(query);
    if (problem) return page(response, 400, 'Cannot authorize', `<p>${escapeHtml(problem)}</p>`);
    const users = [...this.core.world.users.values()].filter((user) => !user.bot);
    const hidden = ['client_id', 'redirect_uri', 'response_type', 'scope', 'state']
      .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(query.get(name) ?? '')}">`)
      .join('');
    const buttons = users
      .map(
        (user) =>
          `<li><button type="submit" name="user_id" value="${user.id}">${escapeHtml(displayName(user))}</button></li>`,
      )
      .join('');
    page(
      response,
      200,
      'Log in with the Discord emulator',
      `<p>An application asks to know who you are (${escapeHtml(query.get('scope') ?? '')}). This is the local Discord emulator: there are no passwords, pick the member you are.</p>
<form method="post" action="authorize">${hidden}<ul class="members">${buttons || '<li>No members yet.</li>'}</ul></form>`,
    );
  }

  private authorize(form: URLSearchParams, response: ServerResponse): void {
    const problem = this.checkAuthorizeRequest(form);
    const userId = form.get('user_id') ?? '';
    const user = this.core.world.users.get(userId);
    if (problem || !user || user.bot) {
      return page(response, 400, 'Cannot authorize', `<p>${escapeHtml(problem ?? 'Unknown user.')}</p>`);
    }
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, {
      userId,
      clientId: form.get('client_id')!,
      redirectUri: form.get('redirect_uri')!,
      scopes: (form.get('scope') ?? '').split(/[\s+]+/).filter(Boolean),
      expiresAt: Date.now() + CODE_TTL_MS,
    });
    const target = new URL(form.get('redirect_uri')!);
    target.searchParams.set('code', code);
    const state = form.get('state');
    if (state) target.searchParams.set('state', state);
    response.writeHead(302, { Location: target.toString() }).end();
  }

  private checkAuthorizeRequest(params: URLSearchParams): string | undefined {
    if (params.get('client_id') !== this.core.config.applicationId) return 'Unknown client_id.';
    if (params.get('response_type') !== 'code') return 'response_type must be code.';
    const redirect = params.get('redirect_uri') ?? '';
    if (!/^https?:\/\//.test(redirect)) return 'Invalid redirect_uri.';
    if (!(params.get('scope') ?? '').split(/[\s+]+/).includes('identify')) return 'The identify scope is required.';
    return undefined;
  }

  private token(form: URLSearchParams, response: ServerResponse): void {
    if (form.get('client_id') !== this.core.config.applicationId || form.get('client_secret') !== this.clientSecret) {
      return json(response, 401, { error: 'invalid_client' });
    }
    if (form.get('grant_type') !== 'authorization_code') {
      return json(response, 400, { error: 'unsupported_grant_type' });
    }
    const code = form.get('code') ?? '';
    const pending = this.codes.get(code);
    // A code is single-use, for the client and redirect it was issued to.
    this.codes.delete(code);
    if (
      !pending ||
      pending.expiresAt < Date.now() ||
      pending.clientId !== form.get('client_id') ||
      pending.redirectUri !== form.get('redirect_uri')
    ) {
      return json(response, 400, { error: 'invalid_grant', error_description: 'Invalid "code" in request.' });
    }
    const accessToken = randomBytes(24).toString('hex');
    this.tokens.set(accessToken, {
      userId: pending.userId,
      scopes: pending.scopes,
      expiresAt: Date.now() + TOKEN_TTL_SECONDS * 1000,
    });
    json(response, 200, {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: TOKEN_TTL_SECONDS,
      refresh_token: randomBytes(24).toString('hex'),
      scope: pending.scopes.join(' '),
    });
  }
}

function displayName(user: APIUser): string {
  return user.global_name && user.global_name !== user.username
    ? `${user.global_name} (${user.username})`
    : user.username;
}

function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    request.on('error', reject);
  });
}

function json(response: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) });
  response.end(payload);
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );
}

function page(response: ServerResponse, status: number, title: string, body: string): void {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;background:#313338;color:#f2f3f5;display:flex;justify-content:center;padding:2rem 1rem;margin:0}
main{background:#2b2d31;border-radius:8px;padding:1.5rem;max-width:28rem;width:100%}
ul{list-style:none;padding:0;display:grid;gap:.5rem}
button{width:100%;padding:.7rem;border:0;border-radius:4px;background:#5865f2;color:#fff;font-size:1rem;cursor:pointer}
button:focus-visible{outline:3px solid #fff;outline-offset:2px}
</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
  response.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(html);
}
