/**
 * The seeded generator: the owner, followers and followees over many domains, years of posts of
 * every visibility, DMs, replies, boosts, polls, media with alt text, edits, pins, follow
 * requests, and a share of posts carrying personal info (plus benign look-alikes). The same seed
 * gives identical data. The planted cases (see `PlantedCase`) sit among the newest 40 posts.
 */
import { crc32 } from 'node:zlib';
import { parseMentions, parseTags } from './render';
import {
  addToTimeline,
  findAccountByAcct,
  newAccountRecord,
  registerAccount,
  type AccountRecord,
  type ConversationRecord,
  type FollowRecord,
  type MediaRecord,
  type PollRecord,
  type ServerState,
  type StatusRecord,
  type StatusVersion,
  type Visibility,
} from './state';
import { Rng, luhnComplete, makeIban, snowflake } from './util';

export interface PlantedCase {
  id: string;
  check: string;
  expect: 'flag' | 'safe';
  statusId?: string;
  kind?: string;
  domain?: string;
  note: string;
}

export interface GenerateOptions {
  seed: number;
  posts: number;
  followers: number;
  following: number;
  now: number;
}

const DAY = 86_400_000;
const YEAR = 365 * DAY;

export const BIG_DOMAINS = [
  'mastodon.social',
  'mstdn.social',
  'fosstodon.org',
  'hachyderm.io',
  'chaos.social',
  'troet.cafe',
  'mastodon.online',
  'infosec.exchange',
];
export const SUSPENDED_DOMAIN = 'badnet.example';
export const SILENCED_DOMAIN = 'loudbots.example';
export const UNTRUSTED_DM_DOMAIN = 'remote.example';

const SMALL_A = [
  'quiet',
  'green',
  'tiny',
  'river',
  'north',
  'cozy',
  'fern',
  'maple',
  'urban',
  'salt',
  'pixel',
  'wild',
];
const SMALL_B = ['garden', 'town', 'harbor', 'cafe', 'lab', 'grove', 'coast', 'hub', 'village', 'den'];
const SMALL_TLD = ['social', 'cloud', 'zone', 'de', 'fr', 'es', 'net', 'club', 'town', 'space'];
const FIRST = [
  'alex',
  'kim',
  'noor',
  'jonas',
  'lea',
  'marie',
  'paul',
  'sofia',
  'yuki',
  'omar',
  'ines',
  'finn',
  'ada',
  'luca',
  'mina',
  'theo',
  'rosa',
  'emil',
  'ana',
  'ben',
  'clara',
  'david',
  'eva',
  'hugo',
  'ida',
  'jan',
  'kai',
  'lina',
  'milo',
  'nina',
];
const LAST = ['birch', 'stone', 'fox', 'wren', 'lake', 'moor', 'hill', 'brook', 'vale', 'ash'];

