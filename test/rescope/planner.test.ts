import { describe, expect, it } from 'vitest';
import { makeAccount, makeSnapshot, makeStatus } from '../factories';
import { LOST_ON_REDRAFT, estimateDuration, planRescope } from '../../utils/rescope/planner';
import { DEFAULT_RESCOPE_OPTIONS, type RescopeOptions } from '../../utils/rescope/types';
import type { Finding } from '../../utils/checks/types';
import en from '../../public/_locales/en/messages.json';
import de from '../../public/_locales/de/messages.json';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const owner = makeAccount({ id: '1', username: 'owner' });
const other = makeAccount({ id: '2', username: 'friend' });
const daysAgo = (d: number) => new Date(NOW - d * 86_400_000).toISOString();
const opts = (o: Partial<RescopeOptions> = {}): RescopeOptions => ({
  ...DEFAULT_RESCOPE_OPTIONS,
  olderThanDays: 30,
  keepPinned: false,
  ...o,
});
const ids = (plan: ReturnType<typeof planRescope>) => plan.posts.map((p) => p.id);

describe('planRescope', () => {
  const old = makeStatus({ id: '10', account: owner, created_at: daysAgo(100) });
  const recent = makeStatus({ id: '11', account: owner, created_at: daysAgo(5) });
  const unlisted = makeStatus({ id: '12', account: owner, created_at: daysAgo(100), visibility: 'unlisted' });
  const priv = makeStatus({ id: '13', account: owner, created_at: daysAgo(100), visibility: 'private' });
  const dm = makeStatus({ id: '14', account: owner, created_at: daysAgo(100), visibility: 'direct' });
  const boost = makeStatus({
    id: '15',
    account: owner,
    created_at: daysAgo(100),
    reblog: makeStatus({ id: '99', account: other, created_at: daysAgo(101) }),
  });
  const pinned = makeStatus({ id: '16', account: owner, created_at: daysAgo(200), pinned: true });
  const liked = makeStatus({
    id: '17',
    account: owner,
    created_at: daysAgo(150),
    favourites_count: 12,
    reblogs_count: 1,
  });
  const tagged = makeStatus({
    id: '18',
    account: owner,
    created_at: daysAgo(120),
    tags: [{ name: 'Keep', url: 'x' }],
  });
  const reply = makeStatus({
    id: '19',
    account: owner,
    created_at: daysAgo(110),
    in_reply_to_id: '500',
    in_reply_to_account_id: '2',
  });
  const snapshot = makeSnapshot({
    account: { ...makeSnapshot().account, id: '1' },
    statuses: [old, recent, unlisted, priv, dm, boost, pinned, liked, tagged, reply],
  });

  it('takes old public posts, oldest first, and never boosts, DMs or recent posts', () => {
    const plan = planRescope(snapshot, opts(), [], NOW);
    expect(ids(plan)).toEqual(['16', '17', '18', '19', '10']);
    expect(plan.counts.skipped).toMatchObject({ boost: 1, direct: 1, 'too-recent': 1, 'already-narrow': 1 });
    expect(plan.counts.considered).toBe(10);
  });

  it('never widens: unlisted target skips unlisted and private posts; delete may take them', () => {
    const toUnlisted = planRescope(
      snapshot,
      opts({ target: 'unlisted', visibilities: ['public', 'unlisted', 'private'] }),
      [],
      NOW,
    );
    expect(ids(toUnlisted)).not.toContain('12');
    expect(ids(toUnlisted)).not.toContain('13');
    const toDelete = planRescope(
      snapshot,
      opts({ target: 'delete', visibilities: ['public', 'unlisted', 'private', 'direct'] }),
      [],
      NOW,
    );
    expect(ids(toDelete)).toEqual(expect.arrayContaining(['12', '13']));
    expect(ids(toDelete)).not.toContain('14');
    expect(ids(toDelete)).not.toContain('15');
  });

  it('applies keep filters', () => {
    const plan = planRescope(
      snapshot,
      opts({ keepPinned: true, keepMinFavourites: 10, keepHashtags: ['#keep'], includeReplies: false }),
      [],
      NOW,
    );
    expect(ids(plan)).toEqual(['10']);
    expect(plan.counts.skipped).toMatchObject({ pinned: 1, favourites: 1, hashtag: 1, reply: 1 });
    expect(ids(planRescope(snapshot, opts({ keepMinBoosts: 1 }), [], NOW))).not.toContain('17');
  });

  it('only posts with findings when asked', () => {
    const finding: Finding = {
      id: 'pii:10:x',
      check: 'pii',
      severity: 'high',
      title: 't',
      detail: 'd',
      statusId: '10',
    };
    expect(ids(planRescope(snapshot, opts({ onlyWithFindings: true }), [finding], NOW))).toEqual(['10']);
  });

  it('keeps whole self-threads with engagement, takes quiet threads', () => {
    const root = makeStatus({ id: '30', account: owner, created_at: daysAgo(300) });
    const mid = makeStatus({
      id: '31',
      account: owner,
      created_at: daysAgo(300),
      in_reply_to_id: '30',
      in_reply_to_account_id: '1',
    });
    const tail = makeStatus({
      id: '32',
      account: owner,
      created_at: daysAgo(300),
      in_reply_to_id: '31',
      in_reply_to_account_id: '1',
      reblogs_count: 2,
    });
    const quietRoot = makeStatus({ id: '40', account: owner, created_at: daysAgo(300), replies_count: 1 });
    const quietTail = makeStatus({
      id: '41',
      account: owner,
      created_at: daysAgo(300),
      in_reply_to_id: '40',
      in_reply_to_account_id: '1',
    });
    const discussed = makeStatus({ id: '50', account: owner, created_at: daysAgo(300), replies_count: 3 });
    const snap = makeSnapshot({ statuses: [root, mid, tail, quietRoot, quietTail, discussed] });
    const plan = planRescope(snap, opts({ keepEngagedThreads: true }), [], NOW);
    expect(ids(plan)).toEqual(['40', '41']);
    expect(plan.counts.skipped['engaged-thread']).toBe(4);
  });

  it('gives an ETA from the delete budget', () => {
    expect(plan0().eta.ms).toBe(0);
    function plan0() {
      return planRescope(makeSnapshot(), opts(), [], NOW);
    }
  });
});

