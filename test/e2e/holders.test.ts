import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../mastodon-server';
import { forEachBrowser, screenshotOnFailure, type TestPage } from './fixture';
import { runCheckup, signIn } from './flows';

let server: RunningServer;

/** The remote server with the most of the owner's followers. */
function busiestFollowerDomain(): { domain: string; count: number } {
  const counts = new Map<string, number>();
  for (const follow of server.state.followers) {
    const domain = server.state.accounts.get(follow.accountId)!.domain;
    if (!domain) continue;
    counts.set(domain, (counts.get(domain) ?? 0) + 1);
  }
  const [domain, count] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
  return { domain, count };
}

forEachBrowser('who holds your data', (browser, name) => {
  let page: TestPage | undefined;
  // A server per browser: fixes applied in one browser's run must not leak into the other's.
  beforeAll(async () => {
    server = await startServer({ seed: 21, posts: 80, followers: 120, following: 40 });
  });
  afterAll(async () => {
    await server.close();
  });
  afterEach(async (ctx) => {
    await screenshotOnFailure(page, name, ctx.task.name, ctx.task.result?.state === 'fail');
  });
  afterAll(async () => {
    await page?.close();
  });

  it('shows the servers and removes the followers on one of them from the server', async () => {
    const popup = await signIn(browser(), server.url);
    await runCheckup(popup);
    await popup.close();
    const { domain, count } = busiestFollowerDomain();
    expect(count).toBeGreaterThan(1);

    page = await browser().newPage(browser().extensionUrl('dashboard.html#holders'));
    await page.waitFor('[data-testid=holders-map]');
    await page.click(`tr[data-domain="${domain}"] th button`);
    await page.waitFor('[data-testid=holder-detail]');
    await page.click('[data-testid=holder-detail] [data-testid=remove-followers]');
    await page.click('[data-testid=holder-detail] [data-testid=confirm]');
    // Removing followers needs write:follows, asked for now in a new authorization round.
    const consent = await browser().waitForPage(
      (url) => url.startsWith(`${server.url}/oauth/authorize`) && url.includes('write%3Afollows'),
      20_000,
    );
    await consent.click('#authorize');
    await page.waitForText('[data-testid=notice]', domain, 30_000);

    const remaining = server.state.followers.filter(
      (f) => server.state.accounts.get(f.accountId)!.domain === domain,
    );
    expect(remaining).toEqual([]);
    const api = await fetch(`${server.url}/api/v1/accounts/${server.owner.id}/followers?limit=80`);
    const listed = (await api.json()) as { acct: string }[];
    expect(listed.some((a) => a.acct.endsWith(`@${domain}`))).toBe(false);
  });
});
