/**
 * The fetch transport under the Mastodon client: one request, its timeout and cancellation, the
 * rate-limit headers it carried, and the mapping of every failure onto a typed error.
 *
 * Why fetch and not megalodon's axios client for reads: megalodon 10.0.5 gives no per-request
 * AbortSignal or timeout (it sets `axios.defaults.signal` globally in its constructor), and its
 * status converter rewrites entities (a quote becomes `reblog`, `text` is dropped from DELETE
 * answers). Reads need the raw body, the `Link` and `X-RateLimit-*` headers, and a timeout.
 */
import { systemClock, type Clock } from '../clock';
import {
  AbortedError,
  ForbiddenError,
  InvalidResponseError,
  MastodonHttpError,
  NetworkError,
  NotFoundError,
  NotMastodonError,
  RateLimitedError,
  ServerError,
  UnauthorizedError,
} from './errors';
import type { RateLimitInfo } from './client';
import { MastodonErrorSchema } from './schemas';
import { RateLimiter, familiesOf, type RateFamily } from './rate-limiter';

/** A JSON body that could not be parsed (cut off or garbled): worth one more try. */
export class MalformedJsonError extends InvalidResponseError {
  override name = 'MalformedJsonError';
}

export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A path on the origin (`/api/v1/...`) or an absolute URL on the same origin (a `Link`). */
  url: string;
  query?: Record<string, string | number | boolean | undefined | null>;
  json?: unknown;
  form?: FormData;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Marks instance-discovery calls: an HTML answer there means "not a Mastodon server". */
  probe?: boolean;
  /** Called with a successful answer's `Link` header as soon as the headers arrive, before the body. */
  onLinks?: (links: Record<string, string>) => void;
}

export interface HttpResponse {
  status: number;
  url: string;
  headers: Headers;
  data: unknown;
  /** `rel` → absolute URL from the `Link` header. https://docs.joinmastodon.org/api/guidelines/#pagination */
  links: Record<string, string>;
}

export interface TransportOptions {
  origin: string;
  token?: string | null;
  clock?: Clock;
  /** Per request, covering headers and body. Real time: a hung socket does not care about simulated clocks. */
  timeoutMs?: number;
  userAgent?: string;
  /** Keep this many requests of each budget for the user's own web UI, which shares the per-user limits. */
  reserve?: number;
}

/** Parses `<url>; rel="next", <url>; rel="prev"` (RFC 8288; Mastodon only ever sends this simple form). */
export function parseLinkHeader(header: string | null): Record<string, string> {
  const links: Record<string, string> = {};
  if (!header) return links;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /<([^>]*)>\s*((?:;[^;]*)*)/.exec(part.trim());
    if (!match?.[1]) continue;
    const rels = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(match[2] ?? '');
    for (const rel of rels?.[1]?.split(/\s+/) ?? []) links[rel.toLowerCase()] = match[1];
  }
  return links;
}

/** Reads X-RateLimit-* (Reset is an ISO 8601 timestamp, not an epoch). https://docs.joinmastodon.org/api/rate-limits/ */
export function parseRateLimit(headers: Headers): RateLimitInfo | undefined {
  const limit = Number(headers.get('x-ratelimit-limit'));
  const remaining = Number(headers.get('x-ratelimit-remaining'));
  const reset = Date.parse(headers.get('x-ratelimit-reset') ?? '');
  if (
    !headers.has('x-ratelimit-limit') ||
    !Number.isFinite(limit) ||
    !Number.isFinite(remaining) ||
    Number.isNaN(reset)
  ) {
    return undefined;
  }
  return { limit, remaining, resetAt: new Date(reset) };
}

function looksLikeHtml(contentType: string, body: string): boolean {
  return /html/i.test(contentType) || /^\s*</.test(body);
}

export class HttpTransport {
  readonly origin: string;
  readonly clock: Clock;
  readonly limiter: RateLimiter;
  private readonly token: string | null;
  private readonly timeoutMs: number;
  private readonly userAgent: string | undefined;
  private count = 0;

  constructor(options: TransportOptions) {
    this.origin = new URL(options.origin).origin;
    this.token = options.token ?? null;
    this.clock = options.clock ?? systemClock;
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.userAgent = options.userAgent;
    this.limiter = new RateLimiter(this.clock, options.reserve ?? 3);
  }

  get requestCount(): number {
    return this.count;
  }

  /** Requests made to this origin by another HTTP client (megalodon's nodeinfo detector). */
  noteRequests(n: number): void {
    this.count += n;
  }

  rateLimit(family: RateFamily = 'default'): RateLimitInfo | undefined {
    return this.limiter.info(family);
  }

