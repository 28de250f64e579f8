/**
 * The Mastodon REST endpoints the project depends on.
 * Behaviour follows https://docs.joinmastodon.org/methods/ and ../shared/docs/mastodon-api.md.
 */
import { createHash } from 'node:crypto';
import { error, json, NOT_FOUND, type Reply, type RequestCtx, type RouteDef } from './context';
import { isFile, list, obj, str, truthy, type Params } from './params';
import {
  currentVersion,
  parseMentions,
  parseTags,
  renderAccount,
  renderCredentialAccount,
  renderMedia,
  renderStatus,
  renderVersion,
  type RenderContext,
} from './render';
import {
  addToTimeline,
  findAccountByAcct,
  isMediaPurged,
  newAccountRecord,
  registerAccount,
  removeFromTimeline,
  type AccountRecord,
  type AppRecord,
  type ConversationRecord,
  type FollowRecord,
  type MediaRecord,
  type PollRecord,
  type StatusRecord,
  type Visibility,
} from './state';
import { cmpId } from './util';
import { apiVersionOf, newPostQuotePolicy, versionOf, withProfileOptions } from './quotes';

const VISIBILITIES: Visibility[] = ['public', 'unlisted', 'private', 'direct'];

function rctx(ctx: RequestCtx): RenderContext {
  return { state: ctx.core.state, viewerId: ctx.viewerId, now: ctx.now, version: versionOf(ctx.core.opts) };
}

/** Apps are keyed by client_id; tokens refer to the app id. */
function appById(ctx: RequestCtx, id: string | null): AppRecord | undefined {
  if (id === null) return undefined;
  for (const app of ctx.core.state.apps.values()) if (app.id === id) return app;
  return undefined;
}

function owner(ctx: RequestCtx): AccountRecord {
  const a = ctx.core.state.accounts.get(ctx.core.state.ownerId);
  if (!a) throw new Error('owner missing');
  return a;
}

function clampLimit(raw: string | undefined, def: number, max: number): number {
  const n = Number.parseInt(raw ?? '', 10);
  if (!Number.isFinite(n) || n <= 0) return def;
  return Math.min(n, max);
}

/** Builds a Link header from the request URL, replacing the paging parameters. */
function linkHeader(
  ctx: RequestCtx,
  next: Record<string, string> | null,
  prev: Record<string, string> | null,
): Record<string, string> {
  const make = (extra: Record<string, string>) => {
    const u = new URL(ctx.path, ctx.core.state.origin);
    for (const [k, v] of ctx.url.searchParams) {
      if (!['max_id', 'min_id', 'since_id', 'page'].includes(k)) u.searchParams.append(k, v);
    }
    for (const [k, v] of Object.entries(extra)) u.searchParams.set(k, v);
    return u.toString();
  };
  const parts: string[] = [];
  if (next) parts.push(`<${make(next)}>; rel="next"`);
  if (prev) parts.push(`<${make(prev)}>; rel="prev"`);
  return parts.length ? { Link: parts.join(', ') } : {};
}

/**
 * The Link header of one page: `next` only for a full page (as Mastodon), `prev` from its first
 * item under `prevKey` (min_id for timelines, since_id for account lists).
 */
function pageLinks<T>(
  ctx: RequestCtx,
  page: readonly T[],
  limit: number,
  idOf: (t: T) => string,
  prevKey: 'since_id' | 'min_id' = 'min_id',
): Record<string, string> {
  const first = page[0];
  const last = page[page.length - 1];
  return linkHeader(
    ctx,
    page.length === limit && last ? { max_id: idOf(last) } : null,
    first ? { [prevKey]: idOf(first) } : null,
  );
}

