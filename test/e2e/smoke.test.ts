import { expect, it } from 'vitest';
import { forEachBrowser } from './fixture';

forEachBrowser('extension loads', (browser) => {
  it('opens the popup page by URL', async () => {
    const page = await browser().newPage(browser().extensionUrl('popup.html'));
    await page.waitFor('main');
    expect(await page.text('main')).toContain('Fediprint');
    await page.close();
  });
});
