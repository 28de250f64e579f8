/**
 * Retries and `Link` pagination over the HTTP transport.
 *
 * Mastodon pages through `Link: <…>; rel="next"` (older items); for followers, follow requests and
 * conversations the ids in those links are internal, so the link is the only way forward.
 * https://docs.joinmastodon.org/api/guidelines/#pagination
 */
import type { z } from 'zod';
import {
  AbortedError,
  InvalidResponseError,
  NetworkError,
  PaginationLoopError,
  RateLimitedError,
  ServerError,
} from './errors';
import { MalformedJsonError, type HttpRequest, type HttpResponse, type HttpTransport } from './http';

export interface RetryOptions {
  /** Attempts for 5xx, maintenance pages, timeouts, resets and garbled JSON. */
  attempts?: number;
  /** Waits for X-RateLimit-Reset after a 429 before giving up. */
  rateLimitWaits?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Called before each wait, e.g. to tell the user why nothing moves. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
}

const DEFAULT_RETRY: Required<Omit<RetryOptions, 'onRetry'>> = {
  attempts: 5,
  rateLimitWaits: 3,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
};

function transient(error: unknown): boolean {
  return error instanceof ServerError || error instanceof NetworkError || error instanceof MalformedJsonError;
}

/** One request with bounded retries: exponential backoff with full jitter, and a wait for the reset on 429. */
export async function requestWithRetry(
  transport: HttpTransport,
  req: HttpRequest,
  options: RetryOptions = {},
): Promise<HttpResponse> {
  const opts = { ...DEFAULT_RETRY, ...options };
  let failures = 0;
  let rateWaits = 0;
  for (;;) {
    try {
      return await transport.request(req);
    } catch (error) {
      if (req.signal?.aborted || error instanceof AbortedError) throw new AbortedError('Cancelled.');
      let delay: number;
      if (error instanceof RateLimitedError) {
        rateWaits += 1;
        if (rateWaits > opts.rateLimitWaits) throw error;
        // There is no Retry-After; X-RateLimit-Reset is the moment the window opens again.
        delay = Math.max(0, error.resetAt.getTime() - transport.clock.now()) + 500;
      } else if (transient(error)) {
        failures += 1;
        if (failures >= opts.attempts) throw error;
        const cap = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** (failures - 1));
        delay = cap / 2 + Math.random() * (cap / 2);
      } else {
        throw error;
      }
      opts.onRetry?.(error, failures + rateWaits, delay);
      try {
        await transport.clock.sleep(delay, req.signal);
      } catch (sleepError) {
        if (req.signal?.aborted) throw new AbortedError('Cancelled.');
        throw sleepError;
      }
    }
  }
}

/** Validates a body against a schema, naming the first problem so a bug report can point at it. */
export function parseWith<S extends z.ZodType>(schema: S, data: unknown, url: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'the answer';
    throw new InvalidResponseError(
      url,
      `Unexpected data from the server at ${where}: ${issue?.message ?? 'invalid'}.`,
    );
  }
  return result.data;
}

export interface PaginateOptions<T> extends RetryOptions {
  signal?: AbortSignal;
  /** Leave out items for which this returns true and end the walk after their page (e.g. ids at or below `since_id`). */
  stopAt?: (item: T) => boolean;
  /** Called with every page's URL before it is requested, so a caller can save where to resume. */
  onPageUrl?: (url: string) => void;
  /** Identity of an item, for loop detection; defaults to its `id`. */
  key?: (item: T) => string;
  /**
   * Request the next page as soon as the current one's headers name it, so reading and checking a
   * page overlaps the next round trip. Only for walks read to the end: a consumer that stops early
   * would leave one request wasted. A function is asked afresh for every page.
   */
  prefetch?: boolean | (() => boolean);
  /**
   * Which link leads on: `next` (older items, the default) or `prev` (newer items, for a walk
   * that starts at `min_id` and climbs towards the newest).
   */
  follow?: 'next' | 'prev';
}

/**
 * Yields page after page of validated items, following `rel="next"` (or `prev`) until the server
 * leaves it out or a page comes back empty.
 * Throws PaginationLoopError when a link or a page repeats, AbortedError when `signal` fires.
 */
export async function* paginate<T>(
  transport: HttpTransport,
  first: HttpRequest,
  itemSchema: z.ZodType<T>,
  options: PaginateOptions<T> = {},
): AsyncGenerator<T[]> {
  const { signal, stopAt, onPageUrl } = options;
  const rel = options.follow ?? 'next';
  const prefetch = options.prefetch;
  const key = options.key ?? ((item: T) => String((item as { id?: unknown }).id));
  const visited = new Set<string>();
  const seen = new Set<string>();
  const pageSignal = first.signal ?? signal;
  let pending: { url: string; response: Promise<HttpResponse> } | undefined;
  const fetchPage = (url: string): Promise<HttpResponse> =>
    requestWithRetry(
      transport,
      { url, signal: pageSignal, onLinks: prefetch && !stopAt ? prefetchNext : undefined },
      options,
    );
  function prefetchNext(links: Record<string, string>) {
    const link = links[rel];
    if (!link || (typeof prefetch === 'function' && !prefetch())) return;
    let next: string;
    try {
      next = transport.resolve(link).href;
    } catch {
      // A link to another host: the walk itself refuses it with a typed error when it gets there.
      return;
    }
    if (visited.has(next) || pending?.url === next) return;
    const response = fetchPage(next);
    // Its failure is reported when the walk awaits it; this only keeps Node from calling it unhandled meanwhile.
    response.catch(() => undefined);
    pending = { url: next, response };
  }

  let req: HttpRequest | undefined = { ...first, signal: pageSignal };
  while (req) {
    if (signal?.aborted) throw new AbortedError('Cancelled.');
    const url = transport.resolve(req.url, req.query).href;
    if (visited.has(url))
      throw new PaginationLoopError(`The server's page links loop back to ${new URL(url).pathname}.`);
    visited.add(url);
    onPageUrl?.(url);
    let response: HttpResponse;
    if (pending?.url === url) {
      const prefetched = pending.response;
      pending = undefined;
      response = await prefetched;
    } else {
      response = await fetchPage(url);
    }
    if (!Array.isArray(response.data)) {
      throw new InvalidResponseError(response.url, 'Expected a list from the server.');
    }
    const items: T[] = [];
    let stopped = false;
    for (const [index, raw] of response.data.entries()) {
      const item = parseWith(itemSchema, raw, response.url) as T;
      if (stopAt?.(item)) {
        // Left out; the walk ends after this page. Where such items sit in the page depends on the
        // direction (last going down to since_id, first climbing up to max_id).
        stopped = true;
        continue;
      }
      const id = key(item);
      if (seen.has(id)) {
        // A page handing back items already read means the cursor did not move.
        throw new PaginationLoopError(`The server repeated item ${id} at position ${index} of a later page.`);
      }
      seen.add(id);
      items.push(item);
    }
    if (items.length > 0) yield items;
    const next = response.links[rel];
    req = !stopped && next && response.data.length > 0 ? { url: next, signal: req.signal } : undefined;
  }
}
