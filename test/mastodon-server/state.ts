/**
 * The server's whole in-memory state. Tests read it back (`server.state`) to assert on what
 * really happened: every status ever created, deleted ones included, media with their bytes,
 * tokens, apps and idempotency records.
 */
import { cmpId } from './util';

export type Visibility = 'public' | 'unlisted' | 'private' | 'direct';
export type DefaultPrivacy = 'public' | 'unlisted' | 'private';

export interface FieldRecord {
  name: string;
  /** Plain text, as in `source.fields`; rendered to HTML on output. */
  value: string;
  verifiedAt: number | null;
}

export interface AccountRecord {
  id: string;
  username: string;
  /** null for accounts on this server. */
  domain: string | null;
  displayName: string;
  /** Plain-text bio (source.note); rendered to HTML on output. */
  note: string;
  fields: FieldRecord[];
  createdAt: number;
  locked: boolean;
  bot: boolean;
  discoverable: boolean | null;
  indexable: boolean;
  hideCollections: boolean | null;
  /** Read-only through the API (`noindex` is not permitted by update_credentials). */
  noindex: boolean;
  privacy: DefaultPrivacy;
  sensitive: boolean;
  language: string;
  quotePolicy: 'public' | 'followers' | 'nobody';
  /** The 4.6 profile display options (PATCH /api/v1/profile); Mastodon's defaults are all on. */
  showMedia: boolean;
  showMediaReplies: boolean;
  showFeatured: boolean;
  /** Counts shown for remote accounts (their real totals live on their servers). */
  remoteFollowersCount: number;
  remoteFollowingCount: number;
  remoteStatusesCount: number;
  lastStatusAt: number | null;
}

export interface MediaRecord {
  id: string;
  accountId: string;
  type: 'image' | 'gifv' | 'video' | 'audio' | 'unknown';
  mime: string;
  fileName: string;
  bytes: Buffer;
  description: string | null;
  focus: { x: number; y: number };
  width: number;
  height: number;
  blurhash: string;
  createdAt: number;
  /** The status it is attached to; null while unattached (fresh upload or after a re-draft delete). */
  statusId: string | null;
  /** Still attached to a deleted post until then (see mediaDetachMs). */
  detachAt?: number;
  /** When an unattached media becomes purged (re-draft retention); null = kept. */
  purgeAt: number | null;
  /** Set once purged: the file is gone from the API and the URL, the bytes stay here for read-back. */
  purgedAt: number | null;
}

export interface PollRecord {
  id: string;
  options: { title: string; votesCount: number }[];
  multiple: boolean;
  hideTotals: boolean;
  expiresAt: number | null;
  votersCount: number;
  /** Seconds, as given at creation (for re-drafting). */
  expiresIn: number;
}

export interface StatusVersion {
  text: string;
  spoilerText: string;
  sensitive: boolean;
  language: string | null;
  mediaIds: string[];
  /** Alt text at the time of the version. */
  mediaDescriptions: (string | null)[];
  pollOptions: string[] | null;
  createdAt: number;
}

export interface StatusRecord {
  id: string;
  accountId: string;
  createdAt: number;
  /** Plain-text source; `content` is rendered from it. */
  text: string;
  spoilerText: string;
  sensitive: boolean;
  visibility: Visibility;
  language: string | null;
  inReplyToId: string | null;
  inReplyToAccountId: string | null;
  reblogOfId: string | null;
  mediaIds: string[];
  poll: PollRecord | null;
  mentionIds: string[];
  tags: string[];
  editedAt: number | null;
  /** Empty until the first edit; then the original followed by every edit (Mastodon's StatusEdit rows). */
  history: StatusVersion[];
  pinned: boolean;
  favouritesCount: number;
  reblogsCount: number;
  repliesCount: number;
  applicationName: string | null;
  deleted: boolean;
  deletedAt: number | null;
  /** Media attached at deletion time, kept for read-back. */
  deletedMediaIds: string[];
  /** true when deleted with `delete_media=true`. */
  deletedWithMedia: boolean;
  idempotencyKey: string | null;
  /** Who may quote it (4.5+), set through PUT interaction_policy; unset means Mastodon's `public`. */
  quotePolicy?: 'public' | 'followers' | 'nobody';
}

export interface FollowRecord {
  /** Internal Follow id, used as max_id/since_id in Link headers (not an account id). */
  id: string;
  accountId: string;
  targetAccountId: string;
  createdAt: number;
}

export interface ConversationRecord {
  id: string;
  /** Participants other than the owner. */
  accountIds: string[];
  statusIds: string[];
  unread: boolean;
  hidden: boolean;
}

export interface AppRecord {
  id: string;
  name: string;
  website: string | null;
  scopes: string[];
  redirectUris: string[];
  clientId: string;
  clientSecret: string;
  createdAt: number;
}

export interface TokenRecord {
  id: string;
  token: string;
  appId: string | null;
  /** null for client_credentials tokens (no user). */
  accountId: string | null;
  scopes: string[];
  createdAt: number;
  revokedAt: number | null;
}

export interface AuthCodeRecord {
  code: string;
  appId: string;
  redirectUri: string;
  scopes: string[];
  /** Absent when the client sent no PKCE challenge (optional, as in Mastodon). */
  codeChallenge?: string;
  expiresAt: number;
  used: boolean;
}

