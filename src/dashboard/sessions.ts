import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A guild from the user's Discord guild list at login: what the server picker shows for guilds without the bot. */
export interface SessionGuild {
  id: string;
  name: string;
  /** Discord permission bits of the user there, as Discord sent them. */
  permissions: string;
  owner: boolean;
}

export interface Session {
  id: string;
  userId: string;
  username: string;
  /** Sent with every change (form field `_csrf` or header `X-CSRF-Token`). */
  csrf: string;
  guilds: SessionGuild[];
}

export const SESSION_COOKIE = 'bot_session';
export const STATE_COOKIE = 'bot_oauth_state';
/** How long a login lasts. */
const SESSION_TTL_SECONDS = 7 * 24 * 3600;
/** How long the Discord login page may take. */
export const STATE_TTL_SECONDS = 600;

/**
 * Dashboard sessions, kept in Redis (so logging out ends the session in every process) under an id carried in a
 * signed, HttpOnly, SameSite cookie. Signing keeps forged or guessed ids from even reaching Redis.
 */
export class SessionStore {
  public constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
    private readonly secret: string,
    /** Adds `Secure` to cookies (the dashboard is served over https). */
    private readonly secure: boolean,
  ) {}

  public async create(data: Omit<Session, 'id' | 'csrf'>): Promise<{ session: Session; cookie: string }> {
    const session: Session = {
      ...data,
      id: randomBytes(24).toString('base64url'),
      csrf: randomBytes(24).toString('base64url'),
    };
    await this.redis.set(this.key(session.id), JSON.stringify(session), 'EX', SESSION_TTL_SECONDS);
    return { session, cookie: this.cookie(SESSION_COOKIE, this.sign(session.id), SESSION_TTL_SECONDS) };
  }

  /** The session a signed cookie value names, or null (no cookie, a bad signature, logged out or expired). */
  public async get(cookieValue: string | undefined): Promise<Session | null> {
    const id = this.verify(cookieValue);
    if (!id) return null;
    const stored = await this.redis.get(this.key(id));
    return stored ? (JSON.parse(stored) as Session) : null;
  }

  public async destroy(session: Session): Promise<string> {
    await this.redis.del(this.key(session.id));
    return this.clearCookie(SESSION_COOKIE);
  }

  /** A fresh OAuth2 `state` and the cookie that binds it to this browser. */
  public newState(): { state: string; cookie: string } {
    const state = randomBytes(16).toString('base64url');
    return { state, cookie: this.cookie(STATE_COOKIE, this.sign(state), STATE_TTL_SECONDS) };
  }

  /** Whether the `state` Discord sent back is the one this browser's cookie holds. */
  public checkState(cookieValue: string | undefined, state: string | undefined): boolean {
    const expected = this.verify(cookieValue);
    return expected !== null && state !== undefined && safeEqual(expected, state);
  }

  public clearCookie(name: string): string {
    return this.cookie(name, '', 0);
  }

  private cookie(name: string, value: string, maxAgeSeconds: number): string {
    return `${name}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${this.secure ? '; Secure' : ''}`;
  }

  private sign(value: string): string {
    return `${value}.${createHmac('sha256', this.secret).update(value).digest('base64url')}`;
  }

  private verify(signed: string | undefined): string | null {
    if (!signed) return null;
    const dot = signed.lastIndexOf('.');
    if (dot <= 0) return null;
    const value = signed.slice(0, dot);
    return safeEqual(this.sign(value), signed) ? value : null;
  }

  private key(id: string): string {
    return `${this.namespace}:dashboard:session:${id}`;
  }
}

/** Compares secrets in constant time. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
