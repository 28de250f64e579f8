/**
 * Re-scope jobs in the background: created, started, paused, retried and cancelled on the pages'
 * commands, run as jobs of the account's queue (never beside a crawl or an archive merge), resumed
 * at start-up and by the `fediprint-rescope` alarm, paced by utils/rescope (persisted journal, alarms).
 */
import { t } from '../i18n';
import { createJob, jobReport, postsTakenByJobs } from '../rescope/journal';
import { planRescope } from '../rescope/planner';
import { deleteBackup } from '../rescope/backup';
import { rescopeClient, resumeRescopeJobs, type RescopeBackgroundDeps } from '../rescope/background';
import { cancelJob, jobProgress, pauseJob, resumeJob, retryFailed } from '../rescope/scheduler';
import { openRescopeStore } from '../rescope/store';
import type { JobReport, JournalState, RescopeJob, RescopeOptions, RescopeProgress } from '../rescope/types';
import { loadToken } from '../secrets';
import { loadSnapshot } from '../snapshot/store';
import { readKey, type Session } from '../storage';
import { queues, requireSession, sessionAccount } from './account-queue';
import { UserFacingError } from './auth';

export const RESCOPE_KEY = 'rescope';
const ACTIVE: RescopeJob['status'][] = ['running', 'waiting', 'paused', 'cancelling'];
/** Journal states in which the post may be deleted on the server and its re-post not made yet. */
const GONE_NOT_REPOSTED: JournalState[] = ['deleting', 'deleted', 'reposting'];

/** The last progress each running job reported: its ETA knows the client's live rate-limit headers. */
const latest = new Map<string, RescopeProgress>();

const deps: RescopeBackgroundDeps = {
  async clientFor(job) {
    const [token, session] = await Promise.all([loadToken(), readKey('session')]);
    if (!token || !session || token.origin !== job.server || session.accountId !== job.accountId) return null;
    return rescopeClient({ origin: token.origin, token: token.accessToken });
  },
  onProgress: (progress) => latest.set(progress.jobId, progress),
  onError: (jobId, error) =>
    console.warn(
      `Fediprint: re-scope job ${jobId} stopped:`,
      (error as Error).name,
      (error as Error).message,
    ),
};

/**
 * Queues a run of the signed-in account's due jobs. A run already waiting is joined; one already
 * running gets another queued behind it, so a resume that arrives as a run ends is never lost.
 * Never rejects: a failure is logged with its reason and the next alarm tries again.
 */
export async function runRescopeJobs(extra: Partial<RescopeBackgroundDeps> = {}): Promise<void> {
  const session = await readKey('session');
  if (!session) return;
  const account = sessionAccount(session);
  const key = queues.state(account).running === 'rescope' ? `${RESCOPE_KEY}:next` : RESCOPE_KEY;
  const { done } = queues.enqueue(account, key, 'rescope', (signal) =>
    resumeRescopeJobs({ ...deps, ...extra, signal }),
  );
  await done.then(
    () => undefined,
    (error: Error) => console.warn('Fediprint: re-scope jobs could not run:', error.name, error.message),
  );
}

async function accountJobs(session: Session) {
  const store = await openRescopeStore();
  const jobs = (await store.listJobs())
    .filter((j) => j.server === session.origin && j.accountId === session.accountId)
    .sort((a, b) => b.createdAt - a.createdAt);
  return { store, jobs };
}

export async function controlRescopeJob(
  jobId: string,
  action: 'pause' | 'resume' | 'cancel' | 'retry' | 'deleteBackup',
): Promise<void> {
  const store = await openRescopeStore();
  if (action === 'pause') await pauseJob(store, jobId);
  else if (action === 'resume') await resumeJob(store, jobId);
  else if (action === 'cancel') await cancelJob(store, jobId);
  else if (action === 'retry') await retryFailed(store, jobId, Date.now());
  else await deleteBackup(store, jobId);
  if (action !== 'deleteBackup') void runRescopeJobs();
}

/** One creation at a time: two tabs confirming at once get one job, not two. */
let creating: Promise<unknown> = Promise.resolve();

export interface CreateRequest {
  options: RescopeOptions;
  findingStatusIds?: string[];
  postIds: string[];
}

/**
 * Plans from the stored snapshot and creates the job for the confirmed posts of that plan. While
 * an unfinished job exists, no second one is made: the request joins it (another tab's job).
 */
