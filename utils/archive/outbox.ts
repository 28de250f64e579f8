/**
 * ActivityStreams items of Mastodon's `outbox.json` → our Status objects.
 *
 * The export serialises each own status as a `Create` (object: Note, or Question for polls) or,
 * for boosts, an `Announce` whose `object` is the boosted post's URI. Field meaning:
 * https://docs.joinmastodon.org/spec/activitypub/ and /work/shared/docs/mastodon-api.md §7.
 * Input is hostile: nothing is trusted to have the type it should, HTML is kept as HTML
 * (it is rendered as text downstream).
 */
import type { Account, MediaAttachment, Mention, Poll, Status, Visibility } from '../mastodon/schemas';

/** The three spellings Mastodon's `TagManager#public_collection?` accepts. */
export const PUBLIC_COLLECTIONS: ReadonlySet<string> = new Set([
  'https://www.w3.org/ns/activitystreams#Public',
  'as:Public',
  'Public',
]);

/** `to`/`cc` may be a string, an array, or missing; entries may be objects with an `id`. */
export function audience(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value == null ? [] : [value];
  const out: string[] = [];
  for (const entry of list) {
    if (typeof entry === 'string') out.push(entry);
    else if (entry && typeof entry === 'object' && typeof (entry as { id?: unknown }).id === 'string') {
      out.push((entry as { id: string }).id);
    }
  }
  return out;
}

/**
 * Visibility exactly as Mastodon's `ActivityPub::Parser::StatusParser#visibility` derives it:
 * Public in `to` → public; Public in `cc` → unlisted; the author's followers collection in `to`
 * → private; anything else → direct. `followers` must come from actor.json (4.5+ accounts can have
 * numeric ids like `/ap/users/<id>/followers`, so it cannot be built from the username).
 */
export function deriveVisibility(to: unknown, cc: unknown, followers: string | null): Visibility {
  const toList = audience(to);
  if (toList.some((uri) => PUBLIC_COLLECTIONS.has(uri))) return 'public';
  if (audience(cc).some((uri) => PUBLIC_COLLECTIONS.has(uri))) return 'unlisted';
  if (followers && toList.includes(followers)) return 'private';
  return 'direct';
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * One frozen empty array shared by every status without media, mentions, tags or emojis: most
 * posts have none, and 50,000 posts would otherwise hold some 170,000 empty arrays. Frozen so a
 * stray push fails loudly instead of adding to every post.
 */
const NONE: readonly never[] = Object.freeze([]);

/** `items` at its exact length (a pushed-to array keeps spare capacity), or the shared empty one. */
function fitted<T>(items: T[]): T[] {
  return items.length ? items.slice() : (NONE as never[]);
}
const obj = (v: unknown): Record<string, unknown> | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : v == null ? [] : [v]);

function hostOf(uri: string): string | null {
  try {
    return new URL(uri).host;
  } catch {
    // Not an absolute URL (archive-relative paths, tags): it has no host, which the caller handles.
    return null;
  }
}

/** `https://host/users/x/statuses/123` (also `/activity`) → `123`. */
export function statusIdFromUri(uri: string): string | null {
  const match = /\/statuses\/(\d+)(?:\/activity)?\/?$/.exec(uri);
  return match ? match[1]! : null;
}

/** The API's id for a post we only know by URI: the numeric id when it lives on our server. */
export function localStatusId(uri: string, homeHost: string | null): string {
  const id = statusIdFromUri(uri);
  return id && hostOf(uri) === homeHost ? id : uri;
}

/** Context shared by all items of one archive. */
export interface OutboxContext {
  /** The author, synthesised from actor.json (or from the outbox until actor.json is read). */
  account: Account;
  /** Host of the actor's ActivityPub id. */
  homeHost: string | null;
  /**
   * One copy of each value that recurs across posts (mentioned accounts, hashtags, emojis):
   * JSON.parse gives every post its own copy. Lives only as long as the import.
   */
  strings: Map<string, string>;
  /** Placeholder authors of boosted posts, one per actor. */
  authors: Map<string, Account>;
}

function intern(ctx: OutboxContext, value: string): string {
  const known = ctx.strings.get(value);
  if (known !== undefined) return known;
  ctx.strings.set(value, value);
  return value;
}

/** A converted item; `to` is kept until the followers URI is known (actor.json comes last). */
export interface ConvertedItem {
  status: Status;
  /** Visibility needs the followers URI: decided in `settleVisibility`. */
  to: string[];
  cc: string[];
  kind: 'post' | 'boost';
}

/** Media type of an attachment, as the API names it. */
function mediaType(mime: string | null): MediaAttachment['type'] {
  if (!mime) return 'unknown';
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  return 'unknown';
}

