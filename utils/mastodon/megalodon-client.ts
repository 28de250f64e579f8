/**
 * The MastodonClient implementation, and the only file that imports megalodon.
 *
 * What megalodon 10.0.5 is used for, and what not (checked against node_modules/megalodon):
 * - Its constructor takes (baseUrl, token, userAgent) only, no axios instance, and sets
 *   `axios.defaults.signal` process-wide; requests have no per-call AbortSignal or timeout and
 *   expose no raw body. So every request goes through our fetch transport (./http.ts): megalodon's
 *   `client` property is replaced by an adapter over that transport, per call, carrying the signal.
 * - Its status converter turns a quote into `reblog` and drops `text` from DELETE answers, its
 *   `getInstance` is v1 only, `updateCredentials` drops `indexable`/`hide_collections`, and
 *   `postStatus` cannot send Idempotency-Key. Those calls, and every paged read (which must follow
 *   `Link` URLs), go straight to the transport.
 * - Where its request building is faithful (domain blocks), megalodon builds the request. Media
 *   upload does not go through it: its `form-data` dependency cannot send a Blob in Node.
 * Every answer, whichever path it took, is validated with our zod schemas.
 */
import { Mastodon } from 'megalodon';
import { z } from 'zod';
import type { Clock } from '../clock';
import type { CredentialsUpdate, MastodonClient, NewStatus, PageOptions, RateLimitInfo } from './client';
import { HttpTransport, type HttpRequest, type HttpResponse } from './http';
import { paginate, parseWith, requestWithRetry, type RetryOptions } from './paginate';
import type { RateFamily } from './rate-limiter';
import { NotFoundError, NotMastodonError, ServerError } from './errors';
import {
  AccountSchema,
  ConversationSchema,
  CredentialAccountSchema,
  DeletedStatusSchema,
  DomainBlockSchema,
  InstanceSchema,
  MediaAttachmentSchema,
  RelationshipSchema,
  StatusEditSchema,
  StatusSchema,
  StatusSourceSchema,
  V1InstanceSchema,
  type Instance,
  type Status,
} from './schemas';

export interface MegalodonClientOptions {
  origin: string;
  token: string;
  clock?: Clock;
  timeoutMs?: number;
  userAgent?: string;
  retry?: RetryOptions;
  /** Requests of each rate-limit budget left to the user's web UI. */
  reserve?: number;
}

/** Statuses: 40 per page is Mastodon's maximum (default 20). Accounts: 80 (default 40). */
const STATUS_PAGE = 40;
const ACCOUNT_PAGE = 80;

/** Snowflake ids are decimal strings of varying length: compare numerically without losing precision. */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

type MegalodonTransport = Mastodon['client'];

function toMegalodonResponse(res: HttpResponse) {
  const headers: Record<string, string> = {};
  res.headers.forEach((value, key) => (headers[key] = value));
  return { data: res.data as never, status: res.status, statusText: '', headers };
}

