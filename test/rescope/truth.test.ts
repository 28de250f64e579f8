/**
 * Re-scope tells the truth about what it does: no long wait in memory, an ETA that counts the
 * wait, a state for a server that does not answer, and no second upload of a media file after a
 * restart. Against the real test server on a simulated clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { Clock } from '../../utils/clock';
import type { MastodonClient } from '../../utils/mastodon/client';
import { AbortedError } from '../../utils/mastodon/errors';
import { MAX_INLINE_WAIT_MS, rescopeClient } from '../../utils/rescope/background';
import { createJob } from '../../utils/rescope/journal';
import { jobProgress, runJob } from '../../utils/rescope/scheduler';
import type { RescopeTarget } from '../../utils/rescope/types';
import type { ServerState } from '../mastodon-server/state';
import { checkServerState, harness, planFromServer, recordBefore, type Harness } from './harness';

let current: Harness | undefined;
afterEach(async () => {
  current?.server.faults.clear();
  await current?.server.close();
  current = undefined;
  fakeBrowser.reset();
});

async function setup(target: RescopeTarget, opts: Parameters<typeof harness>[0], pick: number) {
  const h = await harness(opts);
  current = h;
  const plan = await planFromServer(h, target, pick);
  const before = recordBefore(h.server, plan);
  const store = await h.openStore();
  const job = await createJob(store, plan, h.clock.now(), `job-truth-${target}`);
  return { h, plan, before, store, job };
}

/** The harness clock, recording every in-memory wait. */
function recording(base: Clock) {
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => base.now(),
    sleep: (ms, signal) => {
      sleeps.push(ms);
      return base.sleep(ms, signal);
    },
  };
  return { clock, sleeps };
}

describe('re-scope tells the truth', () => {
  it('never waits longer than the inline limit in memory: the client’s pacing ends the run for an alarm, and the ETA counts the wait', async () => {
    const { h, before, store, job } = await setup('private', { posts: 60, seed: 31 }, 35);
    const { clock, sleeps } = recording(h.clock);
    const client = rescopeClient({
      origin: h.server.url,
      token: h.server.ownerToken,
      clock,
      timeoutMs: 1_500,
    });
    let result = await runJob(job.id, { client, clock, store, maxInlineWaitMs: MAX_INLINE_WAIT_MS });
    expect(result.status).toBe('waiting');
    expect(Math.max(0, ...sleeps)).toBeLessThanOrEqual(MAX_INLINE_WAIT_MS);

    // While it waits, the page's ETA starts at the wake-up, not now.
    const waiting = (await store.getJob(job.id))!;
    expect(waiting.waitReason?.until).toBe(result.wakeAt);
    const progress = (await jobProgress(store, job.id, h.clock.now()))!;
    expect(progress.eta!.ms).toBeGreaterThanOrEqual(result.wakeAt! - h.clock.now());

    // The alarms of the service worker, one run per wake-up, finish the job losing nothing.
    for (let runs = 0; result.status === 'waiting' && runs < 20; runs++) {
      h.clock.advance(result.wakeAt! - h.clock.now());
      const fresh = rescopeClient({
        origin: h.server.url,
        token: h.server.ownerToken,
        clock,
        timeoutMs: 1_500,
      });
      result = await runJob(job.id, { client: fresh, clock, store, maxInlineWaitMs: MAX_INLINE_WAIT_MS });
    }
    expect(result.status).toBe('done');
    expect(Math.max(0, ...sleeps)).toBeLessThanOrEqual(MAX_INLINE_WAIT_MS);
    const outcome = checkServerState(h.server, before, 'private');
    expect(outcome.lost).toEqual([]);
    expect(outcome.duplicated).toEqual([]);
  }, 120_000);

  it('says when the server is not answering, with the attempt, and the time of the next try', async () => {
    const { h, store, job } = await setup('private', { seed: 32 }, 3);
    h.server.faults.add({ route: 'DELETE /api/v1/statuses/:id', kind: '503-html', times: Infinity });
    const reasons: unknown[] = [];
    const result = await runJob(job.id, {
      client: h.client,
      clock: h.clock,
      store,
      maxInlineWaitMs: MAX_INLINE_WAIT_MS,
      onProgress: (p) => p.waitReason && reasons.push(p.waitReason),
    });
    expect(result.status).toBe('waiting');
    const stored = (await store.getJob(job.id))!;
    expect(stored.waitReason).toMatchObject({ kind: 'server-down', until: result.wakeAt });
    const attempt = stored.waitReason?.kind === 'server-down' ? stored.waitReason.attempt : 0;
    expect(attempt).toBeGreaterThan(1);
    // Shorter waits before it were shown too, each with its attempt.
    expect(reasons).toContainEqual(expect.objectContaining({ kind: 'server-down', attempt: 1 }));
  }, 60_000);

  it('a restart between two media uploads re-uses the one that answered: no second file, no orphan', async () => {
    const h = await harness({ seed: 33, mediaRetentionMs: 1_000, posts: 10 });
    current = h;
    // A post with two images, as the web UI makes it.
    const png = (text: string) =>
      new Blob([new TextEncoder().encode(`\x89PNG ${text}`)], { type: 'image/png' });
    const first = await h.client.uploadMedia(png('one'), { description: 'first', filename: 'one.png' });
    const second = await h.client.uploadMedia(png('two'), { description: 'second', filename: 'two.png' });
    const two = await h.client.postStatus({
      status: 'Two pictures',
      visibility: 'public',
      media_ids: [first.id, second.id],
      idempotencyKey: 'two-pictures',
    });
    const all = await planFromServer(h, 'private');
    const posts = all.posts.filter((p) => p.id === two.id);
    expect(posts).toHaveLength(1);
    const plan = { ...all, posts, counts: { ...all.counts, planned: posts.length } };
    const before = recordBefore(h.server, plan);
    const store = await h.openStore();
    const job = await createJob(store, plan, h.clock.now(), 'job-truth-media');
    const state = h.server.state as ServerState;
    const mediaBefore = new Set(state.media.keys());
    let uploads = 0;
    // The service worker is stopped while the second upload of a post is on its way: the first
    // one's answer came back, the second never left.
    const dying = new Proxy(h.client, {
      get(target, key, receiver) {
        if (key === 'uploadMedia') {
          return async (...args: Parameters<MastodonClient['uploadMedia']>) => {
            if (++uploads === 2) throw new AbortedError('Service worker stopped');
            return target.uploadMedia(...args);
          };
        }
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    await expect(
      runJob(job.id, {
        client: dying,
        clock: h.clock,
        store,
        // Media purged before the re-post, so it is uploaded again from the backup.
        onStep: (entry) => {
          if (entry.state === 'deleted') h.clock.advance(60_000);
        },
      }),
    ).rejects.toThrow('Service worker stopped');
    expect(uploads).toBe(2);

    const result = await runJob(job.id, {
      client: h.newClient(),
      clock: h.clock,
      store,
      onStep: (entry) => {
        if (entry.state === 'deleted') h.clock.advance(60_000);
      },
    });
    expect(result.status).toBe('done');
    const outcome = checkServerState(h.server, before, 'private');
    expect(outcome.lost).toEqual([]);
    expect(outcome.duplicated).toEqual([]);
    const attached = new Set(
      [...state.statuses.values()].filter((s) => !s.deleted).flatMap((s) => s.mediaIds),
    );
    const orphans = [...state.media.keys()].filter((id) => !mediaBefore.has(id) && !attached.has(id));
    expect(orphans).toEqual([]);
  }, 60_000);
});
