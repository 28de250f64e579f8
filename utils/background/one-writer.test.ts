/**
 * The races and failures of several writers, against the real test server through the
 * background's own command handlers: an archive merged during a checkup, two crawls at once, two
 * tabs creating a re-scope job, sign-out with a failing step, the token revoked between a delete
 * and its re-post.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { makeArchiveActor, makeStatus } from '../../test/factories';
import { startServer, type RunningServer } from '../../test/mastodon-server';
import type { ServerState } from '../../test/mastodon-server/state';
import { signInAsOwner } from '../../test/signed-in';
import { RequestSchema, type Request } from '../messages';
import { openRescopeStore } from '../rescope/store';
import { DEFAULT_RESCOPE_OPTIONS, type JournalEntry } from '../rescope/types';
import { deleteToken, loadToken, saveToken } from '../secrets';
import { deleteAllSnapshots, loadSnapshot } from '../snapshot/store';
import { readKey, updateSettings, writeKey } from '../storage';
import { queues, sessionAccount } from './account-queue';
import { handlers } from './handlers';
import { createRescopeJob, resumeAfterSignIn, runRescopeJobs } from './rescope';
import { scheduledRecheck } from './schedule';

const WRITE = ['read', 'write:statuses', 'write:media'];
const page = { url: 'chrome-extension://test/dashboard.html' };

/** A request as a page sends it, validated like the router does. */
async function command<T extends Request['type']>(request: Extract<Request, { type: T }>) {
  const parsed = RequestSchema.parse(request) as Extract<Request, { type: T }>;
  const handler = handlers[parsed.type] as (r: typeof parsed, s: typeof page) => Promise<unknown>;
  return handler(parsed, page) as ReturnType<(typeof handlers)[T]>;
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} never happened: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function idle(server: RunningServer) {
  await queues.idle(sessionAccount({ origin: server.url, accountId: server.owner.id }));
}

async function resetJobs() {
  const store = await openRescopeStore();
  for (const job of await store.listJobs()) {
    await store.deleteJob(job.id);
    await store.deleteBackups(job.id);
  }
}

function archiveOf(server: RunningServer) {
  const actor = makeArchiveActor(server);
  // Old posts the API no longer lists (deleted long ago, or beyond what the crawl reads).
  const statuses = Array.from({ length: 5 }, (_, i) =>
    makeStatus({ id: `archived-${i}`, created_at: `2015-0${i + 1}-01T00:00:00.000Z` }),
  );
  return { actor, statuses };
}

