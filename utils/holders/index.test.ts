import { describe, expect, it } from 'vitest';
import { makeAccount, makeRemoteAccount, makeSnapshot, makeStatus } from '../../test/factories';
import { sha256Hex } from '../checks/lib/sha256';
import type { Mention, Visibility } from '../mastodon/schemas';
import { computeHolders } from './index';
import { holderActions, holderBreakdown } from './view';

const mention = (acct: string): Mention => ({
  id: acct,
  username: acct.split('@')[0]!,
  acct,
  url: `https://x/@${acct}`,
});
const post = (visibility: Visibility, to: string[] = []) =>
  makeStatus({ visibility, mentions: to.map(mention) });

/**
 * Known layout: followers on home (2), friends.example (2), far.example (1), spam.example (1,
 * limited by the home server); a DM to eve@dm.example (no followers there) and to a local
 * account; a public post mentioning bob@far.example; a followers-only post mentioning
 * zoe@nofollow.example; one boost (not the user's content).
 */
function snapshot() {
  const followers = [
    makeAccount({ username: 'neighbour1' }),
    makeAccount({ username: 'neighbour2' }),
    makeRemoteAccount('ann', 'friends.example'),
    makeRemoteAccount('ben', 'friends.example'),
    makeRemoteAccount('bob', 'far.example'),
    makeRemoteAccount('bot', 'spam.example'),
  ];
  const statuses = [
    post('public'),
    post('public', ['bob@far.example']),
    post('unlisted'),
    post('private'),
    post('private', ['zoe@nofollow.example']),
    post('direct', ['eve@dm.example']),
    post('direct', ['eve@dm.example', 'neighbour1']),
    post('direct', ['neighbour2']),
    makeStatus({ reblog: makeStatus({ account: makeRemoteAccount('x', 'else.example') }) }),
  ];
  return makeSnapshot({
    instance: { domain: 'home.example', title: 'Home', version: '4.3.0' },
    statuses,
    followers,
    following: [
      makeRemoteAccount('ann', 'friends.example', { id: followers[2]!.id }),
      makeRemoteAccount('cat', 'follow.example'),
    ],
    domainBlocks: [{ domain: 'spam.example', digest: sha256Hex('spam.example'), severity: 'silence' }],
  });
}

describe('computeHolders', () => {
  const map = computeHolders(snapshot(), {
    trustedServers: ['home.example', 'friends.example'],
    retentionDays: 365,
  });
  const by = (d: string) => map.servers.find((s) => s.domain === d)!;

  it('the home server holds everything, and comes first', () => {
    expect(map.servers[0]).toMatchObject({
      domain: 'home.example',
      isHome: true,
      holdsEverything: true,
      trusted: true,
      total: 8,
      followers: 2,
      posts: { public: 2, unlisted: 1, followersOnly: 2, direct: 3, mentioning: 2 },
    });
    expect(holderBreakdown(map.servers[0]!)[0]).toMatchObject({ key: 'everything' });
    expect(holderBreakdown(map.servers[0]!)[0]!.label).toMatch(/e-mail address.*IP addresses/);
  });

  const cases: { domain: string; expected: Record<string, unknown> }[] = [
    {
      domain: 'friends.example',
      expected: {
        total: 5,
        followers: 2,
        following: 1,
        trusted: true,
        block: null,
        posts: { public: 2, unlisted: 1, followersOnly: 2, direct: 0, mentioning: 0 },
      },
    },
    {
      domain: 'far.example',
      expected: {
        total: 5,
        followers: 1,
        trusted: false,
        mentionedAccounts: 1,
        posts: { public: 2, unlisted: 1, followersOnly: 2, direct: 0, mentioning: 1 },
      },
    },
    { domain: 'spam.example', expected: { total: 5, followers: 1, trusted: false, block: 'silence' } },
    {
      domain: 'dm.example',
      expected: {
        total: 2,
        followers: 0,
        mentionedAccounts: 1,
        posts: { public: 0, unlisted: 0, followersOnly: 0, direct: 2, mentioning: 2 },
      },
    },
    {
      domain: 'nofollow.example',
      expected: {
        total: 1,
        followers: 0,
        posts: { public: 0, unlisted: 0, followersOnly: 1, direct: 0, mentioning: 1 },
      },
    },
    {
      domain: 'follow.example',
      expected: {
        total: 0,
        followers: 0,
        following: 1,
        posts: { public: 0, unlisted: 0, followersOnly: 0, direct: 0, mentioning: 0 },
      },
    },
  ];
  it.each(cases)('$domain', ({ domain, expected }) => {
    expect(by(domain)).toMatchObject(expected);
  });

  it('skips boosts: the boosted author’s server is not listed', () => {
    expect(map.servers.map((s) => s.domain)).not.toContain('else.example');
  });

  it('sorts by how much each server holds, then DMs, then followers', () => {
    expect(map.servers.map((s) => s.domain)).toEqual([
      'home.example',
      'friends.example',
      'far.example',
      'spam.example',
      'dm.example',
      'nofollow.example',
      'follow.example',
    ]);
  });

  it('counts the "anyone" bucket and the totals', () => {
    expect(map.anyone).toEqual({ profile: true, public: 2, unlisted: 1 });
    expect(map.totals).toEqual({ posts: 8, servers: 7, untrustedServers: 5, blockedServers: 1 });
  });

  it('derives rows and actions for the view', () => {
    expect(holderBreakdown(by('dm.example')).map((r) => [r.key, r.count])).toEqual([
      ['profile', null],
      ['direct', 2],
      ['mentioning', 2],
    ]);
    expect(holderActions(by('spam.example'))).toEqual({
      removeFollowers: true,
      block: true,
      trust: true,
      untrust: false,
    });
    expect(holderActions(by('home.example'))).toEqual({
      removeFollowers: false,
      block: false,
      trust: false,
      untrust: false,
    });
  });
});
