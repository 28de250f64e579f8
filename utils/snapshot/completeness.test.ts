import { describe, expect, it } from 'vitest';
import { makeAccount, makeCredentialAccount, makeStatus } from '../../test/factories';
import type { Status } from '../mastodon/schemas';
import { completeness, countsTrusted } from './completeness';

const posts = (n: number, visibility: Status['visibility'] = 'public') =>
  Array.from({ length: n }, (_, i) => makeStatus({ id: String(1000 + i), visibility }));
const accounts = (n: number) => Array.from({ length: n }, (_, i) => makeAccount({ id: String(i + 1) }));

function read(
  counts: { statuses: number; followers: number; following: number },
  got: { posts: Status[]; followers: number; following: number },
) {
  return {
    account: makeCredentialAccount({
      statuses_count: counts.statuses,
      followers_count: counts.followers,
      following_count: counts.following,
    }),
    statuses: got.posts,
    followers: accounts(got.followers),
    following: accounts(got.following),
    followRequests: [],
  };
}
const mastodon = { name: 'mastodon' };
const snac = { name: 'snac' };

describe('completeness', () => {
  it.each([
    [
      'everything read',
      { statuses: 10, followers: 3, following: 2 },
      { posts: posts(10), followers: 3, following: 2 },
      [],
    ],
    [
      'DMs are not in statuses_count',
      { statuses: 10, followers: 0, following: 0 },
      { posts: [...posts(10), ...posts(3, 'direct')], followers: 0, following: 0 },
      [],
    ],
    [
      'posts missing',
      { statuses: 800, followers: 0, following: 0 },
      { posts: posts(80), followers: 0, following: 0 },
      [{ part: 'statuses', read: 80, expected: 800, reason: 'count' }],
    ],
    [
      'DMs do not make up for missing posts',
      { statuses: 10, followers: 0, following: 0 },
      { posts: [...posts(8), ...posts(5, 'direct')], followers: 0, following: 0 },
      [{ part: 'statuses', read: 8, expected: 10, reason: 'count' }],
    ],
    [
      'followers and following missing',
      { statuses: 0, followers: 200, following: 5 },
      { posts: [], followers: 80, following: 4 },
      [
        { part: 'followers', read: 80, expected: 200, reason: 'count' },
        { part: 'following', read: 4, expected: 5, reason: 'count' },
      ],
    ],
  ] as const)('on Mastodon: %s', (_name, counts, got, expected) => {
    expect(
      completeness(read(counts, { ...got, posts: [...got.posts] }), mastodon, new Set()).shortfalls,
    ).toEqual(expected);
  });

  it('a part that already failed is not reported a second time as a shortfall', () => {
    const r = read(
      { statuses: 800, followers: 0, following: 0 },
      { posts: posts(80), followers: 0, following: 0 },
    );
    expect(completeness(r, mastodon, new Set(['statuses'])).shortfalls).toEqual([]);
  });

  it('a server whose counts are 0 beside posts read does not count: no shortfall from counts', () => {
    const r = read(
      { statuses: 0, followers: 0, following: 0 },
      { posts: posts(12), followers: 0, following: 0 },
    );
    expect(countsTrusted(r, null)).toBe(false);
    expect(completeness(r, null, new Set()).shortfalls).toEqual([]);
  });

  it('snac: followers-only posts, DMs, followers and histories are not checked; 256 posts may be more', () => {
    const some = completeness(
      read({ statuses: 0, followers: 0, following: 0 }, { posts: posts(30), followers: 0, following: 0 }),
      snac,
      new Set(),
    );
    expect(some.notChecked).toEqual(['privatePosts', 'directPosts', 'followers', 'histories']);
    expect(some.shortfalls).toEqual([]);
    const capped = completeness(
      read({ statuses: 0, followers: 0, following: 0 }, { posts: posts(256), followers: 0, following: 0 }),
      snac,
      new Set(),
    );
    expect(capped.shortfalls).toEqual([
      { part: 'statuses', read: 256, expected: null, reason: 'server-limit' },
    ]);
  });

  it('Mastodon: everything is checked', () => {
    expect(
      completeness(
        read({ statuses: 0, followers: 0, following: 0 }, { posts: [], followers: 0, following: 0 }),
        mastodon,
        new Set(),
      ).notChecked,
    ).toEqual([]);
  });
});
