/**
 * `actor.json` of the export: the ActivityPub actor (Person) with `outbox`, `likes`, `bookmarks`
 * and the avatar/header URLs rewritten to names inside the zip.
 * https://docs.joinmastodon.org/spec/activitypub/#as
 */
import type { Account, CredentialAccount } from '../mastodon/schemas';
import { ArchiveError } from './errors';

export interface ArchiveActor {
  id: string;
  type: string;
  preferredUsername: string;
  name: string;
  /** Bio, HTML. */
  summary: string;
  /** The followers collection URI: the key to telling followers-only posts from DMs. */
  followers: string | null;
  following: string | null;
  url: string | null;
  published: string | null;
  manuallyApprovesFollowers: boolean | null;
  discoverable: boolean | null;
  indexable: boolean | null;
  memorial: boolean | null;
  /** Profile fields (PropertyValue), value as HTML. */
  fields: { name: string; value: string }[];
  /** Names inside the zip, e.g. `avatar.jpg`. */
  icon: string | null;
  image: string | null;
  /** True when actor.json was missing and this was pieced together from the outbox. */
  inferred: boolean;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const imageUrl = (v: unknown): string | null => {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') return str((v as { url?: unknown }).url);
  return null;
};

export function parseActor(json: unknown): ArchiveActor {
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new ArchiveError('bad-json', 'actor.json does not hold an account.');
  }
  const a = json as Record<string, unknown>;
  const id = str(a.id);
  if (!id) throw new ArchiveError('bad-json', 'actor.json has no account id.');
  const fields: ArchiveActor['fields'] = [];
  for (const raw of Array.isArray(a.attachment) ? a.attachment : []) {
    const f = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : null;
    const name = str(f?.name);
    const value = str(f?.value);
    if (f?.type === 'PropertyValue' && name !== null && value !== null) fields.push({ name, value });
  }
  return {
    id,
    type: str(a.type) ?? 'Person',
    preferredUsername: str(a.preferredUsername) ?? usernameFromUri(id),
    name: str(a.name) ?? '',
    summary: str(a.summary) ?? '',
    followers: str(a.followers),
    following: str(a.following),
    url: str(a.url),
    published: str(a.published),
    manuallyApprovesFollowers: bool(a.manuallyApprovesFollowers),
    discoverable: bool(a.discoverable),
    indexable: bool(a.indexable),
    memorial: bool(a.memorial),
    fields,
    icon: imageUrl(a.icon),
    image: imageUrl(a.image),
    inferred: false,
  };
}

/**
 * When actor.json is missing, the outbox still names the actor. The followers URI is then the
 * actor URI + `/followers`, which is how Mastodon builds it for both `/users/<name>` and numeric
 * `/ap/users/<id>` actors (`ActivityPub::TagManager#followers_uri_for`).
 */
export function inferActor(actorUri: string): ArchiveActor {
  return {
    id: actorUri,
    type: 'Person',
    preferredUsername: usernameFromUri(actorUri),
    name: '',
    summary: '',
    followers: `${actorUri.replace(/\/+$/, '')}/followers`,
    following: null,
    url: null,
    published: null,
    manuallyApprovesFollowers: null,
    discoverable: null,
    indexable: null,
    memorial: null,
    fields: [],
    icon: null,
    image: null,
    inferred: true,
  };
}

function usernameFromUri(uri: string): string {
  return uri.replace(/\/+$/, '').split('/').pop() ?? '';
}

function hostOf(uri: string | null): string | null {
  if (!uri) return null;
  try {
    return new URL(uri).host.toLowerCase();
  } catch {
    // A non-URL id cannot match a server; the caller treats null as "unknown".
    return null;
  }
}

/** Hosts that identify the account's server: the ActivityPub id's and the profile page's. */
export function actorHosts(actor: ArchiveActor): string[] {
  return [hostOf(actor.id), hostOf(actor.url)].filter((h): h is string => h !== null);
}

