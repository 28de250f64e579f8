/**
 * Re-scope jobs in the background: started from the dashboard, resumed at start-up and by the
 * `fediprint-rescope` alarm, paced by utils/rescope (persisted journal, alarms).
 */
import { createClient } from '../mastodon';
import { resumeRescopeJobs, type RescopeBackgroundDeps } from '../rescope/background';
import { cancelJob, pauseJob, resumeJob } from '../rescope/scheduler';
import { openRescopeStore } from '../rescope/store';
import { loadToken } from '../secrets';
import { readKey } from '../storage';

const deps: RescopeBackgroundDeps = {
  async clientFor(job) {
    const [token, session] = await Promise.all([loadToken(), readKey('session')]);
    if (!token || !session || token.origin !== job.server || session.accountId !== job.accountId) return null;
    // The job's pacer counts deletes itself; a reserve of 1 leaves one for the user's web UI.
    return createClient({ origin: token.origin, token: token.accessToken, reserve: 1 });
  },
  onError: (jobId, error) =>
    console.warn(
      `Fediprint: re-scope job ${jobId} stopped:`,
      (error as Error).name,
      (error as Error).message,
    ),
};

/** Never rejects: a failure is logged with its reason and the next alarm tries again. */
export async function runRescopeJobs(): Promise<void> {
  await resumeRescopeJobs(deps).catch((error: Error) =>
    console.warn('Fediprint: re-scope jobs could not run:', error.name, error.message),
  );
}

export async function controlRescopeJob(jobId: string, action: 'pause' | 'resume' | 'cancel'): Promise<void> {
  const store = await openRescopeStore();
  if (action === 'pause') await pauseJob(store, jobId);
  else if (action === 'resume') await resumeJob(store, jobId);
  else await cancelJob(store, jobId);
  void runRescopeJobs();
}
