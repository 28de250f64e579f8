import { describe, expect, it } from 'vitest';
import { makeSnapshot, makeStatus } from '../../test/factories';
import type { DomainBlock, Mention, Visibility } from '../mastodon/schemas';
import { dmUntrustedServer } from './dm-untrusted-server';
import { runCheck } from './lib/test-helpers';

const mention = (acct: string): Mention => ({
  id: acct,
  username: acct.split('@')[0]!,
  acct,
  url: `https://example/@${acct}`,
});

describe('dm-untrusted-server', () => {
  const cases: {
    name: string;
    visibility?: Visibility;
    to: string[];
    trusted?: string[];
    blocks?: DomainBlock[];
    domains: string[] | null;
    severity?: string;
  }[] = [
    { name: 'local recipient (acct without @) is the home server', to: ['bob'], domains: null },
    {
      name: 'remote recipient on an untrusted server',
      to: ['eve@far.example'],
      domains: ['far.example'],
      severity: 'medium',
    },
    {
      name: 'remote recipient on a trusted server',
      to: ['ann@friends.example'],
      trusted: ['friends.example'],
      domains: null,
    },
    {
      name: 'names only the untrusted servers, once each',
      to: ['bob', 'ann@friends.example', 'eve@far.example', 'joe@far.example', 'zed@Other.Example'],
      trusted: ['friends.example'],
      domains: ['far.example', 'other.example'],
    },
    {
      name: 'recipient on a server the home server limits',
      to: ['eve@bad.example'],
      blocks: [{ domain: 'bad.example', digest: 'x', severity: 'silence' }],
      domains: ['bad.example'],
      severity: 'high',
    },
    {
      name: 'a public post mentioning a remote account is no DM',
      visibility: 'public',
      to: ['eve@far.example'],
      domains: null,
    },
  ];
  it.each(cases)('$name', ({ visibility, to, trusted, blocks, domains, severity }) => {
    const post = makeStatus({ visibility: visibility ?? 'direct', mentions: to.map(mention) });
    const snapshot = makeSnapshot({ statuses: [post], domainBlocks: blocks ?? null });
    const findings = runCheck(
      dmUntrustedServer,
      snapshot,
      trusted ? { trustedServers: ['home.example', ...trusted] } : {},
    );
    if (domains === null) return expect(findings).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      statusId: post.id,
      domains,
      fix: { type: 'trust-servers', domains },
    });
    for (const d of domains) expect(findings[0]?.title).toContain(d);
    if (severity) expect(findings[0]?.severity).toBe(severity);
  });
});
