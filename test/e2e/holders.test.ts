/**
 * Who holds your data, in both browsers: each group appears with the counts the server's own
 * state implies, a click (or Enter) on a group or a server shows what it holds, and the fixes
 * (trust a server, remove the followers there) change the picture, also after a re-check.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../mastodon-server';
import { forEachBrowser, screenshotOnFailure, type TestPage } from './fixture';
import { runCheckup, signIn } from './flows';

let server: RunningServer;

/**
 * The groups as the server's state implies them, derived here from the raw records: a remote
 * server holds a DM when one mentions an account there, followers-only posts when a follower
 * lives there or one mentions an account there. Each server counts in its most private group.
 */
function expectedGroups() {
  const { state } = server;
  const own = [...state.statuses.values()].filter(
    (s) => s.accountId === state.ownerId && !s.deleted && !s.reblogOfId,
  );
  const remoteMentions = (s: (typeof own)[number]) =>
    s.mentionIds.map((id) => state.accounts.get(id)!.domain).filter((d): d is string => d !== null);
  const direct = new Set(own.filter((s) => s.visibility === 'direct').flatMap(remoteMentions));
  const privatePosts = own.filter((s) => s.visibility === 'private');
  const followerDomains = state.followers
    .map((f) => state.accounts.get(f.accountId)!.domain)
    .filter((d): d is string => d !== null);
  const followersOnly = new Set(
    [...(privatePosts.length ? followerDomains : []), ...privatePosts.flatMap(remoteMentions)].filter(
      (d) => !direct.has(d),
    ),
  );
  const followerCount = (domain: string) => followerDomains.filter((d) => d === domain).length;
  return {
    direct,
    followersOnly,
    dms: own.filter((s) => s.visibility === 'direct' && remoteMentions(s).length > 0).length,
    privatePosts: privatePosts.length,
    followerCount,
  };
}

