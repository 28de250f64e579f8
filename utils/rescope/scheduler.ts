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
import type { RateLimitInfo } from '../mastodon/client';
import type { Eta, JobStatus, JournalEntry, RescopeJob, RescopeProgress, WaitReason } from './types';

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

/**
 * How many deletes the job may make now, by our own count in the job and the server's headers:
 * the one rule the pacer follows before every DELETE and the ETA is computed from.
 */
export function deleteAllowance(
  job: Pick<RescopeJob, 'deleteWindow'>,
  live: RateLimitInfo | undefined,
  now: number,
  reserve: number = DEFAULT_DELETE_RESERVE,
): { start: number; used: number; limit: number; left: number; resetAt: number } {
  const start = windowStart(now);
  const used = job.deleteWindow.start === start ? job.deleteWindow.count : 0;
  const fresh = live && live.resetAt.getTime() > now ? live : undefined;
  const budget = fresh && fresh.limit > 0 ? Math.min(DELETE_LIMIT, fresh.limit) : DELETE_LIMIT;
  const limit = Math.max(1, budget - reserve);
  const headerLeft = fresh ? fresh.remaining - Math.min(reserve, limit - 1) : Number.POSITIVE_INFINITY;
  const left = Math.max(0, Math.min(limit - used, headerLeft));
  const resetAt = Math.max(start + DELETE_WINDOW_MS, fresh ? fresh.resetAt.getTime() : 0);
  return { start, used, limit, left, resetAt };
}

/**
 * Time to finish `remaining` posts, from the allowance above: a waiting job counts from its
 * wake-up time, so the page never says "about a minute" while the job sleeps until the next window.
 */
export function jobEta(
  job: Pick<RescopeJob, 'deleteWindow' | 'status' | 'wakeAt'>,
  remaining: number,
  live: RateLimitInfo | undefined,
  now: number,
  reserve: number = DEFAULT_DELETE_RESERVE,
): Eta {
  const from = job.wakeAt !== null && job.wakeAt > now && job.status !== 'paused' ? job.wakeAt : now;
  const allowed = deleteAllowance(job, live, from, reserve);
  // estimateDuration subtracts the reserve itself.
  const estimate = estimateDuration(
    remaining,
    { limit: allowed.limit + reserve, remaining: allowed.left + reserve, resetAt: new Date(allowed.resetAt) },
    from,
    reserve,
  );
  return { ...estimate, ms: estimate.ms + (from - now) };
}

class JobPacer implements Pacer {
  constructor(
    private readonly jobId: string,
    private readonly deps: RunDeps,
    private readonly onWait: (reason: WaitReason) => Promise<void>,
  ) {}

  private async waitUntil(reason: WaitReason): Promise<void> {
    const { clock } = this.deps;
    const until = reason.until;
    const ms = until - clock.now();
    if (ms <= 0) return;
    if (ms > (this.deps.maxInlineWaitMs ?? Number.POSITIVE_INFINITY)) throw new YieldUntil(until, reason);
    await this.onWait(reason);
    await clock.sleep(ms, this.deps.signal);
  }

  async beforeDelete(): Promise<void> {
    const { clock, client, store } = this.deps;
    for (;;) {
      const now = clock.now();
      const job = await store.getJob(this.jobId);
      if (!job) throw new Error(`Re-scope job ${this.jobId} disappeared from local storage.`);
      const live = client.rateLimit('delete');
      const allowed = deleteAllowance(job, live, now, this.deps.deleteReserve);
      if (allowed.left > 0) {
        // Counted before the call: a DELETE whose answer is lost still spent budget.
        await store.updateJob(this.jobId, (j) => ({
          ...j,
          deleteWindow: { start: allowed.start, count: allowed.used + 1 },
        }));
        return;
      }
      await this.waitUntil({ kind: 'delete-limit', until: allowed.resetAt });
    }
  }

  async refundDelete(): Promise<void> {
    const start = windowStart(this.deps.clock.now());
    await this.deps.store.updateJob(this.jobId, (j) =>
      j.deleteWindow.start === start && j.deleteWindow.count > 0
        ? { ...j, deleteWindow: { start, count: j.deleteWindow.count - 1 } }
        : j,
    );
  }

  private async family(name: string): Promise<void> {
    const now = this.deps.clock.now();
    const info = this.deps.client.rateLimit(name);
    if (info && info.remaining <= 0 && info.resetAt.getTime() > now)
      await this.waitUntil({ kind: 'rate-limit', until: info.resetAt.getTime() });
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
    const until = Math.max(error.resetAt.getTime(), this.deps.clock.now() + 1000);
    await this.waitUntil({ kind: 'rate-limit', until });
  }

  async backoff(attempt: number): Promise<void> {
    const until = this.deps.clock.now() + Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt);
    await this.waitUntil({ kind: 'server-down', attempt, until });
  }
}

function progressOf(
  job: RescopeJob,
  entries: Map<string, JournalEntry>,
  now: number,
  current: string | null,
  reserve = DEFAULT_DELETE_RESERVE,
  live?: RateLimitInfo,
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
  return {
    jobId: job.id,
    status: job.status,
    total: entries.size,
    done,
    failed,
    skipped,
    current,
    eta: jobEta(job, remaining, live, now, reserve),
    wakeAt: job.wakeAt,
    waitReason: job.waitReason,
  };
}

/** Progress of a stored job, for the dashboard when it opens. */
export async function jobProgress(
  store: Pick<RescopeStore, 'getJob' | 'listEntries'>,
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
    waitReason: null,
  })))!;
  const entries = new Map((await store.listEntries(jobId)).map((e) => [e.postId, e]));
  let current: string | null = null;
  const emit = () =>
    deps.onProgress?.(
      progressOf(job, entries, clock.now(), current, deps.deleteReserve, deps.client.rateLimit('delete')),
    );
  // Stored, not only emitted: a page that opens during the wait reads it from the job.
  const setWait = async (reason: WaitReason | null) => {
    job =
      (await store.updateJob(jobId, (j) => ({ ...j, waitReason: reason, wakeAt: reason?.until ?? null }))) ??
      job;
    emit();
  };
  const pacer = new JobPacer(jobId, deps, setWait);
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
        if (job.waitReason) await setWait(null);
        await deps.onStep?.(entry);
      },
    },
    job,
  );
  emit();
  // A post caught between its delete and its re-post comes first (after a restart or signing in
  // again), then the rest in order.
  const order = [
    ...job.order.filter((id) => {
      const e = entries.get(id);
      return !!e && isInFlight(e);
    }),
    ...job.order.filter((id) => {
      const e = entries.get(id);
      return !e || !isInFlight(e);
    }),
  ];

  try {
    for (const postId of order) {
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
        waitReason: error.reason,
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
    waitReason: null,
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
