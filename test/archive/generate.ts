/**
 * Realistic Mastodon export archives for tests and benchmarks, deterministic from a seed.
 *
 * Same shape as a real "Request your archive" zip (see ../shared/mastodon-fixtures/archive and
 * mastodon-api.md §7): `outbox.json` (deflated, with the duplicated `"orderedItems":[]` key and a
 * wrong `totalItems`), `media_attachments/files/<id partition>/original/<hex>.<ext>` entries,
 * `likes.json`, `bookmarks.json`, `actor.json`, `avatar.png`, `header.png`. Every entry is written
 * with a data descriptor, as streaming zip writers (Mastodon's zip_kit) do. Media bytes are
 * produced and zipped chunk by chunk, so 500 MB never sit in memory; the first media file also
 * carries fake `PK\x03\x04`/`PK\x07\x08` byte patterns, which real photos contain by chance.
 *
 * Posts cover every visibility, replies (own threads and remote), boosts, DMs (some to an
 * untrusted server), content warnings, polls, media with and without alt text, edits, hashtags,
 * en/de languages, and a share carrying personal info (phone numbers, IBAN, addresses, e-mail,
 * "away until" phrases, birthdays).
 */
import { createWriteStream } from 'node:fs';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { Rng } from '../mastodon-server/util';

export interface GenerateArchiveOptions {
  seed: number;
  posts: number;
  /** Total size of the media entries; default 256 bytes per attachment. */
  mediaBytes?: number;
  account?: {
    username?: string;
    /** The server's domain, e.g. `home.example`. */
    domain?: string;
    /** Use Mastodon 4.5's numeric ActivityPub ids (`/ap/users/<id>`). */
    numericId?: string;
    displayName?: string;
    locked?: boolean;
    discoverable?: boolean;
    indexable?: boolean;
  };
  /** Date of the newest post (ms); posts spread over the four years before. */
  now?: number;
  /** Leave entries out, for bad-input tests. */
  omit?: readonly ('outbox.json' | 'actor.json' | 'likes.json' | 'bookmarks.json')[];
}

/** What the generator planted, for round-trip assertions. */
export interface ArchiveTruth {
  actorId: string;
  followers: string;
  posts: number;
  boosts: number;
  replies: number;
  edited: number;
  polls: number;
  withMedia: number;
  withPersonalInfo: number;
  mediaFiles: number;
  byVisibility: Record<Visibility, number>;
  /** status id → visibility, for the first 2,000 items. */
  sample: Map<string, { visibility: Visibility; kind: 'post' | 'boost'; descriptions: (string | null)[] }>;
}

type Visibility = 'public' | 'unlisted' | 'private' | 'direct';
const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';
const DAY = 86_400_000;
const FIXED_MTIME = new Date('2026-01-10T12:00:00Z');

const REMOTE = [
  { user: 'anna', domain: 'mastodon.social' },
  { user: 'ben', domain: 'chaos.social' },
  { user: 'chris', domain: 'fosstodon.org' },
  { user: 'dora', domain: 'troet.cafe' },
  { user: 'eve', domain: 'remote.example' },
  { user: 'finn', domain: 'hachyderm.io' },
];
const LOCAL = ['mara', 'nils', 'olga'];

