import type { RESTGetAPICurrentUserGuildsResult, RESTGetAPICurrentUserResult } from 'discord-api-types/v10';

export interface OAuthClientOptions {
  /** DISCORD_API_URL: `https://discord.com/api`, or an emulator's. */
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  /** `<dashboard URL>/oauth/callback`, registered with the application. */
  redirectUri: string;
}

/** A login that Discord (or the emulator) refused or could not answer: the page shows this message. */
export class LoginFailed extends Error {
  public override readonly name = 'LoginFailed';
}

const SCOPES = 'identify guilds';

/**
 * Discord's OAuth2 authorization-code flow against DISCORD_API_URL, so the same code logs in on Discord and on the
 * emulator. (`@sapphire/plugin-api`'s own OAuth routes post to discord.com's fixed URLs, so the dashboard does not
 * enable them.)
 */
export class DiscordOAuth {
  public constructor(private readonly options: OAuthClientOptions) {}

  /** Where the login button sends the browser. */
  public authorizeUrl(state: string): string {
    const url = new URL(`${this.options.apiUrl}/oauth2/authorize`);
    url.search = new URLSearchParams({
      client_id: this.options.clientId,
      redirect_uri: this.options.redirectUri,
      response_type: 'code',
      scope: SCOPES,
      state,
    }).toString();
    return url.toString();
  }

  /** Exchanges the code Discord sent back for the user and their guild list. */
  public async login(code: string): Promise<{
    user: RESTGetAPICurrentUserResult;
    guilds: RESTGetAPICurrentUserGuildsResult;
  }> {
    const token = await this.request<{ access_token: string }>(`${this.options.apiUrl}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: this.options.clientId,
        client_secret: this.options.clientSecret,
        grant_type: 'authorization_code',
        code,
        redirect_uri: this.options.redirectUri,
      }).toString(),
    });
    const headers = { authorization: `Bearer ${token.access_token}` };
    const [user, guilds] = await Promise.all([
      this.request<RESTGetAPICurrentUserResult>(`${this.options.apiUrl}/v10/users/@me`, { headers }),
      this.request<RESTGetAPICurrentUserGuildsResult>(`${this.options.apiUrl}/v10/users/@me/guilds`, { headers }),
    ]);
    // The access token is not kept: from here on the bot's own view of each guild decides what the user may do.
    await fetch(`${this.options.apiUrl}/oauth2/token/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: token.access_token,
        client_id: this.options.clientId,
        client_secret: this.options.clientSecret,
      }).toString(),
    }).catch(() => undefined);
    return { user, guilds };
  }

  private async request<T>(url: string, init: RequestInit): Promise<T> {
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
    } catch {
      throw new LoginFailed('Discord did not answer the login. Try again in a moment.');
    }
    if (!response.ok) {
      throw new LoginFailed(
        response.status === 401
          ? 'Discord refused the dashboard’s OAuth2 credentials: check DASHBOARD_CLIENT_ID and DASHBOARD_CLIENT_SECRET.'
          : 'Discord refused the login (it may have expired). Try again.',
      );
    }
    return (await response.json()) as T;
  }
}
