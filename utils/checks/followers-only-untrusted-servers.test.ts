import { describe, expect, it } from 'vitest';
import { makeAccount, makeRemoteAccount, makeSnapshot, makeStatus } from '../../test/factories';
import type { DomainBlock, Visibility } from '../mastodon/schemas';
import { MAX_DOMAINS_LISTED, followersOnlyUntrustedServers } from './followers-only-untrusted-servers';
import { sha256Hex } from './lib/sha256';
import { runCheck } from './lib/test-helpers';

describe('followers-only-untrusted-servers', () => {
  const cases: {
    name: string;
    posts: Visibility[];
    followers: string[];
    trusted?: string[];
    blocks?: DomainBlock[];
    /** Expected per flagged post: its domains, severity and fix type; null = no findings. */
    expected: { domains: string[]; severity: string; fix: string } | null;
    flaggedPosts?: number;
  }[] = [
    {
      name: 'no followers-only posts',
      posts: ['public', 'direct'],
      followers: ['far.example'],
      expected: null,
    },
    {
      name: 'followers only on the home server',
      posts: ['private'],
      followers: ['home.example'],
      expected: null,
    },
    {
      name: 'followers on trusted servers',
      posts: ['private'],
      followers: ['a.example'],
      trusted: ['a.example'],
      expected: null,
    },
    {
      name: 'followers on untrusted servers: each followers-only post, not the public one',
      posts: ['private', 'public', 'private'],
      followers: ['home.example', 'b.example', 'a.example', 'a.example', 'c.example'],
      trusted: ['c.example'],
      expected: { domains: ['a.example', 'b.example'], severity: 'medium', fix: 'trust-servers' },
      flaggedPosts: 2,
    },
    {
      name: 'followers on limited/suspended servers (subdomain, obfuscated digest)',
      posts: ['private'],
      followers: ['x.bad.example', 'hidden.example', 'a.example'],
      blocks: [
        { domain: 'bad.example', digest: sha256Hex('bad.example'), severity: 'silence' },
        { domain: 'hi**en.example', digest: sha256Hex('hidden.example'), severity: 'suspend' },
      ],
      expected: {
        domains: ['hidden.example', 'x.bad.example', 'a.example'],
        severity: 'high',
        fix: 'remove-followers',
      },
      flaggedPosts: 1,
    },
  ];
  it('caps the servers named per post, most followers first, and counts them all in the title', () => {
    const domains = Array.from({ length: 25 }, (_, i) => `s${String(i).padStart(2, '0')}.example`);
    const followers = domains.flatMap((d, i) =>
      Array.from({ length: i === 24 ? 3 : 1 }, (_, j) => makeRemoteAccount(`f${i}x${j}`, d)),
    );
    const snapshot = makeSnapshot({ statuses: [makeStatus({ visibility: 'private' })], followers });
    const [finding] = runCheck(followersOnlyUntrustedServers, snapshot);
    expect(finding?.domains).toHaveLength(MAX_DOMAINS_LISTED);
    expect(finding?.domains?.[0]).toBe('s24.example');
    expect(finding?.fix).toEqual({ type: 'trust-servers', domains: finding?.domains });
    expect(finding?.title).toContain('25');
  });

  it.each(cases)('$name', ({ posts, followers, trusted, blocks, expected, flaggedPosts }) => {
    const statuses = posts.map((visibility) => makeStatus({ visibility }));
    const snapshot = makeSnapshot({
      statuses,
      followers: followers.map((d, i) =>
        d === 'home.example' ? makeAccount({ username: `local${i}` }) : makeRemoteAccount(`f${i}`, d),
      ),
      domainBlocks: blocks ?? null,
    });
    const findings = runCheck(
      followersOnlyUntrustedServers,
      snapshot,
      trusted ? { trustedServers: ['home.example', ...trusted] } : {},
    );
    if (expected === null) return expect(findings).toEqual([]);
    // One summary finding covering every followers-only post.
    expect(findings).toHaveLength(1);
    expect(findings[0]!.statusIds).toEqual(
      statuses.filter((s) => s.visibility === 'private').map((s) => s.id),
    );
    expect(findings[0]!.statusIds).toHaveLength(flaggedPosts!);
    expect(findings[0]!.title).toContain(String(flaggedPosts));
    for (const f of findings) {
      expect(f.domains).toEqual(expected.domains);
      expect(f.severity).toBe(expected.severity);
      expect(f.fix?.type).toBe(expected.fix);
    }
    if (expected.fix === 'remove-followers')
      expect(findings[0]?.fix).toEqual({
        type: 'remove-followers',
        domains: ['hidden.example', 'x.bad.example'],
      });
  });
});
