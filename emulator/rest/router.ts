import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorCore, RecordedRequest } from '../core';
import { DiscordApiError, unauthorized } from '../errors';
import type { Executor } from '../ops/channels';
import type { UploadedFile } from '../ops/messages';
import { parseMultipart } from './multipart';

export interface RouteContext {
  core: EmulatorCore;
  params: Record<string, string>;
  query: Record<string, string>;
  /** The JSON body, or `payload_json` of a multipart body; `{}` when there is none. */
  body: unknown;
  files: UploadedFile[];
  /** The bot acting, with the decoded `X-Audit-Log-Reason`. */
  executor: Executor;
  /** The user of an OAuth2 bearer token (routes with `bearer`), undefined for the bot's token. */
  bearerUserId?: string;
}

/** A response with an explicit status; handlers returning anything else get 200 (or 204 for undefined). */
export class Reply {
  constructor(
    readonly status: number,
    readonly body?: unknown,
    readonly contentType = 'application/json',
  ) {}
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path after `/api/v10`, with `:name` parameters. */
  pattern: string;
  /** Interaction callbacks and webhooks are authenticated by their token, not the bot token. */
  noAuth?: boolean;
  /** Also answers a user's OAuth2 bearer token that has this scope (`identify`, `guilds`). */
  bearer?: string;
  handler: (context: RouteContext) => unknown;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  keys: string[];
  bucket: string;
}

/** A 429 the test asked for: answered to the next `remaining` matching requests. */
export interface RateLimitRule {
  method?: string;
  /** A RegExp tested on the path, or a route pattern / exact path. */
  path: RegExp | string;
  remaining: number;
  retryAfterSeconds: number;
  global?: boolean;
}

export interface RouterOptions {
  /** Requests allowed per bucket and major parameter in each window (reported in X-RateLimit-* headers). */
  rateLimitPerWindow: number;
  rateLimitWindowSeconds: number;
}

const API_PREFIX = '/api/v10';

