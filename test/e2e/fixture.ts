/**
 * One browser-test fixture for both browsers: Chromium through playwright-core, Firefox ESR
 * through puppeteer-core over WebDriver BiDi (playwright's Firefox needs a patched build).
 * Tests are written once against `ExtensionBrowser` / `TestPage` and run in each browser with
 * `forEachBrowser`. In CI (CI=true) a missing browser fails the run instead of skipping.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe } from 'vitest';
import { FIREFOX_ADDON_ID } from '../../wxt.config';

export type BrowserName = 'chromium' | 'firefox';

// import.meta.url, not __dirname: the demo runs this file as an ES module under tsx.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUTPUT = process.env.EXTENSION_OUTPUT ?? path.join(ROOT, '.output');
const CHROME_BUILD = path.join(OUTPUT, 'chrome-mv3');
const FIREFOX_BUILD = path.join(OUTPUT, 'firefox-mv2');
export const RESULTS_DIR = path.join(ROOT, 'test-results');
/** Fixed so moz-extension:// URLs are known in advance. */
const FIREFOX_UUID = '6a7c2f0e-9d3b-4f4e-8a61-5c1f0b2d9e77';

export function findChromium(): string | undefined {
  return [
    process.env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/lib/chromium/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
  ]
    .filter((p): p is string => !!p)
    .find((p) => existsSync(p));
}

