/**
 * Runs a re-scope job from its persisted journal, paced by Mastodon's limits:
 * DELETE 30 per 30 minutes per user and posting 300 per 3 hours, in fixed windows aligned to the
 * epoch (rack-attack: reset = now + (period - now % period)).
 * https://github.com/mastodon/mastodon/blob/main/config/initializers/rack_attack.rb
 *
 * Our own per-window delete count (persisted in the job) keeps us under the budget even before the
 * first X-RateLimit-* header is seen; the headers (client.rateLimit('delete')) lower it further
 * when something else, such as the web UI, spent part of the budget. A 429 is waited out until
 * its X-RateLimit-Reset; Mastodon sends no Retry-After.
 */
import type { Clock } from '../clock';
import { t } from '../i18n';
import type { MastodonClient } from '../mastodon/client';
import type { RateLimitedError } from '../mastodon/errors';
import type { FetchLike } from './backup';
import { JobBlockedError, RescopeExecutor, YieldUntil, type Pacer } from './executor';
import { isFinal, isInFlight, transition } from './journal';
import {
  DEFAULT_DELETE_RESERVE,
  DELETE_LIMIT,
  DELETE_WINDOW_MS,
  estimateDuration,
  windowStart,
} from './planner';
import type { RescopeStore } from './store';
import type { JobStatus, JournalEntry, RescopeJob, RescopeProgress } from './types';

/** Longest backoff between retries of a transient failure. */
const MAX_BACKOFF_MS = 5 * 60 * 1000;

export interface RunDeps {
  client: MastodonClient;
  clock: Clock;
  store: RescopeStore;
  signal?: AbortSignal;
  /** Downloads media for the backup; defaults to the global fetch. */
  fetch?: FetchLike;
  /**
   * Longest wait kept in memory. Beyond it runJob returns `waiting` with `wakeAt` and the caller
   * schedules a wake-up (an alarm in the service worker, which may be stopped after ~30 s idle).
   */
  maxInlineWaitMs?: number;
  /**
   * Deletes per window left to the user's own web UI, which shares the per-user budget (default 1,
   * so the job runs 29 of 30). The client's own reserve (createClient) must not be larger, or its
   * limiter holds back deletes this pacer has already counted.
   */
  deleteReserve?: number;
  onProgress?: (progress: RescopeProgress) => void;
  onStep?: (entry: JournalEntry) => void | Promise<void>;
  /** Every 429 seen (benchmarks count them). */
  onRateLimited?: (error: RateLimitedError) => void;
}

export interface RunResult {
  status: JobStatus;
  wakeAt: number | null;
  error: string | null;
}

class JobPacer implements Pacer {
  constructor(
    private readonly jobId: string,
    private readonly deps: RunDeps,
    private readonly onWait: (until: number) => void,
  ) {}

  private async waitUntil(until: number): Promise<void> {
    const { clock } = this.deps;
    const ms = until - clock.now();
    if (ms <= 0) return;
    if (ms > (this.deps.maxInlineWaitMs ?? Number.POSITIVE_INFINITY)) throw new YieldUntil(until);
    this.onWait(until);
    await clock.sleep(ms, this.deps.signal);
  }

  async beforeDelete(): Promise<void> {
    const { clock, client, store } = this.deps;
    for (;;) {
      const now = clock.now();
      const start = windowStart(now);
      const job = await store.getJob(this.jobId);
      if (!job) throw new Error(`Re-scope job ${this.jobId} disappeared from local storage.`);
      const used = job.deleteWindow.start === start ? job.deleteWindow.count : 0;
      const info = client.rateLimit('delete');
      const live = info && info.resetAt.getTime() > now ? info : undefined;
      const budget = live && live.limit > 0 ? Math.min(DELETE_LIMIT, live.limit) : DELETE_LIMIT;
      const reserve = this.deps.deleteReserve ?? DEFAULT_DELETE_RESERVE;
      const limit = Math.max(1, budget - reserve);
      const headerLeft = live ? live.remaining : Number.POSITIVE_INFINITY;
      if (used < limit && headerLeft > Math.min(reserve, limit - 1)) {
        // Counted before the call: a DELETE whose answer is lost still spent budget.
        await store.updateJob(this.jobId, (j) => ({ ...j, deleteWindow: { start, count: used + 1 } }));
        return;
      }
      const serverReset = live ? live.resetAt.getTime() : 0;
      await this.waitUntil(Math.max(start + DELETE_WINDOW_MS, serverReset));
    }
  }

