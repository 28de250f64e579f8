/**
 * Turns state records into Mastodon's JSON entities (snake_case, string ids, nulls where
 * Mastodon sends null) and plain source text into Mastodon-style HTML.
 * Shapes follow https://docs.joinmastodon.org/entities/ and the fixtures in ../shared/mastodon-fixtures.
 */
import {
  accountUri,
  accountUrl,
  acctOf,
  isMediaPurged,
  type AccountRecord,
  type MediaRecord,
  type PollRecord,
  type ServerState,
  type StatusRecord,
  type StatusVersion,
} from './state';
import { escapeHtml, iso, isoDate, midnight } from './util';
import { quoteApproval } from './quotes';

type Json = Record<string, unknown>;

/** URLs, @mentions (local or remote) and #hashtags, as Mastodon's formatter recognises them. */
const TOKEN_RE =
  /(https?:\/\/[^\s<>"]+)|(?<![\w@/])@(\w+)(?:@([\w-]+(?:\.[\w-]+)+))?|(?<![\w&#/])#([\p{L}_][\p{L}\p{N}_]*)/gu;

export interface ParsedMention {
  username: string;
  domain: string | null;
}

export function parseMentions(text: string): ParsedMention[] {
  const out: ParsedMention[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    if (m[2]) out.push({ username: m[2], domain: m[3] ?? null });
  }
  return out;
}

export function parseTags(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(TOKEN_RE)) if (m[4]) out.add(m[4].toLowerCase());
  return [...out];
}

function linkHtml(url: string): string {
  const m = /^(https?:\/\/(?:www\.)?)(.*)$/.exec(url);
  const prefix = m?.[1] ?? '';
  const rest = m?.[2] ?? url;
  const display = rest.slice(0, 30);
  const tail = rest.slice(30);
  return (
    `<a href="${escapeHtml(url)}" target="_blank" rel="nofollow noopener" translate="no">` +
    `<span class="invisible">${escapeHtml(prefix)}</span>` +
    `<span class="${tail ? 'ellipsis' : ''}">${escapeHtml(display)}</span>` +
    `<span class="invisible">${escapeHtml(tail)}</span></a>`
  );
}

/**
 * Plain text to Mastodon HTML: paragraphs in <p>, line breaks as <br />, links with the
 * invisible scheme span, mentions as h-cards, hashtags as tag links.
 * https://github.com/mastodon/mastodon/blob/main/app/lib/text_formatter.rb
 */
export function renderText(state: ServerState, text: string, mentioned: AccountRecord[] = []): string {
  if (text.trim() === '') return '';
  const byAcct = new Map<string, AccountRecord>();
  for (const account of mentioned) {
    byAcct.set(acctOf(state, account).toLowerCase(), account);
    if (!account.domain) byAcct.set(`${account.username}@${state.domain}`.toLowerCase(), account);
  }
  const paragraphs = text.replace(/\r\n?/g, '\n').split(/\n{2,}/);
  return paragraphs
    .map((para) => {
      let html = '';
      let last = 0;
      for (const m of para.matchAll(TOKEN_RE)) {
        const start = m.index ?? 0;
        let whole = m[0];
        let piece: string | null = null;
        if (m[1]) {
          // Trailing punctuation belongs to the sentence, not the URL.
          const trimmed = whole.replace(/[.,;:!?)\]'"]+$/, '');
          whole = trimmed;
          piece = linkHtml(trimmed);
        } else if (m[2]) {
          const key = (m[3] ? `${m[2]}@${m[3]}` : m[2]).toLowerCase();
          const account = byAcct.get(key);
          if (account) {
            piece = `<span class="h-card" translate="no"><a href="${escapeHtml(accountUrl(state, account))}" class="u-url mention">@<span>${escapeHtml(account.username)}</span></a></span>`;
          }
        } else if (m[4]) {
          piece = `<a href="${escapeHtml(`${state.origin}/tags/${m[4].toLowerCase()}`)}" class="mention hashtag" rel="tag">#<span>${escapeHtml(m[4])}</span></a>`;
        }
        if (piece === null) continue;
        html += escapeHtml(para.slice(last, start)) + piece;
        last = start + whole.length;
      }
      html += escapeHtml(para.slice(last));
      return `<p>${html.replace(/\n/g, '<br />')}</p>`;
    })
    .join('');
}

function statusesCount(state: ServerState, account: AccountRecord): number {
  if (account.domain) return account.remoteStatusesCount;
  // As Mastodon counts: DMs are left out of statuses_count (Status#increment_counter_caches).
  return (state.timelines.get(account.id) ?? []).filter((s) => s.visibility !== 'direct').length;
}

function lastStatusAt(state: ServerState, account: AccountRecord): string | null {
  if (account.domain) return account.lastStatusAt === null ? null : isoDate(account.lastStatusAt);
  const newest = state.timelines.get(account.id)?.[0];
  return newest ? isoDate(newest.createdAt) : null;
}

export function renderAccount(state: ServerState, account: AccountRecord): Json {
  const isOwner = account.id === state.ownerId;
  // A server shows remote accounts' images from its own media cache; without an image, its own
  // default (`/avatars/original/missing.png`), as for local accounts.
  const base = state.origin;
  return {
    id: account.id,
    username: account.username,
    acct: acctOf(state, account),
    display_name: account.displayName,
    locked: account.locked,
    bot: account.bot,
    discoverable: account.discoverable,
    indexable: account.indexable,
    group: false,
    created_at: midnight(account.createdAt),
    note: renderText(state, account.note),
    url: accountUrl(state, account),
    uri: accountUri(state, account),
    avatar: `${base}/avatars/original/missing.png`,
    avatar_static: `${base}/avatars/original/missing.png`,
    avatar_description: '',
    header: `${base}/headers/original/missing.png`,
    header_static: `${base}/headers/original/missing.png`,
    header_description: '',
    followers_count: isOwner ? state.followers.length : account.remoteFollowersCount,
    following_count: isOwner ? state.following.length : account.remoteFollowingCount,
    statuses_count: statusesCount(state, account),
    last_status_at: lastStatusAt(state, account),
    hide_collections: account.hideCollections,
    noindex: account.noindex,
    show_media: account.showMedia,
    show_media_replies: account.showMediaReplies,
    show_featured: account.showFeatured,
    feature_approval: {
      automatic: account.discoverable ? ['public'] : [],
      manual: [],
      current_user: isOwner ? 'automatic' : 'denied',
    },
    emojis: [],
    roles: [],
    fields: account.fields.map((f) => ({
      name: f.name,
      value: renderText(state, f.value).replace(/^<p>|<\/p>$/g, ''),
      verified_at: f.verifiedAt === null ? null : iso(f.verifiedAt).replace('Z', '+00:00'),
    })),
  };
}

export function renderCredentialAccount(state: ServerState, account: AccountRecord): Json {
  return {
    ...renderAccount(state, account),
    source: {
      privacy: account.privacy,
      sensitive: account.sensitive,
      language: account.language,
      note: account.note.replace(/\r?\n/g, '\r\n'),
      fields: account.fields.map((f) => ({
        name: f.name,
        value: f.value,
        verified_at: f.verifiedAt === null ? null : iso(f.verifiedAt).replace('Z', '+00:00'),
      })),
      // Mastodon counts with `.limit(40).count`: never more than 40.
      follow_requests_count: Math.min(40, state.followRequests.length),
      attribution_domains: [],
      hide_collections: account.hideCollections,
      discoverable: account.discoverable,
      indexable: account.indexable,
      quote_policy: account.quotePolicy,
    },
    role: { id: '-99', name: '', permissions: '65536', color: '', highlighted: false },
  };
}

export function mediaUrl(state: ServerState, media: MediaRecord, variant: 'original' | 'small'): string {
  const part = media.id.padStart(9, '0').replace(/(\d{3})(?=\d)/g, '$1/');
  return `${state.origin}/system/media_attachments/files/${part}/${variant}/${media.fileName}`;
}

export function renderMedia(state: ServerState, media: MediaRecord, description?: string | null): Json {
  const aspect = media.width / Math.max(1, media.height);
  return {
    id: media.id,
    type: media.type,
    url: mediaUrl(state, media, 'original'),
    preview_url: mediaUrl(state, media, 'small'),
    remote_url: null,
    preview_remote_url: null,
    meta: {
      original: { width: media.width, height: media.height, size: `${media.width}x${media.height}`, aspect },
      small: { width: media.width, height: media.height, size: `${media.width}x${media.height}`, aspect },
      focus: media.focus,
    },
    description: description === undefined ? media.description : description,
    blurhash: media.blurhash,
  };
}

export function renderPoll(poll: PollRecord, now: number, viewerIsAuthor: boolean): Json {
  const votes = poll.options.reduce((sum, o) => sum + o.votesCount, 0);
  const expired = poll.expiresAt !== null && poll.expiresAt <= now;
  const hide = poll.hideTotals && !expired && !viewerIsAuthor;
  return {
    id: poll.id,
    expires_at: poll.expiresAt === null ? null : iso(poll.expiresAt),
    expired,
    multiple: poll.multiple,
    votes_count: votes,
    voters_count: poll.multiple ? poll.votersCount : null,
    voted: viewerIsAuthor,
    own_votes: [],
    options: poll.options.map((o) => ({ title: o.title, votes_count: hide ? null : o.votesCount })),
    emojis: [],
  };
}

export interface RenderContext {
  state: ServerState;
  /** The authenticated account, or null for anonymous and app-only callers. */
  viewerId: string | null;
  now: number;
  /** The Mastodon version the server reports; quote approval is rendered from 4.5 on. */
  version?: string;
}

function mentionedAccounts(state: ServerState, status: StatusRecord): AccountRecord[] {
  return status.mentionIds
    .map((id) => state.accounts.get(id))
    .filter((a): a is AccountRecord => a !== undefined);
}

export function statusUri(state: ServerState, status: StatusRecord): string {
  const account = state.accounts.get(status.accountId);
  if (!account) return `${state.origin}/statuses/${status.id}`;
  return `${accountUri(state, account)}/statuses/${status.id}`;
}

export function statusUrl(state: ServerState, status: StatusRecord): string {
  const account = state.accounts.get(status.accountId);
  if (!account) return `${state.origin}/statuses/${status.id}`;
  return `${accountUrl(state, account)}/${status.id}`;
}

/** Media of a status for output; purged files are no longer listed. */
function statusMedia(ctx: RenderContext, ids: string[]): Json[] {
  const out: Json[] = [];
  for (const id of ids) {
    const media = ctx.state.media.get(id);
    if (media && (media.statusId !== null || !isMediaPurged(media, ctx.now)))
      out.push(renderMedia(ctx.state, media));
  }
  return out;
}

export function renderStatus(
  ctx: RenderContext,
  status: StatusRecord,
  opts: { sourceRequested?: boolean } = {},
): Json {
  const { state } = ctx;
  const account = state.accounts.get(status.accountId);
  if (!account) throw new Error(`status ${status.id} has no account`);
  const reblogOf = status.reblogOfId ? state.statuses.get(status.reblogOfId) : undefined;
  const own = ctx.viewerId !== null && ctx.viewerId === status.accountId;
  const mentioned = mentionedAccounts(state, status);
  const out: Json = {
    id: status.id,
    created_at: iso(status.createdAt),
    in_reply_to_id: status.inReplyToId,
    in_reply_to_account_id: status.inReplyToAccountId,
    sensitive: status.sensitive,
    spoiler_text: status.spoilerText,
    visibility: status.visibility,
    language: status.language,
    uri: statusUri(state, status),
    url: status.reblogOfId ? null : statusUrl(state, status),
    replies_count: status.repliesCount,
    reblogs_count: status.reblogsCount,
    favourites_count: status.favouritesCount,
    quotes_count: 0,
    edited_at: status.editedAt === null ? null : iso(status.editedAt),
  };
  if (ctx.viewerId !== null) {
    out.favourited = false;
    out.reblogged = false;
    out.muted = false;
    out.bookmarked = false;
    if (own) out.pinned = status.pinned;
    out.filtered = [];
  }
  if (opts.sourceRequested) out.text = status.text;
  else out.content = status.reblogOfId ? '' : renderText(state, status.text, mentioned);
  out.reblog = reblogOf ? renderStatus(ctx, reblogOf) : null;
  out.application =
    status.applicationName && (own || !account.domain)
      ? { name: status.applicationName, website: null }
      : null;
  out.account = renderAccount(state, account);
  out.media_attachments = statusMedia(ctx, status.deleted ? status.deletedMediaIds : status.mediaIds);
  out.mentions = mentioned.map((a) => ({
    id: a.id,
    username: a.username,
    url: accountUrl(state, a),
    acct: acctOf(state, a),
  }));
  out.tags = status.tags.map((name) => ({ name, url: `${state.origin}/tags/${name}` }));
  out.emojis = [];
  out.quote = null;
  // Collections a post is tagged in (Mastodon 4.6+; its web UI reads the list unconditionally).
  out.tagged_collections = [];
  out.card = null;
  out.poll = status.poll ? renderPoll(status.poll, ctx.now, own) : null;
  const approval = quoteApproval(status, own, ctx.version);
  if (approval) out.quote_approval = approval;
  return out;
}

export function renderVersion(ctx: RenderContext, status: StatusRecord, version: StatusVersion): Json {
  const account = ctx.state.accounts.get(status.accountId);
  if (!account) throw new Error(`status ${status.id} has no account`);
  const media: Json[] = [];
  version.mediaIds.forEach((id, i) => {
    const m = ctx.state.media.get(id);
    if (m) media.push(renderMedia(ctx.state, m, version.mediaDescriptions[i] ?? null));
  });
  const out: Json = {
    content: renderText(ctx.state, version.text, mentionedAccounts(ctx.state, status)),
    spoiler_text: version.spoilerText,
    sensitive: version.sensitive,
    created_at: iso(version.createdAt),
    account: renderAccount(ctx.state, account),
    media_attachments: media,
    emojis: [],
  };
  if (version.pollOptions) out.poll = { options: version.pollOptions.map((title) => ({ title })) };
  return out;
}

export function currentVersion(state: ServerState, status: StatusRecord): StatusVersion {
  return {
    text: status.text,
    spoilerText: status.spoilerText,
    sensitive: status.sensitive,
    language: status.language,
    mediaIds: [...status.mediaIds],
    mediaDescriptions: status.mediaIds.map((id) => state.media.get(id)?.description ?? null),
    pollOptions: status.poll ? status.poll.options.map((o) => o.title) : null,
    createdAt: status.editedAt ?? status.createdAt,
  };
}