const TEXT_EN = [
  'Morning coffee and a long walk along the river.',
  'Finally finished the bookshelf project, photos soon.',
  'Does anyone have a good recipe for rye bread?',
  'The train was late again. Reading on the platform.',
  'Reminder to myself: water the tomatoes.',
  'Great talk today about accessible web design.',
  'Weekend plans: nothing, and I am happy about it.',
];
const TEXT_DE = [
  'Heute endlich wieder mit dem Rad zur Arbeit gefahren.',
  'Kennt jemand ein gutes Café in der Nähe vom Hauptbahnhof?',
  'Der Sauerteig lebt! Morgen wird gebacken.',
  'Regen, Tee und ein gutes Buch. Perfekter Sonntag.',
  'Die Bahn hat mal wieder Verspätung.',
];
const PERSONAL_EN = [
  'Call me at +49 151 23456789 if the parcel arrives.',
  'New flat: Lindenstraße 14, 10969 Berlin. Housewarming on Friday!',
  'Send the money to DE62 4306 0967 1149 2784 00, thanks!',
  'Away until 24 August, the house is empty, plants on their own.',
  'Write to me at jo.example@mailbox.org for the tickets.',
  'Born on 1988-03-14, so yes, cake next week.',
  'My number changed: (415) 555-0132.',
];
const PERSONAL_DE = [
  'Wir sind vom 3. bis 17. August im Urlaub, die Wohnung ist leer.',
  'Meine neue Adresse: Hauptstraße 5, 80331 München.',
  'Ruf mich an unter 0171 2345678.',
  'Überweisung bitte an DE02 1203 0000 0000 2020 51.',
];
const TAGS = ['caterday', 'photography', 'bread', 'cycling', 'mastodon', 'books'];
const ALT = [
  'A grey cat asleep on a sofa',
  'Sourdough loaf on a wooden board',
  'View from the train window',
  null,
];

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

interface Identity {
  domain: string;
  username: string;
  actorId: string;
  followers: string;
  url: string;
  statusBase: string;
}

function identity(opts: GenerateArchiveOptions): Identity {
  const domain = opts.account?.domain ?? 'home.example';
  const username = opts.account?.username ?? 'owner';
  const actorId = opts.account?.numericId
    ? `https://${domain}/ap/users/${opts.account.numericId}`
    : `https://${domain}/users/${username}`;
  return {
    domain,
    username,
    actorId,
    followers: `${actorId}/followers`,
    url: `https://${domain}/@${username}`,
    statusBase: `${actorId}/statuses/`,
  };
}

interface Item {
  json: Record<string, unknown>;
  id: string;
  uri: string;
  kind: 'post' | 'boost';
  visibility: Visibility;
  reply: boolean;
  edited: boolean;
  poll: boolean;
  personal: boolean;
  media: { path: string; description: string | null }[];
}

function addressing(
  visibility: Visibility,
  id: Identity,
  mentioned: string[],
): { to: string[]; cc: string[] } {
  switch (visibility) {
    case 'public':
      return { to: [PUBLIC], cc: [id.followers, ...mentioned] };
    case 'unlisted':
      return { to: [id.followers], cc: [PUBLIC, ...mentioned] };
    case 'private':
      return { to: [id.followers], cc: mentioned };
    case 'direct':
      return { to: mentioned, cc: [] };
  }
}

