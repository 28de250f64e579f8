/**
 * Compose warnings on Mastodon's real web UI (the release builds of 4.4.22, 4.5.15 and 4.6.5,
 * served by the test server on its own origin), with the real extension build, real background
 * and the real content script registered at run time. Each way the form can change has its own
 * test, on every version, in Chromium and in Firefox.
 *
 * One thing automation cannot do is click "Allow" in the browser's own permission prompt (it is
 * browser UI, not page content). The test therefore runs a copy of the build whose manifest
 * already holds `http://127.0.0.1/*`, the state after the person said yes; the request then
 * resolves without a prompt, and everything after it (registration, injection, analysis,
 * drawing) is the shipped code. Declining is covered by utils/compose/registration.test.ts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../mastodon-server';
import { UNTRUSTED_DM_DOMAIN } from '../mastodon-server/generator';
import {
  REAL_WEB_UI_VERSIONS,
  realWebUiMissing,
  type RealWebUiVersion,
} from '../mastodon-server/real-web-ui';
import { grantedBuildCopy } from './granted-build';

const GRANTED_ORIGIN = 'http://127.0.0.1/*';

const buildCopy = grantedBuildCopy(GRANTED_ORIGIN);
// The fixture reads EXTENSION_OUTPUT when it is loaded, so it is imported after setting it.
process.env.EXTENSION_OUTPUT = buildCopy.dir;
const { forEachBrowser, screenshotOnFailure } = await import('./fixture');
const { runCheckup, signIn } = await import('./flows');
type TestPage = import('./fixture').TestPage;

afterAll(() => buildCopy.remove());

const missing = REAL_WEB_UI_VERSIONS.map((v) => realWebUiMissing(v)).find((m) => m !== null);
if (missing && process.env.CI) throw new Error(`Compose browser tests cannot run in CI: ${missing}`);
if (missing) console.warn(`Skipping compose browser tests on the real web UI: ${missing}`);

const PHONE = '+49 30 12345678';
const COLUMN = 'form.compose-form';
const TEXTAREA = `${COLUMN} textarea.autosuggest-textarea__textarea`;
/** 4.5+ set visibility in a modal; 4.4 in a dropdown. */
const hasModal = (version: RealWebUiVersion) => version !== '4.4.22';

/** The page's own errors that do not count: the streaming socket, which the server refuses. */
function unexpectedErrors(page: TestPage): string[] {
  return page
    .errors()
    .filter((e) => !/streaming|WebSocket|ws:\/\//i.test(e))
    .filter((e) => !/can.t establish a connection to the server at ws:/i.test(e));
}

async function sleep(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}

/** Text of each warning panel (shadow roots are open, so the page can read them as a person sees them). */
async function panels(page: TestPage): Promise<string[]> {
  return page.evaluate<string[]>(
    `[...document.querySelectorAll('[data-fediprint-compose]')].map((h) => h.shadowRoot?.querySelector('.panel')?.textContent ?? '')`,
  );
}

async function waitForPanel(page: TestPage, test: (text: string) => boolean, what: string): Promise<string> {
  const deadline = Date.now() + 15_000;
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = await panels(page);
    const text = last[0];
    if (text !== undefined && test(text)) return text;
    await sleep(100);
  }
  throw new Error(`The panel never showed ${what}; panels: ${JSON.stringify(last)}`);
}

/**
 * Clicks the first element matching `selector` whose text contains `text` (menu items have no
 * ids). `mousedown`: autocomplete suggestions take the pick on mousedown, not on click.
 */
async function clickByText(page: TestPage, selector: string, text: string, mousedown = false): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const clicked = await page.evaluate<boolean>(`(() => {
      const el = [...document.querySelectorAll(${JSON.stringify(selector)})]
        .find((e) => e.textContent.includes(${JSON.stringify(text)}));
      if (!el) return false;
      if (${mousedown}) el.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true, button: 0 }));
      else el.click();
      return true;
    })()`);
    if (clicked) return;
    await sleep(100);
  }
  throw new Error(`No ${selector} with the text ${JSON.stringify(text)}`);
}

async function chooseVisibility(page: TestPage, version: RealWebUiVersion, value: string): Promise<void> {
  await page.click(`${COLUMN} .compose-form__dropdowns button.dropdown-button`);
  if (!hasModal(version)) {
    await page.click(`.privacy-dropdown__option[data-index="${value}"]`);
    return;
  }
  await page.click('.visibility-modal .visibility-dropdown__button');
  await page.click(`[role="listbox"] [role="option"][data-index="${value}"]`);
  await saveVisibilityModal(page);
}

