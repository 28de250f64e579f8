/**
 * The grouping of servers by what they hold, on accounts built with known DMs, followers-only
 * posts, trust settings and the home server's domain blocks.
 */
import { describe, expect, it } from 'vitest';
import { makeAccount, makeRemoteAccount, makeSnapshot, makeStatus } from '../../test/factories';
import { sha256Hex } from '../checks/lib/sha256';
import type { DomainBlock, Mention, Visibility } from '../mastodon/schemas';
import { computeHolders, type HolderGroupId } from './index';
import { factViews } from './view';

const mention = (acct: string): Mention => ({
  id: acct,
  username: acct.split('@')[0]!,
  acct,
  url: `https://x/@${acct}`,
});
const post = (visibility: Visibility, to: string[] = []) =>
  makeStatus({ visibility, mentions: to.map(mention) });
const block = (domain: string, severity: DomainBlock['severity']): DomainBlock => ({
  domain,
  digest: sha256Hex(domain),
  severity,
});

/**
 * 10 posts: 3 public, 1 unlisted, 3 followers-only (one mentions zoe@mentioned.example), 3 DMs:
 * to ann@friends.example and eve@dm.example together, to eve@dm.example alone, and to a local
 * account. Followers: 2 local, 2 on friends.example, 1 on far.example, 1 on loud.example
 * (limited by the home server), 1 on gone.example (suspended). Following: cat@follow.example.
 * A public post mentions bob@public.example, where nobody follows.
 */
function account(trusted: string[]) {
  const statuses = [
    post('public'),
    post('public'),
    post('public', ['bob@public.example']),
    post('unlisted'),
    post('private'),
    post('private'),
    post('private', ['zoe@mentioned.example']),
    post('direct', ['ann@friends.example', 'eve@dm.example']),
    post('direct', ['eve@dm.example']),
    post('direct', ['neighbour']),
  ];
  const snapshot = makeSnapshot({
    instance: { domain: 'home.example', title: 'Home', version: '4.3.0' },
    statuses,
    followers: [
      makeAccount({ username: 'neighbour' }),
      makeAccount({ username: 'neighbour2' }),
      makeRemoteAccount('ann', 'friends.example'),
      makeRemoteAccount('ben', 'friends.example'),
      makeRemoteAccount('fay', 'far.example'),
      makeRemoteAccount('bot', 'loud.example'),
      makeRemoteAccount('old', 'gone.example'),
    ],
    following: [makeRemoteAccount('cat', 'follow.example')],
    domainBlocks: [block('loud.example', 'silence'), block('gone.example', 'suspend')],
  });
  return computeHolders(snapshot, { trustedServers: ['home.example', ...trusted], retentionDays: 365 });
}

const group = (map: ReturnType<typeof account>, id: HolderGroupId) => map.groups.find((g) => g.id === id)!;