describe('estimateDuration', () => {
  const windowStart = NOW - (NOW % 1_800_000);
  it('fits in the current window when the budget allows', () => {
    const eta = estimateDuration(
      10,
      { limit: 30, remaining: 30, resetAt: new Date(windowStart + 1_800_000) },
      NOW,
    );
    expect(eta.windows).toBe(1);
    expect(eta.ms).toBeLessThan(60_000);
  });
  it('about 60 per hour: 1,000 posts take about 17 hours (29 per window with one left to the web UI)', () => {
    const eta = estimateDuration(1000, undefined, NOW);
    expect(eta.ms / 3_600_000).toBeGreaterThan(16.5);
    expect(eta.ms / 3_600_000).toBeLessThan(18);
    const noReserve = estimateDuration(1000, undefined, NOW, 0);
    expect(noReserve.ms / 3_600_000).toBeGreaterThan(16);
    expect(noReserve.ms).toBeLessThan(eta.ms);
  });
  it('takes the remaining budget into account', () => {
    const resetAt = new Date(NOW + 20 * 60_000);
    const spent = estimateDuration(29, { limit: 30, remaining: 0, resetAt }, NOW);
    const fresh = estimateDuration(29, { limit: 30, remaining: 30, resetAt }, NOW);
    expect(spent.ms).toBeGreaterThanOrEqual(20 * 60_000);
    expect(fresh.ms).toBeLessThan(5 * 60_000);
    // 40 posts with 10 left now: 9 now (one reserved), 29 next window, 2 in the one after.
    const partial = estimateDuration(40, { limit: 30, remaining: 10, resetAt }, NOW);
    expect(partial.windows).toBe(3);
    expect(partial.ms).toBeGreaterThan(50 * 60_000);
  });
});

describe('what is lost', () => {
  it('has every key in English and German, and they differ', () => {
    const enMap = en as Record<string, { message: string }>;
    const deMap = de as Record<string, { message: string }>;
    for (const key of [...LOST_ON_REDRAFT, 'rescope_lostPost']) {
      expect(enMap[key]?.message, key).toBeTruthy();
      expect(deMap[key]?.message, key).toBeTruthy();
      expect(deMap[key]?.message).not.toBe(enMap[key]?.message);
    }
    const rescopeKeys = Object.keys(enMap).filter((k) => k.startsWith('rescope_'));
    expect(rescopeKeys.filter((k) => !(k in deMap))).toEqual([]);
  });
});
