/**
 * `npm run demo`: starts the bundled Mastodon-compatible demo server with a seeded account,
 * builds the extension and opens Chromium with it loaded at the sign-in step, the demo server
 * filled in. With --headless (automatic when there is no display) it signs in by itself, runs
 * the checkup, saves screenshots of what the extension shows into demo-output/ and exits 0.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { launch, findChromium, type TestPage } from '../test/e2e/fixture';
import { openPopup, runCheckup, signIn } from '../test/e2e/flows';
import { startServer } from '../test/mastodon-server';

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

async function main(): Promise<number> {
  if (!findChromium()) {
    console.error(
      'Chromium was not found. Install it (Debian/Ubuntu: sudo apt-get install chromium) or set CHROME_PATH.',
    );
    return 1;
  }
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
  step(`Opening Chromium with Fediprint loaded${headless ? ' (headless)' : ''}…`);
  const browser = await launch('chromium', { headless });
  if (!headless) {
    await openPopup(browser, server.url);
    console.log(
      `\nSign in from the open tab: the demo server ${server.url} is filled in.\nClose the browser window or press Ctrl+C to stop.\n`,
    );
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
    files.push(await shot(holders, '09-dashboard-holders-dark'));
    await holders.close();
    step('Walking through "Fix the top issues"…');
    files.push(...(await guidedFlow(browser)));
    step('Fixing a setting on the server and checking again, for "What changed"…');
    const owner = server.state.accounts.get(server.owner.id);
    if (owner) owner.locked = true;
    files.push(await whatChanged(browser));
  } finally {
    await browser.close();
    await server.close();
  }
  console.log('\nScreenshots:');
  for (const f of files) console.log(`  ${path.relative(process.cwd(), f)}`);
  return 0;
}

/** The guided flow's first card, then every step skipped to the end card with the score. */
async function guidedFlow(browser: Awaited<ReturnType<typeof launch>>): Promise<string[]> {
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
async function whatChanged(browser: Awaited<ReturnType<typeof launch>>): Promise<string> {
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