  /** Resolves a path or a `Link` URL, refusing any other origin so the token never leaves the home server. */
  resolve(url: string, query?: HttpRequest['query']): URL {
    const resolved = new URL(url, this.origin);
    if (resolved.origin !== this.origin) {
      throw new InvalidResponseError(
        url,
        `The server pointed to another host (${resolved.host}); not following it.`,
      );
    }
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) resolved.searchParams.set(key, String(value));
    }
    return resolved;
  }

  /** One attempt: paced by the rate limiter, no retries (see paginate.ts `withRetry`). */
  async request(req: HttpRequest): Promise<HttpResponse> {
    const method = req.method ?? 'GET';
    const url = this.resolve(req.url, req.query);
    const families = familiesOf(method, url);
    if (req.signal?.aborted) throw new AbortedError('Cancelled.');
    await this.limiter.acquire(families, req.signal);

    const headers: Record<string, string> = { Accept: 'application/json', ...req.headers };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (this.userAgent) headers['User-Agent'] = this.userAgent;
    let body: BodyInit | undefined;
    if (req.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.form) {
      body = req.form;
    }

    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onAbort = () => controller.abort();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const where = `${method} ${url.pathname}`;
    this.count += 1;
    let response: Response;
    let text: string;
    const attempt = async () => {
      const r = await fetch(url, { method, headers, body, signal: controller.signal, redirect: 'follow' });
      if (r.ok && req.onLinks) req.onLinks(parseLinkHeader(r.headers.get('link')));
      return { r, t: await r.text() };
    };
    try {
      let answer;
      try {
        answer = await attempt();
      } catch (error) {
        // A server that closes every connection after answering (snac) leaves Node's pool with a
        // dead socket, and the next request on it fails at once. Browsers resend an idempotent
        // request in that case by themselves; the CLI does the same, once, for a GET.
        if (method !== 'GET' || controller.signal.aborted || !staleSocket(error)) throw error;
        this.count += 1;
        answer = await attempt();
      }
      response = answer.r;
      text = answer.t;
    } catch (error) {
      if (req.signal?.aborted) throw new AbortedError('Cancelled.');
      if (timedOut)
        throw new NetworkError(`${where}: no answer within ${Math.round(this.timeoutMs / 1000)} s.`);
      const cause =
        error instanceof Error
          ? error.cause instanceof Error
            ? error.cause.message
            : error.message
          : String(error);
      throw new NetworkError(`${where}: ${cause}`);
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
    }

    const info = parseRateLimit(response.headers);
    if (info) this.limiter.observe(families, info);
    const contentType = response.headers.get('content-type') ?? '';
    const html = looksLikeHtml(contentType, text);

    if (!response.ok) {
      const status = response.status;
      let message = `${where} answered ${status}`;
      if (!html) {
        const parsed = MastodonErrorSchema.safeParse(safeJson(text));
        if (parsed.success) message += `: ${parsed.data.error}`;
      }
      if (status === 429) {
        // No Retry-After exists; X-RateLimit-Reset says when the window opens again.
        const resetAt = info?.resetAt ?? new Date(this.clock.now() + 60_000);
        this.limiter.exhausted(families, resetAt);
        throw new RateLimitedError(url.href, resetAt);
      }
      if (req.probe && html && status < 500)
        throw new NotMastodonError(`${url.host} answered with a web page, not the Mastodon API.`);
      if (status === 401) throw new UnauthorizedError(status, url.href, message);
      if (status === 403) throw new ForbiddenError(status, url.href, message);
      if (status === 404) throw new NotFoundError(status, url.href, message);
      if (status >= 500)
        throw new ServerError(status, url.href, html ? `${message} (maintenance page)` : message);
      throw new MastodonHttpError(status, url.href, message);
    }
    if (html) {
      if (req.probe)
        throw new NotMastodonError(`${url.host} answered with a web page, not the Mastodon API.`);
      // A proxy or maintenance page answering 200 in place of JSON: transient more often than not.
      throw new ServerError(response.status, url.href, `${where} answered with a web page instead of JSON`);
    }
    let data: unknown;
    try {
      data = text === '' ? null : JSON.parse(text);
    } catch {
      throw new MalformedJsonError(
        url.href,
        `${where} sent JSON that could not be read (${text.length} bytes).`,
      );
    }
    return {
      status: response.status,
      url: url.href,
      headers: response.headers,
      data,
      links: parseLinkHeader(response.headers.get('link')),
    };
  }
}

/** A connection closed by the server before it read the request: nothing was done. */
function staleSocket(error: unknown): boolean {
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  return cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET' || cause?.code === 'EPIPE';
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
