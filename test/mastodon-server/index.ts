/**
 * The Mastodon-compatible test server (see ../shared/docs/test-server.md): a plain node:http
 * server with in-memory state, seeded data, OAuth, Mastodon's pagination, rate limits and CORS,
 * plus test controls (fault injection, request counts, state read-back).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { systemClock, type Clock } from '../../utils/clock';
import { apiRoutes, serveMediaFile } from './api';
import type { Core, Reply, RequestCtx, ResolvedOptions, RouteDef } from './context';
import { generate, type PlantedCase } from './generator';
import { oauthRoutes } from './oauth';
import { BadRequestError, parseBody, parseQuery, readBody, str, type Params } from './params';
import { RateLimiter, throttlesFor } from './rate-limit';
import { createState, type AppRecord, type ServerState, type TokenRecord } from './state';
import { cmpId, snowflake } from './util';
import { quoteRoutes } from './quotes';
import { NEWEST_WEB_UI, serveWebUi, type RealWebUiVersion, type ShellAccount } from './real-web-ui';
import { renderCredentialAccount } from './render';
import { webUiRoutes } from './web-ui-routes';

export type { PlantedCase } from './generator';
export type { ServerState } from './state';

export interface StartOptions {
  /** Default 1; the same seed gives identical data. */
  seed?: number;
  /** The owner's posts, default 200, 0..100000. */
  posts?: number;
  /** Default 150, spread over many domains. */
  followers?: number;
  /** Default 80. */
  following?: number;
  /** Default systemClock. All time (rate-limit windows, new posts, media purge, idempotency) uses it. */
  clock?: Clock;
  /** Added to every response via clock.sleep (benchmarks), default 0. */
  latencyMs?: number;
  /** Default 0 = a free port; listens on 127.0.0.1. */
  port?: number;
  /** Which of Mastodon's real web UIs it serves at /home, /publish, /share; default the newest. */
  webUi?: RealWebUiVersion;
  /** How long media stays re-usable after DELETE without delete_media; default 24 h. */
  mediaRetentionMs?: number;
  /**
   * How long a deleted post's media stays attached to it (re-draft refused with 422) before it
   * can be re-used; default 0. Mastodon 4.3 detaches it in the background removal job, so a
   * re-draft sent right after the DELETE can come too early.
   */
  mediaDetachMs?: number;
  /** GET /api/v1/instance/domain_blocks public (default true) or 404. */
  publishDomainBlocks?: boolean;
  /** Enforce rate limits (default true); headers are sent either way. */
  rateLimits?: boolean;
  /** The Mastodon version reported: default 4.6.5 (4.2.13 with the 4.2 web UI). Quote policies need 4.5+, profile options 4.6+. */
  version?: string;
}

export interface RunningServer {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  /** The owner's token, scopes 'read write follow'. */
  ownerToken: string;
  owner: { id: string; username: string; acct: string; displayName: string };
  clock: Clock;
  state: ServerState;
  planted: PlantedCase[];
  faults: FaultController;
  /** Per-route request counts, keys like 'GET /api/v1/accounts/:id/statuses'. */
  counts(): Record<string, number>;
  resetCounts(): void;
  /** A token for the owner with these scopes. */
  issueToken(scopes: string[]): string;
  close(): Promise<void>;
}

export interface FaultSpec {
  /** Same key format as counts(), e.g. 'DELETE /api/v1/statuses/:id', or '*'. */
  route: string;
  kind:
    | '500'
    | '502-html'
    | '503-html'
    | 'reset'
    | 'timeout'
    | 'truncated-json'
    | 'malformed-json'
    | 'schema-break'
    | '429'
    | 'link-loop'
    | 'drop-link'
    | 'reset-after-apply'
    | 'html-page';
  /** How many requests it hits, default 1 (Infinity allowed). */
  times?: number;
  /** Skip this many matching requests first, default 0. */
  after?: number;
}

export interface FaultController {
  add(f: FaultSpec): void;
  clear(): void;
}

const DAY = 86_400_000;

