/**
 * `npm run demo`: starts the bundled Mastodon-compatible demo server with a seeded account,
 * builds the extension and opens Chromium with it loaded at the sign-in step, the demo server
 * filled in. With --headless (automatic when there is no display) it signs in by itself, runs
 * the checkup, saves screenshots of what the extension shows into demo-output/ and exits 0.
 *
 * The demo server serves Mastodon's real web UI (the newest; needs the web UI archives) and the
 * demo turns compose warnings on there once signed in, then opens it. Turning them on asks for
 * the server's origin in the browser's own prompt, which automation cannot click, so the demo
 * loads a copy of the build that already holds that permission (as the browser tests do).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ExtensionBrowser, TestPage } from '../test/e2e/fixture';
import { grantedBuildCopy } from '../test/e2e/granted-build';
import { startServer, type RunningServer } from '../test/mastodon-server';
import { NEWEST_WEB_UI, realWebUiMissing } from '../test/mastodon-server/real-web-ui';

const GRANTED_ORIGIN = 'http://127.0.0.1/*';
// The fixture reads EXTENSION_OUTPUT once, when loaded: it is loaded after the build is copied.
let fixture: typeof import('../test/e2e/fixture');
let flows: typeof import('../test/e2e/flows');

const args = new Set(process.argv.slice(2));
const headless = args.has('--headless') || (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY);
const outDir = path.resolve('demo-output');

function step(message: string) {
  console.log(`• ${message}`);
}

async function shot(page: TestPage, name: string): Promise<string> {
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot(file);
  return file;
}

/** Turns compose warnings on for the demo server (from a signed-in popup) and opens its web UI. */
async function openWebUiWithWarnings(
  browser: ExtensionBrowser,
  popup: TestPage,
  server: RunningServer,
): Promise<TestPage | undefined> {
  const missing = realWebUiMissing(NEWEST_WEB_UI);
  if (missing) {
    console.warn(`  not opening the web UI: ${missing}`);
    return undefined;
  }
  const reply = await popup.evaluate<unknown>(`(async () => {
    const api = globalThis.browser ?? globalThis.chrome;
    await api.storage.local.set({ 'compose:enabledOrigins': ['${server.url}'] });
    return api.runtime.sendMessage({ type: 'compose/enabled', enabled: true });
  })()`);
  if ((reply as { ok?: boolean } | undefined)?.ok !== true)
    throw new Error(`Could not turn compose warnings on: ${JSON.stringify(reply)}`);
  const page = await browser.newPage(`${server.url}/home`);
  await page.waitFor('form.compose-form textarea.autosuggest-textarea__textarea', { timeout: 30_000 });
  return page;
}

async function main(): Promise<number> {
  const { grantedBuild, cleanup } = prepare();
  try {
    return await run(grantedBuild);
  } finally {
    cleanup();
  }
}

function prepare(): { grantedBuild: () => void; cleanup: () => void } {
  let copy: ReturnType<typeof grantedBuildCopy> | undefined;
  return {
    grantedBuild: () => {
      copy = grantedBuildCopy(GRANTED_ORIGIN);
      process.env.EXTENSION_OUTPUT = copy.dir;
    },
    cleanup: () => copy?.remove(),
  };
}

