/**
 * The one interface through which all of Fediprint talks to a Mastodon server.
 * The megalodon-backed implementation lives in ./megalodon-client.ts (background/Node only);
 * nothing else imports megalodon.
 */
import type {
  Account,
  Conversation,
  CredentialAccount,
  DeletedStatus,
  DefaultPrivacy,
  DomainBlock,
  Instance,
  MediaAttachment,
  Profile,
  Relationship,
  Status,
  StatusEdit,
  StatusSource,
  Visibility,
} from './schemas';
import type { UnreadField } from './paginate';
import type { ServerSoftware } from './software';

/** What X-RateLimit-* said on the last response of a given family. */
export interface RateLimitInfo {
  limit: number;
  remaining: number;
  resetAt: Date;
}

export interface PageOptions {
  limit?: number;
  signal?: AbortSignal;
  /** Called after each page with the count read so far. */
  onPage?: (count: number) => void;
  /**
   * Ask for the next page while the current one is checked: only for walks read to their end, or,
   * as a function, while it says the walk will go on.
   */
  prefetch?: boolean | (() => boolean);
  /** An item that does not fit the schema is left out and reported here instead of failing the walk. */
  onUnread?: (unread: UnreadField) => void;
}

export interface NewStatus {
  status: string;
  visibility: Visibility;
  spoiler_text?: string;
  sensitive?: boolean;
  language?: string | null;
  in_reply_to_id?: string | null;
  media_ids?: string[];
  poll?: { options: string[]; expires_in: number; multiple?: boolean; hide_totals?: boolean } | null;
  /** Who may quote it (4.5+); older servers ignore it, and without it the account's default applies. */
  quote_approval_policy?: QuotePolicy;
  /** Sent as the Idempotency-Key header so a retry never posts twice. */
  idempotencyKey: string;
}

export interface CredentialsUpdate {
  locked?: boolean;
  discoverable?: boolean;
  indexable?: boolean;
  hide_collections?: boolean;
  source?: { privacy?: DefaultPrivacy; quote_policy?: QuotePolicy };
}

/** The profile display options PATCH /api/v1/profile (4.6+) can change. */
export interface ProfileUpdate {
  show_media?: boolean;
  show_media_replies?: boolean;
  show_featured?: boolean;
}

/** Who may quote a post (4.5+). */
export type QuotePolicy = 'public' | 'followers' | 'nobody';

export interface MastodonClient {
  readonly origin: string;
  /** The most recent rate-limit headers seen, per family ('default', 'paging', 'delete', 'media', 'statuses'). */
  rateLimit(family?: string): RateLimitInfo | undefined;
  /** Requests made through this client (for progress and benchmarks). */
  readonly requestCount: number;

  verifyCredentials(signal?: AbortSignal): Promise<CredentialAccount>;
  /** v2 instance, falling back to v1 (./discovery.ts). */
  instance(signal?: AbortSignal): Promise<Instance>;
  /** Software, version and family from nodeinfo (./software.ts); null when the server publishes none. */
  serverSoftware(signal?: AbortSignal): Promise<ServerSoftware | null>;
  /** null when the server does not publish its blocks (404, the default). */
  instanceDomainBlocks(signal?: AbortSignal): Promise<DomainBlock[] | null>;

  /**
   * Own posts of every visibility, only those newer than `sinceId` and older than `maxId` when given.
   * `older` (the default) walks down from the newest, `newer` climbs up from the oldest (`min_id`);
   * within a page posts are newest first either way, as Mastodon returns them.
   */
  accountStatuses(
    accountId: string,
    opts?: PageOptions & { sinceId?: string; maxId?: string; direction?: 'older' | 'newer' },
  ): AsyncGenerator<Status[]>;
  followers(accountId: string, opts?: PageOptions): AsyncGenerator<Account[]>;
  following(accountId: string, opts?: PageOptions): AsyncGenerator<Account[]>;
  followRequests(opts?: PageOptions): AsyncGenerator<Account[]>;
  conversations(opts?: PageOptions): AsyncGenerator<Conversation[]>;

  getStatus(id: string, signal?: AbortSignal): Promise<Status>;
  statusHistory(id: string, signal?: AbortSignal): Promise<StatusEdit[]>;
  statusSource(id: string, signal?: AbortSignal): Promise<StatusSource>;

  /** Never sends delete_media: media stays re-usable for the re-draft. */
  deleteStatus(id: string, signal?: AbortSignal): Promise<DeletedStatus>;
  postStatus(status: NewStatus, signal?: AbortSignal): Promise<Status>;
  uploadMedia(
    file: Blob,
    opts: { description?: string | null; filename?: string },
    signal?: AbortSignal,
  ): Promise<MediaAttachment>;

  updateCredentials(update: CredentialsUpdate, signal?: AbortSignal): Promise<CredentialAccount>;
  /** PATCH /api/v1/profile (4.6+, write:accounts): the display options update_credentials cannot set. */
  updateProfile(patch: ProfileUpdate, signal?: AbortSignal): Promise<Profile>;
  removeFromFollowers(accountId: string, signal?: AbortSignal): Promise<Relationship>;
  blockDomain(domain: string, signal?: AbortSignal): Promise<void>;
  /** PUT /api/v1/statuses/:id/interaction_policy (4.5+): changes who may quote a posted status. */
  setQuotePolicy(id: string, policy: QuotePolicy, signal?: AbortSignal): Promise<Status>;
}
