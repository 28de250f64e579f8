/**
 * The built extension in real browsers against a real Mastodon: sign-in through Mastodon's own
 * sign-in and consent pages (PKCE and state in the extension), a checkup whose counts match the
 * server's, and sign-out revoking the token, seen from Mastodon's own list of authorized apps.
 */
import { afterEach, expect, inject, it } from 'vitest';
import type { StoredCheckupResult } from '../../utils/storage';
import { forEachBrowser, screenshotOnFailure, type TestPage } from '../e2e/fixture';
import { openPopup } from '../e2e/flows';
import { allPages } from './api';
import { requireEnv } from './env';
import { PageSession } from './session';

const ctx = inject('realMastodon');
const env = requireEnv();
const { origin } = ctx;

// The set-up's signed-in page session for every look at the list: sign-ins are throttled.
let session: PageSession | undefined;

/** Ids of the apps holding a live token for the owner, from Mastodon's settings page. */
async function authorizedApps(): Promise<string[]> {
  session ??= new PageSession(origin, ctx.ownerCookies);
  const { body } = await session.signIn(env.owner, '/oauth/authorized_applications');
  if (!/authorized_applications/.test(body))
    throw new Error('Mastodon did not show its authorized-apps page');
  return [...body.matchAll(/href="\/oauth\/authorized_applications\/(\d+)"/g)].map((m) => m[1]!).sort();
}

forEachBrowser('real Mastodon', (browser, name) => {
  const pages: TestPage[] = [];
  afterEach(async (t) => {
    for (const p of pages)
      await screenshotOnFailure(p, name, `real-${t.task.name}`, t.task.result?.state === 'fail');
  });

  it('signs in through Mastodon’s pages, runs a checkup matching its counts, and sign-out revokes the token', async () => {
    const before = await authorizedApps();
    const popup = await openPopup(browser(), origin);
    pages.push(popup);
    await popup.fill('#fp-server', origin);
    await popup.click('[data-testid=sign-in]');
    const auth = await browser().waitForPage((url) => url.startsWith(origin), 30_000);
    pages.push(auth);
    await auth.waitFor('#user_email', { timeout: 30_000 });
    await auth.fill('#user_email', env.owner.email);
    await auth.fill('#user_password', env.owner.password);
    await auth.click('form#new_user button[type=submit]');
    // Mastodon's consent page: the Authorize button is the form without the DELETE override.
    const authorize = 'form[action="/oauth/authorize"]:not(:has(input[name="_method"])) button[type=submit]';
    await auth.waitFor(authorize, { timeout: 30_000 });
    await auth.click(authorize);
    await popup.waitFor('[data-testid=display-name]', { timeout: 30_000 });
    expect(await popup.text('[data-testid=handle]')).toBe(`@${ctx.ownerAcct}@${new URL(origin).host}`);

    const during = await authorizedApps();
    const added = during.filter((id) => !before.includes(id));
    expect(added).toHaveLength(1);

    await popup.click('[data-testid=run-checkup]');
    await popup.waitFor('[data-testid=score]', { timeout: 120_000 });
    const result = await popup.evaluate<StoredCheckupResult>(
      `(typeof browser !== 'undefined' ? browser : chrome).storage.local.get('checkupResult').then((r) => r.checkupResult)`,
    );
    const own = await allPages<{ id: string }>(
      origin,
      ctx.ownerToken,
      `/api/v1/accounts/${ctx.ownerId}/statuses?limit=40`,
    );
    const followers = await allPages<{ id: string }>(
      origin,
      ctx.ownerToken,
      `/api/v1/accounts/${ctx.ownerId}/followers`,
    );
    expect(result.incomplete).toEqual([]);
    expect(result.stats.posts).toBe(own.length);
    expect(result.stats.followers).toBe(followers.length);

    await popup.click('[data-testid=sign-out]');
    await popup.waitFor('#fp-server');
    expect(await authorizedApps()).toEqual(before.filter((id) => !added.includes(id)));
  });
});