/** Outbox items, oldest first (as Mastodon writes them), deterministic from the seed. */
export function* outboxItems(opts: GenerateArchiveOptions): Generator<Item> {
  const rng = new Rng(opts.seed);
  const me = identity(opts);
  const now = opts.now ?? Date.UTC(2026, 0, 10, 12);
  const span = 4 * 365 * DAY;
  const own: string[] = [];
  let mediaSeq = 0;
  for (let i = 0; i < opts.posts; i++) {
    const ms = now - span + Math.floor(((i + rng.next()) / opts.posts) * span);
    const id = (BigInt(ms) * 65536n + BigInt(i & 0xffff)).toString();
    const published = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const uri = `${me.statusBase}${id}`;
    if (i > 3 && rng.chance(0.08)) {
      const target = rng.pick(REMOTE);
      const objectUri = `https://${target.domain}/users/${target.user}/statuses/${rng.int(1, 9) * 10 ** 17 + rng.int(0, 1e9)}`;
      const visibility: Visibility = rng.chance(0.85) ? 'public' : rng.chance(0.5) ? 'unlisted' : 'private';
      const actorUri = `https://${target.domain}/users/${target.user}`;
      const to = visibility === 'public' ? [PUBLIC] : [me.followers];
      const cc =
        visibility === 'public'
          ? [actorUri, me.followers]
          : visibility === 'unlisted'
            ? [actorUri, PUBLIC]
            : [actorUri];
      yield {
        json: {
          id: `${uri}/activity`,
          type: 'Announce',
          actor: me.actorId,
          published,
          to,
          cc,
          object: objectUri,
        },
        id,
        uri: `${uri}/activity`,
        kind: 'boost',
        visibility,
        reply: false,
        edited: false,
        poll: false,
        personal: false,
        media: [],
      };
      continue;
    }
    const roll = rng.next();
    const visibility: Visibility =
      roll < 0.45 ? 'public' : roll < 0.6 ? 'unlisted' : roll < 0.82 ? 'private' : 'direct';
    const german = rng.chance(0.3);
    const personal = rng.chance(0.1);
    const tags: Record<string, unknown>[] = [];
    const mentionedUris: string[] = [];
    const mentionHtml: string[] = [];
    const mention = (user: string, domain: string | null) => {
      const host = domain ?? me.domain;
      const href = `https://${host}/users/${user}`;
      if (mentionedUris.includes(href)) return;
      mentionedUris.push(href);
      tags.push({ type: 'Mention', href, name: domain ? `@${user}@${domain}` : `@${user}` });
      mentionHtml.push(
        `<span class="h-card" translate="no"><a href="https://${host}/@${user}" class="u-url mention">@<span>${user}</span></a></span>`,
      );
    };
    let inReplyTo: string | null = null;
    if (own.length && rng.chance(0.25)) {
      if (rng.chance(0.4)) inReplyTo = rng.pick(own);
      else {
        const r = rng.pick(REMOTE);
        mention(r.user, r.domain);
        inReplyTo = `https://${r.domain}/users/${r.user}/statuses/${1e17 + rng.int(0, 1e9)}`;
      }
    }
    if (visibility === 'direct' || rng.chance(0.1)) {
      if (rng.chance(0.3)) mention(rng.pick(LOCAL), null);
      else {
        const r = rng.pick(REMOTE);
        mention(r.user, r.domain);
      }
    }
    const sentence = personal
      ? rng.pick(german ? PERSONAL_DE : PERSONAL_EN)
      : rng.pick(german ? TEXT_DE : TEXT_EN);
    let html = `<p>${mentionHtml.join(' ')}${mentionHtml.length ? ' ' : ''}${esc(sentence)}</p>`;
    if (rng.chance(0.2)) {
      const tag = rng.pick(TAGS);
      tags.push({ type: 'Hashtag', href: `https://${me.domain}/tags/${tag}`, name: `#${tag}` });
      html += `<p><a href="https://${me.domain}/tags/${tag}" class="mention hashtag" rel="tag">#<span>${tag}</span></a></p>`;
    }
    const cw = rng.chance(0.08) ? (german ? 'Politik' : 'food, long') : null;
    const media: Item['media'] = [];
    if (rng.chance(0.12)) {
      const count = rng.int(1, 3);
      for (let m = 0; m < count; m++) {
        const mediaId = (BigInt(ms) * 65536n + BigInt(mediaSeq++ & 0xffff)).toString().padStart(18, '0');
        const partition = mediaId.match(/\d{3}/g)!.join('/');
        media.push({
          path: `media_attachments/files/${partition}/original/${rng.hex(16)}.jpg`,
          description: rng.pick(ALT),
        });
      }
    }
    const edited = rng.chance(0.06);
    const poll = !media.length && rng.chance(0.03);
    const { to, cc } = addressing(visibility, me, mentionedUris);
    const note: Record<string, unknown> = {
      id: uri,
      type: poll ? 'Question' : 'Note',
      summary: cw,
      inReplyTo,
      published,
      url: `${me.url}/${id}`,
      attributedTo: me.actorId,
      to,
      cc,
      sensitive: cw !== null || rng.chance(0.03),
      atomUri: uri,
      inReplyToAtomUri: inReplyTo,
      conversation: `tag:${me.domain},${published.slice(0, 10)}:objectId=${i + 1000}:objectType=Conversation`,
      content: html,
      contentMap: { [german ? 'de' : 'en']: html },
      ...(edited
        ? { updated: new Date(ms + rng.int(60_000, 3 * DAY)).toISOString().replace(/\.\d{3}Z$/, 'Z') }
        : {}),
      attachment: media.map((m) => ({
        type: 'Document',
        mediaType: 'image/jpeg',
        url: `/${me.domain.replace(/\./g, '')}/${m.path}`,
        name: m.description,
        blurhash: 'UPJ[3I_NI9t7ROx]xZkBtRIAxaWEWBsmRjbH',
        width: 1440,
        height: 1081,
      })),
      tag: tags,
      replies: {
        id: `${uri}/replies`,
        type: 'Collection',
        first: {
          type: 'CollectionPage',
          next: `${uri}/replies?only_other_accounts=true&page=true`,
          partOf: `${uri}/replies`,
          items: [],
        },
      },
    };
    if (poll) {
      const multiple = rng.chance(0.3);
      const options = (german ? ['Ja', 'Nein', 'Vielleicht'] : ['Yes', 'No', 'Maybe']).map((name) => ({
        type: 'Note',
        name,
        replies: { type: 'Collection', totalItems: rng.int(0, 40) },
      }));
      note[multiple ? 'anyOf' : 'oneOf'] = options;
      note.endTime = new Date(ms + DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
      note.closed = note.endTime;
      note.votersCount = rng.int(0, 60);
    }
    own.push(uri);
    if (own.length > 200) own.shift();
    yield {
      json: {
        id: `${uri}/activity`,
        type: 'Create',
        actor: me.actorId,
        published,
        to,
        cc,
        object: note,
      },
      id,
      uri,
      kind: 'post',
      visibility,
      reply: inReplyTo !== null,
      edited,
      poll,
      personal,
      media,
    };
  }
}

/** Counts what `generateArchive` with the same options plants (no zip is built). */
export function archiveTruth(opts: GenerateArchiveOptions): ArchiveTruth {
  const me = identity(opts);
  const truth: ArchiveTruth = {
    actorId: me.actorId,
    followers: me.followers,
    posts: 0,
    boosts: 0,
    replies: 0,
    edited: 0,
    polls: 0,
    withMedia: 0,
    withPersonalInfo: 0,
    mediaFiles: 0,
    byVisibility: { public: 0, unlisted: 0, private: 0, direct: 0 },
    sample: new Map(),
  };
  for (const item of outboxItems(opts)) {
    if (truth.sample.size < 2000) {
      truth.sample.set(item.id, {
        visibility: item.visibility,
        kind: item.kind,
        descriptions: item.media.map((m) => m.description),
      });
    }
    if (item.kind === 'boost') {
      truth.boosts++;
      continue;
    }
    truth.posts++;
    truth.byVisibility[item.visibility]++;
    if (item.reply) truth.replies++;
    if (item.edited) truth.edited++;
    if (item.poll) truth.polls++;
    if (item.personal) truth.withPersonalInfo++;
    if (item.media.length) truth.withMedia++;
    truth.mediaFiles += item.media.length;
  }
  return truth;
}

const CONTEXT = [
  'https://www.w3.org/ns/activitystreams',
  'https://w3id.org/security/v1',
  {
    manuallyApprovesFollowers: 'as:manuallyApprovesFollowers',
    sensitive: 'as:sensitive',
    Hashtag: 'as:Hashtag',
    toot: 'http://joinmastodon.org/ns#',
    ostatus: 'http://ostatus.org#',
    atomUri: 'ostatus:atomUri',
    inReplyToAtomUri: 'ostatus:inReplyToAtomUri',
    conversation: 'ostatus:conversation',
    blurhash: 'toot:blurhash',
    discoverable: 'toot:discoverable',
    indexable: 'toot:indexable',
    votersCount: 'toot:votersCount',
  },
];

function actorJson(opts: GenerateArchiveOptions): string {
  const me = identity(opts);
  return JSON.stringify({
    '@context': CONTEXT,
    id: me.actorId,
    type: 'Person',
    following: `${me.actorId}/following`,
    followers: me.followers,
    inbox: `${me.actorId}/inbox`,
    outbox: 'outbox.json',
    featured: `${me.actorId}/collections/featured`,
    preferredUsername: me.username,
    name: opts.account?.displayName ?? 'Owner Example',
    summary: '<p>Baker, cyclist. Berlin.</p>',
    url: me.url,
    manuallyApprovesFollowers: opts.account?.locked ?? false,
    discoverable: opts.account?.discoverable ?? true,
    indexable: opts.account?.indexable ?? false,
    published: '2022-11-07T00:00:00Z',
    memorial: false,
    publicKey: {
      id: `${me.actorId}#main-key`,
      owner: me.actorId,
      publicKeyPem: '-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----\n',
    },
    tag: [],
    attachment: [
      {
        type: 'PropertyValue',
        name: 'Web',
        value: '<a href="https://owner.example" rel="me">owner.example</a>',
      },
      { type: 'PropertyValue', name: 'Phone', value: '+49 151 23456789' },
    ],
    endpoints: { sharedInbox: `https://${me.domain}/inbox` },
    icon: { type: 'Image', mediaType: 'image/png', url: 'avatar.png' },
    image: { type: 'Image', mediaType: 'image/png', url: 'header.png' },
    likes: 'likes.json',
    bookmarks: 'bookmarks.json',
  });
}

/** Deterministic filler for media; xorshift is fast enough for 500 MB. */
function fillRandom(buf: Uint8Array, state: { s: number }): void {
  const words = new Uint32Array(buf.buffer, buf.byteOffset, buf.length >>> 2);
  let s = state.s;
  for (let i = 0; i < words.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    words[i] = s >>> 0;
  }
  for (let i = words.length << 2; i < buf.length; i++) buf[i] = (s = (s * 1103515245 + 12345) >>> 0) & 0xff;
  state.s = s || 1;
}

/** A minimal valid 1×1 PNG. */
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

/**
 * The archive's bytes, produced lazily: each `next()` does a bounded amount of work, so the
 * consumer's pace (a file write, a ReadableStream pull) sets the memory used.
 */
export async function* archiveChunks(opts: GenerateArchiveOptions): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, data) => {
    if (error) failure = error;
    else out.push(data);
  });
  const drain = function* (): Generator<Uint8Array> {
    if (failure) throw failure;
    while (out.length) yield out.shift()!;
  };
  const omit = new Set(opts.omit ?? []);
  const encoder = new TextEncoder();
  const stored = (name: string, bytes: Uint8Array) => {
    const entry = new ZipPassThrough(name);
    entry.mtime = FIXED_MTIME;
    zip.add(entry);
    entry.push(bytes, true);
  };
  const deflated = (name: string) => {
    const entry = new ZipDeflate(name, { level: 6 });
    entry.mtime = FIXED_MTIME;
    zip.add(entry);
    return entry;
  };

  const mediaPaths: string[] = [];
  const ownUris: string[] = [];
  if (!omit.has('outbox.json')) {
    const outbox = deflated('outbox.json');
    const head = JSON.stringify({
      '@context': CONTEXT,
      id: 'outbox.json',
      type: 'OrderedCollection',
      // Real exports count differently from the items they hold (1557 vs 1586 in the sample).
      totalItems: Math.max(0, opts.posts - 29),
      orderedItems: [],
    });
    // `"orderedItems":[]` then the real list: the duplicated key of real exports.
    let text = `${head.slice(0, -1)},"orderedItems":[`;
    let first = true;
    for (const item of outboxItems(opts)) {
      text += (first ? '' : ',') + JSON.stringify(item.json);
      first = false;
      for (const m of item.media) mediaPaths.push(m.path);
      if (ownUris.length < 50 && item.kind === 'post') ownUris.push(item.uri);
      if (text.length > 256 * 1024) {
        outbox.push(encoder.encode(text));
        text = '';
        yield* drain();
      }
    }
    outbox.push(encoder.encode(`${text}]}`), true);
    yield* drain();
  } else {
    for (const item of outboxItems(opts)) for (const m of item.media) mediaPaths.push(m.path);
  }

  const total = opts.mediaBytes ?? mediaPaths.length * 256;
  const random = { s: (opts.seed * 2654435761) >>> 0 || 1 };
  const block = new Uint8Array(1024 * 1024);
  for (let f = 0; f < mediaPaths.length; f++) {
    const size =
      Math.floor(total / mediaPaths.length) + (f === mediaPaths.length - 1 ? total % mediaPaths.length : 0);
    const entry = new ZipPassThrough(mediaPaths[f]!);
    entry.mtime = FIXED_MTIME;
    zip.add(entry);
    let left = size;
    let firstBlock = true;
    do {
      const n = Math.min(left, block.length);
      const chunk = new Uint8Array(n);
      fillRandom(chunk, random);
      if (f === 0 && firstBlock && n >= 64) {
        // Byte patterns that look like a data descriptor and the next local header.
        chunk.set([0x50, 0x4b, 0x07, 0x08, 1, 2, 3, 4, 16, 0, 0, 0, 16, 0, 0, 0], 8);
        chunk.set([0x50, 0x4b, 0x03, 0x04, 20, 0, 8, 0, 8, 0], 24);
      }
      firstBlock = false;
      left -= n;
      entry.push(chunk, left === 0);
      yield* drain();
    } while (left > 0);
  }

  const collection = (id: string, items: string[]) =>
    encoder.encode(
      JSON.stringify({
        '@context': 'https://www.w3.org/ns/activitystreams',
        id,
        type: 'OrderedCollection',
        orderedItems: items,
      }),
    );
  if (!omit.has('likes.json')) {
    const liked = REMOTE.map((r, i) => `https://${r.domain}/users/${r.user}/statuses/${1e17 + i}`);
    const entry = deflated('likes.json');
    entry.push(collection('likes.json', liked), true);
  }
  if (!omit.has('bookmarks.json')) {
    const entry = deflated('bookmarks.json');
    entry.push(
      collection('bookmarks.json', [
        ...ownUris.slice(0, 3),
        `https://${REMOTE[0]!.domain}/users/anna/statuses/1`,
      ]),
      true,
    );
  }
  if (!omit.has('actor.json')) {
    const entry = deflated('actor.json');
    entry.push(encoder.encode(actorJson(opts)), true);
  }
  stored('avatar.png', PNG);
  stored('header.png', PNG);
  zip.end();
  yield* drain();
}