async function saveVisibilityModal(page: TestPage): Promise<void> {
  await page.click('.visibility-modal .dialog-modal__content__actions button.button:not(.button-secondary)');
  await page.waitFor('.visibility-modal', { hidden: true });
}

/** A post by the owner, made through the API so that it is the newest on the home timeline. */
async function post(server: RunningServer, status: string, visibility: string): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/statuses`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.ownerToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ status, visibility }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

/** Opens the "…" menu of the newest post on the home timeline and picks an item by its text. */
async function statusMenu(page: TestPage, item: string): Promise<void> {
  await page.waitFor('.status__action-bar');
  // A click in the page, not at coordinates: the timeline may still shift while it loads, and a
  // mouse click there would open the post instead.
  await page.evaluate<void>(`(() => {
    const bar = document.querySelector('.status .status__action-bar');
    [...bar.querySelectorAll('button')].at(-1).click();
  })()`);
  await clickByText(page, '.dropdown-menu__item button, .dropdown-menu__item a', item);
}

async function openHome(page: () => Promise<TestPage>): Promise<TestPage> {
  const p = await page();
  await p.waitFor(TEXTAREA, { timeout: 30_000 });
  // The panel host is there (empty) once the content script has found the form.
  const deadline = Date.now() + 15_000;
  while ((await panels(p)).length === 0 && Date.now() < deadline) await sleep(100);
  return p;
}

const suite = missing ? describe.skip : describe;

suite('compose warnings on the real web UI', () => {
  forEachBrowser('compose warnings', (browser, browserName) => {
    const servers = new Map<RealWebUiVersion, RunningServer>();
    let page: TestPage | undefined;

    beforeAll(async () => {
      // One server per version; the extension signs in to the newest one. The registered pattern
      // covers every port of 127.0.0.1 and the warnings' account facts come from the signed-in
      // account (each server has the same seeded owner: unlocked, default quote policy public).
      for (const version of REAL_WEB_UI_VERSIONS) {
        servers.set(
          version,
          await startServer({
            seed: 7,
            posts: 20,
            followers: 12,
            following: 5,
            webUi: version,
            rateLimits: false,
          }),
        );
      }
      const home = servers.get('4.6.5')!;
      const popup = await signIn(browser(), home.url);
      // The checkup's snapshot gives the account's defaults (quote policy) to the compose warnings.
      await runCheckup(popup);
      const result = await popup.evaluate<{
        granted: boolean;
        reply: unknown;
        scripts: { id: string; js?: string[]; matches?: string[] }[];
      }>(`(async () => {
        const api = globalThis.browser ?? globalThis.chrome;
        const granted = await api.permissions.contains({ origins: ['${GRANTED_ORIGIN}'] });
        await api.storage.local.set({ 'compose:enabledOrigins': ['${home.url}'] });
        const reply = await api.runtime.sendMessage({ type: 'compose/enabled', enabled: true });
        const scripts = await api.scripting.getRegisteredContentScripts();
        return { granted, reply, scripts };
      })()`);
      expect(result.granted).toBe(true);
      expect(result.reply).toEqual({ ok: true });
      expect(result.scripts).toEqual([
        expect.objectContaining({
          id: 'fediprint-compose',
          js: ['content-scripts/compose.js'],
          matches: [GRANTED_ORIGIN],
        }),
      ]);
      await popup.close();
    });

    afterAll(async () => {
      for (const server of servers.values()) await server.close();
    });

    afterEach(async (context) => {
      const failed = context.task.result?.state === 'fail';
      await screenshotOnFailure(page, browserName, context.task.name, failed);
      const current = page;
      page = undefined;
      if (!current) return;
      // The real UI must run as on a real server: no error toasts ("404 Not Found", "Oops!"),
      // no uncaught errors. Checked after every test, on every page it opened.
      const toasts = await current.count('.notification-list .notification-bar');
      const errors = unexpectedErrors(current);
      await current.close();
      if (!failed) {
        expect(errors).toEqual([]);
        expect(toasts).toBe(0);
      }
    });

    for (const version of REAL_WEB_UI_VERSIONS) {
      describe(`web UI ${version}`, () => {
        const url = (path = '/home') => `${servers.get(version)!.url}${path}`;
        const open = async (path?: string) => {
          page = await openHome(() => browser().newPage(url(path)));
          return page;
        };

        it('warns about a phone number in a public post, masked, below the form; dismiss', async () => {
          const p = await open();
          await p.type(TEXTAREA, `New number! Call me at ${PHONE}`, 5);
          const text = await waitForPanel(p, (t) => t.includes('Phone number'), 'the phone warning');
          expect(text).toContain('Personal information in a public post');
          expect(text).toContain('Visible to everyone');
          expect(text).not.toContain('12345678');
          // The panel sits below the form; the Post button stays clickable.
          const submitOnTop = await p.evaluate<boolean>(`(() => {
            const b = document.querySelector('${COLUMN} button[type=submit]');
            const r = b.getBoundingClientRect();
            return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.closest('button') === b;
          })()`);
          expect(submitOnTop).toBe(true);
          // Dismiss: the panel empties, focus goes back to the text.
          // Playwright's CSS pierces open shadow roots; puppeteer needs its `>>>` combinator.
          await p.click(
            `[data-fediprint-compose]${browserName === 'chromium' ? ' ' : ' >>> '}button.dismiss`,
          );
          await waitForPanel(p, (t) => t === '', 'an empty panel after dismissing');
          expect(await p.evaluate<string>(`document.activeElement?.className ?? ''`)).toContain(
            'autosuggest-textarea__textarea',
          );
        });

        it('reads the visibility in all four states', async () => {
          const p = await open();
          await p.type(TEXTAREA, `@bob@sketchy.example call me at ${PHONE}`, 2);
          await waitForPanel(p, (t) => t.includes('a public post'), 'the public warning');
          await chooseVisibility(p, version, 'unlisted');
          await waitForPanel(p, (t) => t.includes('an unlisted post'), 'the unlisted warning');
          await chooseVisibility(p, version, 'private');
          let text = await waitForPanel(
            p,
            (t) => t.includes('This post goes to servers you have not trusted: sketchy.example'),
            'the followers-only mention warning',
          );
          expect(text).not.toContain('Phone number');
          await chooseVisibility(p, version, 'direct');
          text = await waitForPanel(
            p,
            (t) => t.includes('This direct message goes to servers you have not trusted: sketchy.example'),
            'the direct-message warning',
          );
          expect(text).toContain('Visible to the people you mention');
          // Mastodon says DMs are not end-to-end encrypted itself; the panel does not repeat it.
          expect(await p.text(`${COLUMN} .compose-form__warning`)).toContain('not end-to-end encrypted');
          expect(text).not.toContain('not end-to-end encrypted');
          await chooseVisibility(p, version, 'public');
          await waitForPanel(p, (t) => t.includes('a public post'), 'the public warning again');
        });

        it("does not repeat Mastodon's own notice on a followers-only post", async () => {
          const p = await open();
          await chooseVisibility(p, version, 'private');
          await p.type(TEXTAREA, 'Good morning, friends', 2);
          // Mastodon says it itself, with its link to the setting.
          await p.waitFor(`${COLUMN} .compose-form__warning`);
          expect(await p.text(`${COLUMN} .compose-form__warning`)).toContain('Your account is not');
          await p.type(TEXTAREA, ' and @bob@sketchy.example', 2);
          const text = await waitForPanel(p, (t) => t.includes('sketchy.example'), 'the mention warning');
          expect(text).not.toContain('anyone can follow you');
          expect(text).not.toContain('Followers-only, but');
        });

        it('reads the content warning text', async () => {
          const p = await open();
          await p.click(`${COLUMN} button[aria-controls="cw-spoiler-input"]`);
          await p.type(`${COLUMN} input.spoiler-input__input`, `Call ${PHONE}`, 5);
          await waitForPanel(p, (t) => t.includes('Phone number'), 'the phone warning from the CW');
        });

        it('reads the poll options', async () => {
          const p = await open();
          await p.type(TEXTAREA, 'Which number should I keep?', 2);
          await p.click(`${COLUMN} .compose-form__poll-button button`);
          await p.type(`${COLUMN} .poll__option input`, PHONE, 5);
          await waitForPanel(p, (t) => t.includes('Phone number'), 'the phone warning from a poll option');
        });

        it('says who may quote a public post (4.5+), and follows the modal', async () => {
          const p = await open();
          await p.type(TEXTAREA, `Call me at ${PHONE}`, 5);
          const text = await waitForPanel(p, (t) => t.includes('Phone number'), 'the phone warning');
          if (!hasModal(version)) {
            // 4.4 has no quote posts.
            expect(text).not.toContain('quote');
            return;
          }
          expect(text).toContain('Anyone may quote it');
          await p.click(`${COLUMN} .compose-form__dropdowns button.dropdown-button`);
          await p.click('.visibility-modal .visibility-dropdown:nth-of-type(2) .visibility-dropdown__button');
          await p.click('[role="listbox"] [role="option"][data-index="nobody"]');
          await saveVisibilityModal(p);
          const after = await waitForPanel(
            p,
            (t) => t.includes('No one else may quote it'),
            'the new policy',
          );
          expect(after).not.toContain('Anyone may quote it');
        });

        it('covers the /share page (#mastodon-compose) and its prefilled text', async () => {
          const text = encodeURIComponent(`My new number is ${PHONE}`);
          const p = await openHome(() => browser().newPage(url(`/share?text=${text}`)));
          page = p;
          expect(await p.count('#mastodon-compose form.compose-form')).toBe(1);
          await waitForPanel(p, (t) => t.includes('Phone number'), 'the phone warning on /share');
        });

        it('sees an autocomplete pick (no input event)', async () => {
          const p = await open();
          await chooseVisibility(p, version, 'direct');
          await p.type(TEXTAREA, 'see you @sam', 80);
          await clickByText(
            p,
            '.autosuggest-textarea__suggestions__item',
            `@sam@${UNTRUSTED_DM_DOMAIN}`,
            true,
          );
          const value = await p.evaluate<string>(`document.querySelector('${TEXTAREA}').value`);
          expect(value).toContain(`@sam@${UNTRUSTED_DM_DOMAIN}`);
          await waitForPanel(p, (t) => t.includes(UNTRUSTED_DM_DOMAIN), 'the picked server');
        });

        it('sees the "Mention" prefill (no input event)', async () => {
          const p = await open();
          await chooseVisibility(p, version, 'direct');
          await mentionAuthorOfOthersPost(p);
          const text = await waitForPanel(p, (t) => t.includes('have not trusted'), 'the mention warning');
          expect(text).toContain('direct message');
        });

        it('sees a delete-and-redraft prefill (no input event)', async () => {
          await post(servers.get(version)!, `Call me at ${PHONE}`, 'public');
          const p = await open();
          await statusMenu(p, 're-draft');
          await p.click(
            '.safety-action-modal__actions button.button, .confirmation-modal__action-bar button.button:not(.button-secondary)',
          );
          await waitForPanel(p, (t) => t.includes('Phone number'), 'the phone warning of the redraft');
        });

        it('sees a reply filling the existing form (no input event)', async () => {
          await post(servers.get(version)!, `@sam@${UNTRUSTED_DM_DOMAIN} dinner on Friday?`, 'direct');
          const p = await open();
          await p.click('.status__action-bar button.status__action-bar__button');
          // The reply fills the one form: no second compose form, no modal.
          expect(await p.count('form.compose-form')).toBe(1);
          const text = await waitForPanel(p, (t) => t.includes(UNTRUSTED_DM_DOMAIN), 'the reply warning');
          expect(text).toContain('direct message');
        });

        it('reads the visibility while editing a post (the control is disabled)', async () => {
          await post(servers.get(version)!, `@sam@${UNTRUSTED_DM_DOMAIN} the door code is 4711`, 'direct');
          const p = await open();
          await statusMenu(p, 'Edit');
          await p.waitFor(`${COLUMN} .compose-form__dropdowns button.dropdown-button[disabled]`);
          const text = await waitForPanel(
            p,
            (t) => t.includes(UNTRUSTED_DM_DOMAIN),
            'the warning while editing',
          );
          expect(text).toContain('direct message');
        });
      });
    }
  });
});

/**
 * Mentions the author of the newest post by someone else on the timeline, from its "…" menu.
 * Mastodon renders only the posts near the viewport (the others are empty placeholders), so the
 * timeline is scrolled one post at a time until one by another account shows.
 */
async function mentionAuthorOfOthersPost(page: TestPage): Promise<void> {
  await page.waitFor('.status a.status__display-name');
  // Others' posts link to `/@user@their.server`, the owner's to `/@user`.
  const find = `[...document.querySelectorAll('.status')].find((s) =>
    (s.querySelector('a.status__display-name')?.getAttribute('href') ?? '').split('@').length > 2)`;
  for (let i = 0; i < 30; i++) {
    const found = await page.evaluate<boolean>(`(() => {
      const status = ${find};
      if (status) {
        status.scrollIntoView();
        return true;
      }
      document.querySelectorAll('article')[${i}]?.scrollIntoView();
      return false;
    })()`);
    if (found) break;
    await sleep(150);
  }
  await page.evaluate<void>(`(() => {
    const status = ${find};
    [...status.querySelectorAll('.status__action-bar button')].at(-1).click();
  })()`);
  await clickByText(page, '.dropdown-menu__item button, .dropdown-menu__item a', 'Mention');
}
