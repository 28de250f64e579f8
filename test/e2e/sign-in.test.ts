import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../mastodon-server';
import { forEachBrowser, screenshotOnFailure, type TestPage } from './fixture';
import { openPopup, signIn } from './flows';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ seed: 3, posts: 60, followers: 30, following: 20 });
});
afterAll(async () => {
  await server.close();
});

forEachBrowser('sign-in', (browser, name) => {
  let page: TestPage | undefined;
  afterEach(async (ctx) => {
    await screenshotOnFailure(page, name, ctx.task.name, ctx.task.result?.state === 'fail');
    await page?.close();
    page = undefined;
  });

  it('refuses what is not a server address, with a message that says what to enter', async () => {
    page = await openPopup(browser());
    await page.fill('#fp-server', 'http://mastodon.social');
    await page.click('[data-testid=sign-in]');
    expect(await page.waitForText('[role=alert]', /https/)).toMatch(/only connects over https/);
    await page.fill('#fp-server', 'not a server');
    await page.click('[data-testid=sign-in]');
    expect(await page.waitForText('[role=alert]', /server address/)).toContain('mastodon.social');
  });

  it('refuses a host that is not a Mastodon server', async () => {
    // Both instance documents: a web page for v2 alone sends sign-in on to v1.
    server.faults.add({ route: 'GET /api/v2/instance', kind: 'html-page' });
    server.faults.add({ route: 'GET /api/v1/instance', kind: 'html-page' });
    try {
      page = await openPopup(browser());
      await page.fill('#fp-server', server.url);
      await page.click('[data-testid=sign-in]');
      expect(await page.waitForText('[role=alert]', /Mastodon/)).toMatch(
        /does not answer like a Mastodon server/,
      );
    } finally {
      server.faults.clear();
    }
  });

  it('signs in through the consent page, shows who is signed in, and signs out revoking the token', async () => {
    page = await signIn(browser(), server.url);
    expect(await page.text('[data-testid=display-name]')).toBe(server.owner.displayName);
    expect(await page.text('[data-testid=handle]')).toBe(
      `@${server.owner.username}@${new URL(server.url).host}`,
    );

    const live = [...server.state.tokens.values()].filter(
      (tk) => tk.revokedAt === null && tk.accountId && tk.token !== server.ownerToken,
    );
    const ours = live.at(-1)!;
    // Read scopes only at sign-in.
    expect(ours.scopes.sort()).toEqual(['read:accounts', 'read:follows', 'read:statuses']);
    const before = await fetch(`${server.url}/api/v1/accounts/verify_credentials`, {
      headers: { Authorization: `Bearer ${ours.token}` },
    });
    expect(before.status).toBe(200);

    await page.click('[data-testid=sign-out]');
    await page.waitFor('#fp-server');
    const after = await fetch(`${server.url}/api/v1/accounts/verify_credentials`, {
      headers: { Authorization: `Bearer ${ours.token}` },
    });
    expect(after.status).toBe(401);
  });
});
