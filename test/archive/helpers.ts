/** Zips built in memory for archive tests, in both layouts real writers produce. */
import { Zip, ZipDeflate, ZipPassThrough, strToU8, zipSync } from 'fflate';

export type Entries = Record<string, string | Uint8Array>;

const bytes = (v: string | Uint8Array) => (typeof v === 'string' ? strToU8(v) : v);

/** Sizes in the local headers (rubyzip-style, written to a seekable file). */
export function zipWithSizes(entries: Entries): Uint8Array {
  const input: Record<string, Uint8Array> = {};
  for (const [name, value] of Object.entries(entries)) input[name] = bytes(value);
  return zipSync(input, { level: 6, mtime: new Date('2026-01-10T12:00:00Z') });
}

/** Sizes in data descriptors after each entry (streaming writers such as zip_kit). */
export function zipStreamed(entries: Entries, store: (name: string) => boolean = () => false): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((error, data) => {
    if (error) throw error;
    parts.push(data);
  });
  for (const [name, value] of Object.entries(entries)) {
    const entry = store(name) ? new ZipPassThrough(name) : new ZipDeflate(name, { level: 6 });
    entry.mtime = new Date('2026-01-10T12:00:00Z');
    zip.add(entry);
    entry.push(bytes(value), true);
  }
  zip.end();
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

export function actorJson(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: 'https://home.example/users/owner',
    type: 'Person',
    followers: 'https://home.example/users/owner/followers',
    following: 'https://home.example/users/owner/following',
    preferredUsername: 'owner',
    name: 'Owner',
    summary: '<p>Hi</p>',
    url: 'https://home.example/@owner',
    manuallyApprovesFollowers: true,
    discoverable: false,
    indexable: true,
    published: '2022-01-01T00:00:00Z',
    attachment: [{ type: 'PropertyValue', name: 'Phone', value: '<p>+49 151 23456789</p>' }],
    icon: { type: 'Image', url: 'avatar.png' },
    ...overrides,
  });
}

/** A Create item with the given addressing. */
export function createItem(
  id: string,
  to: unknown,
  cc: unknown,
  extra: Record<string, unknown> = {},
  actor = 'https://home.example/users/owner',
): Record<string, unknown> {
  const uri = `${actor}/statuses/${id}`;
  const note: Record<string, unknown> = {
    id: uri,
    type: 'Note',
    summary: null,
    inReplyTo: null,
    published: `2024-01-01T00:00:${id.slice(-2).padStart(2, '0')}Z`,
    url: `https://home.example/@owner/${id}`,
    attributedTo: actor,
    sensitive: false,
    content: `<p>post ${id}</p>`,
    contentMap: { en: `<p>post ${id}</p>` },
    attachment: [],
    tag: [],
    ...extra,
  };
  if (to !== undefined) note.to = to;
  if (cc !== undefined) note.cc = cc;
  const activity: Record<string, unknown> = {
    id: `${uri}/activity`,
    type: 'Create',
    actor,
    published: note.published,
    object: note,
  };
  if (to !== undefined) activity.to = to;
  if (cc !== undefined) activity.cc = cc;
  return activity;
}

/** outbox.json text the way Mastodon writes it: `"orderedItems":[]` first, then the real list. */
export function outboxJson(items: unknown[]): string {
  return `{"@context":"https://www.w3.org/ns/activitystreams","id":"outbox.json","type":"OrderedCollection","totalItems":${items.length + 3},"orderedItems":[],"orderedItems":${JSON.stringify(items)}}`;
}