const cell = (page: TestPage, group: string, count: string) =>
  page.text(`[data-testid=holders-groups] tr[data-group=${group}] td[data-count=${count}]`);

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

  it('shows each group with its counts, the worst facts first, and a group or server on click', async () => {
    const popup = await signIn(browser(), server.url);
    await runCheckup(popup);
    await popup.close();
    const want = expectedGroups();
    expect(want.direct.size).toBeGreaterThan(1);
    expect(want.followersOnly.size).toBeGreaterThan(1);

    page = await browser().newPage(browser().extensionUrl('dashboard.html#holders'));
    await page.waitFor('[data-testid=holders-diagram] svg');
    expect(await cell(page, 'direct', 'servers')).toBe(String(want.direct.size));
    expect(await cell(page, 'direct', 'direct')).toBe(String(want.dms));
    expect(await cell(page, 'followersOnly', 'servers')).toBe(String(want.followersOnly.size));
    expect(await cell(page, 'followersOnly', 'followersOnly')).toBe(String(want.privatePosts));
    // Nothing is trusted yet: every server holding DMs is "not trusted" or limited by the home server.
    expect(Number(await cell(page, 'direct', 'trusted'))).toBe(0);
    for (const group of ['home', 'direct', 'followersOnly', 'public'])
      expect(await page.count(`[data-testid=holders-diagram] [data-key][data-group=${group}]`)).toBe(1);
    const marks = await page.evaluate<Record<string, string[]>>(`(() => {
      const out = {};
      for (const el of document.querySelectorAll('[data-testid=holders-diagram] [data-in]'))
        (out[el.getAttribute('data-in')] ??= []).push(el.getAttribute('data-key').slice(7));
      return out;
    })()`);
    expect(new Set(marks.direct)).toEqual(want.direct);
    expect(new Set(marks.followersOnly)).toEqual(want.followersOnly);

    // The worst first: DMs on servers not trusted lead.
    const firstFact = await page.text('[data-testid=holders-facts] li:first-child');
    expect(firstFact).toContain(`${want.direct.size} servers you have not trusted hold ${want.dms}`);

    // A click on a group shows its servers.
    await page.click('[data-testid=holders-diagram] [data-key="group:direct"] text.fp-hm-title');
    await page.waitFor('[data-testid=holder-detail][data-selection="group:direct"]');
    expect(await page.count('[data-testid=holder-detail] li[data-domain]')).toBe(want.direct.size);
    // Enter on a focused group does the same, from the keyboard.
    await page.evaluate(
      `document.querySelector('[data-testid=holders-diagram] [data-key="group:followersOnly"]').focus()`,
    );
    await page.press('Enter');
    await page.waitFor('[data-testid=holder-detail][data-selection="group:followersOnly"]');
    expect(
      await page.evaluate<string>(
        `document.querySelector('[data-testid=holders-diagram] [data-key="group:followersOnly"]').getAttribute('aria-pressed')`,
      ),
    ).toBe('true');
    // The arrow key moves to the next thing in the picture: the group's first server.
    await page.press('ArrowRight');
    await page.press(' ');
    await page.waitFor('[data-testid=holder-detail][data-selection^="server:"]');
    const chosen = (await page.evaluate<string>(
      `document.querySelector('[data-testid=holder-detail]').getAttribute('data-selection')`,
    ))!.slice(7);
    expect(want.followersOnly.has(chosen)).toBe(true);
    expect(await page.text('[data-testid=holder-detail] [data-row=followersOnly]')).toContain(
      String(want.privatePosts),
    );
  });

  it('trusting a server holding DMs changes its mark and the counts', async () => {
    const p = page!;
    const domain = [...expectedGroups().direct].sort()[0]!;
    await p.click(`[data-testid=holders-diagram] [data-key="server:${domain}"] rect`);
    await p.waitFor(`[data-testid=holder-detail][data-selection="server:${domain}"]`);
    await p.click('[data-testid=holder-detail] [data-testid=trust]');
    await p.waitFor(`[data-testid=holders-diagram] [data-key="server:${domain}"][data-standing=trusted]`, {
      timeout: 20_000,
    });
    expect(await cell(p, 'direct', 'trusted')).toBe('1');
    expect(
      await p.text(`[data-testid=holders-servers] tr[data-domain="${domain}"] td[data-standing]`),
    ).toContain('trusted');
  });

  it('removing the followers on a server takes it out of the followers-only group, also after a re-check', async () => {
    const p = page!;
    const want = expectedGroups();
    // The follower server holding followers-only posts with the most followers.
    const domain = [...want.followersOnly].sort((a, b) => want.followerCount(b) - want.followerCount(a))[0]!;
    expect(want.followerCount(domain)).toBeGreaterThan(1);
    const before = Number(await cell(p, 'followersOnly', 'servers'));

    await p.click(`[data-testid=holders-diagram] [data-key="server:${domain}"] rect`);
    await p.waitFor(`[data-testid=holder-detail][data-selection="server:${domain}"]`);
    await p.click('[data-testid=holder-detail] [data-testid=remove-followers]');
    await p.click('[data-testid=holder-detail] [data-testid=confirm]');
    // Removing followers needs write:follows, asked for now in a new authorization round.
    const consent = await browser().waitForPage(
      (url) => url.startsWith(`${server.url}/oauth/authorize`) && url.includes('write%3Afollows'),
      20_000,
    );
    await consent.click('#authorize');
    await p.waitForText('[data-testid=notice]', domain, 30_000);
    expect(
      server.state.followers.filter((f) => server.state.accounts.get(f.accountId)!.domain === domain),
    ).toEqual([]);

    // A re-check reads the account again (and the followers only if their count moved, which
    // the removal already accounted for); the picture stays without them.
    const reads = () => server.counts()['GET /api/v1/accounts/verify_credentials'] ?? 0;
    const readsBefore = reads();
    await p.click('[data-testid=dash-run]');
    const deadline = Date.now() + 60_000;
    while (reads() === readsBefore && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(reads()).toBeGreaterThan(readsBefore);
    await p.waitFor('[data-testid=dash-run]:not([disabled])', { timeout: 60_000 });
    await p.waitForText(
      '[data-testid=holders-groups] tr[data-group=followersOnly] td[data-count=servers]',
      new RegExp(`^${before - 1}$`),
      20_000,
    );
    expect(expectedGroups().followersOnly.size).toBe(before - 1);
    expect(
      await p.count(`[data-testid=holders-diagram] [data-in=followersOnly][data-key="server:${domain}"]`),
    ).toBe(0);
  });
});