describe('one writer, one job at a time', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ seed: 21, posts: 60, followers: 10, following: 5, latencyMs: 40 });
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(async () => {
    fakeBrowser.reset();
    await deleteAllSnapshots();
    await deleteToken();
    await resetJobs();
    server.faults.clear();
  });

  it('an archive merged while a checkup runs survives the checkup’s save', async () => {
    await signInAsOwner(server);
    await command({ type: 'checkup/run' });
    await idle(server);
    await command({ type: 'checkup/run' });
    await until(
      () => readKey('checkupState'),
      (s) => s?.status === 'running',
      'the checkup running',
    );

    const { actor, statuses } = archiveOf(server);
    const reply = await command({
      type: 'archive/merge',
      importId: 'import-1',
      part: 0,
      parts: 1,
      statuses,
      actor,
      posts: statuses.length,
    });
    expect(reply).toEqual({ ok: true, complete: true, behind: 'crawl' });
    expect((await readKey('archiveMerge'))?.status).toBe('queued');
    await idle(server);

    expect((await readKey('archiveMerge'))?.status).toBe('done');
    expect((await readKey('checkupState'))?.status).toBe('done');
    const snapshot = await loadSnapshot(server.url, server.owner.id);
    const ids = new Set(snapshot?.statuses.map((s) => s.id));
    for (const s of statuses) expect(ids.has(s.id)).toBe(true);
    expect(snapshot?.statuses.length).toBe(65);
    expect(snapshot?.source).toBe('api+archive');
    expect((await readKey('checkupResult'))?.stats.posts).toBe(65);

    // And the other way round: a checkup started after the merge keeps the archive too.
    await command({ type: 'checkup/run' });
    await idle(server);
    expect((await loadSnapshot(server.url, server.owner.id))?.statuses.length).toBe(65);
  }, 60_000);

  it('a scheduled re-check and a manual checkup at once run one crawl, and the second says so', async () => {
    await signInAsOwner(server);
    server.resetCounts();
    const recheck = scheduledRecheck();
    // The re-check's crawl has begun on the server when the person clicks.
    await until(
      async () => server.counts()['GET /api/v1/accounts/verify_credentials'] ?? 0,
      (n) => n > 0,
      'the re-check reaching the server',
    );
    const reply = await command({ type: 'checkup/run' });
    expect(reply).toMatchObject({ ok: true, joined: true });
    await recheck;
    await idle(server);
    expect(server.counts()['GET /api/v1/accounts/verify_credentials']).toBe(1);
    expect((await loadSnapshot(server.url, server.owner.id))?.statuses).toHaveLength(60);
  }, 60_000);

  it('two tabs confirming a re-scope at once make one job, and no post is duplicated', async () => {
    await saveToken({ origin: server.url, accessToken: server.issueToken(WRITE), scopes: WRITE });
    await writeKey('session', {
      origin: server.url,
      accountId: server.owner.id,
      acct: server.owner.acct,
      handle: `@${server.owner.username}`,
      displayName: server.owner.displayName,
      scopes: WRITE,
      signedInAt: new Date().toISOString(),
    });
    await command({ type: 'checkup/run' });
    await idle(server);
    const snapshot = (await loadSnapshot(server.url, server.owner.id))!;
    const options = { ...DEFAULT_RESCOPE_OPTIONS, olderThanDays: null, keepPinned: false };
    const postIds = snapshot.statuses
      .filter((s) => s.visibility === 'public' && !s.reblog && s.media_attachments.length === 0)
      .slice(0, 3)
      .map((s) => s.id);
    const texts = new Map(postIds.map((id) => [id, (server.state as ServerState).statuses.get(id)!.text]));

    const [a, b] = await Promise.all([
      command({ type: 'rescope/create', options, postIds }),
      command({ type: 'rescope/create', options, postIds }),
    ]);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(b.jobId).toBe(a.jobId);
    expect([a.joined, b.joined].sort()).toEqual([false, true]);
    await until(
      async () => (await openRescopeStore()).getJob(a.jobId),
      (job) => job?.status === 'done',
      'the job finishing',
      40_000,
    );
    expect(await (await openRescopeStore()).listJobs()).toHaveLength(1);
    const live = [...(server.state as ServerState).statuses.values()].filter((s) => !s.deleted);
    for (const [id, text] of texts) {
      expect((server.state as ServerState).statuses.get(id)!.deleted).toBe(true);
      expect(live.filter((s) => s.text === text && s.visibility === 'private')).toHaveLength(1);
    }
  }, 60_000);

  it('sign-out completes when a cleanup step fails, says which, and pauses the running job', async () => {
    await signInAsOwner(server);
    await command({ type: 'checkup/run' });
    await idle(server);
    await updateSettings({ composeWarnings: true });
    const snapshot = (await loadSnapshot(server.url, server.owner.id))!;
    const postIds = snapshot.statuses.filter((s) => s.visibility === 'public' && !s.reblog).map((s) => s.id);
    const options = { ...DEFAULT_RESCOPE_OPTIONS, olderThanDays: null, keepPinned: false };
    const { jobId } = await createRescopeJob({ options, postIds: postIds.slice(0, 2) });
    // What a real browser has and WXT's fake lacks: the registered compose script.
    vi.spyOn(fakeBrowser.scripting, 'getRegisteredContentScripts').mockResolvedValue([]);
    vi.spyOn(fakeBrowser.identity, 'getRedirectURL').mockReturnValue('https://test.chromiumapp.org/oauth');
    vi.spyOn(fakeBrowser.permissions, 'remove').mockRejectedValue(
      new Error('You cannot remove required permissions.'),
    );
    const reply = await command({ type: 'auth/signOut' });
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error).toMatch(/site access for compose warnings \(.*required permissions/);
    // Only that step failed; everything after it ran.
    expect(!reply.ok && reply.error.match(/\(/g)).toHaveLength(1);
    expect(await loadToken()).toBeUndefined();
    expect(await readKey('session')).toBeUndefined();
    expect(await readKey('checkupResult')).toBeUndefined();
    expect(await loadSnapshot(server.url, server.owner.id)).toBeNull();
    // The job is paused with the reason, not dropped: signing in again continues it.
    const job = await (await openRescopeStore()).getJob(jobId);
    expect(job?.status).toBe('paused');
    expect(job?.error).toMatch(/Sign in to .* again/);
  }, 60_000);

  it('the token revoked between a delete and its re-post: shown at once, finished first after signing in', async () => {
    const token = server.issueToken(WRITE);
    await saveToken({ origin: server.url, accessToken: token, scopes: WRITE });
    await writeKey('session', {
      origin: server.url,
      accountId: server.owner.id,
      acct: server.owner.acct,
      handle: `@${server.owner.username}`,
      displayName: server.owner.displayName,
      scopes: WRITE,
      signedInAt: new Date().toISOString(),
    });
    await command({ type: 'checkup/run' });
    await idle(server);
    const snapshot = (await loadSnapshot(server.url, server.owner.id))!;
    const postIds = snapshot.statuses
      .filter((s) => s.visibility === 'public' && !s.reblog && s.media_attachments.length === 0)
      .slice(0, 4)
      .map((s) => s.id);
    const options = { ...DEFAULT_RESCOPE_OPTIONS, olderThanDays: null, keepPinned: false };
    const state = server.state as ServerState;
    let caught: string | undefined;
    let steps: JournalEntry[] = [];
    const onStep = (entry: JournalEntry) => {
      steps.push(entry);
      // The second post: deleted, then the token is revoked on the server before its re-post.
      if (!caught && entry.state === 'deleted' && steps.filter((e) => e.state === 'deleted').length === 2) {
        caught = entry.postId;
        state.tokens.get(token)!.revokedAt = Date.now();
      }
    };
    // The job runs by the queue with the test's onStep; creation alone does not run it here.
    const created = await createRescopeJob({ options, postIds });
    await runRescopeJobs({ onStep });
    await idle(server);

    expect(caught).toBeDefined();
    const view = await command({ type: 'rescope/state' });
    expect(view.ok).toBe(true);
    if (!view.ok) return;
    expect(view.job).toMatchObject({ id: created.jobId, status: 'paused' });
    expect(view.job?.error).toMatch(/Sign in again/);
    expect(view.stranded).toEqual([expect.objectContaining({ postId: caught, hasBackup: true })]);
    expect(state.statuses.get(caught!)!.deleted).toBe(true);

    // Signing in again: the stranded post is re-posted before anything else.
    const fresh = server.issueToken(WRITE);
    await saveToken({ origin: server.url, accessToken: fresh, scopes: WRITE });
    steps = [];
    await resumeAfterSignIn({ onStep });
    await idle(server);
    const firstReposted = steps.find((e) => e.state === 'reposted');
    expect(firstReposted?.postId).toBe(caught);
    const job = await (await openRescopeStore()).getJob(created.jobId);
    expect(job?.status).toBe('done');
    const again = await command({ type: 'rescope/state' });
    expect(again.ok && again.stranded).toEqual([]);
  }, 60_000);
});
