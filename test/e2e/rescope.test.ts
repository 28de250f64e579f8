/**
 * Bulk re-scoping end to end in both browsers: plan in the dashboard, preview, confirm, grant
 * write:statuses + write:media through the server's consent page, let the background run the job,
 * read the report; then pause and resume a larger job from the dashboard. Every test ends with the
 * assertion on the server's full state (deleted statuses included): each planned post exists
 * exactly once at the target visibility with identical text, CW, media bytes + alt text and poll,
 * the originals are gone, nothing is duplicated.
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { StoredCheckupResult } from '../../utils/storage';
import type { RescopePlan, RescopeTarget } from '../../utils/rescope/types';
import { startServer, type RunningServer } from '../mastodon-server';
import { makePng } from '../mastodon-server/generator';
import type { StatusRecord } from '../mastodon-server/state';
import { checkServerState, recordBefore, type Before } from '../rescope/harness';
import { grantedBuildCopy } from './granted-build';

// Media files come without CORS headers, so backups need the server's origin, which the dashboard
// asks for at Start; this copy has it already (see granted-build.ts).
const buildCopy = grantedBuildCopy();
// The fixture reads EXTENSION_OUTPUT when it is loaded, so it is imported after setting it.
process.env.EXTENSION_OUTPUT = buildCopy.dir;
const { forEachBrowser, screenshotOnFailure } = await import('./fixture');
const { runCheckup, signIn } = await import('./flows');
type TestPage = import('./fixture').TestPage;
type ExtensionBrowser = import('./fixture').ExtensionBrowser;

afterAll(() => buildCopy.remove());

/** The API as the owner, to create the posts the job will re-scope. */
async function api<T>(server: RunningServer, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${server.ownerToken}`,
      ...(body instanceof FormData ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body instanceof FormData ? body : body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

async function upload(server: RunningServer, label: string, alt: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(makePng(label))], { type: 'image/png' }), `${label}.png`);
  form.append('description', alt);
  return (await api<{ id: string }>(server, 'POST', '/api/v2/media', form)).id;
}

async function post(server: RunningServer, body: Record<string, unknown>): Promise<string> {
  return (await api<{ id: string }>(server, 'POST', '/api/v1/statuses', { visibility: 'public', ...body }))
    .id;
}

/** Public own posts that keepMinFavourites = 1 and keepMinBoosts = 1 leave in the plan. */
function eligible(server: RunningServer): StatusRecord[] {
  return [...server.state.statuses.values()].filter(
    (s) =>
      s.accountId === server.owner.id &&
      !s.deleted &&
      !s.reblogOfId &&
      s.visibility === 'public' &&
      s.favouritesCount === 0 &&
      s.reblogsCount === 0 &&
      !s.pinned,
  );
}

function before(server: RunningServer, ids: string[]): Before {
  return recordBefore(server as never, { posts: ids.map((id) => ({ id })) } as unknown as RescopePlan);
}

async function checkupRanAt(page: TestPage): Promise<string | null> {
  return page.evaluate<string | null>(
    `(typeof browser !== 'undefined' ? browser : chrome).storage.local.get('checkupResult').then((r) => r.checkupResult ? r.checkupResult.ranAt : null)`,
  );
}

async function storedResult(page: TestPage): Promise<StoredCheckupResult> {
  return page.evaluate<StoredCheckupResult>(
    `(typeof browser !== 'undefined' ? browser : chrome).storage.local.get('checkupResult').then((r) => r.checkupResult)`,
  );
}

/** Sets the planner so that only posts without any favourite or boost, of any age, are planned. */
async function planZeroEngagement(page: TestPage, target: RescopeTarget): Promise<void> {
  await page.waitFor('.fp-rescope-planner');
  await page.click(`input[name=fp-rescope-target][value=${target}]`);
  // 0 days: any age (puppeteer cannot clear a number field to empty).
  await page.fill('input[name=olderThanDays]', '0');
  await page.fill('input[name=keepMinFavourites]', '1');
  await page.fill('input[name=keepMinBoosts]', '1');
}

async function confirmPlan(page: TestPage, count: number): Promise<void> {
  await page.waitForText('[data-testid=rescope-counts]', new RegExp(`^\\D*${count}\\b`));
  expect(await page.count('.fp-rescope-list li')).toBe(count);
  await page.click('input[name=confirm]');
  await page.click('[data-testid=rescope-start]');
}

async function waitForStatus(page: TestPage, status: string, timeout: number): Promise<void> {
  await page.waitFor(`[data-testid=rescope-status][data-status=${status}]`, { timeout });
}

forEachBrowser('bulk re-scoping', (getBrowser, name) => {
  let server: RunningServer;
  let popup: TestPage | undefined;
  let page: TestPage | undefined;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    // Latency so a job takes long enough to be paused; media kept 1 ms after a delete, so every
    // re-post must upload the media again from the local backup.
    server = await startServer({
      seed: 7,
      posts: 60,
      followers: 10,
      following: 5,
      latencyMs: 60,
      mediaRetentionMs: 1,
    });
    // Seed 7 has no public post without favourites and boosts: only the posts below are planned.
    expect(eligible(server)).toEqual([]);
  });
  afterEach(async (ctx) => {
    const failed = ctx.task.result?.state === 'fail';
    await screenshotOnFailure(page, name, `rescope-${ctx.task.name}`, failed);
  });
  afterAll(async () => {
    await page?.close();
    await popup?.close();
    await server?.close();
  });

  it('re-scopes posts with media, a poll, a CW and a self-reply, losing nothing', async () => {
    browser = getBrowser();
    const photos = [
      await upload(server, 'lunch-1', 'A bowl of ramen on a wooden table'),
      await upload(server, 'lunch-2', 'Green tea in a blue cup'),
    ];
    const withMedia = await post(server, {
      status: 'Lunch at the new place by the river #food',
      media_ids: photos,
      sensitive: true,
      spoiler_text: 'food pics',
      language: 'de',
    });
    const withPoll = await post(server, {
      status: 'Which train tomorrow?',
      poll: { options: ['08:12', '08:42', 'Bike instead'], expires_in: 86_400, multiple: true },
      language: 'en',
    });
    const withCw = await post(server, {
      status: 'Moving flats next month, boxes everywhere.',
      spoiler_text: 'life update',
    });
    const reply = await post(server, {
      status: 'And the dessert was even better.',
      in_reply_to_id: withMedia,
    });
    const planned = [withMedia, withPoll, withCw, reply];
    expect(
      eligible(server)
        .map((s) => s.id)
        .sort(),
    ).toEqual([...planned].sort());
    const originalMedia = server.state.statuses.get(withMedia)!.mediaIds;

    popup = await signIn(browser, server.url);
    await runCheckup(popup);
    page = await browser.newPage(browser.extensionUrl('dashboard.html#rescope'));
    await planZeroEngagement(page, 'unlisted');
    const state = before(server, planned);
    await confirmPlan(page, planned.length);

    // Write access is asked for now, in a new authorization round on the server's consent page.
    const consent = await browser.waitForPage((url) => {
      if (!url.startsWith(`${server.url}/oauth/authorize`)) return false;
      const scopes = (new URL(url).searchParams.get('scope') ?? '').split(/[\s+]/);
      return scopes.includes('write:statuses') && scopes.includes('write:media');
    }, 20_000);
    await consent.click('#authorize');

    await waitForStatus(page, 'done', 90_000);
    await page.waitFor('[data-testid=rescope-report]');
    expect(await page.count('[data-testid=rescope-report] tbody tr')).toBe(planned.length);
    expect(await page.count('[data-testid=rescope-report] tr[data-state=verified]')).toBe(planned.length);
    const rows = await page.evaluate<{ id: string; old: string; new: string }[]>(
      `[...document.querySelectorAll('[data-testid=rescope-report] tbody tr')].map((tr) => ({ id: tr.dataset.postId, old: tr.cells[0].textContent, new: tr.cells[1].textContent }))`,
    );

    const outcome = checkServerState(server as never, state, 'unlisted');
    expect(outcome.lost).toEqual([]);
    expect(outcome.duplicated).toEqual([]);
    expect(outcome.stray).toEqual([]);
    expect(outcome.rescoped).toBe(planned.length);

    const created = [...server.state.statuses.values()].filter((s) => !state.existing.has(s.id));
    expect(created).toHaveLength(planned.length);
    const newIdOf = new Map<string, string>();
    for (const row of rows) {
      const old = server.state.statuses.get(row.id)!;
      expect(old.deleted, `original ${row.id} is deleted`).toBe(true);
      // Re-draft deletes keep the media for re-use (no delete_media).
      expect(old.deletedWithMedia).toBe(false);
      expect(row.old).toContain(row.id);
      const fresh = created.find((s) => row.new.endsWith(`/${s.id}`));
      expect(fresh, `the report's new URL ${row.new} is a new post`).toBeDefined();
      expect(fresh!.visibility).toBe('unlisted');
      expect(fresh!.text).toBe(old.text);
      expect(fresh!.spoilerText).toBe(old.spoilerText);
      newIdOf.set(row.id, fresh!.id);
    }
    // The self-reply points at the re-posted parent.
    expect(server.state.statuses.get(newIdOf.get(reply)!)!.inReplyToId).toBe(newIdOf.get(withMedia));
    // The media were purged after the delete, so they were uploaded again from the backup:
    // new attachment ids, same bytes and alt text (checked by checkServerState), same order.
    const reposted = server.state.statuses.get(newIdOf.get(withMedia)!)!;
    expect(reposted.mediaIds).toHaveLength(2);
    for (const id of reposted.mediaIds) expect(originalMedia).not.toContain(id);
    expect(reposted.mediaIds.map((id) => server.state.media.get(id)!.description)).toEqual([
      'A bowl of ramen on a wooden table',
      'Green tea in a blue cup',
    ]);
    const poll = server.state.statuses.get(newIdOf.get(withPoll)!)!.poll!;
    expect(poll.options.map((o) => o.title)).toEqual(['08:12', '08:42', 'Bike instead']);
    expect(poll.multiple).toBe(true);
  }, 240_000);

  it('pauses a running job from the dashboard, touches nothing while paused, and resumes to the end', async () => {
    const ids: string[] = [];
    for (let i = 1; i <= 12; i++)
      ids.push(await post(server, { status: `Old thought number ${i}, nothing special.` }));
    expect(
      eligible(server)
        .map((s) => s.id)
        .sort(),
    ).toEqual([...ids].sort());

    // A fresh checkup so the dashboard's snapshot holds the new posts.
    const ranAt = await checkupRanAt(popup!);
    await popup!.click('[data-testid=run-checkup]');
    const deadline = Date.now() + 120_000;
    while ((await checkupRanAt(popup!)) === ranAt) {
      if (Date.now() > deadline) throw new Error('The second checkup did not finish');
      await new Promise((r) => setTimeout(r, 200));
    }
    expect((await storedResult(popup!)).incomplete).toEqual([]);

    await page!.click('[data-testid=plan-new]');
    await planZeroEngagement(page!, 'private');
    const state = before(server, ids);
    await confirmPlan(page!, ids.length);
    // write:statuses and write:media were granted for the first job: no second consent round.
    await waitForStatus(page!, 'running', 20_000);
    await page!.waitForText('[data-testid=rescope-progress]', /^\D*[1-9]/, 30_000);
    await page!.click('[data-testid=rescope-pause]');
    await waitForStatus(page!, 'paused', 30_000);
    await page!.waitFor('[data-testid=rescope-resume]');

    // Paused between posts: every post is either untouched or re-scoped, none half-way.
    const deletesAtPause = [...server.state.statuses.values()].filter((s) => s.deleted).length;
    const paused = checkServerState(server as never, state, 'private');
    expect(paused.lost).toEqual([]);
    expect(paused.duplicated).toEqual([]);
    expect(paused.stray).toEqual([]);
    expect(paused.rescoped).toBeGreaterThan(0);
    expect(paused.untouched).toBeGreaterThan(0);
    expect(paused.rescoped + paused.untouched).toBe(ids.length);
    // Nothing moves while paused.
    await new Promise((r) => setTimeout(r, 3000));
    expect([...server.state.statuses.values()].filter((s) => s.deleted).length).toBe(deletesAtPause);
    await waitForStatus(page!, 'paused', 1000);

    await page!.click('[data-testid=rescope-resume]');
    await waitForStatus(page!, 'done', 90_000);
    expect(await page!.count('[data-testid=rescope-report] tr[data-state=verified]')).toBe(ids.length);
    const outcome = checkServerState(server as never, state, 'private');
    expect(outcome.lost).toEqual([]);
    expect(outcome.duplicated).toEqual([]);
    expect(outcome.stray).toEqual([]);
    expect(outcome.rescoped).toBe(ids.length);
    for (const id of ids) expect(server.state.statuses.get(id)!.deleted).toBe(true);
  }, 240_000);
});
