import { container } from '@sapphire/framework';

/** A browser-less dashboard visitor: keeps its cookies, follows nothing by itself. */
export class DashboardClient {
  private readonly cookies = new Map<string, string>();
  public csrf = '';

  public constructor(public readonly baseUrl: string) {}

  public async request(path: string, init: RequestInit = {}): Promise<Response> {
    const url = path.startsWith('http') ? path : `${this.baseUrl}${path}`;
    const headers = new Headers(init.headers);
    if (url.startsWith(this.baseUrl) && this.cookies.size > 0) {
      headers.set('cookie', [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    if (url.startsWith(this.baseUrl)) {
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const index = pair!.indexOf('=');
        const [name, value] = [pair!.slice(0, index), pair!.slice(index + 1)];
        if (value === '' || /Max-Age=0/.test(line)) this.cookies.delete(name);
        else this.cookies.set(name, value);
      }
    }
    return response;
  }

  public async get(path: string): Promise<{ status: number; text: string; location: string | null }> {
    const response = await this.request(path);
    const text = await response.text();
    const csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(text)?.[1];
    if (csrf) this.csrf = csrf;
    return { status: response.status, text, location: response.headers.get('location') };
  }

  /** Posts a form; the session's CSRF token is added unless `_csrf` is given (null: none is sent). */
  public async post(
    path: string,
    fields: Record<string, string | string[] | null> = {},
  ): Promise<{ status: number; text: string; location: string | null }> {
    const body = new URLSearchParams();
    const { _csrf: csrf, ...rest } = fields;
    if (csrf !== null) body.set('_csrf', typeof csrf === 'string' ? csrf : this.csrf);
    for (const [key, value] of Object.entries(rest)) for (const item of [value ?? []].flat()) body.append(key, item);
    const response = await this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    return { status: response.status, text: await response.text(), location: response.headers.get('location') };
  }

  /** Logs in as `userId` through the emulator's OAuth2 pages, as a browser would, then loads the server picker. */
  public async login(userId: string): Promise<void> {
    const start = await this.request('/login');
    const authorize = new URL(start.headers.get('location')!);
    const picker = await fetch(authorize);
    if (!(await picker.text()).includes(`value="${userId}"`))
      throw new Error('the member picker does not list the user');
    const form = new URLSearchParams(authorize.searchParams);
    form.set('user_id', userId);
    const chosen = await fetch(new URL('authorize', authorize), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      redirect: 'manual',
    });
    const callback = await this.request(chosen.headers.get('location')!);
    if (callback.status !== 303) throw new Error(`login failed: ${callback.status} ${await callback.text()}`);
    await this.get('/');
  }
}

/** The in-process bot's dashboard URL (see the harness). */
export function dashboardUrl(): string {
  return container.dashboard.url;
}
