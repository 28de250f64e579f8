/**
 * Steps shared by browser tests and the demo, written once for both browsers.
 */
import type { ExtensionBrowser, TestPage } from './fixture';

/** Opens the popup (as a tab: the toolbar popup cannot be driven) with the server filled in. */
export async function openPopup(browser: ExtensionBrowser, serverUrl?: string): Promise<TestPage> {
  const query = serverUrl ? `?server=${encodeURIComponent(serverUrl)}` : '';
  const popup = await browser.newPage(browser.extensionUrl(`popup.html${query}`));
  await popup.waitFor('main.fp-popup');
  return popup;
}

/** Signs in through the server's real consent page and returns the popup, signed in. */
export async function signIn(browser: ExtensionBrowser, serverUrl: string): Promise<TestPage> {
  const popup = await openPopup(browser, serverUrl);
  await popup.waitFor('#fp-server');
  await popup.fill('#fp-server', serverUrl);
  await popup.click('[data-testid=sign-in]');
  const consent = await browser.waitForPage((url) => url.startsWith(`${serverUrl}/oauth/authorize`), 20_000);
  await consent.click('#authorize');
  await popup.waitFor('[data-testid=display-name]', { timeout: 30_000 });
  return popup;
}

/** Runs the checkup from the popup and waits for the score. */
export async function runCheckup(popup: TestPage, timeout = 120_000): Promise<void> {
  await popup.click('[data-testid=run-checkup]');
  await popup.waitFor('[data-testid=score]', { timeout });
}
