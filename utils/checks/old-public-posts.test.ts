import { describe, expect, it } from 'vitest';
import { makeRemoteAccount, makeSnapshot, makeStatus } from '../../test/factories';
import type { Status } from '../mastodon/schemas';
import { runCheck } from './lib/test-helpers';
import { oldPublicPosts } from './old-public-posts';

// NOW in the helpers is 2026-01-15.
describe('old-public-posts', () => {
  const cases: { name: string; status: Partial<Status>; retentionDays?: number | null; flagged: boolean }[] =
    [
      {
        name: 'public post two years old',
        status: { created_at: '2024-01-01T00:00:00.000Z' },
        flagged: true,
      },
      {
        name: 'unlisted post two years old',
        status: { visibility: 'unlisted', created_at: '2024-01-01T00:00:00.000Z' },
        flagged: true,
      },
      { name: 'recent public post', status: { created_at: '2025-12-01T00:00:00.000Z' }, flagged: false },
      {
        name: 'old followers-only post',
        status: { visibility: 'private', created_at: '2020-01-01T00:00:00.000Z' },
        flagged: false,
      },
      {
        name: 'retention off',
        status: { created_at: '2020-01-01T00:00:00.000Z' },
        retentionDays: null,
        flagged: false,
      },
      {
        name: 'shorter retention chosen',
        status: { created_at: '2025-12-01T00:00:00.000Z' },
        retentionDays: 30,
        flagged: true,
      },
    ];
  it.each(cases)('$name', ({ status, retentionDays, flagged }) => {
    const post = makeStatus(status);
    const findings = runCheck(
      oldPublicPosts,
      makeSnapshot({ statuses: [post] }),
      retentionDays === undefined ? {} : { retentionDays },
    );
    expect(findings.length).toBe(flagged ? 1 : 0);
    if (flagged)
      expect(findings[0]).toMatchObject({
        id: 'old-public-posts::age',
        statusIds: [post.id],
        fix: { type: 'rescope', statusIds: [post.id] },
      });
  });

  it('sums up every old post in one finding with its count, leaving recent ones out', () => {
    const old = ['2020-01-01', '2021-06-01', '2023-03-03'].map((d) =>
      makeStatus({ created_at: `${d}T00:00:00.000Z` }),
    );
    const recent = makeStatus({ created_at: '2026-01-10T00:00:00.000Z' });
    const findings = runCheck(oldPublicPosts, makeSnapshot({ statuses: [recent, ...old] }));
    expect(findings).toHaveLength(1);
    expect(findings[0]!.statusIds).toEqual(old.map((s) => s.id));
    expect(findings[0]!.title).toMatch(/^3 /);
    expect(findings[0]!.statusId).toBeUndefined();
  });

  it('skips old boosts', () => {
    const other = makeStatus({
      account: makeRemoteAccount('bob', 'far.example'),
      created_at: '2020-01-01T00:00:00.000Z',
    });
    const boost = makeStatus({ reblog: other, created_at: '2020-01-01T00:00:00.000Z' });
    expect(runCheck(oldPublicPosts, makeSnapshot({ statuses: [boost] }))).toEqual([]);
  });
});
