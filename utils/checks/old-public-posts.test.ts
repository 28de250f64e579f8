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
        id: `old-public-posts:${post.id}:age`,
        statusId: post.id,
        fix: { type: 'rescope', statusIds: [post.id] },
      });
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