export function createMegalodonClient(options: MegalodonClientOptions): MastodonClient {
  const transport = new HttpTransport({
    origin: options.origin,
    token: options.token,
    clock: options.clock,
    timeoutMs: options.timeoutMs,
    userAgent: options.userAgent,
    reserve: options.reserve,
  });
  const retry = options.retry ?? {};
  // Built once; per call a child object gets its own `client` bound to that call's signal.
  const base = new Mastodon(transport.origin, null, options.userAgent ?? null);

  const call = (req: HttpRequest) => requestWithRetry(transport, req, retry);

  function viaMegalodon(signal: AbortSignal | undefined): Mastodon {
    const send = (
      method: HttpRequest['method'],
      path: string,
      params: unknown,
      headers?: Record<string, string>,
      form = false,
    ) =>
      transport
        .request({
          method,
          url: path,
          headers,
          signal,
          ...(form
            ? { form: params as FormData }
            : method === 'GET'
              ? { query: params as HttpRequest['query'] }
              : { json: params }),
        })
        .then(toMegalodonResponse);
    const client: MegalodonTransport = {
      get: (path, params, headers) => send('GET', path, params, headers),
      put: (path, params, headers) => send('PUT', path, params, headers),
      putForm: (path, params, headers) => send('PUT', path, params, headers, true),
      patch: (path, params, headers) => send('PATCH', path, params, headers),
      patchForm: (path, params, headers) => send('PATCH', path, params, headers, true),
      post: (path, params, headers) => send('POST', path, params, headers),
      postForm: (path, params, headers) => send('POST', path, params, headers, true),
      del: (path, params, headers) => send('DELETE', path, params, headers),
      cancel: () => undefined,
      socket: () => {
        throw new Error('Streaming is not used by Fediprint.');
      },
    };
    const child = Object.create(base) as Mastodon;
    child.client = client;
    return child;
  }

  async function getOne<S extends z.ZodType>(
    schema: S,
    url: string,
    signal?: AbortSignal,
  ): Promise<z.infer<S>> {
    const res = await call({ url, signal });
    return parseWith(schema, res.data, res.url);
  }

  async function* pages<T>(
    url: string,
    query: HttpRequest['query'],
    schema: z.ZodType<T>,
    opts: PageOptions = {},
    stopAt?: (item: T) => boolean,
    follow: 'next' | 'prev' = 'next',
  ): AsyncGenerator<T[]> {
    let count = 0;
    for await (const page of paginate(transport, { url, query }, schema, {
      ...retry,
      signal: opts.signal,
      stopAt,
      prefetch: opts.prefetch ?? false,
      follow,
    })) {
      count += page.length;
      opts.onPage?.(count);
      yield page;
    }
  }

  const client: MastodonClient = {
    origin: transport.origin,
    get requestCount() {
      return transport.requestCount;
    },
    rateLimit(family?: string): RateLimitInfo | undefined {
      return transport.rateLimit((family ?? 'default') as RateFamily);
    },

    verifyCredentials: (signal) =>
      getOne(CredentialAccountSchema, '/api/v1/accounts/verify_credentials', signal),

    async instance(signal) {
      // v2 since 4.0; older servers only have v1. A plain web page on both means this is not Mastodon.
      // https://docs.joinmastodon.org/methods/instance/#v2
      let v2: HttpResponse | undefined;
      try {
        v2 = await call({ url: '/api/v2/instance', signal, probe: true });
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
      if (v2) {
        const parsed = InstanceSchema.safeParse(v2.data);
        if (parsed.success) return parsed.data;
        throw new NotMastodonError(`${new URL(v2.url).host} does not answer like a Mastodon server.`);
      }
      let v1: HttpResponse;
      try {
        v1 = await call({ url: '/api/v1/instance', signal, probe: true });
      } catch (error) {
        if (error instanceof NotFoundError)
          throw new NotMastodonError(`${new URL(error.url).host} has no Mastodon API.`);
        throw error;
      }
      const parsed = V1InstanceSchema.safeParse(v1.data);
      if (!parsed.success)
        throw new NotMastodonError(`${new URL(v1.url).host} does not answer like a Mastodon server.`);
      const { uri, title, version } = parsed.data;
      const instance: Instance = {
        domain: uri.replace(/^https?:\/\//, '').replace(/\/.*$/, ''),
        title,
        version,
      };
      return instance;
    },

    async instanceDomainBlocks(signal) {
      // Public only when the admins chose so; 404 (or 401 with limited federation) otherwise.
      // https://docs.joinmastodon.org/methods/instance/#domain_blocks
      try {
        return await getOne(z.array(DomainBlockSchema), '/api/v1/instance/domain_blocks', signal);
      } catch (error) {
        if (error instanceof NotFoundError) return null;
        if (error instanceof ServerError && error.status === 404) return null;
        if (error instanceof Error && 'status' in error && (error.status === 401 || error.status === 403))
          return null;
        throw error;
      }
    },

    accountStatuses(accountId, opts = {}) {
      const { sinceId, maxId } = opts;
      const url = `/api/v1/accounts/${encodeURIComponent(accountId)}/statuses`;
      const limit = opts.limit ?? STATUS_PAGE;
      if (opts.direction === 'newer') {
        // min_id pages hold the oldest posts above it; their `prev` link climbs on. Mastodon does not
        // carry max_id into that link, so the walk ends itself at the first post at or above it.
        // https://github.com/mastodon/mastodon/blob/main/app/models/concerns/paginable.rb
        return pages(
          url,
          { limit, min_id: sinceId ?? '0', max_id: maxId },
          StatusSchema,
          opts,
          maxId ? (s: Status) => compareIds(s.id, maxId) >= 0 : undefined,
          'prev',
        );
      }
      // `since_id` is not carried into the next link by Mastodon, so stop ourselves at the known id.
      return pages(
        url,
        { limit, since_id: sinceId, max_id: maxId },
        StatusSchema,
        opts,
        sinceId ? (s: Status) => compareIds(s.id, sinceId) <= 0 : undefined,
      );
    },
    followers: (accountId, opts = {}) =>
      pages(
        `/api/v1/accounts/${encodeURIComponent(accountId)}/followers`,
        { limit: opts.limit ?? ACCOUNT_PAGE },
        AccountSchema,
        opts,
      ),
    following: (accountId, opts = {}) =>
      pages(
        `/api/v1/accounts/${encodeURIComponent(accountId)}/following`,
        { limit: opts.limit ?? ACCOUNT_PAGE },
        AccountSchema,
        opts,
      ),
    followRequests: (opts = {}) =>
      pages('/api/v1/follow_requests', { limit: opts.limit ?? ACCOUNT_PAGE }, AccountSchema, opts),
    conversations: (opts = {}) =>
      pages('/api/v1/conversations', { limit: opts.limit ?? STATUS_PAGE }, ConversationSchema, opts),

    getStatus: (id, signal) => getOne(StatusSchema, `/api/v1/statuses/${encodeURIComponent(id)}`, signal),
    statusHistory: (id, signal) =>
      getOne(z.array(StatusEditSchema), `/api/v1/statuses/${encodeURIComponent(id)}/history`, signal),
    statusSource: (id, signal) =>
      getOne(StatusSourceSchema, `/api/v1/statuses/${encodeURIComponent(id)}/source`, signal),

    async deleteStatus(id, signal) {
      // Not retried: after a reset the delete may have happened, and a blind retry would 404 and lose
      // the returned `text`; the re-scope journal decides. No delete_media, so media stays re-usable.
      const res = await transport.request({
        method: 'DELETE',
        url: `/api/v1/statuses/${encodeURIComponent(id)}`,
        signal,
      });
      return parseWith(DeletedStatusSchema, res.data, res.url);
    },

    async postStatus(status: NewStatus, signal) {
      const { idempotencyKey, ...body } = status;
      // Safe to retry: the server returns the first result for a repeated Idempotency-Key.
      // https://docs.joinmastodon.org/methods/statuses/#create
      const res = await call({
        method: 'POST',
        url: '/api/v1/statuses',
        json: body,
        headers: { 'Idempotency-Key': idempotencyKey },
        signal,
      });
      return parseWith(StatusSchema, res.data, res.url);
    },

    async uploadMedia(file, opts, signal) {
      // Not retried: a second upload after a reset would only leave an orphan attachment, but the
      // caller should know the first one may exist. The multipart body is built with the platform's
      // own FormData (Node, service worker and Firefox background page all have it): megalodon's
      // `form-data` package cannot take a Blob in Node ("source.on is not a function").
      // https://docs.joinmastodon.org/methods/media/#v2
      const form = new FormData();
      const filename = opts.filename ?? (file instanceof File && file.name ? file.name : 'file');
      form.append('file', file, filename);
      if (opts.description) form.append('description', opts.description);
      const res = await transport.request({ method: 'POST', url: '/api/v2/media', form, signal });
      return parseWith(MediaAttachmentSchema, res.data, res.url);
    },

    async updateCredentials(update: CredentialsUpdate, signal) {
      const res = await call({
        method: 'PATCH',
        url: '/api/v1/accounts/update_credentials',
        json: update,
        signal,
      });
      return parseWith(CredentialAccountSchema, res.data, res.url);
    },

    async removeFromFollowers(accountId, signal) {
      const res = await call({
        method: 'POST',
        url: `/api/v1/accounts/${encodeURIComponent(accountId)}/remove_from_followers`,
        signal,
      });
      return parseWith(RelationshipSchema, res.data, res.url);
    },

    async setQuotePolicy(id, policy, signal) {
      const res = await call({
        method: 'PUT',
        url: `/api/v1/statuses/${encodeURIComponent(id)}/interaction_policy`,
        json: { quote_approval_policy: policy },
        signal,
      });
      return parseWith(StatusSchema, res.data, res.url);
    },

    async blockDomain(domain, signal) {
      const res = await viaMegalodon(signal).blockDomain(domain);
      parseWith(z.object({}), res.data ?? {}, `${transport.origin}/api/v1/domain_blocks`);
    },
  };
  return client;
}