  private async family(name: string): Promise<void> {
    const now = this.deps.clock.now();
    const info = this.deps.client.rateLimit(name);
    if (info && info.remaining <= 0 && info.resetAt.getTime() > now)
      await this.waitUntil(info.resetAt.getTime());
  }

  beforePost(): Promise<void> {
    return this.family('statuses');
  }

  beforeUpload(): Promise<void> {
    return this.family('media');
  }

  async rateLimited(error: RateLimitedError): Promise<void> {
    this.deps.onRateLimited?.(error);
    // At least a second, so a server whose reset is already past cannot make us spin.
    await this.waitUntil(Math.max(error.resetAt.getTime(), this.deps.clock.now() + 1000));
  }

  async backoff(attempt: number): Promise<void> {
    await this.waitUntil(this.deps.clock.now() + Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt));
  }
}

function progressOf(
  job: RescopeJob,
  entries: Map<string, JournalEntry>,
  now: number,
  current: string | null,
  reserve = DEFAULT_DELETE_RESERVE,
): RescopeProgress {
  let done = 0;
  let failed = 0;
  let skipped = 0;
  for (const e of entries.values()) {
    if (e.state === 'verified') done++;
    else if (e.state === 'failed') failed++;
    else if (e.state === 'skipped') skipped++;
  }
  const remaining = entries.size - done - failed - skipped;
  const start = windowStart(now);
  const used = job.deleteWindow.start === start ? job.deleteWindow.count : 0;
  const eta = estimateDuration(
    remaining,
    {
      limit: DELETE_LIMIT,
      remaining: Math.max(0, DELETE_LIMIT - used),
      resetAt: new Date(start + DELETE_WINDOW_MS),
    },
    now,
    reserve,
  );
  return {
    jobId: job.id,
    status: job.status,
    total: entries.size,
    done,
    failed,
    skipped,
    current,
    eta,
    wakeAt: job.wakeAt,
  };
}

/** Progress of a stored job, for the dashboard when it opens. */
export async function jobProgress(
  store: RescopeStore,
  jobId: string,
  now: number,
): Promise<RescopeProgress | null> {
  const job = await store.getJob(jobId);
  if (!job) return null;
  const entries = new Map((await store.listEntries(jobId)).map((e) => [e.postId, e]));
  return progressOf(job, entries, now, null);
}

