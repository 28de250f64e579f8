/**
 * The background's part of guided fixing: the paced job that sets who may quote old posts, and
 * the guided flow's progress. Pages send commands (`fix/quotePolicy`, `guide/update`) and watch
 * the `quotePolicyJob` and `guideProgress` keys; only this file writes them.
 */
import { t } from '../i18n';
import { describeError } from '../mastodon/describe-error';
import type { Status } from '../mastodon/schemas';
import { newQuotePolicyJob, runQuotePolicyJob, type QuotePolicyJob } from '../fixes/quote-policy';
import { loadSnapshot, saveSnapshot } from '../snapshot/store';
import { readKey, removeKeys, writeKey, type GuideProgress } from '../storage';
import type { Request } from '../messages';
import { authedClient, grantScopes, UserFacingError } from './auth';
import { recompute } from './checkup';

let running: Promise<void> | undefined;

/** Starts the job (asking for write:statuses first) unless one is already running. */
export async function startQuotePolicyFix(statusIds: readonly string[]): Promise<void> {
  if (running) throw new UserFacingError(t('guide_quoteJobRunning'));
  await grantScopes(['write:statuses']);
  await writeKey('quotePolicyJob', newQuotePolicyJob(statusIds));
  void runStoredJob();
}

/** At start-up and after a grant: continue a job the browser closed on. */
export async function resumeQuotePolicyFix(): Promise<void> {
  const job = await readKey('quotePolicyJob');
  if (job?.status === 'running' && !running) void runStoredJob();
}

function runStoredJob(): Promise<void> {
  running ??= (async () => {
    try {
      const job = await readKey('quotePolicyJob');
      if (!job || job.status !== 'running') return;
      const client = await authedClient();
      const updated: Status[] = [];
      await runQuotePolicyJob(client, job, {
        describe: describeError,
        onProgress: async (next, status) => {
          await writeKey('quotePolicyJob', next);
          if (status) updated.push(status);
          // The snapshot learns the new policies in batches, so a long job does not rewrite
          // a large snapshot after every post.
          if (updated.length >= 25 || next.status !== 'running')
            await applyToSnapshot(updated.splice(0), next);
        },
      });
      await recompute();
    } catch (error) {
      const job = await readKey('quotePolicyJob');
      if (job) await writeKey('quotePolicyJob', { ...job, status: 'stopped', error: describeError(error) });
    } finally {
      running = undefined;
    }
  })();
  return running;
}

async function applyToSnapshot(updated: readonly Status[], job: QuotePolicyJob): Promise<void> {
  const session = await readKey('session');
  if (!session) return;
  const snapshot = await loadSnapshot(session.origin, session.accountId);
  if (!snapshot) return;
  const byId = new Map(updated.map((s) => [s.id, s]));
  const gone = new Set(job.gone);
  await saveSnapshot({
    ...snapshot,
    statuses: snapshot.statuses
      .filter((s) => !gone.has(s.id))
      .map((s) => {
        const fresh = byId.get(s.id);
        return fresh ? { ...s, quote_approval: fresh.quote_approval ?? s.quote_approval } : s;
      }),
  });
}

type GuideAction = Extract<Request, { type: 'guide/update' }>['action'];

export async function updateGuide(action: GuideAction): Promise<void> {
  if (action.kind === 'reset') return removeKeys('guideProgress');
  const result = await readKey('checkupResult');
  if (!result) throw new UserFacingError(t('checkup_runFirst'));
  if (action.kind === 'start') {
    const progress: GuideProgress = {
      startedFrom: result.ranAt,
      startScore: result.score,
      steps: action.steps,
      outcomes: {},
    };
    return writeKey('guideProgress', progress);
  }
  const progress = await readKey('guideProgress');
  if (!progress || !progress.steps.includes(action.check)) throw new UserFacingError(t('guide_errorRestart'));
  await writeKey('guideProgress', {
    ...progress,
    outcomes: { ...progress.outcomes, [action.check]: action.outcome },
  });
  if (action.outcome === 'kept' && action.findingIds.length > 0) {
    // "Keep it" accepts the risk: the same as accepting each finding in the report.
    const dismissed = (await readKey('dismissed')) ?? [];
    await writeKey('dismissed', [...new Set([...dismissed, ...action.findingIds])]);
    await recompute();
  }
}
