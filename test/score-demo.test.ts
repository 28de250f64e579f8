/**
 * The score model on the demo account (`npm run demo`: the bundled server, seed 7): it lands in
 * the middle band, and each step of the guided flow moves it visibly. The same account on a
 * Mastodon 4.4 server shows the 4.5/4.6 checks as not applicable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkContext, runCheckup } from '../utils/checks';
import { guideSteps } from '../utils/checks/guide';
import { computeScore } from '../utils/checks/score';
import { createClient } from '../utils/mastodon';
import { collectSnapshot } from '../utils/snapshot/collect';
import type { AccountSnapshot } from '../utils/snapshot/types';
import { startServer, type RunningServer, type StartOptions } from './mastodon-server';

const DEMO: StartOptions = { seed: 7, posts: 600, followers: 240, following: 90 };

async function demoSnapshot(options: StartOptions): Promise<AccountSnapshot> {
  const server: RunningServer = await startServer(options);
  try {
    const { snapshot } = await collectSnapshot(
      createClient({ origin: server.url, token: server.ownerToken }),
      {},
    );
    return snapshot;
  } finally {
    await server.close();
  }
}

let current: AccountSnapshot;
let older: AccountSnapshot;
beforeAll(async () => {
  [current, older] = await Promise.all([demoSnapshot(DEMO), demoSnapshot({ ...DEMO, version: '4.4.3' })]);
}, 60_000);
afterAll(() => undefined);

describe('the demo account', () => {
  it('scores in the middle band, not 0', () => {
    const result = runCheckup(checkContext(current));
    expect(result.grade).toBe('exposed');
    expect(result.score).toBeGreaterThanOrEqual(40);
    expect(result.score).toBeLessThan(65);
    expect(result.findings.length).toBeGreaterThan(50);
  });

  it('gains at least 2 points from each of the guided steps', () => {
    const { findings } = runCheckup(checkContext(current));
    const steps = guideSteps(findings);
    expect(steps).toHaveLength(5);
    const before = computeScore(findings);
    for (const step of steps) {
      const after = computeScore(findings.filter((f) => !step.findingIds.includes(f.id)));
      expect(after - before, step.check).toBeGreaterThanOrEqual(2);
    }
    // Doing all five lands the account in a better band.
    const all = new Set(steps.flatMap((s) => s.findingIds));
    expect(computeScore(findings.filter((f) => !all.has(f.id)))).toBeGreaterThanOrEqual(65);
  });

  it('offers the lossless quote fix before re-scoping the same posts', () => {
    const checks = guideSteps(runCheckup(checkContext(current)).findings).map((s) => s.check);
    expect(checks.indexOf('quotable-personal-info')).toBeGreaterThanOrEqual(0);
    expect(checks.indexOf('quotable-personal-info')).toBeLessThan(
      checks.indexOf('public-post-personal-info'),
    );
  });

  it('on Mastodon 4.4 shows the newer checks as not applicable, and runs the rest', () => {
    const result = runCheckup(checkContext(older));
    expect(result.notApplicable).toEqual([
      { check: 'quotable-personal-info', since: '4.5.0', version: '4.4.3' },
      { check: 'default-quote-policy-public', since: '4.5.0', version: '4.4.3' },
      { check: 'featured-in-collections', since: '4.6.0', version: '4.4.3' },
      { check: 'profile-media-tab', since: '4.6.0', version: '4.4.3' },
    ]);
    const checks = new Set(result.findings.map((f) => f.check));
    expect(checks.has('default-quote-policy-public')).toBe(false);
    expect(checks.has('public-post-personal-info')).toBe(true);
  });
});