describe('holder groups', () => {
  const map = account([]);

  it('puts each server in the most private group it holds something of', () => {
    const members = Object.fromEntries(map.groups.map((g) => [g.id, g.domains]));
    expect(members).toEqual({
      home: ['home.example'],
      // friends.example has followers too, but holds a DM: it is counted once, with the DMs.
      direct: ['friends.example', 'dm.example'],
      // Worst standing first: suspended, limited, then the untrusted ones by what they hold.
      followersOnly: ['gone.example', 'loud.example', 'far.example', 'mentioned.example'],
      public: ['public.example', 'follow.example'],
    });
  });

  it('counts what each group holds, each post once however many of its servers hold it', () => {
    const held = Object.fromEntries(map.groups.map((g) => [g.id, g.held]));
    expect(held).toEqual({
      home: { direct: 3, followersOnly: 3, public: 4 },
      // Two DMs reach dm.example, one of them friends.example too: 2, not 3.
      direct: { direct: 2, followersOnly: 3, public: 4 },
      followersOnly: { direct: 0, followersOnly: 3, public: 4 },
      public: { direct: 0, followersOnly: 0, public: 1 },
    });
  });

  it('counts what each server holds', () => {
    const by = (d: string) => map.servers.find((s) => s.domain === d)!;
    expect(by('dm.example').held).toEqual({ direct: 2, followersOnly: 0, public: 0 });
    expect(by('friends.example').held).toEqual({ direct: 1, followersOnly: 3, public: 4 });
    expect(by('mentioned.example').held).toEqual({ direct: 0, followersOnly: 1, public: 0 });
    expect(by('public.example').held).toEqual({ direct: 0, followersOnly: 0, public: 1 });
    expect(by('follow.example').held).toEqual({ direct: 0, followersOnly: 0, public: 0 });
  });

  it('tells standings apart: untrusted, limited and suspended by the home server', () => {
    expect(group(map, 'followersOnly').standings).toMatchObject({
      suspended: 1,
      limited: 1,
      untrusted: 2,
      trusted: 0,
    });
    expect(map.servers.find((s) => s.isHome)!.standing).toBe('home');
  });

  it('puts the worst facts first, with the servers each is about', () => {
    expect(map.facts).toEqual([
      { kind: 'direct-untrusted', domains: ['friends.example', 'dm.example'], direct: 2 },
      { kind: 'blocked-holding', domains: ['gone.example', 'loud.example'], direct: 0, followersOnly: 3 },
      {
        kind: 'followers-only-untrusted',
        domains: ['friends.example', 'far.example', 'mentioned.example'],
        followersOnly: 3,
      },
    ]);
    expect(factViews(map).map((f) => f.text)).toEqual([
      '2 servers you have not trusted hold 2 of your private mentions.',
      '2 servers your own server limits or suspends hold 3 of your followers-only posts.',
      'Your followers-only posts (3) reach 3 servers you have not trusted.',
    ]);
    expect(factViews(map).map((f) => f.fixes)).toEqual([
      ['trust', 'block'],
      ['removeFollowers', 'block'],
      ['trust', 'removeFollowers'],
    ]);
  });

  it('follows the trust settings: a trusted server leaves the facts and counts as trusted', () => {
    const trusted = account(['friends.example', 'far.example']);
    expect(group(trusted, 'direct').standings).toMatchObject({ trusted: 1, untrusted: 1 });
    expect(trusted.facts[0]).toEqual({ kind: 'direct-untrusted', domains: ['dm.example'], direct: 2 });
    expect(trusted.facts[2]).toEqual({
      kind: 'followers-only-untrusted',
      domains: ['mentioned.example'],
      followersOnly: 1,
    });
    // Trust does not lift the home server's limit: loud.example stays limited.
    const limitedTrusted = account(['loud.example']);
    expect(limitedTrusted.servers.find((s) => s.domain === 'loud.example')!.standing).toBe('limited');
  });

  it('names DMs held by a server the home server limits', () => {
    const snapshot = makeSnapshot({
      instance: { domain: 'home.example', title: 'Home', version: '4.3.0' },
      statuses: [post('private'), post('direct', ['bot@loud.example'])],
      followers: [makeRemoteAccount('bot', 'loud.example')],
      domainBlocks: [block('loud.example', 'silence')],
    });
    const m = computeHolders(snapshot, { trustedServers: ['home.example'], retentionDays: null });
    expect(m.facts).toEqual([
      { kind: 'blocked-holding', domains: ['loud.example'], direct: 1, followersOnly: 1 },
    ]);
    expect(factViews(m)[0]!.text).toBe(
      '1 servers your own server limits or suspends hold 1 of your private mentions and 1 of your followers-only posts.',
    );
    expect(group(m, 'direct').standings.limited).toBe(1);
  });

  it('has no facts when every server holding something private is trusted', () => {
    const all = account(['friends.example', 'dm.example', 'far.example', 'mentioned.example']);
    expect(all.facts.map((f) => f.kind)).toEqual(['blocked-holding']);
  });

  it('keeps every group, empty ones too: followers with no private posts see only public ones', () => {
    const snapshot = makeSnapshot({
      instance: { domain: 'home.example', title: 'Home', version: '4.3.0' },
      statuses: [post('public')],
      followers: [makeRemoteAccount('ann', 'far.example')],
    });
    const m = computeHolders(snapshot, { trustedServers: ['home.example'], retentionDays: null });
    expect(m.groups.map((g) => [g.id, g.domains])).toEqual([
      ['home', ['home.example']],
      ['direct', []],
      ['followersOnly', []],
      ['public', ['far.example']],
    ]);
    expect(m.facts).toEqual([]);
  });
});
