/**
 * Fault tests against the real test server and the real client. Each ends with the same
 * assertion on the server's full state (checkServerState): every planned post exists exactly once
 * at the target visibility, identical, or is untouched; nothing duplicated.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createJob, idempotencyKey, jobReport } from '../../utils/rescope/journal';
import { cancelJob, pauseJob, resumeJob, runJob } from '../../utils/rescope/scheduler';
import { quotePolicyFor } from '../../utils/rescope/executor';
import { createMegalodonClient } from '../../utils/mastodon/megalodon-client';
import { resumeRescopeJobs, RESCOPE_ALARM } from '../../utils/rescope/background';
import { exportBackup, type ExportedBackupFile } from '../../utils/rescope/backup';
import type { JournalEntry, RescopeTarget } from '../../utils/rescope/types';
import type { ServerState } from '../mastodon-server/state';
import { checkServerState, harness, planFromServer, recordBefore, type Harness } from './harness';

let current: Harness | undefined;
afterEach(async () => {
  current?.server.faults.clear();
  await current?.server.close();
  current = undefined;
  fakeBrowser.reset();
});

async function setup(target: RescopeTarget = 'private', opts: Parameters<typeof harness>[0] = {}, pick = 10) {
  const h = await harness(opts);
  current = h;
  const plan = await planFromServer(h, target, pick);
  const before = recordBefore(h.server, plan);
  const store = await h.openStore();
  const job = await createJob(store, plan, h.clock.now(), `job-${target}`);
  return { h, plan, before, store, job };
}

function expectLossless(
  h: Harness,
  before: ReturnType<typeof recordBefore>,
  target: RescopeTarget,
  expectAllDone = true,
) {
  const outcome = checkServerState(h.server, before, target);
  expect(outcome.lost).toEqual([]);
  expect(outcome.duplicated).toEqual([]);
  expect(outcome.stray).toEqual([]);
  if (expectAllDone) expect(outcome.rescoped).toBe(before.ids.length);
  return outcome;
}

describe('re-scope executor against the test server', () => {
  it('re-scopes a varied set (media, polls, CWs, replies) with backups, verification and a URL mapping', async () => {
    const { h, plan, before, store, job } = await setup('private');
    expect(plan.posts.some((p) => p.mediaCount > 0)).toBe(true);
    expect(plan.posts.some((p) => p.hasPoll)).toBe(true);
    const result = await runJob(job.id, { client: h.client, clock: h.clock, store });
    expect(result.status).toBe('done');
    expectLossless(h, before, 'private');
    const report = await jobReport(store, job.id);
    expect(report.verified).toBe(plan.posts.length);
    for (const row of report.rows) {
      expect(row.oldUrl).toContain(row.postId);
      expect(row.newUrl).toMatch(/^http/);
      expect(row.newUrl).not.toBe(row.oldUrl);
    }
    // Media were re-used, not uploaded again; deletes never asked to delete media.
    const state = h.server.state as ServerState;
    for (const id of before.ids) expect(state.statuses.get(id)!.deletedWithMedia).toBe(false);
    // The backup holds the media bytes and alt text.
    const file = JSON.parse(await (await exportBackup(store, job.id)).text()) as ExportedBackupFile;
    const withMedia = file.posts.find((p) => p.media.length > 0)!;
    const m = state.media.get(withMedia.media[0]!.id)!;
    expect(Buffer.from(withMedia.media[0]!.base64, 'base64').equals(m.bytes)).toBe(true);
    expect(withMedia.media[0]!.description).toBe(m.description);
  });

  it('survives 500s and timeouts on every step', async () => {
    const { h, before, store, job } = await setup('unlisted');
    h.server.faults.add({ route: 'DELETE /api/v1/statuses/:id', kind: '500', times: 2, after: 1 });
    h.server.faults.add({ route: 'POST /api/v1/statuses', kind: '500', times: 2, after: 2 });
    h.server.faults.add({ route: 'GET /api/v1/statuses/:id', kind: '500', times: 2, after: 3 });
    h.server.faults.add({ route: 'POST /api/v1/statuses', kind: 'timeout', times: 1, after: 5 });
    h.server.faults.add({ route: 'DELETE /api/v1/statuses/:id', kind: 'timeout', times: 1, after: 6 });
    const result = await runJob(job.id, { client: h.client, clock: h.clock, store });
    expect(result.status).toBe('done');
    expectLossless(h, before, 'unlisted');
    expect(h.server.counts()['DELETE /api/v1/statuses/:id']).toBeGreaterThan(before.ids.length);
  }, 60_000);

  it('a connection reset after the server applied a delete or a post loses and duplicates nothing', async () => {
    const { h, before, store, job } = await setup('private');
    h.server.faults.add({
      route: 'DELETE /api/v1/statuses/:id',
      kind: 'reset-after-apply',
      times: 3,
      after: 1,
    });
    h.server.faults.add({ route: 'POST /api/v1/statuses', kind: 'reset-after-apply', times: 3, after: 2 });
    const result = await runJob(job.id, { client: h.client, clock: h.clock, store });
    expect(result.status).toBe('done');
    expectLossless(h, before, 'private');
    expect((await jobReport(store, job.id)).failed).toBe(0);
    // DELETE answers never arrived although the server had applied them (fetch itself may repeat an
    // idempotent DELETE after a reset, which then meets a 404): those posts were re-posted from the
    // backed-up source text, and the repeated POSTs were answered from the Idempotency-Key.
    const backups = await store.listBackups(job.id);
    expect(backups.filter((b) => b.deleted === null).length).toBeGreaterThanOrEqual(1);
    expect(h.server.counts()['POST /api/v1/statuses']).toBeGreaterThan(before.ids.length);
  }, 60_000);

  it('waits out 429 storms until the reset', async () => {
    const { h, before, store, job } = await setup('private');
    h.server.faults.add({ route: 'DELETE /api/v1/statuses/:id', kind: '429', times: 6, after: 2 });
    h.server.faults.add({ route: 'POST /api/v1/statuses', kind: '429', times: 4, after: 1 });
    const seen: Date[] = [];
    const start = h.clock.now();
    const result = await runJob(job.id, {
      client: h.client,
      clock: h.clock,
      store,
      onRateLimited: (e) => seen.push(e.resetAt),
    });
    expect(result.status).toBe('done');
    expect(seen.length).toBeGreaterThan(0);
    expect(h.clock.now()).toBeGreaterThan(start);
    expectLossless(h, before, 'private');
  }, 60_000);

  it('the service worker killed between delete and re-post: a new executor finishes from the journal', async () => {
    const { h, before, store, job } = await setup('private');
    const kill = new AbortController();
    let deletedSeen = 0;
    const onStep = (entry: JournalEntry) => {
      if (entry.state === 'deleted' && ++deletedSeen === 3) kill.abort(new Error('service worker stopped'));
    };
    await expect(
      runJob(job.id, { client: h.client, clock: h.clock, store, signal: kill.signal, onStep }),
    ).rejects.toThrow();
    const states = (await store.listEntries(job.id)).map((e) => e.state);
    expect(states).toContain('deleted');
    // The post is gone from the server right now: only the journal and the backup know it.
    const midway = checkServerState(h.server, before, 'private');
    expect(midway.lost.length).toBe(1);
    store.close();

    const reopened = await h.openStore();
    const result = await runJob(job.id, { client: h.newClient(), clock: h.clock, store: reopened });
    expect(result.status).toBe('done');
    expectLossless(h, before, 'private');
  }, 60_000);

  it('killed while the re-post was in flight (state reposting): the same Idempotency-Key never posts twice', async () => {
    const { h, before, store, job } = await setup('unlisted');
    const kill = new AbortController();
    // From the 4th re-post on, the server creates the post but the answer never arrives.
    h.server.faults.add({
      route: 'POST /api/v1/statuses',
      kind: 'reset-after-apply',
      times: Infinity,
      after: 3,
    });
    let victim: JournalEntry | undefined;
    const onStep = (entry: JournalEntry) => {
      if (entry.state === 'reposting' && entry.attempts >= 1) {
        victim = entry;
        kill.abort(new Error('service worker stopped'));
      }
    };
    await expect(
      runJob(job.id, { client: h.client, clock: h.clock, store, signal: kill.signal, onStep }),
    ).rejects.toThrow();
    expect(victim).toBeDefined();
    const state = h.server.state as ServerState;
    const key = idempotencyKey(job.id, victim!.postId, victim!.generation);
    const applied = [...state.statuses.values()].filter((s) => s.idempotencyKey === key && !s.deleted);
    expect(applied).toHaveLength(1);
    expect((await store.getEntry(job.id, victim!.postId))?.state).toBe('reposting');
    h.server.faults.clear();
    store.close();

    const reopened = await h.openStore();
    const result = await runJob(job.id, { client: h.newClient(), clock: h.clock, store: reopened });
    expect(result.status).toBe('done');
    expect([...state.statuses.values()].filter((s) => s.idempotencyKey === key)).toHaveLength(1);
    expect((await reopened.getEntry(job.id, victim!.postId))?.newId).toBe(applied[0]!.id);
    expectLossless(h, before, 'unlisted');
  }, 60_000);

  it('a browser restart mid-job: resumeRescopeJobs picks it up from IndexedDB and sets the alarm', async () => {
    const { h, before, store, job } = await setup('private', {}, 40);
    // First run in the "service worker": no wait longer than 25 s stays in memory.
    const badges: string[] = [];
    const first = await resumeRescopeJobs({
      clientFor: async () => h.client,
      store,
      clock: h.clock,
      setBadge: (t) => void badges.push(t),
    });
    expect(first[0]?.status).toBe('waiting');
    const alarm = await fakeBrowser.alarms.get(RESCOPE_ALARM);
    expect(alarm?.scheduledTime).toBe((await store.getJob(job.id))!.wakeAt);
    expect(badges.at(-1)).toMatch(/^\d+$/);
    const doneFirst = (await store.listEntries(job.id)).filter((e) => e.state === 'verified').length;
    expect(doneFirst).toBe(29);
    store.close();

    // Browser restart: new store connection, new client; the alarm fires when the window opens.
    const reopened = await h.openStore();
    for (let i = 0; i < 5; i++) {
      const jobNow = (await reopened.getJob(job.id))!;
      if (jobNow.status === 'done') break;
      h.clock.advance(Math.max(0, (jobNow.wakeAt ?? h.clock.now()) - h.clock.now()));
      await resumeRescopeJobs({
        clientFor: async () => h.newClient(),
        store: reopened,
        clock: h.clock,
        setBadge: (t) => void badges.push(t),
      });
    }
    expect((await reopened.getJob(job.id))!.status).toBe('done');
    expect(badges.at(-1)).toBe('');
    expectLossless(h, before, 'private');
    expect(h.server.counts()).toBeDefined();
  }, 60_000);

  it('media purged before the re-post: re-uploaded from the backup with the same bytes and alt text', async () => {
    const { h, before, store, job } = await setup('private', { mediaRetentionMs: 1_000 });
    const onStep = (entry: JournalEntry) => {
      if (entry.state === 'deleted') h.clock.advance(60_000);
    };
    const result = await runJob(job.id, { client: h.client, clock: h.clock, store, onStep });
    expect(result.status).toBe('done');
    const outcome = expectLossless(h, before, 'private');
    expect(outcome.rescoped).toBeGreaterThan(0);
    const entries = await store.listEntries(job.id);
    expect(entries.some((e) => e.mediaReuploaded)).toBe(true);
  }, 60_000);

  it('media still attached to the deleted post (as Mastodon 4.3 right after DELETE): re-uploaded, nothing lost', async () => {
    const { h, before, store, job } = await setup('private', { mediaDetachMs: 60_000 });
    const result = await runJob(job.id, { client: h.client, clock: h.clock, store });
    expect(result.status).toBe('done');
    expectLossless(h, before, 'private');
    const entries = await store.listEntries(job.id);
    const withMedia = entries.filter((e) => e.mediaIds?.length || e.mediaReuploaded);
    expect(withMedia.length).toBeGreaterThan(0);
    expect(withMedia.every((e) => e.mediaReuploaded)).toBe(true);
  }, 60_000);

  it('media freed a moment after DELETE (as Mastodon 4.3 with its queue running): the re-post waits and re-uses it, nothing uploaded', async () => {
    const { h, before, store, job } = await setup('private', { mediaDetachMs: 1_500 });
    const state = h.server.state as ServerState;
    const mediaBefore = state.media.size;
    const result = await runJob(job.id, { client: h.client, clock: h.clock, store });
    expect(result.status).toBe('done');
    expectLossless(h, before, 'private');
    const entries = await store.listEntries(job.id);
    expect(entries.some((e) => e.mediaReuploaded)).toBe(false);
    expect(state.media.size).toBe(mediaBefore);
    const reposted = entries.map((e) => state.statuses.get(e.newId!)!);
    expect(reposted.some((st) => st.mediaIds.length > 0)).toBe(true);
  }, 60_000);

  it('the re-post keeps who may quote the post, never the account default', async () => {
    const { h, before, store, job } = await setup('unlisted', {}, 6);
    const state = h.server.state as ServerState;
    const policies = ['followers', 'nobody', 'public'] as const;
    // The account lets anyone quote by default; the posts were narrower (set before the backup is read).
    before.ids.forEach((id, i) => (state.statuses.get(id)!.quotePolicy = policies[i % policies.length]));
    const result = await runJob(job.id, { client: h.client, clock: h.clock, store });
    expect(result.status).toBe('done');
    expectLossless(h, before, 'unlisted');
    const entries = await store.listEntries(job.id);
    expect(entries).toHaveLength(before.ids.length);
    for (const [i, id] of before.ids.entries()) {
      const newId = entries.find((e) => e.postId === id)!.newId!;
      expect(state.statuses.get(newId)!.quotePolicy).toBe(policies[i % policies.length]);
    }
  });

  it('delete-only jobs delete after backing up, and re-post nothing', async () => {
    const { h, before, store, job } = await setup('delete', {}, 5);
    h.server.faults.add({
      route: 'DELETE /api/v1/statuses/:id',
      kind: 'reset-after-apply',
      times: 1,
      after: 1,
    });
    const result = await runJob(job.id, { client: h.client, clock: h.clock, store });
    expect(result.status).toBe('done');
    const state = h.server.state as ServerState;
    for (const id of before.ids) expect(state.statuses.get(id)!.deleted).toBe(true);
    expect(checkServerState(h.server, before, 'delete').stray).toEqual([]);
    expect((await store.listBackups(job.id)).length).toBe(5);
  }, 60_000);

  it('pause and cancel wait for the post in flight: a deleted post is always re-posted first', async () => {
    const { h, before, store, job } = await setup('private');
    let deleted = 0;
    const paused = await runJob(job.id, {
      client: h.client,
      clock: h.clock,
      store,
      onStep: async (entry) => {
        if (entry.state === 'deleted' && ++deleted === 2) await pauseJob(store, job.id);
      },
    });
    expect(paused.status).toBe('paused');
    expect((await jobReport(store, job.id)).verified).toBe(2);
    await resumeJob(store, job.id);
    deleted = 0;
    const cancelled = await runJob(job.id, {
      client: h.client,
      clock: h.clock,
      store,
      onStep: async (entry) => {
        if (entry.state === 'deleted' && ++deleted === 1) await cancelJob(store, job.id);
      },
    });
    expect(cancelled.status).toBe('cancelled');
    const outcome = expectLossless(h, before, 'private', false);
    expect(outcome.rescoped).toBe(3);
    expect(outcome.untouched).toBe(before.ids.length - 3);
  }, 60_000);

  it('a token without write access stops the job with a sentence, touching nothing', async () => {
    const { h, before, store, job } = await setup('private', {}, 3);
    const readOnly = createMegalodonClient({
      origin: h.server.url,
      token: h.server.issueToken(['read']),
      clock: h.clock,
    });
    const result = await runJob(job.id, { client: readOnly, clock: h.clock, store });
    expect(result.status).toBe('paused');
    expect(result.error).toMatch(/Sign in again/);
    const outcome = checkServerState(h.server, before, 'private');
    expect(outcome.untouched).toBe(3);
    // With the right token the same job finishes.
    await resumeJob(store, job.id);
    expect((await runJob(job.id, { client: h.client, clock: h.clock, store })).status).toBe('done');
    expectLossless(h, before, 'private');
  }, 60_000);
});

describe('quotePolicyFor', () => {
  const approval = (automatic: string[], manual: string[] = []) => ({
    quote_approval: { automatic, manual },
  });
  it.each([
    ['anyone', approval(['public']), 'unlisted', { quote_approval_policy: 'public' }],
    ['followers', approval(['followers']), 'public', { quote_approval_policy: 'followers' }],
    ['nobody', approval([]), 'unlisted', { quote_approval_policy: 'nobody' }],
    [
      'manual review only: never wider',
      approval([], ['public']),
      'unlisted',
      { quote_approval_policy: 'nobody' },
    ],
    [
      'accounts they follow: never wider',
      approval(['following']),
      'unlisted',
      { quote_approval_policy: 'nobody' },
    ],
    ['followers-only target', approval(['public']), 'private', { quote_approval_policy: 'nobody' }],
    ['a server without quotes', { quote_approval: undefined }, 'unlisted', {}],
    ['a server answering null', { quote_approval: null }, 'unlisted', {}],
  ] as const)('%s', (_name, status, target, expected) => {
    expect(quotePolicyFor(status, target)).toEqual(expected);
  });
});
