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

/** A field of an answer that could not be read: where it was and what was wrong. */
export interface UnreadField {
  /** The path on the server, without the query: `/api/v1/accounts/1/statuses`. */
  endpoint: string;
  /** Dotted path inside the item or answer, e.g. `account.id`; empty for the whole answer. */
  field: string;
  message: string;
}

function endpointOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** Names the first field of `data` the schema cannot read, or null when it reads. */
export function unreadField(schema: z.ZodType, data: unknown, url: string): UnreadField | null {
  const result = schema.safeParse(data);
  if (result.success) return null;
  const issue = result.error.issues[0];
  return {
    endpoint: endpointOf(url),
    field: issue?.path.map(String).join('.') ?? '',
    message: issue?.message ?? 'invalid',
  };
}

/** Validates a body against a schema, naming the endpoint and the field so a bug report can point at it. */
export function parseWith<S extends z.ZodType>(schema: S, data: unknown, url: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.length ? issue.path.map(String).join('.') : '';
    const detail: UnreadField = { endpoint: endpointOf(url), field, message: issue?.message ?? 'invalid' };
    throw new InvalidResponseError(
      url,
      `Unexpected data from the server at ${detail.endpoint}${field ? `, field ${field}` : ''}: ${detail.message}.`,
      detail,
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
  /**
   * Where to go on when a full page comes without the link (some servers never send one, and a
   * proxy may drop it): the query to set on the same URL, from the page just read, e.g. `max_id` of
   * its oldest item. Without it such a walk ends there, and the caller's count check has to notice.
   */
  continueFrom?: (page: T[]) => Record<string, string>;
  /**
   * An item that does not fit the schema is left out and reported here, instead of failing the
   * page; without it the walk throws InvalidResponseError.
   */
  onUnread?: (unread: UnreadField) => void;
}

/**
 * Yields page after page of validated items, following `rel="next"` (or `prev`) until a page comes
 * back empty, or short without a link. A full page without a link goes on through `continueFrom`.
 * Throws PaginationLoopError when a link or a page repeats, AbortedError when `signal` fires.
 */
export async function* paginate<T>(
  transport: HttpTransport,
  first: HttpRequest,
  itemSchema: z.ZodType<T>,
  options: PaginateOptions<T> = {},
): AsyncGenerator<T[]> {
  const { signal, stopAt, onPageUrl, continueFrom, onUnread } = options;
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

  // A page is full when it holds as many as were asked for; only then can more follow without a link.
  const limit = Number(first.query?.limit ?? NaN);
  let req: HttpRequest | undefined = { ...first, signal: pageSignal };
  while (req) {
    if (signal?.aborted) throw new AbortedError('Cancelled.');
    const url: string = transport.resolve(req.url, req.query).href;
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
    const all: T[] = [];
    for (const [index, raw] of response.data.entries()) {
      let item: T;
      if (onUnread) {
        const parsed = itemSchema.safeParse(raw);
        if (!parsed.success) {
          const unread = unreadField(itemSchema, raw, response.url)!;
          onUnread({ ...unread, field: `${index}${unread.field ? `.${unread.field}` : ''}` });
          continue;
        }
        item = parsed.data;
      } else {
        item = parseWith(itemSchema, raw, response.url) as T;
      }
      all.push(item);
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
    if (stopped || response.data.length === 0) req = undefined;
    else if (next) req = { url: next, signal: req.signal };
    else if (continueFrom && all.length > 0 && response.data.length >= limit) {
      // The repeated-id check above ends this if the server ignores the cursor.
      const query: Record<string, string> = {};
      for (const [k, v] of new URL(url).searchParams) query[k] = v;
      req = { url: new URL(url).pathname, query: { ...query, ...continueFrom(all) }, signal: req.signal };
    } else req = undefined;
  }
}