export function findFirefox(): string | undefined {
  return [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox']
    .filter((p): p is string => !!p)
    .find((p) => existsSync(p));
}

export interface TestPage {
  url(): string;
  goto(url: string): Promise<void>;
  click(selector: string): Promise<void>;
  fill(selector: string, value: string): Promise<void>;
  /** Types key by key (real input events), with an optional delay per key in ms. */
  type(selector: string, text: string, delayMs?: number): Promise<void>;
  press(key: string): Promise<void>;
  /** Chooses an option of a <select> by value. */
  select(selector: string, value: string): Promise<void>;
  text(selector: string): Promise<string>;
  count(selector: string): Promise<number>;
  waitFor(selector: string, options?: { timeout?: number; hidden?: boolean }): Promise<void>;
  /** Waits until the selector's text matches. */
  waitForText(selector: string, pattern: string | RegExp, timeout?: number): Promise<string>;
  evaluate<T>(fn: string): Promise<T>;
  /** Sets a local file on an `<input type=file>` (fires its change event, as a user's pick does). */
  setInputFile(selector: string, filePath: string): Promise<void>;
  screenshot(file: string): Promise<void>;
  /** Emulates prefers-color-scheme for this page (Firefox: for the whole browser). */
  colorScheme(scheme: 'light' | 'dark'): Promise<void>;
  /** Uncaught page errors and console errors since the page opened, in order. */
  errors(): string[];
  close(): Promise<void>;
}

export interface ExtensionBrowser {
  readonly name: BrowserName;
  /** chrome-extension://<id>/<path> or moz-extension://<uuid>/<path>. */
  extensionUrl(pathname: string): string;
  newPage(url: string): Promise<TestPage>;
  /** A page the browser opens by itself (the OAuth window), by URL. */
  waitForPage(match: (url: string) => boolean, timeout?: number): Promise<TestPage>;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT = 15_000;

// ---------- Chromium (playwright-core) ----------

async function launchChromium(executablePath: string, headless: boolean): Promise<ExtensionBrowser> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(path.join(tmpdir(), 'fp-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: false,
    viewport: { width: 1200, height: 900 },
    args: [
      ...(headless ? ['--headless=new'] : []),
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-extensions-except=${CHROME_BUILD}`,
      `--load-extension=${CHROME_BUILD}`,
    ],
  });
  const worker =
    context.serviceWorkers()[0] ??
    (await context.waitForEvent('serviceworker', { timeout: DEFAULT_TIMEOUT }));
  const id = new URL(worker.url()).host;
  type PwPage = Awaited<ReturnType<typeof context.newPage>>;
  const wrap = (page: PwPage, errors: string[] = collectErrors(page)): TestPage => ({
    url: () => page.url(),
    goto: async (url) => {
      await page.goto(url);
    },
    click: (s) => page.locator(s).first().click({ timeout: DEFAULT_TIMEOUT }),
    fill: (s, v) => page.locator(s).first().fill(v, { timeout: DEFAULT_TIMEOUT }),
    type: (s, text, delay = 0) =>
      page.locator(s).first().pressSequentially(text, { delay, timeout: 120_000 }),
    press: (key) => page.keyboard.press(key),
    select: async (s, v) => {
      await page.locator(s).first().selectOption(v, { timeout: DEFAULT_TIMEOUT });
    },
    text: async (s) => (await page.locator(s).first().textContent({ timeout: DEFAULT_TIMEOUT })) ?? '',
    count: (s) => page.locator(s).count(),
    waitFor: async (s, o) => {
      await page
        .locator(s)
        .first()
        .waitFor({ state: o?.hidden ? 'hidden' : 'visible', timeout: o?.timeout ?? DEFAULT_TIMEOUT });
    },
    waitForText: async (s, pattern, timeout = DEFAULT_TIMEOUT) => {
      const deadline = Date.now() + timeout;
      let last = '';
      while (Date.now() < deadline) {
        last =
          (await page
            .locator(s)
            .first()
            .textContent({ timeout: Math.max(1, deadline - Date.now()) })
            .catch(() => null)) ?? '';
        if (typeof pattern === 'string' ? last.includes(pattern) : pattern.test(last)) return last;
        await page.waitForTimeout(100);
      }
      throw new Error(
        `Timed out waiting for ${s} to match ${String(pattern)}; last text: ${JSON.stringify(last)}`,
      );
    },
    evaluate: (fn) => page.evaluate(fn),
    setInputFile: (s, filePath) =>
      page.locator(s).first().setInputFiles(filePath, { timeout: DEFAULT_TIMEOUT }),
    screenshot: async (file) => {
      await page.screenshot({ path: file, fullPage: true });
    },
    colorScheme: async (scheme) => {
      await page.emulateMedia({ colorScheme: scheme });
    },
    errors: () => errors.slice(),
    close: () => page.close(),
  });
  const collectErrors = (page: PwPage): string[] => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location().url})`);
    });
    return errors;
  };
  return {
    name: 'chromium',
    extensionUrl: (p) => `chrome-extension://${id}/${p.replace(/^\//, '')}`,
    newPage: async (url) => {
      const page = await context.newPage();
      const wrapped = wrap(page);
      await page.goto(url);
      return wrapped;
    },
    waitForPage: async (match, timeout = DEFAULT_TIMEOUT) => {
      const existing = context.pages().find((p) => match(p.url()));
      if (existing) return wrap(existing);
      const deadline = Date.now() + timeout;
      while (Date.now() < deadline) {
        const found = context.pages().find((p) => match(p.url()));
        if (found) {
          await found.waitForLoadState('domcontentloaded');
          return wrap(found);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(
        `No page matching the predicate opened within ${timeout} ms; open: ${context
          .pages()
          .map((p) => p.url())
          .join(', ')}`,
      );
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// ---------- Firefox (puppeteer-core over WebDriver BiDi) ----------

async function launchFirefox(executablePath: string): Promise<ExtensionBrowser> {
  const puppeteer = (await import('puppeteer-core')).default;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    args: ['--remote-allow-system-access'],
    env: { ...process.env, MOZ_REMOTE_ALLOW_SYSTEM_ACCESS: '1' },
    defaultViewport: { width: 1200, height: 900 },
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: FIREFOX_UUID }),
      'extensions.install.requireBuiltInCerts': false,
      'xpinstall.signatures.required': false,
    },
  });
  await browser.installExtension(FIREFOX_BUILD);
  type PpPage = Awaited<ReturnType<typeof browser.newPage>>;
  const navigate = async (page: PpPage, url: string) => {
    if (url.startsWith('moz-extension:')) {
      // page.goto never resolves for moz-extension:// over BiDi: navigate without waiting.
      const bidi = page as unknown as {
        _frame?: unknown;
        mainFrame(): { _id?: string; browsingContext?: { id: string } };
      };
      const contextId = bidi.mainFrame().browsingContext?.id ?? bidi.mainFrame()._id;
      const connection = (
        browser as unknown as { connection?: { send(m: string, p: unknown): Promise<unknown> } }
      ).connection;
      if (!connection || !contextId)
        throw new Error('Cannot reach the BiDi connection to open an extension page');
      await connection.send('browsingContext.navigate', { context: contextId, url, wait: 'none' });
      await page.waitForFunction(
        (u: string) => location.href.startsWith(u.split('?')[0]!),
        { timeout: DEFAULT_TIMEOUT },
        url,
      );
    } else {
      await page.goto(url, { waitUntil: 'domcontentloaded' });
    }
  };
  const collectErrors = (page: PpPage): string[] => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e instanceof Error ? e.message : String(e)}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location()?.url ?? ''})`);
    });
    return errors;
  };
  const wrap = (page: PpPage, errors: string[] = collectErrors(page)): TestPage => ({
    url: () => page.url(),
    goto: (url) => navigate(page, url),
    // A locator queries again when the element is re-rendered between finding and clicking it
    // (waitForSelector then click failed with "Node is detached from document").
    click: async (s) => {
      await page.locator(s).setTimeout(DEFAULT_TIMEOUT).click();
    },
    fill: async (s, v) => {
      await page.locator(s).setTimeout(DEFAULT_TIMEOUT).fill(v);
    },
    type: async (s, text, delay = 0) => {
      await page.waitForSelector(s, { visible: true, timeout: DEFAULT_TIMEOUT });
      await page.focus(s);
      await page.keyboard.type(text, { delay });
    },
    press: (key) => page.keyboard.press(key as never),
    select: async (s, v) => {
      await page.waitForSelector(s, { visible: true, timeout: DEFAULT_TIMEOUT });
      await page.select(s, v);
    },
    text: async (s) => {
      await page.waitForSelector(s, { timeout: DEFAULT_TIMEOUT });
      return page.$eval(s, (el) => el.textContent ?? '');
    },
    count: (s) => page.$$eval(s, (els) => els.length),
    waitFor: async (s, o) => {
      await page.waitForSelector(s, {
        visible: !o?.hidden,
        hidden: !!o?.hidden,
        timeout: o?.timeout ?? DEFAULT_TIMEOUT,
      });
    },
    waitForText: async (s, pattern, timeout = DEFAULT_TIMEOUT) => {
      const deadline = Date.now() + timeout;
      let last = '';
      while (Date.now() < deadline) {
        last = await page.$eval(s, (el) => el.textContent ?? '').catch(() => '');
        if (typeof pattern === 'string' ? last.includes(pattern) : pattern.test(last)) return last;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(
        `Timed out waiting for ${s} to match ${String(pattern)}; last text: ${JSON.stringify(last)}`,
      );
    },
    evaluate: (fn) => page.evaluate(fn) as never,
    setInputFile: async (s, filePath) => {
      const input = await page.waitForSelector(s, { timeout: DEFAULT_TIMEOUT });
      if (!input) throw new Error(`No ${s} to set a file on`);
      await (input as unknown as { uploadFile(...paths: string[]): Promise<void> }).uploadFile(filePath);
    },
    screenshot: async (file) => {
      await page.screenshot({ path: file as `${string}.png`, fullPage: true });
    },
    colorScheme: async (scheme) => {
      // emulateMediaFeatures needs CDP, which Firefox lacks: set the content override pref in the
      // chrome context instead (allowed by --remote-allow-system-access). 0 = dark, 1 = light.
      const connection = (
        browser as unknown as { connection?: { send(m: string, p: unknown): Promise<unknown> } }
      ).connection;
      if (!connection) throw new Error('Cannot reach the BiDi connection to set the color scheme');
      const tree = (await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' })) as {
        result?: { contexts?: { context: string }[] };
        contexts?: { context: string }[];
      };
      const chrome = (tree.result?.contexts ?? tree.contexts)?.[0]?.context;
      if (!chrome) throw new Error('No chrome context to set the color scheme in');
      await connection.send('script.evaluate', {
        expression: `Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', ${scheme === 'dark' ? 0 : 1})`,
        target: { context: chrome },
        awaitPromise: false,
      });
      // The pref reaches content processes asynchronously.
      await page.waitForFunction(
        (dark: boolean) => matchMedia('(prefers-color-scheme: dark)').matches === dark,
        { timeout: DEFAULT_TIMEOUT },
        scheme === 'dark',
      );
    },
    errors: () => errors.slice(),
    close: async () => {
      // Closing the last tab would end Firefox: move it away instead when it is the last one.
      const pages = await browser.pages();
      if (pages.length <= 1) await page.goto('about:blank');
      else await page.close();
    },
  });
  return {
    name: 'firefox',
    extensionUrl: (p) => `moz-extension://${FIREFOX_UUID}/${p.replace(/^\//, '')}`,
    newPage: async (url) => {
      const page = await browser.newPage();
      const wrapped = wrap(page);
      await navigate(page, url);
      return wrapped;
    },
    waitForPage: async (match, timeout = DEFAULT_TIMEOUT) => {
      const deadline = Date.now() + timeout;
      while (Date.now() < deadline) {
        for (const page of await browser.pages()) if (match(page.url())) return wrap(page);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(
        `No page matching the predicate opened within ${timeout} ms; open: ${(await browser.pages()).map((p) => p.url()).join(', ')}`,
      );
    },
    close: async () => {
      await browser.close();
    },
  };
}