/** Minimal valid PNG (1x1) with a tEXt chunk so every media file has distinct, real bytes. */
function makePng(label: string): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
  const idat = Buffer.from('789c63f8cfc0f01f0005000201ed2b5d5a', 'hex');
  return Buffer.concat([
    Buffer.from('89504e470d0a1a0a', 'hex'),
    chunk('IHDR', ihdr),
    chunk('tEXt', Buffer.from(`Comment\0${label}`, 'latin1')),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export { makePng };

interface Ctx {
  state: ServerState;
  rng: Rng;
  usedIds: Set<string>;
  nextAccount: number;
  nextMedia: number;
  nextPoll: number;
  nextConversation: number;
  owner: AccountRecord;
  now: number;
}

function uniqueSnowflake(ctx: Ctx, ms: number): string {
  let seq = ctx.rng.int(0, 0xfff0);
  for (;;) {
    const id = snowflake(ms, seq).toString();
    if (!ctx.usedIds.has(id)) {
      ctx.usedIds.add(id);
      return id;
    }
    seq = (seq + 1) & 0xffff;
  }
}

function makeAccount(ctx: Ctx, username: string, domain: string | null, displayName?: string): AccountRecord {
  const existing = findAccountByAcct(ctx.state, username, domain);
  if (existing) return existing;
  const { rng } = ctx;
  const createdAt = ctx.now - rng.int(60, 2500) * DAY;
  // Property order is the order of the seeded random draws: keep it, or the data changes.
  const account = newAccountRecord({
    id: String(100000 + ctx.nextAccount++ * 7),
    username,
    domain,
    displayName: displayName ?? username.charAt(0).toUpperCase() + username.slice(1),
    note: rng.pick([
      'Coffee, code and cats.',
      'Photographer. Views my own.',
      'Hier wird gebastelt.',
      'Cyclist & reader.',
      '',
    ]),
    createdAt,
    locked: rng.chance(0.1),
    discoverable: rng.chance(0.7),
    indexable: rng.chance(0.5),
    hideCollections: false,
    remoteFollowersCount: rng.int(3, 5000),
    remoteFollowingCount: rng.int(3, 900),
    remoteStatusesCount: rng.int(10, 20000),
    lastStatusAt: ctx.now - rng.int(0, 60) * DAY,
  });
  registerAccount(ctx.state, account);
  return account;
}

function remoteName(rng: Rng): string {
  return `${rng.pick(FIRST)}${rng.chance(0.5) ? `_${rng.pick(LAST)}` : String(rng.int(1, 99))}`;
}

interface PostSpec {
  text: string;
  visibility: Visibility;
  language?: string;
  spoilerText?: string;
  sensitive?: boolean;
  poll?: { options: string[]; multiple?: boolean } | null;
  media?: { description: string | null }[];
  inReplyTo?: StatusRecord | null;
  reblogOf?: StatusRecord | null;
  /** Earlier versions (oldest first); the spec's own text is the current version. */
  edits?: string[];
  pinned?: boolean;
}

function resolveMentions(ctx: Ctx, text: string): string[] {
  const ids: string[] = [];
  for (const m of parseMentions(text)) {
    const account =
      findAccountByAcct(ctx.state, m.username, m.domain) ??
      (m.domain ? makeAccount(ctx, m.username, m.domain) : undefined);
    if (account && !ids.includes(account.id)) ids.push(account.id);
  }
  return ids;
}

function makeMedia(
  ctx: Ctx,
  accountId: string,
  description: string | null,
  createdAt: number,
  statusId: string | null,
): MediaRecord {
  const id = String(2_000_000 + ctx.nextMedia++);
  const media: MediaRecord = {
    id,
    accountId,
    type: 'image',
    mime: 'image/png',
    fileName: `${ctx.rng.hex(16)}.png`,
    bytes: makePng(`media ${id}`),
    description,
    focus: { x: 0, y: 0 },
    width: 1,
    height: 1,
    blurhash: 'UFBWY:8_0Jxv4mx]t8t64.%M-:IUWGWAt6M}',
    createdAt,
    statusId,
    purgeAt: null,
    purgedAt: null,
  };
  ctx.state.media.set(id, media);
  return media;
}

function makePoll(ctx: Ctx, options: string[], multiple: boolean, createdAt: number): PollRecord {
  return {
    id: String(300_000 + ctx.nextPoll++),
    options: options.map((title) => ({ title, votesCount: ctx.rng.int(0, 40) })),
    multiple,
    hideTotals: false,
    expiresAt: createdAt + DAY,
    votersCount: ctx.rng.int(0, 40),
    expiresIn: 86400,
  };
}

function createStatus(ctx: Ctx, account: AccountRecord, createdAt: number, spec: PostSpec): StatusRecord {
  const id = uniqueSnowflake(ctx, createdAt);
  const mentionIds = resolveMentions(ctx, spec.text);
  const status: StatusRecord = {
    id,
    accountId: account.id,
    createdAt,
    text: spec.text,
    spoilerText: spec.spoilerText ?? '',
    sensitive: spec.sensitive ?? false,
    visibility: spec.visibility,
    language: spec.reblogOf ? null : (spec.language ?? 'en'),
    inReplyToId: spec.inReplyTo?.id ?? null,
    inReplyToAccountId: spec.inReplyTo?.accountId ?? null,
    reblogOfId: spec.reblogOf?.id ?? null,
    mediaIds: [],
    poll: spec.poll ? makePoll(ctx, spec.poll.options, spec.poll.multiple ?? false, createdAt) : null,
    mentionIds,
    tags: parseTags(spec.text),
    editedAt: null,
    history: [],
    pinned: spec.pinned ?? false,
    favouritesCount: spec.visibility === 'direct' || spec.reblogOf ? 0 : ctx.rng.int(0, 12),
    reblogsCount: spec.visibility === 'public' && !spec.reblogOf ? ctx.rng.int(0, 5) : 0,
    repliesCount: 0,
    applicationName: account.domain ? null : 'Web',
    deleted: false,
    deletedAt: null,
    deletedMediaIds: [],
    deletedWithMedia: false,
    idempotencyKey: null,
  };
  for (const m of spec.media ?? [])
    status.mediaIds.push(makeMedia(ctx, account.id, m.description, createdAt, id).id);
  if (spec.inReplyTo) spec.inReplyTo.repliesCount++;
  if (spec.reblogOf) spec.reblogOf.reblogsCount++;
  if (spec.edits && spec.edits.length > 0) {
    const versions: StatusVersion[] = [];
    const texts = [...spec.edits, spec.text];
    let t = createdAt;
    texts.forEach((text, i) => {
      if (i > 0) t += ctx.rng.int(2, 90) * 60_000;
      versions.push({
        text,
        spoilerText: status.spoilerText,
        sensitive: status.sensitive,
        language: status.language,
        mediaIds: [...status.mediaIds],
        mediaDescriptions: status.mediaIds.map((mid) => ctx.state.media.get(mid)?.description ?? null),
        pollOptions: status.poll ? status.poll.options.map((o) => o.title) : null,
        createdAt: t,
      });
    });
    status.history = versions;
    status.editedAt = t;
  }
  ctx.state.statuses.set(id, status);
  addToTimeline(ctx.state, status);
  return status;
}

/** A post by someone else for the owner to reply to or boost. */
function remoteStatus(ctx: Ctx, pool: AccountRecord[], before: number): StatusRecord {
  const author = ctx.rng.pick(pool);
  const text = ctx.rng.pick([
    'What are you all reading this week? #books',
    'New blog post about self-hosting: https://blog.example/selfhosting-2024',
    'Der Zug ist wieder zu spät. #bahn',
    'Sunset over the harbour tonight 🌅',
    'Le marché du samedi est de retour !',
    '¿Alguien sabe arreglar una bici eléctrica?',
    'Reminder: back up your data.',
  ]);
  return createStatus(ctx, author, before - ctx.rng.int(1, 48) * 3_600_000, { text, visibility: 'public' });
}

// ---------- filler text ----------

const TOPICS_EN = [
  'Finally fixed the squeaky door. Small victories.',
  'Reading "The Left Hand of Darkness" again, still brilliant. #books',
  'Rainy Sunday, tea and a long walk along the river.',
  'Anyone else think the new train timetable is a mess?',
  'Baked sourdough for the first time! #baking',
  'Trying out a new static site generator: https://example.org/posts/ssg-notes',
  'Our community garden needs volunteers on Saturday. #gardening',
  'Bike ride to work, 14 km, legs are jelly.',
  'Conference talk slides are up, thanks for listening!',
  'Why is every app asking for notifications permission?',
];
const TOPICS_DE = [
  'Endlich Frühling! Der Balkon blüht. #garten',
  'Heute im Repair-Café drei Toaster gerettet.',
  'Wer kennt ein gutes Buch über Stadtgeschichte?',
  'Die Straßenbahn fährt wieder, juhu.',
  'Kuchen gebacken, Küche verwüstet.',
];
const TOPICS_FR = [
  'Grosse journée au boulot, vivement le week-end.',
  'Le marché était superbe ce matin.',
  'Qui vient au concert jeudi ?',
];
const TOPICS_ES = [
  'Hoy he terminado el libro, ¡qué final!',
  'Paseo por el parque con el perro.',
  '¿Recomendaciones de series?',
];

function fillerText(rng: Rng): { text: string; language: string } {
  const r = rng.next();
  if (r < 0.6) return { text: rng.pick(TOPICS_EN), language: 'en' };
  if (r < 0.8) return { text: rng.pick(TOPICS_DE), language: 'de' };
  if (r < 0.9) return { text: rng.pick(TOPICS_FR), language: 'fr' };
  return { text: rng.pick(TOPICS_ES), language: 'es' };
}

function digits(rng: Rng, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String(rng.int(0, 9));
  return out;
}

/** Posts with realistic personal info, several languages. */
function piiText(rng: Rng): { text: string; language: string } {
  const k = rng.int(0, 11);
  switch (k) {
    case 0:
      return {
        text: `Neue Handynummer: +49 15${rng.int(1, 7)} ${digits(rng, 8)}, bitte speichern!`,
        language: 'de',
      };
    case 1:
      return {
        text: `Mon nouveau numéro : +33 6 ${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)}`,
        language: 'fr',
      };
    case 2:
      return {
        text: `Drop me a line at ${rng.pick(FIRST)}.${rng.pick(LAST)}@mailbox.example`,
        language: 'en',
      };
    case 3:
      return {
        text: `Für die Geschenkkasse: ${makeIban('DE', digits(rng, 18))} (Kontoinhaberin Jana W.)`,
        language: 'de',
      };
    case 4:
      return {
        text: `Housewarming at ${rng.int(1, 120)} Elm Street, Springfield, IL 62704 on Saturday!`,
        language: 'en',
      };
    case 5:
      return {
        text: `Estaré fuera hasta el ${rng.int(1, 28)} de agosto, la casa queda vacía.`,
        language: 'es',
      };
    case 6:
      return {
        text: `Bin bis zum ${rng.int(1, 28)}. September im Urlaub, die Wohnung steht leer.`,
        language: 'de',
      };
    case 7:
      return {
        text: `My son ${rng.pick(['Leo', 'Max', 'Noah'])} starts at Riverside Primary School on Monday, so proud!`,
        language: 'en',
      };
    case 8:
      return { text: 'Mi médico dice que tengo depresión, empiezo la terapia el lunes.', language: 'es' };
    case 9:
      return {
        text: `Meine Adresse für die Postkarten: Hauptstraße ${rng.int(1, 99)}, 50667 Köln`,
        language: 'de',
      };
    case 10:
      return {
        text: `Born on ${rng.int(10, 28)}/0${rng.int(1, 9)}/19${rng.int(70, 99)} — another year older today!`,
        language: 'en',
      };
    default:
      return { text: `Call me: +44 7700 ${digits(rng, 6)}`, language: 'en' };
  }
}

function lookalikeText(rng: Rng): { text: string; language: string } {
  return rng.pick([
    { text: 'Upgraded our server to Mastodon 4.2.1, smooth as always.', language: 'en' },
    { text: 'Great read: ISBN 978-0-306-40615-7 #books', language: 'en' },
    { text: 'Paket unterwegs, Sendungsnummer 00340434161094042557', language: 'de' },
    { text: 'Price dropped to €24.99, finally bought it.', language: 'en' },
    { text: 'Tracking: 1Z999AA10123456784, arriving Tuesday.', language: 'en' },
    { text: 'Thanks @a@b.social for the tip!', language: 'en' },
  ]);
}

// ---------- the generator ----------

export interface Generated {
  ownerId: string;
  planted: PlantedCase[];
}

export function generate(state: ServerState, opts: GenerateOptions): Generated {
  const rng = new Rng(opts.seed * 2654435761 + 17);
  const ctx: Ctx = {
    state,
    rng,
    usedIds: new Set(),
    nextAccount: 1,
    nextMedia: 1,
    nextPoll: 1,
    nextConversation: 1,
    owner: undefined as unknown as AccountRecord,
    now: opts.now,
  };

  // The owner: defaults chosen so that the checkup has things to find.
  const owner = newAccountRecord({
    id: '109366240223457321',
    username: 'jana',
    domain: null,
    displayName: 'Jana Weber',
    note: 'Gardener, bike commuter and parent.\nI post in English and German. #gardening',
    fields: [
      { name: 'Website', value: 'https://jana.example', verifiedAt: null },
      { name: 'Phone', value: '+49 151 23456789', verifiedAt: null },
    ],
    createdAt: opts.now - 4 * YEAR - 30 * DAY,
    discoverable: true,
    indexable: true,
    hideCollections: false,
  });
  registerAccount(state, owner);
  state.ownerId = owner.id;
  ctx.owner = owner;

  // Other local accounts (DMs to them never leave the server).
  const localMax = makeAccount(ctx, 'max', null, 'Max Müller');
  const localLena = makeAccount(ctx, 'lena', null, 'Lena');
  makeAccount(ctx, 'tom', null, 'Tom');

  // Instance-level moderation, published at /api/v1/instance/domain_blocks.
  state.instanceDomainBlocks.push(
    { domain: SUSPENDED_DOMAIN, severity: 'suspend', comment: 'Harassment and spam' },
    { domain: SILENCED_DOMAIN, severity: 'silence', comment: 'Unmoderated bot traffic' },
    { domain: 'scraper.example', severity: 'suspend', comment: 'Scraping without consent' },
  );

  const smallDomains: string[] = [];
  for (let i = 0; smallDomains.length < 60 && i < 1000; i++) {
    const d = `${rng.pick(SMALL_A)}${rng.pick(SMALL_B)}.${rng.pick(SMALL_TLD)}`;
    if (!smallDomains.includes(d)) smallDomains.push(d);
  }
  const pickDomain = (): string => (rng.chance(0.5) ? rng.pick(BIG_DOMAINS) : rng.pick(smallDomains));
  const newRemote = (domain: string): AccountRecord => {
    for (let i = 0; i < 50; i++) {
      const name = remoteName(rng);
      if (!findAccountByAcct(state, name, domain)) return makeAccount(ctx, name, domain);
    }
    return makeAccount(ctx, `${remoteName(rng)}${ctx.nextAccount}`, domain);
  };

  // Followers, newest follow first. One on the suspended and one on the silenced domain.
  let followSeq = 5_000_000;
  const followerAccounts: AccountRecord[] = [];
  for (let i = 0; i < opts.followers; i++) {
    const domain = i === 3 ? SUSPENDED_DOMAIN : i === 7 ? SILENCED_DOMAIN : pickDomain();
    followerAccounts.push(newRemote(domain));
  }
  const followerRecords: FollowRecord[] = followerAccounts.map((a) => ({
    id: String(followSeq++),
    accountId: a.id,
    targetAccountId: owner.id,
    createdAt: opts.now - rng.int(1, 1400) * DAY,
  }));
  state.followers = followerRecords.reverse();

  const followingAccounts: AccountRecord[] = [];
  for (let i = 0; i < opts.following; i++) {
    const mutual = i % 5 < 2 ? followerAccounts[(i * 7) % Math.max(1, followerAccounts.length)] : undefined;
    const account = mutual && !followingAccounts.includes(mutual) ? mutual : newRemote(pickDomain());
    if (!followingAccounts.includes(account)) followingAccounts.push(account);
  }
  state.following = followingAccounts
    .map((a) => ({
      id: String(followSeq++),
      accountId: owner.id,
      targetAccountId: a.id,
      createdAt: opts.now - rng.int(1, 1400) * DAY,
    }))
    .reverse();

  for (let i = 0; i < 3; i++) {
    const a = newRemote(rng.pick(smallDomains));
    state.followRequests.unshift({
      id: String(followSeq++),
      accountId: a.id,
      targetAccountId: owner.id,
      createdAt: opts.now - (3 - i) * DAY,
    });
  }

  const interactPool = followingAccounts.length > 0 ? followingAccounts : [newRemote('mastodon.social')];
  const samRemote = makeAccount(ctx, 'sam', UNTRUSTED_DM_DOMAIN, 'Sam');
  makeAccount(ctx, 'a', 'b.social', 'A');
  const conversations = new Map<string, ConversationRecord>();
  const addToConversation = (status: StatusRecord) => {
    const others = [...new Set([status.accountId, ...status.mentionIds])]
      .filter((id) => id !== owner.id)
      .sort();
    if (others.length === 0) return;
    const key = others.join(',');
    let conv = conversations.get(key);
    if (!conv) {
      conv = {
        id: String(400_000 + ctx.nextConversation++),
        accountIds: others,
        statusIds: [],
        unread: false,
        hidden: false,
      };
      conversations.set(key, conv);
    }
    conv.statusIds.push(status.id);
  };

  // Post times, newest first: the newest ~39 within the last four months, then one post about
  // three years old (the planted old public post), then the rest spread over the years before.
  const n = opts.posts;
  const times: number[] = new Array(n);
  let t = opts.now - 30 * 60_000;
  for (let i = 0; i < n; i++) {
    if (i < 39) t -= rng.int(1, 3 * 24) * 3_600_000 + rng.int(0, 3_599_999);
    else if (i === 39) t = opts.now - 3 * YEAR - 20 * DAY;
    else t -= Math.max(1000, Math.floor(((3 * YEAR) / Math.max(1, n - 40)) * (0.5 + rng.next())));
    times[i] = t;
  }

  const planted: PlantedCase[] = [
    { id: 'account-not-locked', check: 'account-not-locked', expect: 'flag', note: 'locked is false' },
    {
      id: 'default-visibility-public',
      check: 'default-visibility-public',
      expect: 'flag',
      note: "source.privacy is 'public'",
    },
    { id: 'discoverable', check: 'discoverable', expect: 'flag', note: 'discoverable is true' },
    { id: 'indexable', check: 'indexable', expect: 'flag', note: 'indexable is true' },
    {
      id: 'collections-shown',
      check: 'collections-shown',
      expect: 'flag',
      note: 'hide_collections is false',
    },
    {
      id: 'search-engine-indexing',
      check: 'search-engine-indexing',
      expect: 'flag',
      note: 'noindex is false',
    },
    {
      id: 'profile-phone',
      check: 'profile-personal-info',
      expect: 'flag',
      kind: 'phone',
      note: 'profile field "Phone" holds +49 151 23456789',
    },
    {
      id: 'followers-suspended',
      check: 'followers-on-blocked-servers',
      expect: 'flag',
      domain: SUSPENDED_DOMAIN,
      note: 'a follower on a suspended domain',
    },
    {
      id: 'followers-silenced',
      check: 'followers-on-blocked-servers',
      expect: 'flag',
      domain: SILENCED_DOMAIN,
      note: 'a follower on a silenced domain',
    },
  ];
  if (opts.followers < 8) planted.splice(-(opts.followers < 4 ? 2 : 1));

  // Planted posts by index (0 = newest).
  const specs = new Map<number, { spec: PostSpec; plant?: Omit<PlantedCase, 'statusId'>[] }>();
  const plantPost = (index: number, spec: PostSpec, plant: Omit<PlantedCase, 'statusId'>[]) =>
    specs.set(index, { spec, plant });
  const pii = (id: string, kind: string, note: string): Omit<PlantedCase, 'statusId'> => ({
    id,
    check: 'public-post-personal-info',
    expect: 'flag',
    kind,
    note,
  });
  if (n >= 60) {
    const card = luhnComplete('453201511283036');
    const iban = makeIban('DE', '500105175407324931');
    plantPost(
      1,
      {
        text: 'Slides from my talk are online. Questions? Write to jana.weber@posteo.de',
        visibility: 'public',
      },
      [pii('pii-email', 'email', 'email address in a public post')],
    );
    plantPost(
      2,
      { text: 'Selling my old cargo bike, call me on +49 151 23456789 if interested.', visibility: 'public' },
      [pii('pii-phone', 'phone', 'phone number in a public post')],
    );
    plantPost(
      3,
      {
        text: 'Wir sind umgezogen! Neue Adresse: Lindenstraße 42, 10969 Berlin. Einweihung am Samstag.',
        visibility: 'public',
        language: 'de',
      },
      [pii('pii-address', 'street-address', 'street address in a public post')],
    );
    plantPost(4, { text: 'Date of birth: 14.03.1988. Yes, I remember floppy disks.', visibility: 'public' }, [
      pii('pii-birthdate', 'birthdate', 'birth date in a public post'),
    ]);
    plantPost(
      5,
      {
        text: 'Filling in forms all day. My Social Security number is 536-22-1847, in case I forget it again.',
        visibility: 'public',
      },
      [pii('pii-gov-id', 'gov-id', 'government ID number in a public post')],
    );
    plantPost(
      6,
      {
        text: `Ugh, the shop wants the card number again: ${card.replace(/(\d{4})(?=\d)/g, '$1 ')}`,
        visibility: 'public',
      },
      [pii('pii-card', 'payment-card', 'Luhn-valid card number in a public post')],
    );
    plantPost(
      7,
      {
        text: `Für das Abschiedsgeschenk überweist mir bitte eure Anteile auf mein Konto ${iban.replace(/(.{4})(?=.)/g, '$1 ')}`,
        visibility: 'public',
        language: 'de',
      },
      [pii('pii-iban', 'bank-account', 'valid IBAN in a public post')],
    );
    plantPost(
      8,
      { text: 'My home server is reachable at 84.172.39.201, ssh on the usual port.', visibility: 'public' },
      [pii('pii-ip', 'ip-address', 'IP address in a public post')],
    );
    plantPost(
      9,
      // The poster's own place: a point on a map with nobody's place around it reads as public.
      { text: 'Our tent is pitched at 52.520008, 13.404954 till Sunday, come say hi!', visibility: 'public' },
      [pii('pii-coordinates', 'coordinates', 'coordinates of the poster’s tent in a public post')],
    );
    plantPost(
      10,
      {
        text: 'Oops, committed my token ghp_16C7e42F292c6912E7710c838347Ae178B4a to a public repo. Rotating now.',
        visibility: 'public',
      },
      [pii('pii-secret', 'secret', 'access token in a public post')],
    );
    plantPost(
      11,
      {
        text: 'I live right by Görlitzer Park in Kreuzberg, come by for coffee sometime.',
        visibility: 'public',
      },
      [pii('pii-location', 'location', 'where the owner lives')],
    );
    plantPost(
      12,
      { text: "I'm away until 24 August, the flat is empty, hope the plants survive.", visibility: 'public' },
      [pii('pii-absence', 'absence', 'announces an empty home')],
    );
    plantPost(
      13,
      { text: 'My daughter Mia starts at Grundschule am Hafen tomorrow, so proud!', visibility: 'public' },
      [pii('pii-family', 'family', "a child's name and school")],
    );
    plantPost(
      14,
      {
        text: 'Diagnosed with type 1 diabetes last week. New routine with insulin now.',
        visibility: 'public',
      },
      [pii('pii-health', 'health', 'health information')],
    );
    plantPost(
      15,
      {
        text: 'Changed my number, old one is dead.',
        spoilerText: 'new number: +49 170 9876543',
        visibility: 'public',
      },
      [pii('pii-cw', 'phone', 'phone number in a content warning')],
    );
    plantPost(
      16,
      {
        // Read with its question, as the post is: a meeting place next to "club" would be a venue's.
        text: 'Film night on Friday: at my place or online?',
        visibility: 'public',
        poll: { options: ['Hauptstraße 5, 50667 Köln', 'Online'] },
      },
      [pii('pii-poll', 'street-address', 'street address in a poll option')],
    );
    plantPost(
      17,
      {
        text: 'Conference badge finally arrived!',
        visibility: 'public',
        media: [{ description: 'My name badge: Jana Weber, jana.weber@posteo.de, +49 151 23456789' }],
      },
      [pii('pii-alt', 'email', 'email and phone in media alt text')],
    );
    plantPost(
      18,
      {
        text: 'Selling my old bike, send me a DM.',
        edits: ['Selling my old bike, text me at +49 152 11223344'],
        visibility: 'public',
      },
      [
        {
          id: 'edit-history-phone',
          check: 'edit-history-personal-info',
          expect: 'flag',
          kind: 'phone',
          note: 'the original version had a phone number; the edit removed it',
        },
      ],
    );
    plantPost(
      19,
      { text: `@sam@${UNTRUSTED_DM_DOMAIN} see you at the station at 8?`, visibility: 'direct' },
      [
        {
          id: 'dm-untrusted',
          check: 'dm-untrusted-server',
          expect: 'flag',
          domain: UNTRUSTED_DM_DOMAIN,
          note: `DM to sam@${UNTRUSTED_DM_DOMAIN}`,
        },
      ],
    );
    plantPost(
      20,
      {
        text: `@lena here is my IBAN for the concert tickets: ${makeIban('DE', '120300001020304050')}`,
        visibility: 'direct',
      },
      [
        {
          id: 'dm-iban',
          check: 'dm-personal-info',
          expect: 'flag',
          kind: 'bank-account',
          note: 'IBAN in a DM',
        },
      ],
    );
    plantPost(
      21,
      { text: 'Exhausted this week, skipping the meetup. Not telling my boss why.', visibility: 'private' },
      [
        {
          id: 'followers-only-untrusted',
          check: 'followers-only-untrusted-servers',
          expect: 'flag',
          note: 'followers-only post delivered to followers on many untrusted servers',
        },
      ],
    );
    plantPost(
      22,
      {
        text: 'Thanks @a@b.social! Upgraded to Mastodon 4.2.1 today. Now reading ISBN 978-3-16-148410-0.',
        visibility: 'public',
      },
      [
        {
          id: 'safe-lookalikes',
          check: 'public-post-personal-info',
          expect: 'safe',
          note: 'fediverse handle, version number and ISBN are not personal info',
        },
      ],
    );
    plantPost(
      23,
      { text: 'Neue Festnetznummer für die Familie: 030 12345678', visibility: 'private', language: 'de' },
      [
        {
          id: 'safe-followers-only-phone',
          check: 'public-post-personal-info',
          expect: 'safe',
          note: 'followers-only, not public',
        },
      ],
    );
    plantPost(24, { text: '@max are you coming to the garden on Saturday?', visibility: 'direct' }, [
      { id: 'safe-local-dm', check: 'dm-untrusted-server', expect: 'safe', note: 'DM to a local account' },
    ]);
    plantPost(
      25,
      {
        text: 'Parcel is on its way, DHL tracking 00340434161094042557, cost €24.99.',
        visibility: 'unlisted',
      },
      [
        {
          id: 'safe-tracking',
          check: 'public-post-personal-info',
          expect: 'safe',
          note: 'a parcel tracking number is not personal info',
        },
      ],
    );
    plantPost(
      39,
      { text: 'Hello Mastodon! First post from the new account. #introduction', visibility: 'public' },
      [
        {
          id: 'old-public-post',
          check: 'old-public-posts',
          expect: 'flag',
          note: 'a public post about three years old',
        },
      ],
    );
  }
  void localMax;
  void localLena;
  void samRemote;

  const pinnedIndexes = new Set([0, 30, 45].filter((i) => i < n && !specs.has(i)));

  for (let i = 0; i < n; i++) {
    const createdAt = times[i] ?? opts.now;
    const planned = specs.get(i);
    let spec: PostSpec;
    if (planned) spec = planned.spec;
    else {
      const r = rng.next();
      const base = r < 0.05 ? piiText(rng) : r < 0.08 ? lookalikeText(rng) : fillerText(rng);
      const v = rng.next();
      const visibility: Visibility =
        v < 0.55 ? 'public' : v < 0.7 ? 'unlisted' : v < 0.9 ? 'private' : 'direct';
      spec = { text: base.text, language: base.language, visibility };
      const kind = rng.next();
      if (visibility === 'direct') {
        const to = rng.chance(0.2) ? rng.pick([localMax, localLena]) : rng.pick(interactPool);
        spec.text = `@${to.domain ? `${to.username}@${to.domain}` : to.username} ${base.text}`;
      } else if (kind < 0.12) {
        const parent = remoteStatus(ctx, interactPool, createdAt);
        const parentAuthor = state.accounts.get(parent.accountId);
        spec.inReplyTo = parent;
        if (parentAuthor) spec.text = `@${parentAuthor.username}@${parentAuthor.domain} ${base.text}`;
      } else if (kind < 0.2 && visibility !== 'unlisted') {
        spec = {
          text: '',
          visibility: visibility === 'private' ? 'private' : 'public',
          reblogOf: remoteStatus(ctx, interactPool, createdAt),
        };
      } else if (kind < 0.22) {
        spec.poll = { options: ['Yes', 'No', 'Maybe'], multiple: rng.chance(0.3) };
      } else if (kind < 0.29) {
        spec.media = [
          {
            description: rng.chance(0.85)
              ? rng.pick([
                  'A cat sleeping on a keyboard',
                  'Sunset over the river',
                  'Ein Fahrrad im Schnee',
                  'Homemade bread on a wooden board',
                ])
              : null,
          },
        ];
      } else if (kind < 0.32 && visibility !== 'private') {
        spec.edits = [`${base.text.replace(/\.$/, '')} (typo)`];
      }
      if (pinnedIndexes.has(i) && !spec.reblogOf && visibility !== 'direct') spec.pinned = true;
    }
    const status = createStatus(ctx, owner, createdAt, spec);
    if (status.visibility === 'direct') addToConversation(status);
    for (const p of planned?.plant ?? []) planted.push({ ...p, statusId: status.id });
  }

  // A few DMs received by the owner.
  for (let i = 0; i < Math.min(5, Math.ceil(n / 40)); i++) {
    const from = rng.pick(interactPool);
    const status = createStatus(ctx, from, opts.now - rng.int(1, 400) * DAY, {
      text: `@${owner.username} ${rng.pick(['are you free on Friday?', 'thanks for the help yesterday!', 'kannst du mir das Rezept schicken?'])}`,
      visibility: 'direct',
    });
    addToConversation(status);
  }
  for (const conv of conversations.values()) {
    conv.unread = rng.chance(0.2);
    state.conversations.set(conv.id, conv);
  }
  return { ownerId: owner.id, planted };
}