async function run(grantedBuild: () => void): Promise<number> {
  step('Starting the demo Mastodon server…');
  const server = await startServer({ seed: 7, posts: 600, followers: 240, following: 90 });
  console.log(`  demo server: ${server.url} (account @${server.owner.username})`);
  if (!args.has('--no-build')) {
    step('Building the extension…');
    const build = spawnSync('npx', ['wxt', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) {
      await server.close();
      console.error('The build failed; see the messages above.');
      return 1;
    }
  }
  grantedBuild();
  fixture = await import('../test/e2e/fixture');
  flows = await import('../test/e2e/flows');
  if (!fixture.findChromium()) {
    await server.close();
    console.error(
      'Chromium was not found. Install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROME_PATH.',
    );
    return 1;
  }
  const { launch } = fixture;
  const { openPopup, runCheckup, signIn } = flows;
  step(`Opening Chromium with Fediprint loaded${headless ? ' (headless)' : ''}…`);
  const browser = await launch('chromium', { headless });
  if (!headless) {
    const popup = await openPopup(browser, server.url);
    console.log(
      `\nSign in from the open tab: the demo server ${server.url} is filled in. Once you are signed in,\nthe demo turns compose warnings on and opens Mastodon's web UI at ${server.url}/home.\nClose the browser window or press Ctrl+C to stop.\n`,
    );
    void popup
      .waitFor('[data-testid=display-name]', { timeout: 60 * 60_000 })
      .then(() => openWebUiWithWarnings(browser, popup, server))
      .catch((e: Error) => console.warn(`  compose warnings not turned on: ${e.message}`));
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await browser.close().catch((e: Error) => console.warn(`Closing the browser: ${e.message}`));
    await server.close();
    return 0;
  }
  mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  try {
    const signInPage = await openPopup(browser, server.url);
    files.push(await shot(signInPage, '01-popup-sign-in'));
    await signInPage.close();
    step('Signing in through the consent page…');
    const popup = await signIn(browser, server.url);
    files.push(await shot(popup, '02-popup-signed-in'));
    step('Running the checkup…');
    await runCheckup(popup);
    files.push(await shot(popup, '03-popup-result'));
    for (const [hash, name] of [
      ['report', '04-dashboard-report'],
      ['holders', '05-dashboard-holders'],
      ['rescope', '06-dashboard-rescope'],
      ['archive', '07-dashboard-archive'],
      ['settings', '08-dashboard-settings'],
    ] as const) {
      const page = await browser.newPage(browser.extensionUrl(`dashboard.html#${hash}`));
      await page.waitFor(`[data-view=${hash}]`, { timeout: 20_000 });
      files.push(await shot(page, name));
      await page.close();
    }
    // The holders picture with the group of servers holding DMs chosen, in dark mode.
    const holders = await browser.newPage(browser.extensionUrl('dashboard.html#holders'));
    await holders.waitFor('[data-testid=holders-diagram] svg', { timeout: 20_000 });
    await holders.colorScheme('dark');
    await holders.click('[data-testid=holders-diagram] [data-key="group:direct"] text');
    await holders.waitFor('[data-testid=holder-detail]');
    files.push(await shot(holders, '13-dashboard-holders-dark'));
    await holders.close();
    step('Walking through "Fix the top issues"…');
    files.push(...(await guidedFlow(browser)));
    step('Fixing a setting on the server and checking again, for "What changed"…');
    const owner = server.state.accounts.get(server.owner.id);
    if (owner) owner.locked = true;
    files.push(await whatChanged(browser));
    step("Opening Mastodon's web UI with compose warnings on…");
    const web = await openWebUiWithWarnings(browser, popup, server);
    if (web) {
      await web.type(
        'form.compose-form textarea.autosuggest-textarea__textarea',
        'New number, call me at +49 30 12345678',
        10,
      );
      // The warning panel lives in the content script's shadow root: wait until it says something.
      const deadline = Date.now() + 20_000;
      let panel = '';
      while (!panel && Date.now() < deadline) {
        panel = await web.evaluate<string>(
          `[...document.querySelectorAll('[data-fediprint-compose]')].map((h) => h.shadowRoot?.querySelector('.panel')?.textContent ?? '').join('')`,
        );
        if (!panel) await new Promise((r) => setTimeout(r, 200));
      }
      if (!panel) console.warn('  the compose warning did not appear within 20 s');
      files.push(await shot(web, '12-web-ui-compose-warning'));
      await web.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log('\nScreenshots:');
  for (const f of files) console.log(`  ${path.relative(process.cwd(), f)}`);
  return 0;
}

/** The guided flow's first card, then every step skipped to the end card with the score. */
async function guidedFlow(browser: ExtensionBrowser): Promise<string[]> {
  const page = await browser.newPage(browser.extensionUrl('dashboard.html#guide'));
  await page.waitFor('[data-testid=guide-start]', { timeout: 20_000 });
  await page.click('[data-testid=guide-start]');
  await page.waitFor('[data-testid=guide-card]');
  const files = [await shot(page, '09-guide-step')];
  for (let i = 0; i < 10 && (await page.count('[data-testid=guide-card]')) > 0; i++) {
    const check = await page.evaluate<string>(
      `document.querySelector('[data-testid=guide-card]').dataset.check`,
    );
    await page.click('[data-testid=guide-skip]');
    await page.waitFor(`[data-testid=guide-done], [data-testid=guide-card]:not([data-check="${check}"])`);
  }
  await page.waitFor('[data-testid=guide-done]');
  files.push(await shot(page, '10-guide-done'));
  await page.click('[data-testid=guide-restart]');
  await page.close();
  return files;
}

/** Runs the checkup again and shows the report's "What changed since the last checkup". */
async function whatChanged(browser: ExtensionBrowser): Promise<string> {
  const page = await browser.newPage(browser.extensionUrl('dashboard.html#report'));
  await page.waitFor('[data-testid=changes]', { timeout: 20_000 });
  await page.click('[data-testid=dash-run]');
  await page.waitFor('[data-testid=changes-fixed]', { timeout: 120_000 });
  await page.evaluate(`document.querySelector('[data-testid=changes]').scrollIntoView()`);
  const file = await shot(page, '11-what-changed');
  await page.close();
  return file;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`Demo failed: ${error.name}: ${error.message}`);
    process.exit(1);
  },
);