// ---------- running tests in each browser ----------

export function availableBrowsers(): { name: BrowserName; path: string | undefined; build: string }[] {
  return [
    { name: 'chromium', path: findChromium(), build: CHROME_BUILD },
    { name: 'firefox', path: findFirefox(), build: FIREFOX_BUILD },
  ];
}

export async function launch(
  name: BrowserName,
  options: { headless?: boolean } = {},
): Promise<ExtensionBrowser> {
  const entry = availableBrowsers().find((b) => b.name === name)!;
  if (!entry.path) throw new Error(`${name} not found`);
  return name === 'chromium'
    ? launchChromium(entry.path, options.headless ?? true)
    : launchFirefox(entry.path);
}

/**
 * Runs `body` once per browser, each with one browser launched for the whole block
 * (Firefox takes seconds to start). Missing browser or build: skipped locally, an error in CI.
 */
export function forEachBrowser(
  title: string,
  body: (get: () => ExtensionBrowser, name: BrowserName) => void,
): void {
  for (const entry of availableBrowsers()) {
    const missing = !entry.path
      ? `${entry.name} is not installed`
      : !existsSync(entry.build)
        ? `the ${entry.name} build is missing (npm run build${entry.name === 'firefox' ? ':firefox' : ''})`
        : undefined;
    if (missing && process.env.CI) throw new Error(`Browser tests cannot run in CI: ${missing}`);
    const suite = missing ? describe.skip : describe;
    if (missing) console.warn(`Skipping ${entry.name} browser tests: ${missing}`);
    suite(`${title} [${entry.name}]`, () => {
      let instance: ExtensionBrowser | undefined;
      beforeAll(async () => {
        instance = await launch(entry.name);
      });
      afterAll(async () => {
        await instance?.close();
      });
      body(() => {
        if (!instance) throw new Error(`${entry.name} did not start`);
        return instance;
      }, entry.name);
    });
  }
}

/** Saves a screenshot of every open test page when a test fails (call from afterEach). */
export async function screenshotOnFailure(
  page: TestPage | undefined,
  browserName: BrowserName,
  testName: string,
  failed: boolean,
): Promise<void> {
  if (!failed || !page) return;
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(
    RESULTS_DIR,
    `${browserName}-${testName.replace(/[^\w-]+/g, '_').slice(0, 100)}.png`,
  );
  await page.screenshot(file).then(
    () => console.warn(`Screenshot of the failure: ${file}`),
    (error: Error) => console.warn(`Could not save a failure screenshot: ${error.message}`),
  );
}
