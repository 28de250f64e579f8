/**
 * Runs re-scope jobs inside the MV3 service worker, which Chrome stops after about 30 s without
 * events: everything lives in IndexedDB, no wait longer than ~25 s is kept in memory, and a
 * `browser.alarms` alarm wakes the worker when the next delete window opens (alarms also survive
 * browser restarts; start-up calls resumeRescopeJobs too).
 * https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/lifecycle
 */
import { browser } from 'wxt/browser';
import { systemClock, type Clock } from '../clock';
import { setBadge } from '../badge';
import { t } from '../i18n';
import { createClient, type CreateClientOptions } from '../mastodon';
import type { MastodonClient } from '../mastodon/client';
import { YieldUntil } from './executor';
import type { FetchLike } from './backup';
import { createJob } from './journal';
import { runJob, type RunDeps, type RunResult } from './scheduler';
import { openRescopeStore, type RescopeStore } from './store';
import type { RescopeJob, RescopePlan, RescopeProgress } from './types';

export const RESCOPE_ALARM = 'fediprint-rescope';
/** Below the ~30 s idle limit of an MV3 service worker. */
export const MAX_INLINE_WAIT_MS = 25_000;
/** If the worker is killed mid-run, this alarm brings it back (Chrome's minimum is 30 s). */
const WATCHDOG_MS = 60_000;

/**
 * A clock for the job's client whose long sleeps end the run instead: the client's own pacing
 * (spreading the last deletes of a window, waiting out a spent budget) would otherwise wait
 * minutes in memory, where the service worker may be stopped and the page cannot see it.
 */
export function yieldingClock(base: Clock, maxInlineMs: number = MAX_INLINE_WAIT_MS): Clock {
  return {
    now: () => base.now(),
    sleep: (ms, signal) =>
      ms > maxInlineMs
        ? Promise.reject(new YieldUntil(base.now() + ms, { kind: 'rate-limit', until: base.now() + ms }))
        : base.sleep(ms, signal),
  };
}

/** The client a re-scope job runs with. */
export function rescopeClient(
  options: CreateClientOptions,
  maxInlineMs = MAX_INLINE_WAIT_MS,
): MastodonClient {
  // The job's pacer counts deletes itself; a reserve of 1 leaves one for the user's web UI.
  return createClient({
    ...options,
    reserve: 1,
    clock: yieldingClock(options.clock ?? systemClock, maxInlineMs),
  });
}

export interface AlarmsLike {
  create(name: string, info: { when: number }): void | Promise<void>;
  clear(name: string): unknown;
}

export interface RescopeBackgroundDeps {
  /** The signed-in client for the job's server and account, or null when signed out. */
  clientFor(job: RescopeJob): Promise<MastodonClient | null>;
  store?: RescopeStore;
  clock?: Clock;
  fetch?: FetchLike;
  alarms?: AlarmsLike;
  /** Badge text ('' clears it); defaults to browser.action.setBadgeText. */
  setBadge?: (text: string) => void | Promise<void>;
  onProgress?: (progress: RescopeProgress) => void;
  /** After every persisted journal step (tests stop or fault the job at a given step). */
  onStep?: RunDeps['onStep'];
  maxInlineWaitMs?: number;
  deleteReserve?: number;
  signal?: AbortSignal;
  /** A job that failed unexpectedly (local storage, a bug); it stays runnable and the next alarm retries it. */
  onError?: (jobId: string, error: unknown) => void;
}

const running = new Map<string, Promise<RunResult>>();
let sharedStore: Promise<RescopeStore> | undefined;

function defaultStore(): Promise<RescopeStore> {
  sharedStore ??= openRescopeStore();
  return sharedStore;
}

export function badgeText(remaining: number): string {
  if (remaining <= 0) return '';
  return remaining > 9999 ? `${Math.floor(remaining / 1000)}k` : String(remaining);
}

function defaultBadge(text: string): Promise<void> {
  return setBadge(text);
}

