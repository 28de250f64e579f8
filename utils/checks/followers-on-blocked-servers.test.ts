import { describe, expect, it } from 'vitest';
import { makeRemoteAccount, makeSnapshot } from '../../test/factories';
import type { DomainBlock } from '../mastodon/schemas';
import { followersOnBlockedServers } from './followers-on-blocked-servers';
import { sha256Hex } from './lib/sha256';
import { runCheck } from './lib/test-helpers';

describe('followers-on-blocked-servers', () => {
  const blocks: DomainBlock[] = [
    { domain: 'spam.example', digest: sha256Hex('spam.example'), severity: 'silence' },
    { domain: 'evil.example', digest: sha256Hex('evil.example'), severity: 'suspend' },
    { domain: 'se***t.example', digest: sha256Hex('secret.example'), severity: 'silence' },
  ];
  const cases: {
    name: string;
    followers: string[];
    blocks: DomainBlock[] | null;
    expected: [string, string][];
  }[] = [
    { name: 'server publishes no blocks', followers: ['spam.example'], blocks: null, expected: [] },
    { name: 'followers on unblocked servers', followers: ['ok.example'], blocks, expected: [] },
    {
      name: 'limited, suspended, subdomain and obfuscated matches, one finding per server',
      followers: [
        'spam.example',
        'spam.example',
        'evil.example',
        'a.spam.example',
        'secret.example',
        'ok.example',
      ],
      blocks,
      expected: [
        ['a.spam.example', 'medium'],
        ['evil.example', 'high'],
        ['secret.example', 'medium'],
        ['spam.example', 'medium'],
      ],
    },
  ];
  it.each(cases)('$name', ({ followers, blocks, expected }) => {
    const snapshot = makeSnapshot({
      followers: followers.map((d, i) => makeRemoteAccount(`f${i}`, d)),
      domainBlocks: blocks,
    });
    const findings = runCheck(followersOnBlockedServers, snapshot);
    expect(findings.map((f) => [f.domains?.[0], f.severity])).toEqual(expected);
    for (const f of findings) expect(f.fix).toEqual({ type: 'remove-followers', domains: f.domains });
    const spam = findings.find((f) => f.domains?.[0] === 'spam.example');
    if (spam) expect(spam.title).toContain('2');
  });
});