export async function runJob(jobId: string, deps: RunDeps): Promise<RunResult> {
  const { store, clock } = deps;
  const initial = await store.getJob(jobId);
  if (!initial) throw new Error(`No re-scope job ${jobId} is stored on this device.`);
  if (initial.status === 'paused' || initial.status === 'cancelled' || initial.status === 'done')
    return { status: initial.status, wakeAt: initial.wakeAt, error: initial.error };

  let job = (await store.updateJob(jobId, (j) => ({
    ...j,
    status: j.status === 'cancelling' ? 'cancelling' : 'running',
    wakeAt: null,
    error: null,
  })))!;
  const entries = new Map((await store.listEntries(jobId)).map((e) => [e.postId, e]));
  let current: string | null = null;
  const emit = () => deps.onProgress?.(progressOf(job, entries, clock.now(), current, deps.deleteReserve));
  const pacer = new JobPacer(jobId, deps, (until) => {
    job = { ...job, wakeAt: until };
    emit();
  });
  const executor = new RescopeExecutor(
    {
      client: deps.client,
      clock,
      store,
      fetch: deps.fetch ?? ((url, init) => globalThis.fetch(url, init)),
      pacer,
      signal: deps.signal,
      onStep: async (entry) => {
        entries.set(entry.postId, entry);
        await deps.onStep?.(entry);
      },
    },
    job,
  );
  emit();

  try {
    for (const postId of job.order) {
      let entry = entries.get(postId);
      if (!entry || isFinal(entry)) continue;
      if (!isInFlight(entry)) {
        // Pause and cancel take effect between posts, never between a delete and its re-post.
        const latest = await store.getJob(jobId);
        if (latest) job = latest;
        if (job.status === 'paused') {
          emit();
          return { status: 'paused', wakeAt: null, error: null };
        }
        if (job.status === 'cancelling') {
          entry = await transition(store, entry, 'skipped', clock.now(), {
            reason: t('rescope_reasonCancelled'),
          });
          entries.set(postId, entry);
          continue;
        }
      }
      current = postId;
      emit();
      entries.set(postId, await executor.process(entry));
      job = (await store.getJob(jobId)) ?? job;
      emit();
    }
  } catch (error) {
    if (error instanceof YieldUntil) {
      job = (await store.updateJob(jobId, (j) => ({
        ...j,
        status: j.status === 'running' ? 'waiting' : j.status,
        wakeAt: error.wakeAt,
      })))!;
      emit();
      return { status: job.status, wakeAt: error.wakeAt, error: null };
    }
    if (error instanceof JobBlockedError) {
      job = (await store.updateJob(jobId, (j) => ({ ...j, status: 'paused', error: error.message })))!;
      emit();
      return { status: 'paused', wakeAt: null, error: error.message };
    }
    throw error;
  }
  current = null;
  job = (await store.updateJob(jobId, (j) => ({
    ...j,
    status: j.status === 'cancelling' ? 'cancelled' : 'done',
    wakeAt: null,
    finishedAt: clock.now(),
  })))!;
  emit();
  return { status: job.status, wakeAt: null, error: null };
}

/** Takes effect after the post in progress (a deleted post is always re-posted first). */
export async function pauseJob(store: RescopeStore, jobId: string): Promise<RescopeJob | undefined> {
  return store.updateJob(jobId, (j) =>
    j.status === 'running' || j.status === 'waiting' ? { ...j, status: 'paused' } : j,
  );
}

/** Marks a paused job runnable; the caller (the background) then runs it. */
export async function resumeJob(store: RescopeStore, jobId: string): Promise<RescopeJob | undefined> {
  return store.updateJob(jobId, (j) =>
    j.status === 'paused' ? { ...j, status: 'running', error: null, wakeAt: null } : j,
  );
}

/** Untouched posts are skipped; a post already deleted is still re-posted. The caller runs the job once more to finish. */
export async function cancelJob(store: RescopeStore, jobId: string): Promise<RescopeJob | undefined> {
  return store.updateJob(jobId, (j) =>
    j.status === 'done' || j.status === 'cancelled' ? j : { ...j, status: 'cancelling', wakeAt: null },
  );
}

/** Puts failed posts back in the queue where they failed (a deleted post continues with its re-post). */
export async function retryFailed(store: RescopeStore, jobId: string, now: number): Promise<number> {
  const failed = (await store.listEntries(jobId)).filter((e) => e.state === 'failed');
  for (const e of failed) {
    const resumeIn =
      e.failedIn && ['deleting', 'deleted', 'reposting', 'reposted'].includes(e.failedIn)
        ? e.failedIn
        : 'planned';
    await transition(store, e, resumeIn, now, { reason: null, failedIn: null, attempts: 0 });
  }
  if (failed.length > 0)
    await store.updateJob(jobId, (j) => ({ ...j, status: 'running', finishedAt: null, wakeAt: null }));
  return failed.length;
}
