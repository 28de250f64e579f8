import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { StoredCheckupResult } from '../../utils/storage';
import { startServer, type RunningServer } from '../mastodon-server';
import { forEachBrowser, screenshotOnFailure, type TestPage } from './fixture';
import { signIn } from './flows';

let server: RunningServer;

async function storedResult(page: TestPage): Promise<StoredCheckupResult> {
  return page.evaluate<StoredCheckupResult>(
    `(typeof browser !== 'undefined' ? browser : chrome).storage.local.get('checkupResult').then((r) => r.checkupResult)`,
  );
}

forEachBrowser('checkup', (browser, name) => {
  let page: TestPage | undefined;
  // A server per browser: fixes applied in one browser's run must not leak into the other's.
  beforeAll(async () => {
    // Some latency so the crawl takes long enough for its progress to be seen.
    server = await startServer({ seed: 11, posts: 1000, followers: 150, following: 60, latencyMs: 15 });
  });
  afterAll(async () => {
    await server.close();
  });
  let report: TestPage | undefined;
  afterEach(async (ctx) => {
    const failed = ctx.task.result?.state === 'fail';
    await screenshotOnFailure(page, name, `popup-${ctx.task.name}`, failed);
    await screenshotOnFailure(report, name, `report-${ctx.task.name}`, failed);
  });
  afterAll(async () => {
    await report?.close();
    await page?.close();
  });

  it('reads a 1,000-post account with progress, matching the server counts, and finds every planted risk', async () => {
    page = await signIn(browser(), server.url);
    await page.click('[data-testid=run-checkup]');
    await page.waitFor('[data-testid=progress]', { timeout: 10_000 });
    // Early in the crawl the total shown is statuses_count, which leaves DMs out as Mastodon does.
    const counted = server.state.timelines
      .get(server.owner.id)!
      .filter((s) => s.visibility !== 'direct').length;
    expect(await page.text('[data-testid=progress-statuses]')).toMatch(
      new RegExp(`\\d+ of ${counted.toLocaleString('en-US')}`),
    );
    await page.waitFor('[data-testid=score]', { timeout: 120_000 });

    const result = await storedResult(page);
    const ownerPosts = server.state.timelines.get(server.owner.id)!.length;
    expect(ownerPosts).toBe(1000);
    expect(result.stats.posts).toBe(ownerPosts);
    expect(result.stats.followers).toBe(server.state.followers.length);
    expect(result.stats.following).toBe(server.state.following.length);
    expect(result.incomplete).toEqual([]);

    for (const planted of server.planted) {
      const hits = result.findings.filter(
        (f) =>
          f.check === planted.check &&
          // Found by a per-post finding or by a summary finding that lists the post.
          (!planted.statusId || f.statusId === planted.statusId || !!f.statusIds?.includes(planted.statusId)),
      );
      if (planted.expect === 'flag')
        expect(hits.length, `planted ${planted.id} should be found`).toBeGreaterThan(0);
      else expect(hits, `planted ${planted.id} must not be flagged`).toEqual([]);
    }
    // Evidence is masked: the planted IBAN never appears whole.
    expect(JSON.stringify(result.findings)).not.toMatch(/DE\d{2}\s?\d{4}\s?\d{4}\s?\d{4}\s?\d{4}\s?\d{2}/);
  });

  it('applies the "require follow requests" fix on the server and a re-run clears the finding', async () => {
    expect(server.state.accounts.get(server.owner.id)!.locked).toBe(false);
    report = await browser().newPage(browser().extensionUrl('dashboard.html#report'));
    await report.select('[data-testid=filter-area]', 'settings');
    await report.waitFor('[data-check="account-not-locked"]');
    await report.click('[data-check="account-not-locked"] [data-testid=fix]');
    // The fix asks for write:accounts in a new authorization round.
    const consent = await browser().waitForPage(
      (url) => url.startsWith(`${server.url}/oauth/authorize`) && url.includes('write%3Aaccounts'),
      20_000,
    );
    await consent.click('#authorize');
    await report.waitForText('[data-testid=notice]', /Done/, 20_000);
    expect(server.state.accounts.get(server.owner.id)!.locked).toBe(true);
    // The checkup re-runs by itself and the finding goes away.
    await report.waitFor('[data-check="account-not-locked"]', { hidden: true, timeout: 60_000 });
    const result = await storedResult(report);
    expect(result.findings.some((f) => f.check === 'account-not-locked')).toBe(false);
    // The old read-only token was revoked once the new one worked.
    const live = [...server.state.tokens.values()].filter(
      (tk) => tk.revokedAt === null && tk.token !== server.ownerToken,
    );
    expect(live).toHaveLength(1);
    expect(live[0]!.scopes).toContain('write:accounts');
  });
});