/** The archive as a stream (browser File.stream() and Node's Readable.toWeb give the same type). */
export function generateArchive(opts: GenerateArchiveOptions): ReadableStream<Uint8Array> {
  const chunks = archiveChunks(opts);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/** Writes the archive to `path`; returns its size. */
export async function writeArchive(path: string, opts: GenerateArchiveOptions): Promise<number> {
  const file = createWriteStream(path);
  let size = 0;
  try {
    for await (const chunk of archiveChunks(opts)) {
      size += chunk.length;
      if (!file.write(chunk)) await new Promise<void>((resolve) => file.once('drain', resolve));
    }
  } finally {
    await new Promise<void>((resolve, reject) =>
      file.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
  return size;
}

/** Reads a whole stream (small archives in tests). */
export async function streamToBytes(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    size += value.length;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A stream over bytes in chunks of `chunkSize`, to exercise chunk boundaries. */
export function bytesToStream(bytes: Uint8Array, chunkSize = 64 * 1024): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + chunkSize));
      at += chunkSize;
    },
  });
}

// CLI for the benchmark: `tsx test/archive/generate.ts <out.zip> <posts> <mediaBytes> [seed]`.
if (process.argv[1] && /generate\.ts$/.test(process.argv[1])) {
  const [out, posts, mediaBytes, seed] = process.argv.slice(2);
  if (!out) {
    console.error('usage: tsx test/archive/generate.ts <out.zip> <posts> <mediaBytes> [seed]');
    process.exitCode = 2;
  } else {
    writeArchive(out, {
      seed: Number(seed ?? 1),
      posts: Number(posts ?? 1000),
      mediaBytes: Number(mediaBytes ?? 0),
    }).then(
      (size) => console.log(JSON.stringify({ out, size })),
      (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      },
    );
  }
}