export interface IdempotencyRecord {
  key: string;
  accountId: string;
  statusId: string;
  createdAt: number;
}

export interface InstanceDomainBlock {
  domain: string;
  severity: 'silence' | 'suspend';
  comment: string;
}

export interface ServerState {
  /** The WebFinger domain, `127.0.0.1:PORT`. */
  domain: string;
  origin: string;
  ownerId: string;
  accounts: Map<string, AccountRecord>;
  /** Every status ever created, deleted ones included (`deleted`, `deletedAt`). */
  statuses: Map<string, StatusRecord>;
  media: Map<string, MediaRecord>;
  /** Follows of the owner (followers), newest first by follow id. */
  followers: FollowRecord[];
  /** Follows by the owner (following), newest first by follow id. */
  following: FollowRecord[];
  /** Pending follow requests to the owner, newest first. */
  followRequests: FollowRecord[];
  conversations: Map<string, ConversationRecord>;
  apps: Map<string, AppRecord>;
  /** Keyed by the token string. */
  tokens: Map<string, TokenRecord>;
  authCodes: Map<string, AuthCodeRecord>;
  /** Keyed by `${accountId}:${key}`. */
  idempotency: Map<string, IdempotencyRecord>;
  instanceDomainBlocks: InstanceDomainBlock[];
  /** The owner's own domain blocks (POST /api/v1/domain_blocks). */
  userDomainBlocks: string[];
  /** Per-account live (not deleted) statuses, newest first. */
  timelines: Map<string, StatusRecord[]>;
  /** Lower-cased acct (`user` or `user@domain`) to account id. */
  acctIndex: Map<string, string>;
}

export function createState(origin: string, domain: string): ServerState {
  return {
    domain,
    origin,
    ownerId: '',
    accounts: new Map(),
    statuses: new Map(),
    media: new Map(),
    followers: [],
    following: [],
    followRequests: [],
    conversations: new Map(),
    apps: new Map(),
    tokens: new Map(),
    authCodes: new Map(),
    idempotency: new Map(),
    instanceDomainBlocks: [],
    userDomainBlocks: [],
    timelines: new Map(),
    acctIndex: new Map(),
  };
}

/** Inserts into an account's newest-first timeline, keeping it sorted (binary search). */
export function addToTimeline(state: ServerState, status: StatusRecord): void {
  let list = state.timelines.get(status.accountId);
  if (!list) {
    list = [];
    state.timelines.set(status.accountId, list);
  }
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const item = list[mid];
    if (item && cmpId(item.id, status.id) > 0) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, status);
}

export function removeFromTimeline(state: ServerState, status: StatusRecord): void {
  const list = state.timelines.get(status.accountId);
  if (!list) return;
  const index = list.indexOf(status);
  if (index >= 0) list.splice(index, 1);
}

export function acctOf(state: ServerState, account: AccountRecord): string {
  return account.domain ? `${account.username}@${account.domain}` : account.username;
}

export function accountUrl(state: ServerState, account: AccountRecord): string {
  return account.domain
    ? `https://${account.domain}/@${account.username}`
    : `${state.origin}/@${account.username}`;
}

export function accountUri(state: ServerState, account: AccountRecord): string {
  return account.domain
    ? `https://${account.domain}/users/${account.username}`
    : `${state.origin}/users/${account.username}`;
}

/** Lazily applies the re-draft retention: media past its purge time is gone. */
export function isMediaPurged(media: MediaRecord, now: number): boolean {
  if (media.purgedAt !== null) return true;
  if (media.purgeAt !== null && now >= media.purgeAt) {
    media.purgedAt = media.purgeAt;
    return true;
  }
  return false;
}

/** An account record with Mastodon's defaults for everything not given. */
export function newAccountRecord(
  fields: Pick<AccountRecord, 'id' | 'username' | 'domain' | 'createdAt'> & Partial<AccountRecord>,
): AccountRecord {
  return {
    displayName: fields.username,
    note: '',
    fields: [],
    locked: false,
    bot: false,
    discoverable: null,
    indexable: false,
    hideCollections: null,
    noindex: false,
    privacy: 'public',
    sensitive: false,
    language: 'en',
    quotePolicy: 'public',
    showMedia: true,
    showMediaReplies: true,
    showFeatured: true,
    remoteFollowersCount: 0,
    remoteFollowingCount: 0,
    remoteStatusesCount: 0,
    lastStatusAt: null,
    ...fields,
  };
}

export function registerAccount(state: ServerState, account: AccountRecord): void {
  state.accounts.set(account.id, account);
  state.acctIndex.set(acctOf(state, account).toLowerCase(), account.id);
}

export function findAccountByAcct(
  state: ServerState,
  username: string,
  domain: string | null,
): AccountRecord | undefined {
  const d = domain && domain.toLowerCase() !== state.domain.toLowerCase() ? domain.toLowerCase() : null;
  const id = state.acctIndex.get(d ? `${username}@${d}`.toLowerCase() : username.toLowerCase());
  return id === undefined ? undefined : state.accounts.get(id);
}