/** Generic id-window paging over a newest-first list (max_id/since_id/min_id as Mastodon's Paginable). */
function pageList<T>(
  items: T[],
  idOf: (t: T) => string,
  q: Params,
  limit: number,
  accept: (t: T) => boolean = () => true,
): T[] {
  const maxId = str(q, 'max_id');
  const sinceId = str(q, 'since_id');
  const minId = str(q, 'min_id');
  const out: T[] = [];
  if (minId && !sinceId) {
    // Oldest first above min_id, returned newest first.
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const it = items[mid];
      if (it !== undefined && cmpId(idOf(it), minId) > 0) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0 && out.length < limit; i--) {
      const it = items[i];
      if (it === undefined) continue;
      if (maxId && cmpId(idOf(it), maxId) >= 0) break;
      if (accept(it)) out.push(it);
    }
    return out.reverse();
  }
  let start = 0;
  if (maxId) {
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const it = items[mid];
      if (it !== undefined && cmpId(idOf(it), maxId) >= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  for (let i = start; i < items.length && out.length < limit; i++) {
    const it = items[i];
    if (it === undefined) continue;
    if (sinceId && cmpId(idOf(it), sinceId) <= 0) break;
    if (accept(it)) out.push(it);
  }
  return out;
}

function follows(ctx: RequestCtx, accountId: string, targetId: string): boolean {
  const s = ctx.core.state;
  if (accountId === s.ownerId) return s.following.some((f) => f.targetAccountId === targetId);
  if (targetId === s.ownerId) return s.followers.some((f) => f.accountId === accountId);
  return false;
}

function canSee(ctx: RequestCtx, status: StatusRecord): boolean {
  if (status.deleted) return false;
  const v = ctx.viewerId;
  if (v !== null && v === status.accountId) return true;
  if (status.visibility === 'public' || status.visibility === 'unlisted') return true;
  if (v === null) return false;
  if (status.mentionIds.includes(v)) return true;
  return status.visibility === 'private' && follows(ctx, v, status.accountId);
}

function findAccount(ctx: RequestCtx, id: string | undefined): AccountRecord | undefined {
  return id === undefined ? undefined : ctx.core.state.accounts.get(id);
}

function relationship(ctx: RequestCtx, target: AccountRecord): Record<string, unknown> {
  const s = ctx.core.state;
  const me = s.ownerId;
  return {
    id: target.id,
    following: follows(ctx, me, target.id),
    showing_reblogs: follows(ctx, me, target.id),
    notifying: false,
    languages: null,
    followed_by: follows(ctx, target.id, me),
    blocking: false,
    blocked_by: false,
    muting: false,
    muting_notifications: false,
    muting_expires_at: null,
    requested: false,
    requested_by: s.followRequests.some((f) => f.accountId === target.id),
    domain_blocking: target.domain !== null && s.userDomainBlocks.includes(target.domain),
    endorsed: false,
    note: '',
  };
}

// ---------- accounts ----------

function verifyCredentials(ctx: RequestCtx): Reply {
  const me = owner(ctx);
  return json(200, withProfileOptions(renderCredentialAccount(ctx.core.state, me), me, versionString(ctx)));
}

function updateCredentials(ctx: RequestCtx): Reply {
  const me = owner(ctx);
  const b = ctx.body;
  const source = obj(b.source);
  const privacy = source ? str(source, 'privacy') : undefined;
  if (privacy !== undefined && !['public', 'unlisted', 'private'].includes(privacy)) {
    return error(422, 'Validation failed: Default privacy is not included in the list');
  }
  const note = str(b, 'note');
  if (note !== undefined && note.length > 500)
    return error(422, 'Validation failed: Note is too long (maximum is 500 characters)');
  const displayName = str(b, 'display_name');
  if (displayName !== undefined) me.displayName = displayName;
  if (note !== undefined) me.note = note;
  const setBool = (key: string, apply: (v: boolean) => void) => {
    const v = truthy(b[key]);
    if (v !== undefined) apply(v);
  };
  setBool('locked', (v) => (me.locked = v));
  setBool('bot', (v) => (me.bot = v));
  setBool('discoverable', (v) => (me.discoverable = v));
  setBool('indexable', (v) => (me.indexable = v));
  setBool('hide_collections', (v) => (me.hideCollections = v));
  if (source) {
    if (privacy) me.privacy = privacy as AccountRecord['privacy'];
    const sensitive = truthy(source.sensitive);
    if (sensitive !== undefined) me.sensitive = sensitive;
    const language = str(source, 'language');
    if (language !== undefined) me.language = language;
    const quote = str(source, 'quote_policy');
    if (quote === 'public' || quote === 'followers' || quote === 'nobody') me.quotePolicy = quote;
  }
  const fa = b.fields_attributes;
  if (fa !== undefined) {
    const entries: Params[] = Array.isArray(fa)
      ? fa.map((x) => obj(x)).filter((x): x is Params => x !== undefined)
      : Object.keys(obj(fa) ?? {})
          .sort((x, y) => Number(x) - Number(y))
          .map((k) => obj(obj(fa)?.[k]))
          .filter((x): x is Params => x !== undefined);
    me.fields = entries
      .map((e) => ({ name: str(e, 'name') ?? '', value: str(e, 'value') ?? '', verifiedAt: null }))
      .filter((f) => f.name !== '' || f.value !== '')
      .slice(0, 4);
  }
  return json(200, withProfileOptions(renderCredentialAccount(ctx.core.state, me), me, versionString(ctx)));
}

function getAccount(ctx: RequestCtx): Reply {
  const a = findAccount(ctx, ctx.params.id);
  if (!a) return NOT_FOUND();
  return json(200, renderAccount(ctx.core.state, a));
}

function lookupAccount(ctx: RequestCtx): Reply {
  const acct = (str(ctx.query, 'acct') ?? '').replace(/^@/, '');
  const [username, domain] = acct.split('@');
  const a = username ? findAccountByAcct(ctx.core.state, username, domain ?? null) : undefined;
  if (!a) return NOT_FOUND();
  return json(200, renderAccount(ctx.core.state, a));
}

function relationships(ctx: RequestCtx): Reply {
  const ids = list(ctx.query.id);
  const out = ids.map((id) => findAccount(ctx, id)).filter((a): a is AccountRecord => a !== undefined);
  return json(
    200,
    out.map((a) => relationship(ctx, a)),
  );
}

function accountStatuses(ctx: RequestCtx): Reply {
  const s = ctx.core.state;
  const account = findAccount(ctx, ctx.params.id);
  if (!account) return NOT_FOUND();
  const q = ctx.query;
  const limit = clampLimit(str(q, 'limit'), 20, 40);
  const timeline = s.timelines.get(account.id) ?? [];
  const onlyMedia = truthy(q.only_media) === true;
  const excludeReplies = truthy(q.exclude_replies) === true;
  const excludeReblogs = truthy(q.exclude_reblogs) === true;
  const excludeDirect = truthy(q.exclude_direct) === true;
  const tagged = str(q, 'tagged')?.toLowerCase();
  const accept = (st: StatusRecord) =>
    canSee(ctx, st) &&
    !(onlyMedia && st.mediaIds.length === 0) &&
    // Mastodon keeps self-replies (threads) when excluding replies.
    !(excludeReplies && st.inReplyToId !== null && st.inReplyToAccountId !== st.accountId) &&
    !(excludeReblogs && st.reblogOfId !== null) &&
    !(excludeDirect && st.visibility === 'direct') &&
    !(tagged && !st.tags.includes(tagged));
  if (truthy(q.pinned) === true) {
    const pinned = timeline.filter((st) => st.pinned && accept(st));
    // Mastodon paginates pinned posts like any other list: a prev link, and next only for a full page.
    const first = pinned[0];
    return json(
      200,
      pinned.map((st) => renderStatus(rctx(ctx), st)),
      linkHeader(ctx, null, first ? { min_id: first.id } : null),
    );
  }
  const page = pageList(timeline, (st) => st.id, q, limit, accept);
  return json(
    200,
    page.map((st) => renderStatus(rctx(ctx), st)),
    pageLinks(ctx, page, limit, (st) => st.id),
  );
}

function accountList(
  ctx: RequestCtx,
  records: FollowRecord[],
  which: 'accountId' | 'targetAccountId',
  prevKey: 'since_id' | 'min_id' = 'since_id',
): Reply {
  const limit = clampLimit(str(ctx.query, 'limit'), 40, 80);
  const page = pageList(records, (f) => f.id, ctx.query, limit);
  const headers = pageLinks(ctx, page, limit, (f) => f.id, prevKey);
  const accounts = page
    .map((f) => ctx.core.state.accounts.get(f[which]))
    .filter((a): a is AccountRecord => a !== undefined)
    .map((a) => renderAccount(ctx.core.state, a));
  return json(200, accounts, headers);
}

function followersOrFollowing(kind: 'followers' | 'following') {
  return (ctx: RequestCtx): Reply => {
    const s = ctx.core.state;
    const account = findAccount(ctx, ctx.params.id);
    if (!account) return NOT_FOUND();
    // Remote accounts' collections live on their servers; hidden collections are empty for others.
    if (account.id !== s.ownerId || (account.hideCollections === true && ctx.viewerId !== account.id))
      return json(200, []);
    return kind === 'followers'
      ? accountList(ctx, s.followers, 'accountId')
      : accountList(ctx, s.following, 'targetAccountId');
  };
}

function removeFromFollowers(ctx: RequestCtx): Reply {
  const s = ctx.core.state;
  const a = findAccount(ctx, ctx.params.id);
  if (!a) return NOT_FOUND();
  s.followers = s.followers.filter((f) => f.accountId !== a.id);
  return json(200, relationship(ctx, a));
}

/**
 * Favourites and bookmarks: this server keeps none for the owner, so both are empty lists; Mastodon
 * sends no Link on an empty page. https://docs.joinmastodon.org/methods/favourites/
 */
function emptyOwnList(): Reply {
  return json(200, []);
}

/** The owner's notifications: one `follow` per follower, newest first, paged by the internal Follow id. */
function notifications(ctx: RequestCtx): Reply {
  const limit = clampLimit(str(ctx.query, 'limit'), 40, 80);
  const s = ctx.core.state;
  const types = ctx.url.searchParams.getAll('types[]');
  const items =
    types.length && !types.includes('follow') ? [] : [...s.followers].sort((a, b) => cmpId(b.id, a.id));
  const page = pageList(items, (f) => f.id, ctx.query, limit);
  const headers = pageLinks(ctx, page, limit, (f) => f.id);
  return json(
    200,
    page
      .map((f) => ({ f, account: s.accounts.get(f.accountId) }))
      .filter((x): x is { f: FollowRecord; account: AccountRecord } => x.account !== undefined)
      .map(({ f, account }) => ({
        id: f.id,
        type: 'follow',
        group_key: `ungrouped-${f.id}`,
        created_at: new Date(f.createdAt).toISOString(),
        account: renderAccount(s, account),
      })),
    headers,
  );
}

function followRequests(ctx: RequestCtx): Reply {
  return accountList(ctx, ctx.core.state.followRequests, 'accountId');
}

function decideFollowRequest(accept: boolean) {
  return (ctx: RequestCtx): Reply => {
    const s = ctx.core.state;
    const a = findAccount(ctx, ctx.params.id);
    const req = s.followRequests.find((f) => f.accountId === ctx.params.id);
    if (!a || !req) return NOT_FOUND();
    s.followRequests = s.followRequests.filter((f) => f !== req);
    if (accept)
      s.followers.unshift({
        id: ctx.core.newId('follow'),
        accountId: a.id,
        targetAccountId: s.ownerId,
        createdAt: ctx.now,
      });
    return json(200, relationship(ctx, a));
  };
}

function preferences(ctx: RequestCtx): Reply {
  const me = owner(ctx);
  return json(200, {
    'posting:default:visibility': me.privacy,
    'posting:default:sensitive': me.sensitive,
    'posting:default:language': me.language === '' ? null : me.language,
    'posting:default:quote_policy': me.quotePolicy,
    'reading:expand:media': 'default',
    'reading:expand:spoilers': false,
    'reading:autoplay:gifs': false,
  });
}

// ---------- domain blocks ----------

function instanceDomainBlocks(ctx: RequestCtx): Reply {
  if (!ctx.core.opts.publishDomainBlocks) return NOT_FOUND();
  return json(
    200,
    ctx.core.state.instanceDomainBlocks.map((b) => ({
      domain: b.domain,
      digest: createHash('sha256').update(b.domain).digest('hex'),
      severity: b.severity,
      comment: b.comment,
    })),
  );
}

function userDomainBlocks(ctx: RequestCtx): Reply {
  return json(200, [...ctx.core.state.userDomainBlocks]);
}

function addUserDomainBlock(ctx: RequestCtx): Reply {
  const s = ctx.core.state;
  const domain = (str(ctx.body, 'domain') ?? str(ctx.query, 'domain') ?? '').trim().toLowerCase();
  if (!domain || !/^[a-z0-9.-]+(:\d+)?$/.test(domain))
    return error(422, 'Validation failed: Domain is invalid');
  if (!s.userDomainBlocks.includes(domain)) s.userDomainBlocks.push(domain);
  // AfterBlockDomainFromAccountService: followers on the blocked domain are removed, follows too.
  const onDomain = (id: string) => s.accounts.get(id)?.domain?.toLowerCase() === domain;
  s.followers = s.followers.filter((f) => !onDomain(f.accountId));
  s.following = s.following.filter((f) => !onDomain(f.targetAccountId));
  s.followRequests = s.followRequests.filter((f) => !onDomain(f.accountId));
  return json(200, {});
}

function removeUserDomainBlock(ctx: RequestCtx): Reply {
  const s = ctx.core.state;
  const domain = (str(ctx.body, 'domain') ?? str(ctx.query, 'domain') ?? '').trim().toLowerCase();
  s.userDomainBlocks = s.userDomainBlocks.filter((d) => d !== domain);
  return json(200, {});
}

// ---------- conversations ----------

function lastStatusOf(ctx: RequestCtx, c: ConversationRecord): StatusRecord | undefined {
  let best: StatusRecord | undefined;
  for (const id of c.statusIds) {
    const st = ctx.core.state.statuses.get(id);
    if (st && !st.deleted && (!best || cmpId(st.id, best.id) > 0)) best = st;
  }
  return best;
}

function conversations(ctx: RequestCtx): Reply {
  const limit = clampLimit(str(ctx.query, 'limit'), 20, 40);
  const items = [...ctx.core.state.conversations.values()]
    .filter((c) => !c.hidden)
    .map((c) => ({ c, last: lastStatusOf(ctx, c) }))
    .filter((x): x is { c: ConversationRecord; last: StatusRecord } => x.last !== undefined)
    .sort((a, b) => cmpId(b.last.id, a.last.id));
  const page = pageList(items, (x) => x.last.id, ctx.query, limit);
  const headers = pageLinks(ctx, page, limit, (x) => x.last.id);
  return json(
    200,
    page.map(({ c, last: st }) => ({
      id: c.id,
      unread: c.unread,
      accounts: c.accountIds
        .map((id) => ctx.core.state.accounts.get(id))
        .filter((a): a is AccountRecord => a !== undefined)
        .map((a) => renderAccount(ctx.core.state, a)),
      last_status: renderStatus(rctx(ctx), st),
    })),
    headers,
  );
}

function hideConversation(ctx: RequestCtx): Reply {
  const c = ctx.core.state.conversations.get(ctx.params.id ?? '');
  if (!c || c.hidden) return NOT_FOUND();
  c.hidden = true;
  return json(200, {});
}

function readConversation(ctx: RequestCtx): Reply {
  const c = ctx.core.state.conversations.get(ctx.params.id ?? '');
  if (!c || c.hidden) return NOT_FOUND();
  c.unread = false;
  const last = lastStatusOf(ctx, c);
  return json(200, {
    id: c.id,
    unread: false,
    accounts: c.accountIds
      .map((id) => ctx.core.state.accounts.get(id))
      .filter((a): a is AccountRecord => !!a)
      .map((a) => renderAccount(ctx.core.state, a)),
    last_status: last ? renderStatus(rctx(ctx), last) : null,
  });
}

function attachToConversation(ctx: RequestCtx, status: StatusRecord): void {
  const s = ctx.core.state;
  const others = [...new Set([status.accountId, ...status.mentionIds])]
    .filter((id) => id !== s.ownerId)
    .sort();
  if (others.length === 0) return;
  const key = others.join(',');
  let conv = [...s.conversations.values()].find((c) => c.accountIds.join(',') === key);
  if (!conv) {
    conv = {
      id: ctx.core.newId('conversation'),
      accountIds: others,
      statusIds: [],
      unread: false,
      hidden: false,
    };
    s.conversations.set(conv.id, conv);
  }
  conv.hidden = false;
  conv.statusIds.push(status.id);
}

// ---------- statuses ----------

function getStatus(ctx: RequestCtx): Reply {
  const st = ctx.core.state.statuses.get(ctx.params.id ?? '');
  if (!st || !canSee(ctx, st)) return NOT_FOUND();
  return json(200, renderStatus(rctx(ctx), st));
}

function statusHistory(ctx: RequestCtx): Reply {
  const st = ctx.core.state.statuses.get(ctx.params.id ?? '');
  if (!st || !canSee(ctx, st)) return NOT_FOUND();
  const versions = st.history.length > 0 ? st.history : [currentVersion(ctx.core.state, st)];
  return json(
    200,
    versions.map((v) => renderVersion(rctx(ctx), st, v)),
  );
}

function statusSource(ctx: RequestCtx): Reply {
  const st = ctx.core.state.statuses.get(ctx.params.id ?? '');
  if (!st || !canSee(ctx, st)) return NOT_FOUND();
  return json(200, { id: st.id, text: st.text, spoiler_text: st.spoilerText });
}

function statusContext(ctx: RequestCtx): Reply {
  const s = ctx.core.state;
  const st = s.statuses.get(ctx.params.id ?? '');
  if (!st || !canSee(ctx, st)) return NOT_FOUND();
  const ancestors: StatusRecord[] = [];
  let cur = st.inReplyToId ? s.statuses.get(st.inReplyToId) : undefined;
  while (cur && canSee(ctx, cur) && ancestors.length < 40) {
    ancestors.unshift(cur);
    cur = cur.inReplyToId ? s.statuses.get(cur.inReplyToId) : undefined;
  }
  const descendants = [...s.statuses.values()].filter((x) => x.inReplyToId === st.id && canSee(ctx, x));
  return json(200, {
    ancestors: ancestors.map((x) => renderStatus(rctx(ctx), x)),
    descendants: descendants.map((x) => renderStatus(rctx(ctx), x)),
  });
}

/** Resolves mentions; unknown remote handles are "fetched" (created), as WebFinger would. */
function resolveMentions(ctx: RequestCtx, text: string): string[] {
  const s = ctx.core.state;
  const ids: string[] = [];
  for (const m of parseMentions(text)) {
    let a = findAccountByAcct(s, m.username, m.domain);
    if (!a && m.domain && m.domain.toLowerCase() !== s.domain.toLowerCase()) {
      a = newAccountRecord({
        id: ctx.core.newId('account'),
        username: m.username,
        domain: m.domain.toLowerCase(),
        createdAt: ctx.now,
      });
      registerAccount(s, a);
    }
    if (a && !ids.includes(a.id)) ids.push(a.id);
  }
  return ids;
}

/** Media ids the owner may attach: own, unattached (or already on this status), not purged. */
function checkMedia(ctx: RequestCtx, ids: string[], statusId: string | null): MediaRecord[] | Reply {
  if (ids.length > 4) return error(422, 'Validation failed: Media attachments exceed the limit of 4');
  const out: MediaRecord[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const m = ctx.core.state.media.get(id);
    if (
      !m ||
      m.accountId !== ctx.viewerId ||
      isMediaPurged(m, ctx.now) ||
      (m.statusId !== null && m.statusId !== statusId) ||
      (m.detachAt !== undefined && ctx.now < m.detachAt)
    )
      missing.push(id);
    else out.push(m);
  }
  if (missing.length)
    return error(422, `Media ${missing.join(', ')} not found or already attached to another post`);
  return out;
}

function parsePoll(ctx: RequestCtx, p: Params | undefined): PollRecord | null | Reply {
  if (!p) return null;
  const options = list(p.options);
  if (options.length < 2) return error(422, 'Validation failed: Poll options must have at least 2 items');
  if (options.length > 4)
    return error(422, 'Validation failed: Poll options must not have more than 4 items');
  if (options.some((o) => o.length > 50))
    return error(422, 'Validation failed: Poll options must not contain items longer than 50 characters');
  const expiresIn = Number.parseInt(str(p, 'expires_in') ?? '', 10);
  if (!Number.isFinite(expiresIn) || expiresIn < 300)
    return error(422, 'Validation failed: Poll expiration must be at least 5 minutes in the future');
  if (expiresIn > 2629746)
    return error(422, 'Validation failed: Poll expiration must be at most 1 month in the future');
  return {
    id: ctx.core.newId('poll'),
    options: options.map((title) => ({ title, votesCount: 0 })),
    multiple: truthy(p.multiple) === true,
    hideTotals: truthy(p.hide_totals) === true,
    expiresAt: ctx.now + expiresIn * 1000,
    votersCount: 0,
    expiresIn,
  };
}

function isReply(v: unknown): v is Reply {
  return (
    typeof v === 'object' &&
    v !== null &&
    'status' in v &&
    typeof (v as { status: unknown }).status === 'number' &&
    !('options' in v)
  );
}

function createStatus(ctx: RequestCtx): Reply {
  const s = ctx.core.state;
  const me = owner(ctx);
  const b = ctx.body;
  const key = ctx.req.headers['idempotency-key'];
  const idemKey = typeof key === 'string' && key !== '' ? `${me.id}:${key}` : null;
  if (idemKey) {
    const rec = s.idempotency.get(idemKey);
    if (rec && ctx.now - rec.createdAt < 3_600_000) {
      // Mastodon looks the duplicate up among the account's statuses: a deleted one is a 404.
      const st = s.statuses.get(rec.statusId);
      if (!st || st.deleted) return NOT_FOUND();
      return json(200, renderStatus(rctx(ctx), st));
    }
  }
  if (str(b, 'scheduled_at')) return error(422, 'Scheduled posts are not supported by this test server');
  const text = str(b, 'status') ?? '';
  const mediaIds = list(b.media_ids);
  const pollParam = obj(b.poll);
  if (text.trim() === '' && mediaIds.length === 0 && !pollParam)
    return error(422, "Validation failed: Text can't be blank");
  if ([...text].length > 500) return error(422, 'Validation failed: Text character limit of 500 exceeded');
  const visibility = (str(b, 'visibility') ?? me.privacy) as Visibility;
  if (!VISIBILITIES.includes(visibility))
    return error(422, `Validation failed: Visibility '${visibility}' is not a valid visibility`);
  if (mediaIds.length > 0 && pollParam)
    return error(422, 'Validation failed: Cannot attach files to a post with a poll');
  const media = checkMedia(ctx, mediaIds, null);
  if (!Array.isArray(media)) return media;
  const poll = parsePoll(ctx, pollParam);
  if (poll !== null && isReply(poll)) return poll;
  let inReplyTo: StatusRecord | null = null;
  const replyId = str(b, 'in_reply_to_id');
  if (replyId) {
    const parent = s.statuses.get(replyId);
    if (!parent || !canSee(ctx, parent))
      return error(404, 'The post you are trying to reply to does not appear to exist.');
    inReplyTo = parent;
  }
  const language = str(b, 'language');
  const status: StatusRecord = {
    id: ctx.core.newStatusId(),
    accountId: me.id,
    createdAt: ctx.now,
    text,
    spoilerText: str(b, 'spoiler_text') ?? '',
    sensitive: truthy(b.sensitive) === true || (me.sensitive && media.length > 0),
    visibility,
    language: language && language !== '' ? language : me.language || null,
    inReplyToId: inReplyTo?.id ?? null,
    inReplyToAccountId: inReplyTo?.accountId ?? null,
    reblogOfId: null,
    mediaIds: media.map((m) => m.id),
    poll: poll as PollRecord | null,
    mentionIds: resolveMentions(ctx, text),
    tags: parseTags(text),
    editedAt: null,
    history: [],
    pinned: false,
    favouritesCount: 0,
    reblogsCount: 0,
    repliesCount: 0,
    applicationName: appById(ctx, ctx.token?.appId ?? null)?.name ?? 'Web',
    deleted: false,
    deletedAt: null,
    deletedMediaIds: [],
    deletedWithMedia: false,
    idempotencyKey: typeof key === 'string' ? key : null,
    quotePolicy: newPostQuotePolicy(str(b, 'quote_approval_policy'), me.quotePolicy),
  };
  for (const m of media) {
    m.statusId = status.id;
    delete m.detachAt;
    m.purgeAt = null;
  }
  if (inReplyTo) inReplyTo.repliesCount++;
  s.statuses.set(status.id, status);
  addToTimeline(s, status);
  if (visibility === 'direct') attachToConversation(ctx, status);
  if (idemKey)
    s.idempotency.set(idemKey, {
      key: idemKey.slice(me.id.length + 1),
      accountId: me.id,
      statusId: status.id,
      createdAt: ctx.now,
    });
  return json(200, renderStatus(rctx(ctx), status));
}

function editStatus(ctx: RequestCtx): Reply {
  const s = ctx.core.state;
  const st = s.statuses.get(ctx.params.id ?? '');
  if (!st || st.deleted || st.accountId !== ctx.viewerId || st.reblogOfId) return NOT_FOUND();
  const b = ctx.body;
  const text = str(b, 'status') ?? st.text;
  const mediaIds = b.media_ids !== undefined ? list(b.media_ids) : st.mediaIds;
  const pollParam = obj(b.poll);
  if (text.trim() === '' && mediaIds.length === 0 && !pollParam && !st.poll)
    return error(422, "Validation failed: Text can't be blank");
  if ([...text].length > 500) return error(422, 'Validation failed: Text character limit of 500 exceeded');
  const media = checkMedia(ctx, mediaIds, st.id);
  if (!Array.isArray(media)) return media;
  const poll = pollParam ? parsePoll(ctx, pollParam) : st.poll;
  if (poll !== null && isReply(poll)) return poll;
  // media_attributes[][id|description|focus] update alt text while editing (4.1+).
  const attrs = b.media_attributes;
  const attrList: Params[] = Array.isArray(attrs)
    ? attrs.map((x) => obj(x)).filter((x): x is Params => !!x)
    : Object.values(obj(attrs) ?? {})
        .map((x) => obj(x))
        .filter((x): x is Params => !!x);
  if (st.history.length === 0) st.history.push(currentVersion(s, st));
  for (const a of attrList) {
    const m = media.find((x) => x.id === str(a, 'id'));
    if (m && str(a, 'description') !== undefined) m.description = str(a, 'description') ?? null;
  }
  // Visibility is deliberately ignored: Mastodon's UpdateStatusService never changes it.
  st.text = text;
  if (str(b, 'spoiler_text') !== undefined) st.spoilerText = str(b, 'spoiler_text') ?? '';
  const sensitive = truthy(b.sensitive);
  if (sensitive !== undefined) st.sensitive = sensitive;
  const language = str(b, 'language');
  if (language) st.language = language;
  for (const m of media) {
    m.statusId = st.id;
    m.purgeAt = null;
  }
  st.mediaIds = media.map((m) => m.id);
  st.poll = poll as PollRecord | null;
  st.mentionIds = resolveMentions(ctx, text);
  st.tags = parseTags(text);
  st.editedAt = Math.max(ctx.now, st.createdAt + 1);
  st.history.push(currentVersion(s, st));
  return json(200, renderStatus(rctx(ctx), st));
}

function deleteStatus(ctx: RequestCtx): Reply {
  const s = ctx.core.state;
  const st = s.statuses.get(ctx.params.id ?? '');
  // Someone else's status answers 404, as Mastodon scopes the lookup to the current account.
  if (!st || st.deleted || st.accountId !== ctx.viewerId) return NOT_FOUND();
  const body = renderStatus(rctx(ctx), st, { sourceRequested: true });
  const deleteMedia = truthy(ctx.query.delete_media ?? ctx.body.delete_media) === true;
  st.deleted = true;
  st.deletedAt = ctx.now;
  st.deletedMediaIds = [...st.mediaIds];
  st.deletedWithMedia = deleteMedia;
  st.pinned = false;
  st.favouritesCount = 0;
  removeFromTimeline(s, st);
  for (const id of st.mediaIds) {
    const m = s.media.get(id);
    if (!m) continue;
    m.statusId = null;
    if (ctx.core.opts.mediaDetachMs > 0) m.detachAt = ctx.now + ctx.core.opts.mediaDetachMs;
    if (deleteMedia) m.purgedAt = ctx.now;
    else m.purgeAt = ctx.now + ctx.core.opts.mediaRetentionMs;
  }
  // Boosts of it go with it; replies stay, orphaned.
  for (const other of s.statuses.values()) {
    if (other.reblogOfId === st.id && !other.deleted) {
      other.deleted = true;
      other.deletedAt = ctx.now;
      removeFromTimeline(s, other);
    }
  }
  st.reblogsCount = 0;
  if (st.inReplyToId) {
    const parent = s.statuses.get(st.inReplyToId);
    if (parent && parent.repliesCount > 0) parent.repliesCount--;
  }
  for (const c of s.conversations.values()) {
    if (c.statusIds.includes(st.id)) {
      c.statusIds = c.statusIds.filter((id) => id !== st.id);
      if (!lastStatusOf(ctx, c)) s.conversations.delete(c.id);
    }
  }
  return json(200, body);
}

function pin(value: boolean) {
  return (ctx: RequestCtx): Reply => {
    const st = ctx.core.state.statuses.get(ctx.params.id ?? '');
    if (!st || st.deleted || st.accountId !== ctx.viewerId) return NOT_FOUND();
    if (value && (st.visibility === 'private' || st.visibility === 'direct'))
      return error(422, 'Validation failed: Only public posts can be pinned');
    st.pinned = value;
    return json(200, renderStatus(rctx(ctx), st));
  };
}

// ---------- media ----------

function mediaType(mime: string): MediaRecord['type'] | null {
  if (mime === 'image/gif') return 'gifv';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  return null;
}

function parseFocus(raw: string | undefined): { x: number; y: number } {
  const [x, y] = (raw ?? '').split(',').map(Number);
  return { x: Number.isFinite(x) ? (x as number) : 0, y: Number.isFinite(y) ? (y as number) : 0 };
}

function uploadMedia(ctx: RequestCtx): Reply {
  const file = ctx.body.file;
  if (!isFile(file)) return error(422, "Validation failed: File can't be blank");
  const type = mediaType(file.contentType) ?? (file.filename.toLowerCase().endsWith('.png') ? 'image' : null);
  if (!type)
    return error(422, 'Validation failed: File content type is invalid, File file type is not supported');
  const id = ctx.core.newId('media');
  const ext = (/\.([a-z0-9]+)$/i.exec(file.filename)?.[1] ?? 'bin').toLowerCase();
  const media: MediaRecord = {
    id,
    accountId: ctx.viewerId ?? '',
    type,
    mime: file.contentType,
    fileName: `${createHash('sha1').update(id).digest('hex').slice(0, 16)}.${ext}`,
    bytes: file.data,
    description: str(ctx.body, 'description') ?? null,
    focus: parseFocus(str(ctx.body, 'focus')),
    width: 1,
    height: 1,
    blurhash: 'UFBWY:8_0Jxv4mx]t8t64.%M-:IUWGWAt6M}',
    createdAt: ctx.now,
    statusId: null,
    purgeAt: null,
    purgedAt: null,
  };
  ctx.core.state.media.set(id, media);
  return json(200, renderMedia(ctx.core.state, media));
}

function ownMedia(ctx: RequestCtx): MediaRecord | undefined {
  const m = ctx.core.state.media.get(ctx.params.id ?? '');
  if (!m || m.accountId !== ctx.viewerId || isMediaPurged(m, ctx.now)) return undefined;
  return m;
}

function getMedia(ctx: RequestCtx): Reply {
  const m = ownMedia(ctx);
  return m ? json(200, renderMedia(ctx.core.state, m)) : NOT_FOUND();
}

function updateMedia(ctx: RequestCtx): Reply {
  const m = ownMedia(ctx);
  if (!m || m.statusId !== null) return NOT_FOUND();
  const d = str(ctx.body, 'description');
  if (d !== undefined) m.description = d;
  if (str(ctx.body, 'focus') !== undefined) m.focus = parseFocus(str(ctx.body, 'focus'));
  return json(200, renderMedia(ctx.core.state, m));
}

/** The files themselves, as Mastodon's storage serves them (no token needed). */
export function serveMediaFile(ctx: RequestCtx): Reply {
  const m = /^\/system\/media_attachments\/files\/((?:\d{3}\/)+)(original|small)\/([^/]+)$/.exec(ctx.path);
  if (!m) return NOT_FOUND();
  const id = String(Number((m[1] ?? '').replace(/\//g, '')));
  const media = ctx.core.state.media.get(id);
  if (!media || media.fileName !== m[3] || isMediaPurged(media, ctx.now))
    return { status: 404, html: '<h1>Not Found</h1>' };
  return { status: 200, bytes: media.bytes, contentType: media.mime };
}

// ---------- instance ----------

function versionString(ctx: RequestCtx): string {
  return versionOf(ctx.core.opts);
}

const MIME_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/heic',
  'image/heif',
  'image/webp',
  'image/avif',
  'video/webm',
  'video/mp4',
  'video/quicktime',
  'video/ogg',
  'audio/wave',
  'audio/wav',
  'audio/x-wav',
  'audio/ogg',
  'audio/mpeg',
  'audio/mp3',
  'audio/webm',
  'audio/flac',
  'audio/aac',
  'audio/mp4',
];

const RULES = [{ id: '1', text: 'Be kind.', hint: '', translations: {} }];

function instanceV2(ctx: RequestCtx): Reply {
  const s = ctx.core.state;
  const me = owner(ctx);
  return json(200, {
    domain: s.domain,
    title: 'Fediprint Test Server',
    version: versionString(ctx),
    source_url: 'https://github.com/mastodon/mastodon',
    description: 'A Mastodon-compatible server for Fediprint tests.',
    usage: { users: { active_month: 4 } },
    thumbnail: {
      url: `${s.origin}/packs/media/images/preview.png`,
      description: 'The Fediprint test server',
      blurhash: null,
      versions: {},
    },
    icon: [{ src: `${s.origin}/packs/media/icons/android-chrome-36x36.png`, size: '36x36' }],
    languages: ['en', 'de'],
    configuration: {
      urls: {
        streaming: s.origin.replace(/^http/, 'ws'),
        status: null,
        about: `${s.origin}/about`,
        privacy_policy: `${s.origin}/privacy-policy`,
        terms_of_service: null,
      },
      vapid: {
        public_key:
          'BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M=',
      },
      accounts: {
        max_display_name_length: 30,
        max_note_length: 500,
        max_featured_tags: 10,
        max_pinned_statuses: 5,
        max_profile_fields: 4,
        profile_field_name_limit: 255,
        profile_field_value_limit: 255,
      },
      statuses: { max_characters: 500, max_media_attachments: 4, characters_reserved_per_url: 23 },
      media_attachments: {
        description_limit: 1500,
        image_matrix_limit: 33177600,
        image_size_limit: 16777216,
        supported_mime_types: MIME_TYPES,
        video_frame_rate_limit: 120,
        video_matrix_limit: 8294400,
        video_size_limit: 103809024,
      },
      polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2629746 },
      translation: { enabled: false },
      timelines_access: {
        live_feeds: { local: 'public', remote: 'public' },
        hashtag_feeds: { local: 'public', remote: 'public' },
        trending_link_feeds: { local: 'public', remote: 'public' },
      },
      limited_federation: false,
    },
    registrations: {
      enabled: false,
      approval_required: false,
      reason_required: false,
      message: null,
      min_age: null,
      url: null,
    },
    api_versions: { mastodon: apiVersionOf(versionString(ctx)) },
    contact: { email: `admin@${s.domain.replace(/:\d+$/, '')}`, account: renderAccount(s, me) },
    rules: RULES,
  });
}

function instanceV1(ctx: RequestCtx): Reply {
  const s = ctx.core.state;
  let statusCount = 0;
  for (const [id, tl] of s.timelines) if (!s.accounts.get(id)?.domain) statusCount += tl.length;
  const domains = new Set(
    [...s.accounts.values()].map((a) => a.domain).filter((d): d is string => d !== null),
  );
  return json(200, {
    uri: s.domain,
    title: 'Fediprint Test Server',
    short_description: 'A Mastodon-compatible server for Fediprint tests.',
    description: '',
    email: `admin@${s.domain.replace(/:\d+$/, '')}`,
    version: versionString(ctx),
    urls: { streaming_api: s.origin.replace(/^http/, 'ws') },
    stats: {
      user_count: [...s.accounts.values()].filter((a) => a.domain === null).length,
      status_count: statusCount,
      domain_count: domains.size,
    },
    thumbnail: `${s.origin}/packs/media/images/preview.png`,
    languages: ['en', 'de'],
    registrations: false,
    approval_required: false,
    invites_enabled: false,
    configuration: {
      accounts: { max_featured_tags: 10 },
      statuses: { max_characters: 500, max_media_attachments: 4, characters_reserved_per_url: 23 },
      media_attachments: {
        supported_mime_types: MIME_TYPES,
        image_size_limit: 16777216,
        image_matrix_limit: 33177600,
        video_size_limit: 103809024,
        video_frame_rate_limit: 120,
        video_matrix_limit: 8294400,
      },
      polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2629746 },
    },
    contact_account: renderAccount(s, owner(ctx)),
    rules: RULES.map((r) => ({ id: r.id, text: r.text })),
  });
}

function nodeinfoIndex(ctx: RequestCtx): Reply {
  return json(200, {
    links: [
      {
        rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0',
        href: `${ctx.core.state.origin}/nodeinfo/2.0`,
      },
    ],
  });
}

function nodeinfo(ctx: RequestCtx): Reply {
  const s = ctx.core.state;
  return json(200, {
    version: '2.0',
    software: { name: 'mastodon', version: versionString(ctx) },
    protocols: ['activitypub'],
    services: { outbound: [], inbound: [] },
    usage: {
      users: { total: 4, activeMonth: 4, activeHalfyear: 4 },
      localPosts: s.timelines.get(s.ownerId)?.length ?? 0,
    },
    openRegistrations: false,
    metadata: { nodeName: 'Fediprint Test Server', nodeDescription: '' },
  });
}

function appVerify(ctx: RequestCtx): Reply {
  const app = appById(ctx, ctx.token?.appId ?? null);
  if (!app) return error(401, 'The access token is invalid');
  return json(200, {
    id: app.id,
    name: app.name,
    website: app.website,
    scopes: app.scopes,
    redirect_uri: app.redirectUris.join('\n'),
    redirect_uris: app.redirectUris,
    vapid_key: 'BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M=',
  });
}

export const apiRoutes: RouteDef[] = [
  {
    method: 'GET',
    pattern: '/api/v1/accounts/verify_credentials',
    auth: 'user',
    scopes: ['read:accounts', 'profile'],
    handler: verifyCredentials,
  },
  {
    method: 'PATCH',
    pattern: '/api/v1/accounts/update_credentials',
    auth: 'user',
    scopes: ['write:accounts'],
    handler: updateCredentials,
  },
  {
    method: 'GET',
    pattern: '/api/v1/accounts/lookup',
    auth: 'optional',
    scopes: ['read:accounts'],
    handler: lookupAccount,
  },
  {
    method: 'GET',
    pattern: '/api/v1/accounts/relationships',
    auth: 'user',
    scopes: ['read:follows', 'follow'],
    handler: relationships,
  },
  {
    method: 'GET',
    pattern: '/api/v1/accounts/:id',
    auth: 'optional',
    scopes: ['read:accounts'],
    handler: getAccount,
  },
  {
    method: 'GET',
    pattern: '/api/v1/accounts/:id/statuses',
    auth: 'optional',
    scopes: ['read:statuses'],
    handler: accountStatuses,
  },
  {
    method: 'GET',
    pattern: '/api/v1/accounts/:id/followers',
    auth: 'optional',
    scopes: ['read:accounts'],
    handler: followersOrFollowing('followers'),
  },
  {
    method: 'GET',
    pattern: '/api/v1/accounts/:id/following',
    auth: 'optional',
    scopes: ['read:accounts'],
    handler: followersOrFollowing('following'),
  },
  {
    method: 'POST',
    pattern: '/api/v1/accounts/:id/remove_from_followers',
    auth: 'user',
    scopes: ['write:follows', 'follow'],
    handler: removeFromFollowers,
  },
  {
    method: 'GET',
    pattern: '/api/v1/favourites',
    auth: 'user',
    scopes: ['read:favourites'],
    handler: emptyOwnList,
  },
  {
    method: 'GET',
    pattern: '/api/v1/bookmarks',
    auth: 'user',
    scopes: ['read:bookmarks'],
    handler: emptyOwnList,
  },
  {
    method: 'GET',
    pattern: '/api/v1/notifications',
    auth: 'user',
    scopes: ['read:notifications'],
    handler: notifications,
  },
  {
    method: 'GET',
    pattern: '/api/v1/follow_requests',
    auth: 'user',
    scopes: ['read:follows', 'follow'],
    handler: followRequests,
  },
  {
    method: 'POST',
    pattern: '/api/v1/follow_requests/:id/authorize',
    auth: 'user',
    scopes: ['write:follows', 'follow'],
    handler: decideFollowRequest(true),
  },
  {
    method: 'POST',
    pattern: '/api/v1/follow_requests/:id/reject',
    auth: 'user',
    scopes: ['write:follows', 'follow'],
    handler: decideFollowRequest(false),
  },
  {
    method: 'GET',
    pattern: '/api/v1/preferences',
    auth: 'user',
    scopes: ['read:accounts'],
    handler: preferences,
  },
  {
    method: 'GET',
    pattern: '/api/v1/domain_blocks',
    auth: 'user',
    scopes: ['read:blocks', 'follow'],
    handler: userDomainBlocks,
  },
  {
    method: 'POST',
    pattern: '/api/v1/domain_blocks',
    auth: 'user',
    scopes: ['write:blocks', 'follow'],
    handler: addUserDomainBlock,
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/domain_blocks',
    auth: 'user',
    scopes: ['write:blocks', 'follow'],
    handler: removeUserDomainBlock,
  },
  {
    method: 'GET',
    pattern: '/api/v1/conversations',
    auth: 'user',
    scopes: ['read:statuses'],
    handler: conversations,
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/conversations/:id',
    auth: 'user',
    scopes: ['write:conversations'],
    handler: hideConversation,
  },
  {
    method: 'POST',
    pattern: '/api/v1/conversations/:id/read',
    auth: 'user',
    scopes: ['write:conversations'],
    handler: readConversation,
  },
  {
    method: 'POST',
    pattern: '/api/v1/statuses',
    auth: 'user',
    scopes: ['write:statuses'],
    handler: createStatus,
  },
  {
    method: 'GET',
    pattern: '/api/v1/statuses/:id',
    auth: 'optional',
    scopes: ['read:statuses'],
    handler: getStatus,
  },
  {
    method: 'PUT',
    pattern: '/api/v1/statuses/:id',
    auth: 'user',
    scopes: ['write:statuses'],
    handler: editStatus,
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/statuses/:id',
    auth: 'user',
    scopes: ['write:statuses'],
    handler: deleteStatus,
  },
  {
    method: 'GET',
    pattern: '/api/v1/statuses/:id/history',
    auth: 'optional',
    scopes: ['read:statuses'],
    handler: statusHistory,
  },
  {
    method: 'GET',
    pattern: '/api/v1/statuses/:id/source',
    auth: 'user',
    scopes: ['read:statuses'],
    handler: statusSource,
  },
  {
    method: 'GET',
    pattern: '/api/v1/statuses/:id/context',
    auth: 'optional',
    scopes: ['read:statuses'],
    handler: statusContext,
  },
  {
    method: 'POST',
    pattern: '/api/v1/statuses/:id/pin',
    auth: 'user',
    scopes: ['write:accounts'],
    handler: pin(true),
  },
  {
    method: 'POST',
    pattern: '/api/v1/statuses/:id/unpin',
    auth: 'user',
    scopes: ['write:accounts'],
    handler: pin(false),
  },
  { method: 'POST', pattern: '/api/v1/media', auth: 'user', scopes: ['write:media'], handler: uploadMedia },
  { method: 'POST', pattern: '/api/v2/media', auth: 'user', scopes: ['write:media'], handler: uploadMedia },
  { method: 'GET', pattern: '/api/v1/media/:id', auth: 'user', scopes: ['write:media'], handler: getMedia },
  {
    method: 'PUT',
    pattern: '/api/v1/media/:id',
    auth: 'user',
    scopes: ['write:media'],
    handler: updateMedia,
  },
  { method: 'GET', pattern: '/api/v1/instance', auth: 'none', handler: instanceV1 },
  { method: 'GET', pattern: '/api/v2/instance', auth: 'none', handler: instanceV2 },
  { method: 'GET', pattern: '/api/v1/instance/domain_blocks', auth: 'none', handler: instanceDomainBlocks },
  {
    method: 'GET',
    pattern: '/api/v1/apps/verify_credentials',
    auth: 'required',
    scopes: [],
    handler: appVerify,
  },
  { method: 'GET', pattern: '/.well-known/nodeinfo', auth: 'none', handler: nodeinfoIndex },
  { method: 'GET', pattern: '/nodeinfo/2.0', auth: 'none', handler: nodeinfo },
];