/** `media_attachments/files/109/333/835/161/429/021/original/x.jpeg` → `109333835161429021`. */
function mediaIdFromPath(url: string): string | null {
  const match = /media_attachments\/files\/((?:\d{3}\/)+)/.exec(url);
  return match ? match[1]!.replace(/\//g, '').replace(/^0+(?=\d)/, '') : null;
}

function attachments(value: unknown, statusId: string): MediaAttachment[] {
  if (value == null || (Array.isArray(value) && !value.length)) return NONE as never[];
  const out: MediaAttachment[] = [];
  arr(value).forEach((raw, index) => {
    const a = obj(raw);
    if (!a) return;
    const url = str(a.url) ?? str(obj(a.url)?.href);
    out.push({
      id: (url && mediaIdFromPath(url)) ?? `${statusId}-${index}`,
      type: mediaType(str(a.mediaType)),
      url,
      preview_url: null,
      description: str(a.name),
      blurhash: str(a.blurhash),
    });
  });
  return fitted(out);
}

/** `@user@domain` (remote) or `@user` (local) plus the actor URI → Mention. */
function mention(tag: Record<string, unknown>, ctx: OutboxContext): Mention | null {
  const href = str(tag.href);
  const name = str(tag.name);
  let acct = name ? name.replace(/^@/, '') : '';
  if (!acct && href) {
    const user = href.replace(/\/+$/, '').split('/').pop() ?? '';
    const host = hostOf(href);
    acct = host ? `${user}@${host}` : user;
  }
  if (!acct) return null;
  const url = href ? intern(ctx, href) : '';
  acct = intern(ctx, acct);
  return {
    // Remote accounts have no id we could know offline; the URI identifies them uniquely.
    id: href ? url : acct,
    username: intern(ctx, acct.split('@')[0] ?? acct),
    url,
    acct,
  };
}

function poll(note: Record<string, unknown>, statusId: string): Poll | null {
  const multiple = Array.isArray(note.anyOf);
  const choices = multiple ? note.anyOf : note.oneOf;
  if (!Array.isArray(choices)) return null;
  const options = choices.map((raw) => {
    const choice = obj(raw);
    const votes = obj(choice?.replies)?.totalItems;
    return { title: str(choice?.name) ?? '', votes_count: typeof votes === 'number' ? votes : null };
  });
  const endTime = str(note.endTime);
  const voters = note.votersCount;
  return {
    id: statusId,
    expires_at: endTime,
    // Mastodon adds `closed` once the poll has ended.
    expired: note.closed != null,
    multiple,
    votes_count: options.reduce((sum, o) => sum + (o.votes_count ?? 0), 0),
    voters_count: typeof voters === 'number' ? voters : null,
    options,
    emojis: NONE as never[],
  };
}

function countOf(collection: unknown): number {
  const total = obj(collection)?.totalItems;
  return typeof total === 'number' ? total : 0;
}

/** A placeholder for the author of a boosted post, from its URI (the archive holds nothing else). */
export function accountFromStatusUri(uri: string, audienceHint: string[]): Account {
  const actor =
    audienceHint.find((a) => a !== '' && uri.startsWith(`${a.replace(/\/+$/, '')}/`)) ??
    /^(.*?\/users\/[^/]+)\//.exec(uri)?.[1] ??
    null;
  const host = hostOf(uri) ?? '';
  const username = actor ? (actor.replace(/\/+$/, '').split('/').pop() ?? '') : '';
  return {
    id: actor ?? uri,
    username,
    acct: username ? `${username}@${host}` : host,
    display_name: username,
    locked: false,
    bot: false,
    created_at: '1970-01-01T00:00:00.000Z',
    note: '',
    url: actor,
    uri: actor ?? undefined,
    avatar: '',
    header: '',
    followers_count: 0,
    following_count: 0,
    statuses_count: 0,
    last_status_at: null,
    emojis: NONE as never[],
    fields: NONE as never[],
  };
}

/** `accountFromStatusUri`, one object per author: boosts of the same account share it. */
function boostedAuthor(ctx: OutboxContext, uri: string, audienceHint: string[]): Account {
  const account = accountFromStatusUri(uri, audienceHint);
  const known = ctx.authors.get(account.id);
  if (known) return known;
  ctx.authors.set(account.id, account);
  return account;
}

/**
 * One outbox item → a Status with a provisional visibility (public/unlisted are final; the
 * rest is settled once the followers URI is known). Returns null for items that are not own
 * posts or boosts (other activity types are skipped and counted by the caller).
 */
export function convertItem(item: unknown, ctx: OutboxContext): ConvertedItem | null {
  const activity = obj(item);
  if (!activity) return null;
  const type = str(activity.type);
  const to = audience(activity.to);
  const cc = audience(activity.cc);
  if (type === 'Announce') {
    const objectUri = str(activity.object) ?? str(obj(activity.object)?.id);
    const activityId = str(activity.id);
    if (!objectUri || !activityId) return null;
    const id = statusIdFromUri(activityId) ?? activityId;
    const published = str(activity.published) ?? '1970-01-01T00:00:00Z';
    const author = boostedAuthor(ctx, objectUri, [...to, ...cc]);
    const boosted: Status = {
      ...emptyStatus(author),
      id: localStatusId(objectUri, ctx.homeHost),
      uri: objectUri,
      url: objectUri,
      // Neither its date nor its visibility is in the archive; the boost's date stands in.
      created_at: published,
      visibility: 'public',
    };
    const boost: Status = {
      ...emptyStatus(ctx.account),
      id,
      uri: activityId,
      url: null,
      created_at: published,
      visibility: deriveVisibility(to, cc, null),
      reblog: boosted,
    };
    return { status: boost, ...pendingAudience(boost, to, cc), kind: 'boost' };
  }
  if (type !== 'Create') return null;
  const note = obj(activity.object);
  const noteId = note ? str(note.id) : null;
  if (!note || !noteId) return null;
  // The Note's own addressing is authoritative; the activity copies it.
  const noteTo = note.to !== undefined ? audience(note.to) : to;
  const noteCc = note.cc !== undefined ? audience(note.cc) : cc;
  const id = statusIdFromUri(noteId) ?? noteId;
  const contentMap = obj(note.contentMap);
  const languages = contentMap ? Object.keys(contentMap) : [];
  const firstLanguage = languages[0];
  const content = str(note.content) ?? (firstLanguage ? str(contentMap?.[firstLanguage]) : null) ?? '';
  const mentions: Mention[] = [];
  const tags: Status['tags'] = [];
  const emojis: NonNullable<Status['emojis']> = [];
  for (const raw of arr(note.tag)) {
    const tag = obj(raw);
    if (!tag) continue;
    if (tag.type === 'Mention') {
      const m = mention(tag, ctx);
      if (m) mentions.push(m);
    } else if (tag.type === 'Hashtag') {
      const name = str(tag.name)?.replace(/^#/, '');
      if (name) tags.push({ name: intern(ctx, name), url: intern(ctx, str(tag.href) ?? '') });
    } else if (tag.type === 'Emoji') {
      const shortcode = str(tag.name)?.replace(/^:|:$/g, '');
      const url = str(obj(tag.icon)?.url);
      if (shortcode && url) {
        const shared = intern(ctx, url);
        emojis.push({
          shortcode: intern(ctx, shortcode),
          url: shared,
          static_url: shared,
          visible_in_picker: false,
        });
      }
    }
  }
  const inReplyTo = str(note.inReplyTo) ?? str(obj(note.inReplyTo)?.id);
  const published = str(note.published) ?? str(activity.published) ?? '1970-01-01T00:00:00Z';
  let inReplyToAccount: string | null = null;
  if (inReplyTo) {
    const ownPrefix = ctx.account.uri ? `${ctx.account.uri}/` : null;
    if (ownPrefix && inReplyTo.startsWith(ownPrefix)) inReplyToAccount = ctx.account.id;
    else inReplyToAccount = mentions.find((m) => inReplyTo.startsWith(`${m.url}/`))?.id ?? null;
  }
  const status: Status = {
    ...emptyStatus(ctx.account),
    id,
    uri: noteId,
    url: str(note.url) ?? str(obj(note.url)?.href) ?? null,
    created_at: published,
    content,
    visibility: deriveVisibility(noteTo, noteCc, null),
    sensitive: note.sensitive === true,
    spoiler_text: str(note.summary) ?? '',
    media_attachments: attachments(note.attachment, id),
    mentions: fitted(mentions),
    tags: fitted(tags),
    emojis: fitted(emojis),
    reblogs_count: countOf(note.shares),
    favourites_count: countOf(note.likes),
    replies_count: countOf(note.replies),
    in_reply_to_id: inReplyTo ? localStatusId(inReplyTo, ctx.homeHost) : null,
    in_reply_to_account_id: inReplyToAccount,
    poll: poll(note, id),
    language: firstLanguage ?? null,
    edited_at: str(note.updated),
  };
  return { status, ...pendingAudience(status, noteTo, noteCc), kind: 'post' };
}

/** Public and unlisted are final; only the rest needs its addressing kept until actor.json is read. */
function pendingAudience(status: Status, to: string[], cc: string[]): { to: string[]; cc: string[] } {
  return status.visibility === 'direct' ? { to, cc } : { to: NONE as never[], cc: NONE as never[] };
}

/** Decides private vs direct once the followers collection is known. */
export function settleVisibility(item: ConvertedItem, followers: string | null): void {
  if (item.status.visibility === 'direct')
    item.status.visibility = deriveVisibility(item.to, item.cc, followers);
}

function emptyStatus(account: Account): Status {
  return {
    id: '',
    uri: '',
    url: null,
    created_at: '',
    account,
    content: '',
    visibility: 'public',
    sensitive: false,
    spoiler_text: '',
    // `application` and `card` are left out: an archive has neither, and both are optional.
    media_attachments: NONE as never[],
    mentions: NONE as never[],
    tags: NONE as never[],
    emojis: NONE as never[],
    reblogs_count: 0,
    favourites_count: 0,
    replies_count: 0,
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    reblog: null,
    poll: null,
    language: null,
    edited_at: null,
  };
}
