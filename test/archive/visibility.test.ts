import { describe, expect, it } from 'vitest';
import { importArchive } from '../../utils/archive/index';
import { deriveVisibility } from '../../utils/archive/outbox';
import { StatusSchema } from '../../utils/mastodon/schemas';
import { bytesToStream } from './generate';
import { actorJson, createItem, outboxJson, PUBLIC, zipStreamed } from './helpers';

const FOLLOWERS = 'https://home.example/users/owner/followers';
const NUMERIC_ACTOR = 'https://home.example/ap/users/110000000000000001';
const NUMERIC_FOLLOWERS = `${NUMERIC_ACTOR}/followers`;
const BOB = 'https://remote.example/users/bob';

// Mastodon's StatusParser#visibility: Public in `to` → public; Public in `cc` → unlisted;
// followers collection in `to` → private; otherwise direct.
const cases: { name: string; to: unknown; cc: unknown; followers: string; expected: string }[] = [
  {
    name: 'public (full IRI in to)',
    to: [PUBLIC],
    cc: [FOLLOWERS],
    followers: FOLLOWERS,
    expected: 'public',
  },
  { name: 'public via as:Public', to: ['as:Public'], cc: [], followers: FOLLOWERS, expected: 'public' },
  {
    name: 'public via Public shorthand',
    to: 'Public',
    cc: undefined,
    followers: FOLLOWERS,
    expected: 'public',
  },
  {
    name: 'public wins over followers in to',
    to: [FOLLOWERS, PUBLIC],
    cc: [],
    followers: FOLLOWERS,
    expected: 'public',
  },
  {
    name: 'unlisted (Public in cc)',
    to: [FOLLOWERS],
    cc: [PUBLIC],
    followers: FOLLOWERS,
    expected: 'unlisted',
  },
  {
    name: 'unlisted via as:Public in cc',
    to: [FOLLOWERS],
    cc: ['as:Public'],
    followers: FOLLOWERS,
    expected: 'unlisted',
  },
  {
    name: 'unlisted via Public shorthand in cc (string)',
    to: [],
    cc: 'Public',
    followers: FOLLOWERS,
    expected: 'unlisted',
  },
  {
    name: 'private (followers in to)',
    to: [FOLLOWERS],
    cc: [BOB],
    followers: FOLLOWERS,
    expected: 'private',
  },
  { name: 'private, cc missing', to: [FOLLOWERS], cc: undefined, followers: FOLLOWERS, expected: 'private' },
  {
    name: 'private, followers as a string',
    to: FOLLOWERS,
    cc: undefined,
    followers: FOLLOWERS,
    expected: 'private',
  },
  {
    name: 'private via numeric /ap/users/<id>/followers',
    to: [NUMERIC_FOLLOWERS],
    cc: [],
    followers: NUMERIC_FOLLOWERS,
    expected: 'private',
  },
  {
    name: 'numeric account: a /users/<name>/followers it does not own is not its followers',
    to: [FOLLOWERS],
    cc: [],
    followers: NUMERIC_FOLLOWERS,
    expected: 'direct',
  },
  {
    name: 'followers only in cc → direct',
    to: [BOB],
    cc: [FOLLOWERS],
    followers: FOLLOWERS,
    expected: 'direct',
  },
  { name: 'direct (mentions only)', to: [BOB], cc: [], followers: FOLLOWERS, expected: 'direct' },
  {
    name: 'direct, to and cc missing',
    to: undefined,
    cc: undefined,
    followers: FOLLOWERS,
    expected: 'direct',
  },
  {
    name: 'audience given as objects with id',
    to: [{ id: PUBLIC }],
    cc: [],
    followers: FOLLOWERS,
    expected: 'public',
  },
  {
    name: 'Public-looking but different IRI',
    to: ['https://www.w3.org/ns/activitystreams#Publicity'],
    cc: [],
    followers: FOLLOWERS,
    expected: 'direct',
  },
];

describe('deriveVisibility', () => {
  it.each(cases)('$name', ({ to, cc, followers, expected }) => {
    expect(deriveVisibility(to, cc, followers)).toBe(expected);
  });
});

describe('visibility through a whole import (followers URI from actor.json, which comes last)', () => {
  it.each([
    { layout: 'classic /users/<name>', actor: 'https://home.example/users/owner', followers: FOLLOWERS },
    { layout: 'numeric /ap/users/<id>', actor: NUMERIC_ACTOR, followers: NUMERIC_FOLLOWERS },
  ])('$layout', async ({ actor, followers }) => {
    // The same addressing cases, with the followers collection of this layout.
    const swap = (v: unknown) =>
      v === undefined ? undefined : JSON.parse(JSON.stringify(v).split(FOLLOWERS).join(followers));
    const items = cases
      .filter((c) => c.followers === FOLLOWERS)
      .map((c, i) => ({
        c,
        id: String(100 + i),
        item: createItem(String(100 + i), swap(c.to), swap(c.cc), {}, actor),
      }));
    const zip = zipStreamed({
      'outbox.json': outboxJson(items.map((x) => x.item)),
      'actor.json': actorJson({ id: actor, followers }),
    });
    const imp = await importArchive(bytesToStream(zip, 1000));
    expect(imp.statuses).toHaveLength(items.length);
    for (const { c, id } of items) {
      const status = imp.statuses.find((s) => s.id === id);
      expect(status, c.name).toBeDefined();
      expect(StatusSchema.parse(status)).toBeTruthy();
      expect(status!.visibility, c.name).toBe(c.expected);
    }
  });
});