export function createRescopeJob(
  request: CreateRequest,
): Promise<{ jobId: string; joined: boolean; leftOut: number }> {
  const run = creating.then(async () => {
    const session = await requireSession();
    const { store, jobs } = await accountJobs(session);
    const active = jobs.find((j) => ACTIVE.includes(j.status));
    if (active) return { jobId: active.id, joined: true, leftOut: request.postIds.length };
    const snapshot = await loadSnapshot(session.origin, session.accountId);
    if (!snapshot) throw new UserFacingError(t('checkup_runFirst'));
    const taken = await postsTakenByJobs(store, jobs);
    const findings = (await readKey('checkupResult'))?.findings ?? [];
    const narrowed = request.findingStatusIds ? new Set(request.findingStatusIds) : null;
    const relevant = narrowed ? findings.filter((f) => f.statusId && narrowed.has(f.statusId)) : findings;
    const plan = planRescope(
      { ...snapshot, statuses: snapshot.statuses.filter((s) => !taken.has(s.id)) },
      request.options,
      relevant,
    );
    const confirmed = new Set(request.postIds);
    const posts = plan.posts.filter((p) => confirmed.has(p.id));
    if (posts.length === 0) throw new UserFacingError(t('rescope_nothingLeft'));
    const job = await createJob(
      store,
      { ...plan, posts, counts: { ...plan.counts, planned: posts.length } },
      Date.now(),
    );
    return { jobId: job.id, joined: false, leftOut: request.postIds.length - posts.length };
  });
  creating = run.catch(() => undefined);
  return run;
}

export interface StrandedPost {
  postId: string;
  oldUrl: string | null;
  hasBackup: boolean;
}

export interface RescopeState {
  job: { id: string; status: RescopeJob['status']; error: string | null } | null;
  progress: RescopeProgress | null;
  report: JobReport | null;
  /** Deleted and not re-posted yet, while the job cannot go on (paused, signed out): shown at once. */
  stranded: StrandedPost[];
  taken: string[];
}

/** What the re-scope page shows: the unfinished job first, else the newest. */
export async function rescopeState(): Promise<RescopeState> {
  const session = await requireSession();
  const { store, jobs } = await accountJobs(session);
  const taken = [...(await postsTakenByJobs(store, jobs))];
  const job = jobs.find((j) => ACTIVE.includes(j.status)) ?? jobs[0];
  if (!job) return { job: null, progress: null, report: null, stranded: [], taken };
  const running = job.status === 'running' || job.status === 'waiting';
  const stored = await jobProgress(store, job.id, Date.now());
  // A running job's own report carries the live rate-limit headers; the stored one the job record.
  const live = running ? latest.get(job.id) : undefined;
  const progress =
    live && stored ? { ...live, status: stored.status, waitReason: stored.waitReason } : stored;
  const report = ACTIVE.includes(job.status) ? null : await jobReport(store, job.id);
  const stranded: StrandedPost[] = [];
  if (!running && job.target !== 'delete') {
    const backups = new Set((await store.listBackups(job.id)).map((b) => b.postId));
    for (const e of await store.listEntries(job.id)) {
      const at = e.state === 'failed' ? e.failedIn : e.state;
      if (at && GONE_NOT_REPOSTED.includes(at))
        stranded.push({ postId: e.postId, oldUrl: e.oldUrl, hasBackup: backups.has(e.postId) });
    }
  }
  return {
    job: { id: job.id, status: job.status, error: job.error },
    progress,
    report,
    stranded,
    taken,
  };
}

/**
 * Sign-out: running jobs of the account are paused (taking effect after the post in hand, so a
 * deleted post is re-posted first while the token still works), never abandoned; backups stay.
 */
export async function pauseForSignOut(session: Session): Promise<void> {
  const { store, jobs } = await accountJobs(session);
  for (const job of jobs) {
    if (job.status === 'running' || job.status === 'waiting') {
      await store.updateJob(job.id, (j) =>
        j.status === 'running' || j.status === 'waiting'
          ? {
              ...j,
              status: 'paused',
              wakeAt: null,
              waitReason: null,
              error: t('rescope_errorSignIn', j.server),
            }
          : j,
      );
    }
  }
}

/**
 * After signing in: jobs that stopped because the sign-in was gone continue, a post caught between
 * its delete and its re-post first (runJob takes in-flight posts before the rest).
 */
export async function resumeAfterSignIn(extra: Partial<RescopeBackgroundDeps> = {}): Promise<void> {
  const session = await readKey('session');
  if (!session) return;
  const { store, jobs } = await accountJobs(session);
  const signInErrors = new Set([t('rescope_errorSignIn', session.origin), t('rescope_errorSignedOut')]);
  let resumed = false;
  for (const job of jobs) {
    if (job.status !== 'paused' || !job.error || !signInErrors.has(job.error)) continue;
    await resumeJob(store, job.id);
    resumed = true;
  }
  if (resumed) await runRescopeJobs(extra);
}
