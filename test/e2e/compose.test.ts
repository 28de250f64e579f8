/**
 * Compose warnings on the web UI replica, in both DOM variants (Mastodon 4.3+ and 4.2), with the
 * real extension build, real background and the real content script registered at run time.
 *
 * One thing automation cannot do is click "Allow" in the browser's own permission prompt (it is
 * browser UI, not page content). The test therefore runs a copy of the build whose manifest
 * already holds `http://127.0.0.1/*`, the state after the person said yes; the request then
 * resolves without a prompt, and everything after it (registration, injection, analysis,
 * drawing) is the shipped code. Declining is covered by utils/compose/registration.test.ts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../mastodon-server';
import { grantedBuildCopy } from './granted-build';

const GRANTED_ORIGIN = 'http://127.0.0.1/*';

const buildCopy = grantedBuildCopy(GRANTED_ORIGIN);
// The fixture reads EXTENSION_OUTPUT when it is loaded, so it is imported after setting it.
process.env.EXTENSION_OUTPUT = buildCopy.dir;
const { forEachBrowser, screenshotOnFailure } = await import('./fixture');
const { signIn } = await import('./flows');
type TestPage = import('./fixture').TestPage;

afterAll(() => buildCopy.remove());

const PHONE = '+49 30 12345678';

/** The visibility button of the n-th compose form (0: the column, 1: the reply modal). */
function visibilityButton(variant: '4.3' | '4.2', scope: string): string {
  return variant === '4.2'
    ? `${scope} .privacy-dropdown__value .privacy-dropdown__value-icon`
    : `${scope} .compose-form__dropdowns > button.dropdown-button`;
}

async function chooseVisibility(
  page: TestPage,
  variant: '4.3' | '4.2',
  scope: string,
  value: string,
): Promise<void> {
  await page.click(visibilityButton(variant, scope));
  await page.click(`.privacy-dropdown__option[data-index="${value}"]`);
}

/** Text of each warning panel (shadow roots are open, so the page can read them as a person sees them). */
async function panels(page: TestPage): Promise<string[]> {
  return page.evaluate<string[]>(
    `[...document.querySelectorAll('[data-fediprint-compose]')].map((h) => h.shadowRoot?.querySelector('.panel')?.textContent ?? '')`,
  );
}

async function waitForPanel(
  page: TestPage,
  index: number,
  test: (text: string) => boolean,
  what: string,
): Promise<string> {
  const deadline = Date.now() + 10_000;
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = await panels(page);
    const text = last[index];
    if (text !== undefined && test(text)) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Panel ${index} never showed ${what}; panels: ${JSON.stringify(last)}`);
}

forEachBrowser('compose warnings', (browser, browserName) => {
  let home: RunningServer;
  let other: RunningServer;
  let page: TestPage | undefined;

  beforeAll(async () => {
    home = await startServer({ seed: 7, posts: 20, followers: 12, following: 5, webUi: '4.3' });
    // The 4.2 replica runs as a second server on the same host: the registered pattern covers every
    // port of 127.0.0.1, and the context comes from the signed-in account either way.
    other = await startServer({ seed: 8, posts: 5, followers: 3, following: 2, webUi: '4.2' });
    const popup = await signIn(browser(), home.url);
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
    await home?.close();
    await other?.close();
  });

  afterEach(async (context) => {
    await screenshotOnFailure(page, browserName, context.task.name, context.task.result?.state === 'fail');
    await page?.close();
    page = undefined;
  });

  for (const variant of ['4.3', '4.2'] as const) {
    describe(`web UI ${variant}`, () => {
      const column = '.drawer form.compose-form';
      const textarea = `${column} textarea.autosuggest-textarea__textarea`;
      const url = () => `${variant === '4.3' ? home.url : other.url}/home`;

      it('warns about a phone number in a public post, masked, below the box', async () => {
        page = await browser().newPage(url());
        await page.waitFor(textarea);
        await chooseVisibility(page, variant, column, 'public');
        await page.type(textarea, `New number! Call me at ${PHONE}`, 5);
        const text = await waitForPanel(page, 0, (t) => t.includes('Phone number'), 'the phone warning');
        expect(text).toContain('Personal information in a public post');
        expect(text).toContain('Visible to everyone');
        expect(text).not.toContain('12345678');
        // The panel sits below the form; the Post button stays clickable.
        const submitOnTop = await page.evaluate<boolean>(`(() => {
          const b = document.querySelector('${column} button[type=submit]');
          const r = b.getBoundingClientRect();
          return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.closest('button') === b;
        })()`);
        expect(submitOnTop).toBe(true);
      });

      it('switching to followers-only on an unlocked account changes the warning', async () => {
        page = await browser().newPage(url());
        await page.waitFor(textarea);
        await chooseVisibility(page, variant, column, 'public');
        await page.type(textarea, `Call me at ${PHONE}`, 5);
        await waitForPanel(page, 0, (t) => t.includes('Phone number'), 'the phone warning');
        await chooseVisibility(page, variant, column, 'private');
        const text = await waitForPanel(
          page,
          0,
          (t) => t.includes('anyone can follow you'),
          'the unlocked-account warning',
        );
        expect(text).not.toContain('Phone number');
        expect(text).toContain('Visible to your followers');
      });

      it('a DM mentioning an account on an untrusted server names the server', async () => {
        page = await browser().newPage(url());
        await page.waitFor(textarea);
        await chooseVisibility(page, variant, column, 'direct');
        await page.type(textarea, '@bob@sketchy.example are you coming?', 5);
        const text = await waitForPanel(
          page,
          0,
          (t) => t.includes('sketchy.example'),
          'the untrusted server',
        );
        expect(text).toContain('not end-to-end encrypted');
        // Dismiss: keyboard-reachable button, the panel empties, focus goes back to the text.
        // Playwright's CSS pierces open shadow roots; puppeteer needs its `>>>` combinator.
        await page.click(
          `[data-fediprint-compose]${browserName === 'chromium' ? ' ' : ' >>> '}button.dismiss`,
        );
        await waitForPanel(page, 0, (t) => t === '', 'an empty panel after dismissing');
        const focused = await page.evaluate<string>(`document.activeElement?.className ?? ''`);
        expect(focused).toContain('autosuggest-textarea__textarea');
      });

      it('covers a reply box opened later', async () => {
        page = await browser().newPage(url());
        await page.waitFor(textarea);
        await page.click('.status__action-bar__button');
        const reply = '.compose-modal form.compose-form';
        await page.waitFor(`${reply} textarea.autosuggest-textarea__textarea`);
        await chooseVisibility(page, variant, reply, 'public');
        await page.type(`${reply} textarea.autosuggest-textarea__textarea`, ` call me at ${PHONE}`, 5);
        await waitForPanel(
          page,
          1,
          (t) => t.includes('Phone number'),
          'the phone warning under the reply box',
        );
        // Closing the modal takes its panel away.
        await page.press('Escape');
        const deadline = Date.now() + 5_000;
        while ((await panels(page)).length > 1 && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 100));
        expect(await panels(page)).toHaveLength(1);
      });
    });
  }
});
