/**
 * The extension against snac, a Mastodon-API server we did not write, in both browsers: sign-in
 * through snac's own login form (not a consent button), then a checkup that reads every post snac
 * lists and says what snac does not show apps. Skipped locally when snac cannot be built; in CI
 * (CI=true) that is an error.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireSnac, startSnac, type SnacServer } from '../snac/server';
import { forEachBrowser, screenshotOnFailure, type TestPage } from './fixture';
import { openPopup, runCheckup } from './flows';

const runs = await requireSnac('snac browser');
let snac: SnacServer | undefined;
if (runs) {
  beforeAll(async () => {
    snac = await startSnac({ publicPosts: 45 });
  }, 60_000);
  afterAll(async () => {
    await snac?.close();
  });
}

(runs ? forEachBrowser : (title: string) => describe.skip(title, () => it('needs snac', () => undefined)))(
  'snac',
  (browser, name) => {
    let pages: TestPage[] = [];
    afterEach(async (ctx) => {
      for (const p of pages)
        await screenshotOnFailure(p, name, ctx.task.name, ctx.task.result?.state === 'fail');
      for (const p of pages) await p.close().catch(() => undefined);
      pages = [];
    });

    it('signs in through snac’s login form and runs a checkup that says what snac does not show', async () => {
      const server = snac!;
      const popup = await openPopup(browser(), server.url);
      pages.push(popup);
      await popup.fill('#fp-server', server.url);
      await popup.click('[data-testid=sign-in]');
      const login = await browser().waitForPage(
        (url) => url.startsWith(`${server.url}/oauth/authorize`),
        // Generous: on a loaded machine snac and the browser share two cores.
        60_000,
      );
      pages.push(login);
      await login.fill('input[name=login]', server.user);
      await login.fill('input[name=passwd]', server.password);
      await login.click('input[type=submit]');
      await popup.waitFor('[data-testid=display-name]', { timeout: 30_000 });
      expect(await popup.text('[data-testid=handle]')).toContain(`@${server.user}@`);

      await runCheckup(popup);
      const listed = server.seeded.public + server.seeded.unlisted;
      expect(await popup.text('[data-testid=stats]')).toContain(String(listed));
      expect(await popup.text('[data-testid=not-checked]')).toMatch(
        /not show these to apps: followers-only posts, direct messages, followers, edit histories/,
      );
      expect(await popup.text('[data-testid=software]')).toContain('snac 2.94');
    });
  },
);
