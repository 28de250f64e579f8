/**
 * Archive import: Mastodon's "Request your archive" zip → the statuses of an AccountSnapshot,
 * read offline in one streaming pass. Pure: it stores nothing; the caller saves only on success.
 * Format: /work/shared/docs/mastodon-api.md §7 and https://docs.joinmastodon.org/user/moving/#export
 */
import type { Account, Status, Visibility } from '../mastodon/schemas';
import {
  accountFromActor,
  actorMatches,
  archiveAccountId,
  inferActor,
  parseActor,
  type ArchiveActor,
  type ExpectedAccount,
} from './actor';
import { ArchiveError } from './errors';
import { JsonObjectStream } from './json-stream';
import { convertItem, settleVisibility, type ConvertedItem, type OutboxContext } from './outbox';
import { unzipSelected, type EntrySink } from './unzip';

export { ArchiveError, ARCHIVE_ERROR_KEYS, type ArchiveErrorCode } from './errors';
export { deriveVisibility, PUBLIC_COLLECTIONS } from './outbox';
export { ARCHIVE_UNKNOWN_SETTINGS, type ArchiveActor, type ExpectedAccount } from './actor';
export { archiveToSnapshot } from './snapshot';

export interface ImportOptions {
  /** The signed-in account: an archive of anyone else is refused. */
  expectedAccount?: ExpectedAccount;
  signal?: AbortSignal;
  /** Bytes of the zip read so far. */
  onProgress?: (bytes: number) => void;
  /** Largest unpacked outbox.json accepted; default 4 GiB. */
  maxOutboxBytes?: number;
}

export interface ArchiveStats {
  /** Own posts (replies, DMs included), boosts excluded. */
  posts: number;
  boosts: number;
  replies: number;
  edited: number;
  withMedia: number;
  polls: number;
  /** Own posts per visibility. */
  byVisibility: Record<Visibility, number>;
  /** Zip entries passed over without being kept (media, avatar, header). */
  mediaEntriesSkipped: number;
  /** Size of the zip. */
  bytesRead: number;
  /** Unpacked size of outbox.json. */
  outboxBytes: number;
  /** Outbox items that are neither posts nor boosts. */
  itemsSkipped: number;
  likes: number;
  bookmarks: number;
  /** actor.json was absent; the account was pieced together from the outbox. */
  actorMissing: boolean;
}

export interface ArchiveImport {
  actor: ArchiveActor;
  /** Newest first, as in a snapshot. */
  statuses: Status[];
  stats: ArchiveStats;
}

const ENTRY = /^(?:[^/]+\/)?(outbox|actor|likes|bookmarks)\.json$/;
const MAX_ACTOR_BYTES = 16 * 1024 * 1024;
/** One outbox item; Mastodon caps posts at a few thousand characters, so 16 MiB is no real post. */
const MAX_ITEM_BYTES = 16 * 1024 * 1024;