/** Faults that answer instead of the application (the request is not applied). */
const PRE_FAULTS = new Set<FaultSpec['kind']>([
  '500',
  '502-html',
  '503-html',
  'reset',
  'timeout',
  '429',
  'html-page',
]);

class Faults implements FaultController {
  private entries: { spec: FaultSpec; skip: number; remaining: number }[] = [];
  add(f: FaultSpec): void {
    this.entries.push({ spec: f, skip: f.after ?? 0, remaining: f.times ?? 1 });
  }
  clear(): void {
    this.entries = [];
  }
  take(key: string): FaultSpec['kind'] | null {
    let hit: FaultSpec['kind'] | null = null;
    for (const e of this.entries) {
      if (e.spec.route !== '*' && e.spec.route !== key) continue;
      if (e.skip > 0) {
        e.skip--;
        continue;
      }
      if (hit === null && e.remaining > 0) {
        e.remaining--;
        hit = e.spec.kind;
      }
    }
    this.entries = this.entries.filter((e) => e.remaining > 0);
    return hit;
  }
}

interface CompiledRoute {
  def: RouteDef;
  re: RegExp;
  keys: string[];
}

function compile(def: RouteDef): CompiledRoute {
  const keys: string[] = [];
  const re = new RegExp(
    `^${def.pattern.replace(/[.]/g, '\\.').replace(/:(\w+)/g, (_, k: string) => {
      keys.push(k);
      return '([^/]+)';
    })}$`,
  );
  return { def, re, keys };
}

function hasScope(tokenScopes: string[], accepted: string[]): boolean {
  if (accepted.length === 0) return true;
  return accepted.some((a) => {
    if (tokenScopes.includes(a)) return true;
    const [family] = a.split(':');
    return a.includes(':') && (family === 'read' || family === 'write') && tokenScopes.includes(family);
  });
}

const CORS_EXPOSE =
  'Link, X-RateLimit-Reset, X-RateLimit-Limit, X-RateLimit-Remaining, X-Request-Id, Mastodon-Async-Refresh';

/** Mastodon's config/initializers/cors.rb. */
function corsFor(path: string): { methods: string; expose: boolean } | null {
  if (path.startsWith('/api/')) return { methods: 'POST, PUT, DELETE, GET, PATCH, OPTIONS', expose: true };
  if (path === '/oauth/token' || path === '/oauth/revoke') return { methods: 'POST', expose: false };
  if (path.startsWith('/.well-known/') || path.startsWith('/nodeinfo/'))
    return { methods: 'GET', expose: false };
  return null;
}

function upstreamPage(code: 502 | 503): string {
  const title = code === 502 ? '502 Bad Gateway' : '503 Service Temporarily Unavailable';
  return `<!DOCTYPE html><html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr><center>nginx</center><p>This server is undergoing maintenance. Please check back soon.</p></body></html>`;
}

function breakSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(breakSchema);
  if (value && typeof value === 'object') {
    const o = { ...(value as Record<string, unknown>) };
    if (typeof o.id === 'string') o.id = Number(o.id) || 0;
    delete o.created_at;
    delete o.acct;
    if ('account' in o) o.account = 'unavailable';
    if ('visibility' in o) o.visibility = 42;
    return o;
  }
  return { unexpected: true };
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const opts: ResolvedOptions = {
    seed: options.seed ?? 1,
    posts: Math.max(0, Math.min(100_000, Math.floor(options.posts ?? 200))),
    followers: Math.max(0, Math.floor(options.followers ?? 150)),
    following: Math.max(0, Math.floor(options.following ?? 80)),
    latencyMs: options.latencyMs ?? 0,
    webUi: options.webUi ?? NEWEST_WEB_UI,
    mediaRetentionMs: options.mediaRetentionMs ?? DAY,
    mediaDetachMs: options.mediaDetachMs ?? 0,
    publishDomainBlocks: options.publishDomainBlocks ?? true,
    rateLimits: options.rateLimits ?? true,
    version: options.version,
  };
  // The web UI's routes first: /api/v1/accounts/search must win over /api/v1/accounts/:id.
  const routes = [...oauthRoutes, ...webUiRoutes, ...apiRoutes, ...quoteRoutes].map(compile);
  const faults = new Faults();
  const limiter = new RateLimiter(opts.rateLimits);
  let counts: Record<string, number> = {};
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      // A bug in the test server must be visible in the failing test, not swallowed.
      console.error('mastodon-server: unhandled error', e);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify({ error: 'Internal server error' }));
      } else res.destroy();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const state = createState(origin, `127.0.0.1:${port}`);

  // Anchored to the start of the UTC day so that the same seed gives identical data all day long.
  const anchor = Math.floor(clock.now() / DAY) * DAY;
  const generated = generate(state, {
    seed: opts.seed,
    posts: opts.posts,
    followers: opts.followers,
    following: opts.following,
    now: anchor,
  });
  let lastStatusId = 0n;
  for (const id of state.statuses.keys()) {
    const b = BigInt(id);
    if (b > lastStatusId) lastStatusId = b;
  }
  const counters: Record<string, number> = {
    media: 5_000_000,
    poll: 600_000,
    app: 1,
    token: 1,
    follow: 9_000_000,
    conversation: 700_000,
    account: 800_000,
  };

  const core: Core = {
    state,
    clock,
    opts,
    planted: generated.planted,
    ownerToken: '',
    newStatusId() {
      let id = snowflake(clock.now(), Number(lastStatusId & 0xffffn) + 1);
      if (id <= lastStatusId) id = lastStatusId + 1n;
      lastStatusId = id;
      return id.toString();
    },
    newId(prefix) {
      counters[prefix] = (counters[prefix] ?? 0) + 1;
      return String(counters[prefix]);
    },
    randomToken() {
      return randomBytes(32).toString('base64url');
    },
  };

  // The web UI's own app, as Doorkeeper has one for Mastodon's front end.
  const webApp: AppRecord = {
    id: core.newId('app'),
    name: 'Web',
    website: null,
    scopes: ['read', 'write', 'follow', 'push'],
    redirectUris: ['urn:ietf:wg:oauth:2.0:oob'],
    clientId: core.randomToken(),
    clientSecret: core.randomToken(),
    createdAt: clock.now(),
  };
  state.apps.set(webApp.clientId, webApp);
  const issueToken = (scopes: string[]): string => {
    const rec: TokenRecord = {
      id: core.newId('token'),
      token: core.randomToken(),
      appId: webApp.id,
      accountId: state.ownerId,
      scopes,
      createdAt: clock.now(),
      revokedAt: null,
    };
    state.tokens.set(rec.token, rec);
    return rec.token;
  };
  core.ownerToken = issueToken(['read', 'write', 'follow']);
  const ownerRec = state.accounts.get(state.ownerId);
  if (!ownerRec) throw new Error('generator did not create the owner');

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const now = clock.now();
    const url = new URL(req.url ?? '/', origin);
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const method = (req.method ?? 'GET').toUpperCase();
    const cors = corsFor(path);

    if (method === 'OPTIONS') {
      const requested = req.headers['access-control-request-headers'];
      const headers: Record<string, string> = cors
        ? {
            'Access-Control-Allow-Origin': '*',
            'Access-Control-Allow-Methods': cors.methods,
            'Access-Control-Allow-Headers':
              typeof requested === 'string' && requested
                ? requested
                : 'Authorization, Content-Type, Idempotency-Key',
            'Access-Control-Max-Age': '7200',
            Vary: 'Origin',
          }
        : {};
      res.writeHead(cors ? 200 : 404, headers);
      res.end();
      return;
    }

    let match: { route: CompiledRoute; params: Record<string, string> } | null = null;
    for (const route of routes) {
      if (route.def.method !== method) continue;
      const m = route.re.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1] ?? '')));
      match = { route, params };
      break;
    }
    const isMedia = method === 'GET' && path.startsWith('/system/media_attachments/');
    const key = match
      ? `${method} ${match.route.def.pattern}`
      : isMedia
        ? 'GET /system/media_attachments/files/*'
        : path.startsWith('/packs/')
          ? `${method} /packs/*`
          : `${method} ${path}`;
    counts[key] = (counts[key] ?? 0) + 1;

    const baseHeaders: Record<string, string> = { 'X-Request-Id': randomBytes(8).toString('hex') };
    if (cors) {
      baseHeaders['Access-Control-Allow-Origin'] = '*';
      baseHeaders.Vary = 'Origin';
      if (cors.expose) baseHeaders['Access-Control-Expose-Headers'] = CORS_EXPOSE;
    }

    const fault = faults.take(key);
    if (fault && PRE_FAULTS.has(fault)) {
      switch (fault) {
        case 'reset':
          req.socket.destroy();
          return;
        case 'timeout':
          // Never answer; close() destroys the socket.
          return;
        case '500':
          return send(
            res,
            { status: 500, body: { error: "We're sorry, but something went wrong on our end." } },
            baseHeaders,
          );
        case '502-html':
          return send(res, { status: 502, html: upstreamPage(502) }, baseHeaders);
        case '503-html':
          return send(res, { status: 503, html: upstreamPage(503) }, baseHeaders);
        case '429':
          return send(
            res,
            { status: 429, body: { error: 'Too many requests' } },
            {
              ...baseHeaders,
              'X-RateLimit-Limit': '300',
              'X-RateLimit-Remaining': '0',
              'X-RateLimit-Reset': RateLimiter.resetOf(now),
            },
          );
        case 'html-page':
          return send(
            res,
            {
              status: 200,
              html: '<!doctype html><html><head><title>Welcome</title></head><body><h1>Welcome to our website</h1><p>This is not a Mastodon server.</p></body></html>',
            },
            baseHeaders,
          );
      }
    }

    let body: Params = {};
    try {
      body =
        method === 'GET' || method === 'HEAD'
          ? {}
          : parseBody(req.headers['content-type'], await readBody(req));
    } catch (e) {
      if (e instanceof BadRequestError)
        return send(res, { status: 400, body: { error: e.message } }, baseHeaders);
      throw e;
    }
    const query = parseQuery(url.searchParams);

    // Doorkeeper takes the token from the Authorization header or an access_token parameter.
    const auth = req.headers.authorization;
    const tokenString = auth?.startsWith('Bearer ')
      ? auth.slice(7).trim()
      : (str(query, 'access_token') ?? str(body, 'access_token'));
    const rec = tokenString ? state.tokens.get(tokenString) : undefined;
    const token = rec && rec.revokedAt === null ? rec : null;

    const throttle = limiter.hit(
      throttlesFor({
        method,
        path,
        query: url.searchParams,
        tokenId: token?.id ?? null,
        userId: token?.accountId ?? null,
        ip: req.socket.remoteAddress ?? '127.0.0.1',
      }),
      now,
    );
    const headers = { ...baseHeaders, ...throttle.headers };
    if (throttle.throttled) return send(res, { status: 429, body: { error: 'Too many requests' } }, headers);

    let reply: Reply | null = null;
    if (!match) {
      // Mastodon's web UI: its shell at web-app routes, its packs and public files.
      if (method === 'GET' || method === 'HEAD')
        reply = serveWebUi(opts.webUi, path, {
          origin,
          accessToken: core.ownerToken,
          credentialAccount: () => renderCredentialAccount(state, ownerRec!) as ShellAccount,
          query: url.searchParams,
        });
      if (reply) {
        // served above
      } else if (isMedia) {
        reply = serveMediaFile(makeCtx(req, method, path, url, query, body, {}, token, now));
      } else if (path.startsWith('/api/')) {
        reply = { status: 404, body: { error: 'Not Found' } };
      } else {
        reply = {
          status: 404,
          html: "<!doctype html><html><body><h1>The page you are looking for isn't here.</h1></body></html>",
        };
      }
    } else {
      const def = match.route.def;
      const denied = authorize(def, tokenString, token);
      reply =
        denied ?? (await def.handler(makeCtx(req, method, path, url, query, body, match.params, token, now)));
    }

    if (fault === 'reset-after-apply') {
      req.socket.destroy();
      return;
    }
    if (fault === 'drop-link' && reply.headers) {
      // A proxy or a server that leaves out the pagination header on one page.
      const { Link: _dropped, ...rest } = reply.headers;
      reply.headers = rest;
    }
    if (fault === 'link-loop') {
      reply.headers = { ...reply.headers, Link: `<${origin}${url.pathname}${url.search}>; rel="next"` };
    }
    if (fault === 'schema-break' && reply.body !== undefined) reply.body = breakSchema(reply.body);
    if ((fault === 'truncated-json' || fault === 'malformed-json') && reply.body !== undefined) {
      const text = JSON.stringify(reply.body);
      const broken =
        fault === 'truncated-json'
          ? text.slice(0, Math.max(1, Math.floor(text.length / 2)))
          : `${text.slice(0, 1)}<html>${text.slice(1)}`;
      return send(
        res,
        {
          status: reply.status,
          bytes: Buffer.from(broken),
          contentType: 'application/json; charset=utf-8',
          headers: reply.headers,
        },
        headers,
      );
    }
    return send(res, reply, headers);
  }

  function makeCtx(
    req: IncomingMessage,
    method: string,
    path: string,
    url: URL,
    query: Params,
    body: Params,
    params: Record<string, string>,
    token: TokenRecord | null,
    now: number,
  ): RequestCtx {
    return {
      core,
      req,
      method,
      path,
      url,
      query,
      body,
      params,
      token,
      viewerId: token?.accountId ?? null,
      now,
    };
  }

  function authorize(
    def: RouteDef,
    tokenString: string | undefined,
    token: TokenRecord | null,
  ): Reply | null {
    if (def.auth === 'none') return null;
    // Doorkeeper names a revoked token apart from an unknown one.
    const revoked = tokenString !== undefined && state.tokens.get(tokenString)?.revokedAt != null;
    const invalid: Reply = {
      status: 401,
      body: { error: revoked ? 'The access token was revoked' : 'The access token is invalid' },
    };
    if (def.auth === 'optional') {
      if (tokenString === undefined) return null;
      if (!token) return invalid;
    } else if (!token) return invalid;
    if (!hasScope(token.scopes, def.scopes ?? [])) {
      return { status: 403, body: { error: 'This action is outside the authorized scopes' } };
    }
    if (def.auth === 'user' && token.accountId === null) {
      return { status: 422, body: { error: 'This method requires an authenticated user' } };
    }
    return null;
  }

  async function send(res: ServerResponse, reply: Reply, headers: Record<string, string>): Promise<void> {
    if (opts.latencyMs > 0) await clock.sleep(opts.latencyMs);
    let payload: Buffer;
    let type: string;
    if (reply.bytes) {
      payload = reply.bytes;
      type = reply.contentType ?? 'application/octet-stream';
    } else if (reply.html !== undefined) {
      payload = Buffer.from(reply.html, 'utf8');
      type = 'text/html; charset=utf-8';
    } else {
      payload = Buffer.from(JSON.stringify(reply.body ?? {}), 'utf8');
      type = 'application/json; charset=utf-8';
    }
    if (res.destroyed) return;
    res.writeHead(reply.status, {
      ...headers,
      ...reply.headers,
      'Content-Type': type,
      'Content-Length': String(payload.length),
      'Cache-Control': 'private, no-store',
    });
    res.end(payload);
  }

  const running: RunningServer = {
    url: origin,
    ownerToken: core.ownerToken,
    owner: {
      id: ownerRec.id,
      username: ownerRec.username,
      acct: ownerRec.username,
      displayName: ownerRec.displayName,
    },
    clock,
    state,
    planted: generated.planted,
    faults,
    counts: () => ({ ...counts }),
    resetCounts: () => {
      counts = {};
    },
    issueToken,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const s of sockets) s.destroy();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
  return running;
}

export { cmpId };