/** Dispatches REST calls to the route table, with auth, rate-limit headers, Discord error bodies and a request log. */
export class Router {
  private readonly routes: CompiledRoute[];
  readonly rateLimitRules: RateLimitRule[] = [];
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly core: EmulatorCore,
    routes: Route[],
    private readonly options: RouterOptions,
    private readonly onRawRequest: (request: IncomingMessage, response: ServerResponse) => boolean,
  ) {
    this.routes = routes.map((route) => {
      const keys: string[] = [];
      const source = route.pattern.replace(/:(\w+)/g, (_, key: string) => {
        keys.push(key);
        return '([^/]+)';
      });
      const bucket = createHash('sha1').update(`${route.method} ${route.pattern}`).digest('hex').slice(0, 16);
      return { ...route, regex: new RegExp(`^${source}$`), keys, bucket };
    });
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (this.onRawRequest(request, response)) return;
    const url = new URL(request.url ?? '/', 'http://localhost');
    const method = (request.method ?? 'GET').toUpperCase();
    const rawBody = await readBody(request);
    const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : url.pathname;
    const segments = path.split('/').map((segment) => decodeURIComponent(segment));
    const decodedPath = segments.join('/');
    const query = Object.fromEntries(url.searchParams);
    const reasonHeader = request.headers['x-audit-log-reason'];
    const reason = typeof reasonHeader === 'string' ? decodeURIComponent(reasonHeader) : undefined;
    const record: RecordedRequest = {
      index: this.core.requests.length + 1,
      method,
      path: decodedPath,
      params: {},
      query,
      body: undefined,
      files: [],
      reason,
      status: 0,
      time: Date.now(),
    };
    let reply: Reply;
    const match = this.match(method, segments);
    try {
      const { body, files } = parseBody(request, rawBody);
      record.body = body;
      record.files = files.map((file) => file.name);
      if (!match) throw new DiscordApiError(404, 0, '404: Not Found');
      record.route = match.route.pattern;
      record.params = match.params;
      const grant = match.route.bearer ? this.core.oauth.grantOf(request.headers.authorization) : undefined;
      if (grant && !grant.scopes.includes(match.route.bearer!)) throw unauthorized();
      if (!match.route.noAuth && !grant && request.headers.authorization !== `Bot ${this.core.token}`) {
        throw unauthorized();
      }
      const limited = this.takeRateLimitRule(method, decodedPath, match.route.pattern);
      if (limited) {
        this.respond(response, this.rateLimitReply(limited), match.route, match.params, limited);
        record.status = 429;
        this.log(record);
        return;
      }
      const result = await match.route.handler({
        core: this.core,
        params: match.params,
        query,
        body,
        files,
        executor: { userId: this.core.botUserId, reason },
        bearerUserId: grant?.userId,
      });
      reply = result instanceof Reply ? result : result === undefined ? new Reply(204) : new Reply(200, result);
    } catch (error) {
      if (!(error instanceof DiscordApiError)) throw error;
      reply = new Reply(error.status, error.toBody());
    }
    this.respond(response, reply, match?.route, match?.params ?? {});
    record.status = reply.status;
    record.response = reply.body;
    this.log(record);
  }

  private log(record: RecordedRequest): void {
    this.core.requests.push(record);
    this.core.emit('request', record);
  }

  private match(method: string, segments: string[]) {
    const path = segments.join('/');
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const found = route.regex.exec(path);
      if (!found) continue;
      const params = Object.fromEntries(route.keys.map((key, index) => [key, found[index + 1]]));
      return { route, params };
    }
    return undefined;
  }

  private takeRateLimitRule(method: string, path: string, pattern: string): RateLimitRule | undefined {
    const rule = this.rateLimitRules.find(
      (candidate) =>
        (candidate.method === undefined || candidate.method.toUpperCase() === method) &&
        (typeof candidate.path === 'string'
          ? candidate.path === path || candidate.path === pattern
          : candidate.path.test(path)),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.rateLimitRules.splice(this.rateLimitRules.indexOf(rule), 1);
    return rule;
  }

  private rateLimitReply(rule: RateLimitRule): Reply {
    return new Reply(429, {
      message: 'You are being rate limited.',
      retry_after: rule.retryAfterSeconds,
      global: rule.global ?? false,
    });
  }

  private respond(
    response: ServerResponse,
    reply: Reply,
    route: CompiledRoute | undefined,
    params: Record<string, string>,
    limited?: RateLimitRule,
  ): void {
    const headers: Record<string, string> = {};
    if (route) Object.assign(headers, this.rateLimitHeaders(route, params, limited));
    if (reply.status === 204 || reply.body === undefined) {
      response.writeHead(reply.status, headers).end();
      return;
    }
    const payload = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(JSON.stringify(reply.body));
    headers['Content-Type'] = reply.contentType;
    headers['Content-Length'] = String(payload.length);
    response.writeHead(reply.status, headers).end(payload);
  }

  /** Discord-style headers; the window is counted per bucket and major parameter (channel, guild or webhook). */
  private rateLimitHeaders(route: CompiledRoute, params: Record<string, string>, limited?: RateLimitRule) {
    const major = params.channelId ?? params.guildId ?? params.webhookId ?? 'global';
    const key = `${route.bucket}:${major}`;
    const now = Date.now();
    const windowMs = this.options.rateLimitWindowSeconds * 1000;
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count += 1;
    const resetAfter = limited ? limited.retryAfterSeconds : (window.resetAt - now) / 1000;
    const headers: Record<string, string> = {
      'X-RateLimit-Limit': String(this.options.rateLimitPerWindow),
      'X-RateLimit-Remaining': limited ? '0' : String(Math.max(0, this.options.rateLimitPerWindow - window.count)),
      'X-RateLimit-Reset': ((now + resetAfter * 1000) / 1000).toFixed(3),
      'X-RateLimit-Reset-After': resetAfter.toFixed(3),
      'X-RateLimit-Bucket': route.bucket,
    };
    if (limited) {
      headers['Retry-After'] = String(limited.retryAfterSeconds);
      headers['X-RateLimit-Scope'] = 'user';
      if (limited.global) headers['X-RateLimit-Global'] = 'true';
    }
    return headers;
  }
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function invalidJson(): DiscordApiError {
  return new DiscordApiError(400, 50109, 'The request body contains invalid JSON.');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalidJson();
  }
}

/** JSON bodies, and multipart ones as discord.js sends files: `payload_json` plus `files[n]`. */
function parseBody(request: IncomingMessage, raw: Buffer): { body: unknown; files: UploadedFile[] } {
  const contentType = request.headers['content-type'] ?? '';
  if (raw.length === 0) return { body: {}, files: [] };
  const boundary = /multipart\/form-data;.*boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!boundary) return { body: parseJson(raw.toString('utf8')), files: [] };
  let body: unknown = {};
  const files: UploadedFile[] = [];
  for (const part of parseMultipart(raw, boundary[1] ?? boundary[2])) {
    const fileIndex = /^files\[(\d+)\]$/.exec(part.name);
    if (part.name === 'payload_json') body = parseJson(part.data.toString('utf8'));
    else if (fileIndex) {
      files.push({
        index: Number(fileIndex[1]),
        name: part.filename ?? `file${fileIndex[1]}`,
        contentType: part.contentType,
        data: part.data,
      });
    }
  }
  return { body, files };
}