export async function startRescopeJob(deps: RescopeBackgroundDeps, plan: RescopePlan): Promise<RescopeJob> {
  const store = deps.store ?? (await defaultStore());
  const job = await createJob(store, plan, (deps.clock ?? systemClock).now());
  // Not awaited: the job runs for hours; errors are reported per job through onError.
  void resumeRescopeJobs({ ...deps, store });
  return job;
}

/** Runs every unfinished job that is due, then sets the alarm for the earliest one still waiting. */
export async function resumeRescopeJobs(deps: RescopeBackgroundDeps): Promise<RunResult[]> {
  const store = deps.store ?? (await defaultStore());
  const clock = deps.clock ?? systemClock;
  const alarms = deps.alarms ?? browser.alarms;
  const setBadge = deps.setBadge ?? defaultBadge;
  const results: RunResult[] = [];
  const remainingByJob = new Map<string, number>();
  const showBadge = () => setBadge(badgeText([...remainingByJob.values()].reduce((a, b) => a + b, 0)));

  await alarms.create(RESCOPE_ALARM, { when: clock.now() + WATCHDOG_MS });
  const due = (job: RescopeJob | undefined): job is RescopeJob =>
    !!job &&
    ['running', 'waiting', 'cancelling'].includes(job.status) &&
    !(job.status === 'waiting' && job.wakeAt !== null && job.wakeAt > clock.now());
  for (const listed of await store.listJobs()) {
    let job: RescopeJob | undefined = listed;
    while (due(job)) {
      const pending = running.get(job.id);
      if (pending) {
        // Another call runs it. Its run may end as 'paused' just as a resume comes in: read the job
        // again afterwards and run it here if it is still due, instead of leaving it to the watchdog.
        const result = await pending.catch(() => null);
        job = await store.getJob(job.id);
        if (!due(job) && result) results.push(result);
        continue;
      }
      const client = await deps.clientFor(job);
      if (!client) {
        await store.updateJob(job.id, (j) => ({
          ...j,
          status: 'paused',
          error: t('rescope_errorSignIn', j.server),
        }));
        break;
      }
      // Started by another call while the client was being made.
      if (running.has(job.id)) continue;
      const jobId = job.id;
      const run = runJob(jobId, {
        client,
        clock,
        store,
        signal: deps.signal,
        fetch: deps.fetch,
        deleteReserve: deps.deleteReserve,
        onStep: deps.onStep,
        maxInlineWaitMs: deps.maxInlineWaitMs ?? MAX_INLINE_WAIT_MS,
        onProgress: (progress) => {
          remainingByJob.set(jobId, progress.total - progress.done - progress.failed - progress.skipped);
          // An extension API call per step also keeps the service worker alive while it works.
          void showBadge();
          deps.onProgress?.(progress);
        },
      }).finally(() => running.delete(jobId));
      running.set(jobId, run);
      try {
        results.push(await run);
      } catch (error) {
        if (deps.signal?.aborted) throw error;
        const message = error instanceof Error ? error.message : String(error);
        await store.updateJob(jobId, (j) => ({ ...j, error: `${message} Fediprint retries in a minute.` }));
        (deps.onError ?? ((id, e) => console.error(`Re-scope job ${id} stopped:`, e)))(jobId, error);
      }
      break;
    }
  }

  const jobs = await store.listJobs();
  const wakes = jobs.filter((j) => j.status === 'waiting' && j.wakeAt !== null).map((j) => j.wakeAt!);
  const active = jobs.some((j) => ['running', 'waiting', 'cancelling'].includes(j.status));
  if (wakes.length > 0) await alarms.create(RESCOPE_ALARM, { when: Math.min(...wakes) });
  else if (!active) await alarms.clear(RESCOPE_ALARM);
  if (!jobs.some((j) => j.status === 'waiting' || j.status === 'running')) await setBadge('');
  return results;
}
