/**
 * The MastodonClient implementation over our fetch transport (./http.ts).
 *
 * megalodon 10.0.5 is not used for requests: its constructor sets `axios.defaults.signal`
 * process-wide, its requests have no per-call AbortSignal or timeout and expose no raw body, its
 * status converter turns a quote into `reblog` and drops `text` from DELETE answers, its
 * `getInstance` is v1 only, `updateCredentials` drops `indexable`/`hide_collections`, `postStatus`
 * cannot send Idempotency-Key, and its `form-data` dependency cannot send a Blob in Node. What it
 * is used for is telling server software apart (./software.ts, its nodeinfo detector).
 * Every answer is validated with our zod schemas.
 */
import { z } from 'zod';
import type { Clock } from '../clock';
import type {
  CredentialsUpdate,
  MastodonClient,
  NewStatus,
  PageOptions,
  ProfileUpdate,
  RateLimitInfo,
} from './client';
import { HttpTransport, type HttpRequest } from './http';
import { paginate, parseWith, requestWithRetry, type RetryOptions } from './paginate';
import type { RateFamily } from './rate-limiter';
import { discoverInstance, type Getter } from './discovery';
import { detectFamily, readNodeinfo, serverSoftware } from './software';
import { MastodonHttpError, NotFoundError, NotMastodonError, ServerError } from './errors';
import {
  AccountSchema,
  ConversationSchema,
  CredentialAccountSchema,
  DeletedStatusSchema,
  DomainBlockSchema,
  MediaAttachmentSchema,
  ProfileSchema,
  RelationshipSchema,
  StatusEditSchema,
  StatusSchema,
  StatusSourceSchema,
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

  const call = (req: HttpRequest) => requestWithRetry(transport, req, retry);

  /** GETs for the discovery module: an HTTP error or a web page is an answer, no answer still throws. */
  const transportGetter =
    (signal: AbortSignal | undefined): Getter =>
    async (path) => {
      try {
        const res = await call({ url: path, signal, probe: true });
        return { status: res.status, url: res.url, data: res.data };
      } catch (error) {
        if (error instanceof MastodonHttpError && !(error instanceof ServerError))
          return { status: error.status, url: error.url, data: undefined };
        if (error instanceof NotMastodonError)
          return { status: 200, url: transport.resolve(path).href, data: undefined };
        throw error;
      }
    };

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
    continueFrom?: (page: T[]) => Record<string, string>,
  ): AsyncGenerator<T[]> {
    let count = 0;
    for await (const page of paginate(transport, { url, query }, schema, {
      ...retry,
      signal: opts.signal,
      stopAt,
      prefetch: opts.prefetch ?? false,
      follow,
      continueFrom,
      onUnread: opts.onUnread,
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

    // v2, then v1: the same discovery sign-in uses (./discovery.ts), over the paced transport.
    instance: (signal) => discoverInstance(transportGetter(signal), transport.origin),

    async serverSoftware(signal) {
      const info = await readNodeinfo(transportGetter(signal), transport.origin);
      // Only a server that publishes nodeinfo on its own host is handed to megalodon's detector.
      if (!info) return null;
      // The detector reads the same two documents again with its own HTTP client; they count as
      // this client's requests so the numbers shown stay true.
      transport.noteRequests(2);
      return serverSoftware(info, await detectFamily(transport.origin));
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
          // A full page without `prev`: climb on from its newest post, the first in the page.
          (page) => ({ min_id: page[0]!.id }),
        );
      }
      // `since_id` is not carried into the next link by Mastodon, so stop ourselves at the known id.
      return pages(
        url,
        { limit, since_id: sinceId, max_id: maxId },
        StatusSchema,
        opts,
        sinceId ? (s: Status) => compareIds(s.id, sinceId) <= 0 : undefined,
        'next',
        // A full page without `next` (snac never sends one; a proxy may drop it): go on after its last
        // post. The last in the server's order, not the smallest id: snac's ids are a timestamp and a
        // hash, out of order within a second, and its max_id means "after this one in my list".
        (page) => ({ max_id: page.at(-1)!.id }),
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

    async updateProfile(patch: ProfileUpdate, signal) {
      // Rails reads a JSON body as it reads form data. Before 4.6 the route is missing: a 404.
      const res = await call({ method: 'PATCH', url: '/api/v1/profile', json: patch, signal });
      return parseWith(ProfileSchema, res.data, res.url);
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
      // Idempotent on the server: blocking a blocked domain again changes nothing.
      // https://docs.joinmastodon.org/methods/domain_blocks/#block
      const res = await call({ method: 'POST', url: '/api/v1/domain_blocks', json: { domain }, signal });
      parseWith(z.object({}), res.data ?? {}, res.url);
    },
  };
  return client;
}
