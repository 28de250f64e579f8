/**
 * The journal: one entry per post, persisted BEFORE every side-effecting call, so that after a
 * crash, a service-worker kill or a browser restart the executor knows exactly which step may
 * have happened and can check the server before doing anything again.
 *
 * planned → backed-up → deleting → deleted → reposting → reposted → verified
 * (delete-only jobs: planned → backed-up → deleting → deleted → verified), plus failed, skipped.
 */
import { DELETE_WINDOW_MS, windowStart } from './planner';
import type { RescopeStore } from './store';
import type { JobReport, JournalEntry, JournalState, RescopeJob, RescopePlan } from './types';

export const FINAL_STATES: readonly JournalState[] = ['verified', 'failed', 'skipped'];
/** States in which the post may already be gone from the server: never stop in the middle of these. */
export const IN_FLIGHT_STATES: readonly JournalState[] = ['deleting', 'deleted', 'reposting', 'reposted'];

export function isFinal(entry: JournalEntry): boolean {
  return FINAL_STATES.includes(entry.state);
}

export function isInFlight(entry: JournalEntry): boolean {
  return IN_FLIGHT_STATES.includes(entry.state);
}

/** Deterministic per post and payload generation: a retry after a crash sends the same key. */
export function idempotencyKey(jobId: string, postId: string, generation: number): string {
  return `fediprint-rescope-${jobId}-${postId}-${generation}`;
}

export function newJobId(): string {
  return globalThis.crypto.randomUUID();
}

export async function createJob(
  store: RescopeStore,
  plan: RescopePlan,
  now: number,
  id: string = newJobId(),
): Promise<RescopeJob> {
  const job: RescopeJob = {
    id,
    server: plan.server,
    accountId: plan.accountId,
    target: plan.target,
    createdAt: now,
    status: 'running',
    order: plan.posts.map((p) => p.id),
    wakeAt: null,
    deleteWindow: { start: windowStart(now, DELETE_WINDOW_MS), count: 0 },
    finishedAt: null,
    error: null,
    waitReason: null,
  };
  const entries: JournalEntry[] = plan.posts.map((post, seq) => ({
    jobId: id,
    postId: post.id,
    seq,
    state: 'planned',
    oldUrl: post.url,
    inReplyToId: post.inReplyToId,
    replyTo: null,
    generation: 0,
    mediaIds: null,
    mediaReuploaded: false,
    uploadedMedia: {},
    newId: null,
    newUrl: null,
    reason: null,
    failedIn: null,
    attempts: 0,
    updatedAt: now,
  }));
  // Journal first: a job record without its entries would look finished.
  await store.putEntries(entries);
  await store.putJob(job);
  return job;
}

export async function transition(
  store: RescopeStore,
  entry: JournalEntry,
  state: JournalState,
  now: number,
  patch: Partial<JournalEntry> = {},
): Promise<JournalEntry> {
  const next: JournalEntry = { ...entry, ...patch, state, updatedAt: now };
  await store.putEntry(next);
  return next;
}

export async function fail(
  store: RescopeStore,
  entry: JournalEntry,
  reason: string,
  now: number,
): Promise<JournalEntry> {
  return transition(store, entry, 'failed', now, { reason, failedIn: entry.state });
}

export async function jobReport(store: RescopeStore, jobId: string): Promise<JobReport> {
  const job = await store.getJob(jobId);
  if (!job) throw new Error(`No re-scope job ${jobId} is stored on this device.`);
  const entries = await store.listEntries(jobId);
  const backups = new Set((await store.listBackups(jobId)).map((b) => b.postId));
  const rows = entries.map((e) => ({
    postId: e.postId,
    state: e.state,
    oldUrl: e.oldUrl,
    newUrl: e.newUrl,
    reason: e.reason,
    hasBackup: backups.has(e.postId),
  }));
  return {
    jobId,
    target: job.target,
    status: job.status,
    verified: entries.filter((e) => e.state === 'verified').length,
    failed: entries.filter((e) => e.state === 'failed').length,
    skipped: entries.filter((e) => e.state === 'skipped').length,
    pending: entries.filter((e) => !isFinal(e)).length,
    rows,
  };
}

const UNFINISHED: RescopeJob['status'][] = ['running', 'waiting', 'paused', 'cancelling'];

/**
 * Posts a new plan must leave out: those a job may already have deleted (the snapshot keeps them
 * until the next checkup notices, and planning them again would only skip them as gone) and those
 * still queued in an unfinished job (two jobs must never work on one post).
 */
export async function postsTakenByJobs(
  store: Pick<RescopeStore, 'listEntries'>,
  jobs: RescopeJob[],
): Promise<Set<string>> {
  const taken = new Set<string>();
  for (const job of jobs) {
    for (const e of await store.listEntries(job.id)) {
      const gone =
        e.state === 'verified' ||
        IN_FLIGHT_STATES.includes(e.state) ||
        (e.state === 'failed' && e.failedIn !== null && IN_FLIGHT_STATES.includes(e.failedIn));
      if (gone || (UNFINISHED.includes(job.status) && !isFinal(e))) taken.add(e.postId);
    }
  }
  return taken;
}