/** The id the API would use: numeric for `/ap/users/<id>` actors, else the actor URI. */
export function archiveAccountId(actorUri: string): string {
  return /\/ap\/users\/(\d+)\/?$/.exec(actorUri)?.[1] ?? actorUri;
}

export interface ExpectedAccount {
  uri?: string;
  acct?: string;
  username?: string;
  /** Origin or host of the home server. */
  server?: string;
}

/** True when the archive belongs to the expected (signed-in) account. */
export function actorMatches(actor: ArchiveActor, expected: ExpectedAccount): boolean {
  if (expected.uri) return expected.uri === actor.id;
  const [acctUser, acctDomain] = (expected.acct ?? '').replace(/^@/, '').split('@');
  const username = expected.username ?? (acctUser || undefined);
  // An actor pieced together from a numeric `/ap/users/<id>` URI has no username to compare.
  if (username && !actor.inferred && username.toLowerCase() !== actor.preferredUsername.toLowerCase())
    return false;
  const domain =
    acctDomain?.toLowerCase() ??
    (expected.server ? (hostOf(expected.server) ?? expected.server.toLowerCase()) : undefined);
  if (domain && !actorHosts(actor).includes(domain)) return false;
  return true;
}

/**
 * The Account of an archive: everything actor.json says. Counts the archive cannot know are 0,
 * except statuses_count, which is counted from the outbox.
 */
export function accountFromActor(
  actor: ArchiveActor,
  statusesCount: number,
  lastStatusAt: string | null,
): Account {
  const origin = (() => {
    try {
      return new URL(actor.url ?? actor.id).origin;
    } catch {
      // An id that is not a URL leaves avatar links relative to the archive.
      return '';
    }
  })();
  // Names inside the zip (`avatar.jpg`); Mastodon's placeholder when the account has none.
  const inZip = (name: string | null, folder: string) => name ?? `${origin}/${folder}/original/missing.png`;
  return {
    id: archiveAccountId(actor.id),
    username: actor.preferredUsername,
    acct: actor.preferredUsername,
    display_name: actor.name,
    locked: actor.manuallyApprovesFollowers ?? false,
    bot: actor.type === 'Service' || actor.type === 'Application',
    discoverable: actor.discoverable,
    indexable: actor.indexable,
    hide_collections: null,
    noindex: null,
    group: actor.type === 'Group',
    created_at: actor.published ?? '1970-01-01T00:00:00.000Z',
    note: actor.summary,
    url: actor.url,
    uri: actor.id,
    avatar: inZip(actor.icon, 'avatars'),
    header: inZip(actor.image, 'headers'),
    followers_count: 0,
    following_count: 0,
    statuses_count: statusesCount,
    last_status_at: lastStatusAt ? lastStatusAt.slice(0, 10) : null,
    emojis: [],
    fields: actor.fields.map((f) => ({ name: f.name, value: f.value, verified_at: null })),
  };
}

/**
 * Settings the archive does not hold. They are set so no check draws a conclusion from them
 * (null, or `privacy: 'unknown'`), and listed so the UI can say they were not read.
 */
export const ARCHIVE_UNKNOWN_SETTINGS = [
  'source.privacy',
  'source.sensitive',
  'source.language',
  'hide_collections',
  'noindex',
  'followers_count',
  'following_count',
] as const;

/** The credential account of an archive-only snapshot. */
export function credentialAccountFromActor(
  actor: ArchiveActor,
  statusesCount: number,
  lastStatusAt: string | null,
): CredentialAccount {
  const account = accountFromActor(actor, statusesCount, lastStatusAt);
  return {
    ...account,
    source: {
      // Not a valid default visibility on purpose: the archive does not say which one is set.
      privacy: 'unknown',
      sensitive: false,
      language: null,
      note: htmlToPlain(actor.summary),
      fields: account.fields.map((f) => ({ name: f.name, value: htmlToPlain(f.value) })),
      hide_collections: null,
      discoverable: actor.discoverable,
      indexable: actor.indexable,
    },
  };
}

/** The API's `source.note` is plain text; a rough tag strip is enough for the detectors. */
function htmlToPlain(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
