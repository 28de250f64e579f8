/**
 * Archive import in the dashboard, in both browsers: a generated export of the signed-in account
 * is picked on the real `<input type=file>`, imported in the page, merged with the live
 * snapshot, and its planted personal info shows up in the report; a cut-off copy is refused
 * with the error sentence and leaves the stored result as it was.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { StoredCheckupResult } from '../../utils/storage';
import { outboxItems, writeArchive, type GenerateArchiveOptions } from '../archive/generate';
import { startServer, type RunningServer } from '../mastodon-server';
import { forEachBrowser, screenshotOnFailure, type TestPage } from './fixture';
import { runCheckup, signIn } from './flows';

const POSTS = 400;
let server: RunningServer;
let dir: string;
let archive: string;
let truncated: string;
let archiveOptions: GenerateArchiveOptions;

beforeAll(async () => {
  server = await startServer({ seed: 31, posts: 60, followers: 40, following: 20 });
  dir = mkdtempSync(path.join(tmpdir(), 'fp-archive-e2e-'));
  // The archive of the signed-in owner: same username, same server (host with port), as
  // ArchiveView's expectedAccount requires.
  archiveOptions = {
    seed: 7,
    posts: POSTS,
    account: { username: server.owner.username, domain: new URL(server.url).host },
  };
  archive = path.join(dir, 'archive-owner.zip');
  await writeArchive(archive, archiveOptions);
  const bytes = readFileSync(archive);
  truncated = path.join(dir, 'archive-owner-cut.zip');
  writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function storedResult(page: TestPage): Promise<StoredCheckupResult> {
  return page.evaluate<StoredCheckupResult>(
    `(typeof browser !== 'undefined' ? browser : chrome).storage.local.get('checkupResult').then((r) => r.checkupResult)`,
  );
}

/** Ids of the archive's public/unlisted posts that carry planted personal info. */
function plantedPublicIds(): Set<string> {
  const ids = new Set<string>();
  for (const item of outboxItems(archiveOptions)) {
    if (
      item.kind === 'post' &&
      item.personal &&
      (item.visibility === 'public' || item.visibility === 'unlisted')
    )
      ids.add(item.id);
  }
  return ids;
}

forEachBrowser('archive import', (browser, name) => {
  let page: TestPage | undefined;
  afterEach(async (ctx) => {
    await screenshotOnFailure(page, name, ctx.task.name, ctx.task.result?.state === 'fail');
  });
  afterAll(async () => {
    await page?.close();
  });

  it("imports the signed-in account's archive and shows its findings in the report", async () => {
    const popup = await signIn(browser(), server.url);
    await runCheckup(popup);
    await popup.close();
    const planted = plantedPublicIds();
    expect(planted.size).toBeGreaterThan(5);

    page = await browser().newPage(browser().extensionUrl('dashboard.html#archive'));
    const before = await storedResult(page);
    expect(before.findings.some((f) => f.statusId && planted.has(f.statusId))).toBe(false);

    await page.setInputFile('input[type=file]', archive);
    await page.waitForText('.archive-import [aria-live=polite]', /Read [\d,.]+ posts/, 60_000);
    const done = await page.text('.archive-import [aria-live=polite]');
    const posts = [...outboxItems(archiveOptions)].filter((i) => i.kind === 'post').length;
    expect(done).toContain(`Read ${posts.toLocaleString('en-US')} posts`);

    const after = await storedResult(page);
    const hits = after.findings.filter(
      (f) => f.check === 'public-post-personal-info' && f.statusId && planted.has(f.statusId),
    );
    // Most planted sentences are caught; the detector is tuned elsewhere, so not all are required.
    expect(hits.length).toBeGreaterThan(planted.size / 2);
    // Live parts stay: the followers counted by the API are still there.
    expect(after.stats.followers).toBe(server.state.followers.length);

    await page.goto(browser().extensionUrl('dashboard.html#report'));
    await page.waitFor('[data-testid=finding-list]');
    await page.waitFor('[data-check="public-post-personal-info"]');
    // The report shows a few findings per check; expand this check's, as a person would.
    for (const severity of ['high', 'medium', 'low']) {
      const more = `[data-testid="show-all-${severity}-public-post-personal-info"]`;
      if ((await page.count(more)) > 0) await page.click(more);
    }
    const shown = await page.evaluate<string[]>(
      `[...document.querySelectorAll('[data-check="public-post-personal-info"][data-status-id]')].map((e) => e.getAttribute('data-status-id'))`,
    );
    expect(shown.filter((id) => planted.has(id)).length).toBeGreaterThan(0);
  });

  it('refuses a cut-off archive with a clear sentence and keeps the stored result', async () => {
    page ??= await browser().newPage(browser().extensionUrl('dashboard.html#archive'));
    await page.goto(browser().extensionUrl('dashboard.html#archive'));
    await page.waitFor('input[type=file]');
    const before = await storedResult(page);
    expect(before.findings.length).toBeGreaterThan(0);

    await page.setInputFile('input[type=file]', truncated);
    const alert = await page.waitForText('.archive-import [role=alert]', /incomplete/, 60_000);
    expect(alert).toContain('The archive is incomplete, probably because the download was cut off.');
    expect(alert).toContain('Your saved data was not changed.');
    expect(await storedResult(page)).toEqual(before);
  });
});