/** Collects a small entry whole. */
class BytesSink implements EntrySink {
  private chunks: Uint8Array[] = [];
  private size = 0;
  done = false;
  constructor(
    private readonly name: string,
    private readonly max: number,
  ) {}
  write(chunk: Uint8Array): void {
    this.size += chunk.length;
    if (this.size > this.max)
      throw new ArchiveError('too-large', `${this.name} is larger than ${this.max} bytes.`);
    this.chunks.push(chunk.slice()); // the view is only valid during write()
  }
  end(): void {
    this.done = true;
  }
  json(): unknown {
    const joined = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      joined.set(c, at);
      at += c.length;
    }
    try {
      return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(joined));
    } catch (error) {
      throw new ArchiveError(
        'bad-json',
        `${this.name} is damaged: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

/** Streams an `OrderedCollection` file item by item into `onItem`. */
function collectionSink(
  name: string,
  onStart: () => void,
  onItem: (item: unknown) => void,
): EntrySink & { done: boolean } {
  const parser = new JsonObjectStream({
    name,
    streamKeys: ['orderedItems'],
    maxValueBytes: MAX_ITEM_BYTES,
    onArrayStart: onStart,
    onItem: (_key, item) => onItem(item),
  });
  const sink = {
    done: false,
    write: (chunk: Uint8Array) => parser.write(chunk),
    end: () => {
      parser.end();
      sink.done = true;
    },
  };
  return sink;
}

export async function importArchive(
  stream: ReadableStream<Uint8Array>,
  opts: ImportOptions = {},
): Promise<ArchiveImport> {
  const expected = opts.expectedAccount;
  let items: ConvertedItem[] = [];
  let itemsSkipped = 0;
  let outboxBytes = 0;
  let ctx: OutboxContext | null = null;
  const bookmarks = new Set<string>();
  let likes = 0;
  let outbox: (EntrySink & { done: boolean }) | null = null;
  let actorSink: BytesSink | null = null;

  const onOutboxItem = (raw: unknown) => {
    if (!ctx) {
      const actorUri = raw && typeof raw === 'object' ? (raw as { actor?: unknown }).actor : undefined;
      if (typeof actorUri !== 'string') {
        itemsSkipped++;
        return;
      }
      // Refuse early: no need to read gigabytes of someone else's archive.
      if (expected?.uri && expected.uri !== actorUri) throw wrongAccount(actorUri, expected);
      const account = accountFromActor(inferActor(actorUri), 0, null);
      ctx = { account, homeHost: hostOf(actorUri), strings: new Map(), authors: new Map() };
    }
    const converted = convertItem(raw, ctx);
    if (converted) items.push(converted);
    else itemsSkipped++;
  };

  const result = await unzipSelected(stream, {
    signal: opts.signal,
    onProgress: opts.onProgress,
    maxEntryBytes: opts.maxOutboxBytes ?? 4 * 1024 ** 3,
    select(name) {
      const kind = ENTRY.exec(name)?.[1];
      if (kind === 'outbox' && !outbox) {
        const sink = collectionSink(
          name,
          () => {
            // Last key wins, as in JSON.parse: `"orderedItems":[],"orderedItems":[...]`.
            items = [];
            itemsSkipped = 0;
          },
          onOutboxItem,
        );
        outbox = {
          get done() {
            return sink.done;
          },
          write(chunk) {
            outboxBytes += chunk.length;
            sink.write(chunk);
          },
          end: () => sink.end(),
        };
        return outbox;
      }
      if (kind === 'actor' && !actorSink) return (actorSink = new BytesSink(name, MAX_ACTOR_BYTES));
      if (kind === 'bookmarks') {
        return collectionSink(
          name,
          () => bookmarks.clear(),
          (uri) => typeof uri === 'string' && bookmarks.add(uri),
        );
      }
      if (kind === 'likes') {
        return collectionSink(
          name,
          () => (likes = 0),
          () => likes++,
        );
      }
      return null;
    },
  });

  if (!outbox) {
    throw new ArchiveError('no-outbox', 'The zip holds no outbox.json: it is not a Mastodon archive.');
  }
  const sink = actorSink as BytesSink | null;
  const firstActor = items[0]?.status.account.uri;
  const actor = sink?.done ? parseActor(sink.json()) : firstActor ? inferActor(firstActor) : null;
  if (!actor) {
    throw new ArchiveError(
      'no-outbox',
      'The archive holds neither actor.json nor any post: nothing can be audited.',
    );
  }
  if (expected && !actorMatches(actor, expected)) throw wrongAccount(actor.id, expected);
  if (firstActor && firstActor !== actor.id) {
    throw new ArchiveError(
      'wrong-account',
      `actor.json (${actor.id}) and outbox.json (${firstActor}) belong to different accounts.`,
    );
  }

  const stats: ArchiveStats = {
    posts: 0,
    boosts: 0,
    replies: 0,
    edited: 0,
    withMedia: 0,
    polls: 0,
    byVisibility: { public: 0, unlisted: 0, private: 0, direct: 0 },
    mediaEntriesSkipped: result.skipped,
    bytesRead: result.bytesRead,
    outboxBytes,
    itemsSkipped,
    likes,
    bookmarks: bookmarks.size,
    actorMissing: !sink?.done,
  };
  const statuses: Status[] = new Array(items.length);
  items.forEach((item, i) => {
    settleVisibility(item, actor.followers);
    const s = item.status;
    if (bookmarks.has(s.uri)) s.bookmarked = true;
    statuses[i] = s;
    if (item.kind === 'boost') {
      stats.boosts++;
      return;
    }
    stats.posts++;
    stats.byVisibility[s.visibility]++;
    if (s.in_reply_to_id) stats.replies++;
    if (s.edited_at) stats.edited++;
    if (s.media_attachments.length) stats.withMedia++;
    if (s.poll) stats.polls++;
  });
  items = [];
  statuses.sort(newestFirst);

  // Every status shares one account object: fill it in from actor.json now that it is known.
  const account: Account = accountFromActor(actor, stats.posts, statuses[0]?.created_at ?? null);
  const shared = statuses[0]?.account;
  if (shared && shared.id === archiveAccountId(actor.id)) Object.assign(shared, account);
  return { actor, statuses, stats };
}

function wrongAccount(actorUri: string, expected: ExpectedAccount): ArchiveError {
  const who = expected.acct ?? expected.uri ?? expected.username ?? 'the signed-in account';
  return new ArchiveError('wrong-account', `This archive belongs to ${actorUri}, not to ${who}.`);
}

function hostOf(uri: string): string | null {
  try {
    return new URL(uri).host;
  } catch {
    // A non-URL actor id: no reply can then be recognised as local, which only affects ids.
    return null;
  }
}

/** Newest first: by date, then by id (snowflakes grow with time). */
function newestFirst(a: Status, b: Status): number {
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? 1 : -1;
  if (a.id.length !== b.id.length) return b.id.length - a.id.length;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
