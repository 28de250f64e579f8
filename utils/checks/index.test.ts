import { describe, expect, it } from 'vitest';
import {
  makeAccount,
  makeCredentialAccount,
  makeRemoteAccount,
  makeSnapshot,
  makeStatus,
} from '../../test/factories';
import {
  CHECKS,
  checkContext,
  defaultSettings,
  homeDomainOf,
  runCheckup,
  suggestTrustedServers,
} from './index';
import { sha256Hex } from './lib/sha256';
import { NOW } from './lib/test-helpers';

const instance = { domain: 'social.example', title: 'S', version: '4.3.0' };

describe('checks registry and checkup', () => {
  it('registers each check once, id = file name', () => {
    const ids = CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('home domain: instance.domain (WebFinger domain), else the server host', () => {
    expect(homeDomainOf(makeSnapshot({ instance }))).toBe('social.example');
    expect(homeDomainOf(makeSnapshot({ server: 'https://Masto.Example:8443' }))).toBe('masto.example:8443');
    expect(homeDomainOf(makeSnapshot())).toBe('home.example');
  });

  it('default settings trust the home server and keep a year', () => {
    expect(defaultSettings(makeSnapshot({ instance }))).toEqual({
      trustedServers: ['social.example'],
      retentionDays: 365,
    });
    // The home server stays trusted even if the stored list lost it.
    expect(
      checkContext(makeSnapshot(), { trustedServers: ['a.example'], retentionDays: null }).settings
        .trustedServers,
    ).toEqual(['home.example', 'a.example']);
  });

  it('runs every check, sorts by severity, scores and counts without the dismissed', () => {
    const snapshot = makeSnapshot({
      account: makeCredentialAccount(
        { locked: false, noindex: false, hide_collections: true },
        { privacy: 'public' },
      ),
      statuses: [
        makeStatus({ visibility: 'private' }),
        makeStatus({ created_at: '2020-01-01T00:00:00.000Z' }),
        makeStatus({
          visibility: 'direct',
          mentions: [{ id: '7', username: 'eve', acct: 'eve@far.example', url: 'https://far.example/@eve' }],
        }),
      ],
    });
    const result = runCheckup(checkContext(snapshot, undefined, NOW));
    expect(result.errors).toEqual([]);
    expect(result.findings.map((f) => f.check)).toEqual([
      'dm-untrusted-server',
      'account-not-locked',
      'default-visibility-public',
      'default-quote-policy-public',
      'search-engine-indexing',
      'old-public-posts',
    ]);
    expect(result.counts).toEqual({ high: 0, medium: 4, low: 2, info: 0 });
    // Areas (README): dms 10 of 20, followers 10 of 25, settings 23 of 20, public 3 of 35.
    const lost = (c: number, raw: number) => (c * raw) / (raw + 2 * c);
    expect(result.score).toBe(Math.round(100 - lost(20, 10) - lost(25, 10) - lost(20, 23) - lost(35, 3)));
    expect(result.grade).toBe('mostly-private');
    const dismissed = new Set(result.findings.filter((f) => f.severity === 'medium').map((f) => f.id));
    const again = runCheckup(checkContext(snapshot, undefined, NOW), dismissed);
    expect(again.score).toBe(Math.round(100 - lost(20, 3) - lost(35, 3)));
    expect(again.grade).toBe('well-protected');
    expect(again.findings).toHaveLength(6);
  });

  it('suggests trusted servers where mutuals are, not the home server or blocked servers', () => {
    const a1 = makeRemoteAccount('a1', 'friends.example');
    const a2 = makeRemoteAccount('a2', 'friends.example');
    const b1 = makeRemoteAccount('b1', 'other.example');
    const local = makeAccount({ username: 'neighbour' });
    const spam = makeRemoteAccount('s', 'spam.example');
    const onlyFollower = makeRemoteAccount('c', 'lonely.example');
    const snapshot = makeSnapshot({
      followers: [a1, a2, b1, local, spam, onlyFollower],
      following: [a1, a2, b1, local, spam, makeRemoteAccount('d', 'onlyfollowing.example')],
      domainBlocks: [{ domain: 'spam.example', digest: sha256Hex('spam.example'), severity: 'silence' }],
    });
    expect(suggestTrustedServers(snapshot)).toEqual([
      { domain: 'friends.example', mutuals: 2 },
      { domain: 'other.example', mutuals: 1 },
    ]);
  });
});

describe('sha256Hex', () => {
  it('matches known vectors', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('a'.repeat(100))).toBe(
      '2816597888e4a0d3a36b82b83316ab32680eb8f00f8cd3b904d681246d285a0e',
    );
  });
});
