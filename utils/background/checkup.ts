/**
 * Runs the checkup in the background, as a job of the account's queue (./queue.ts): one crawl per
 * account at a time (a second request, the manual checkup or the scheduled re-check, joins it),
 * never at the same time as an archive merge or a re-scope run. Progress is in storage for every
 * page to watch; the snapshot is saved merged with whatever was stored since the crawl began.
 */
import { checkContext, runCheckup } from '../checks';
import { t } from '../i18n';
import { describeError } from '../mastodon/describe-error';
import { UnauthorizedError } from '../mastodon/errors';
import { collectSnapshot } from '../snapshot/collect';
import { mergeAtSave } from '../snapshot/merge';
import { loadSnapshot, saveSnapshot } from '../snapshot/store';
import type { AccountSnapshot, SnapshotProgress } from '../snapshot/types';
import {
  readKey,
  readSettings,
  writeKey,
  type Session,
  type Settings,
  type StoredCheckupResult,
} from '../storage';
import { queues, requireSession, sessionAccount } from './account-queue';
import { authedClient } from './auth';
import type { Admission } from './queue';

/** A running crawl refreshes its heartbeat at least this often; older means it died. */
const HEARTBEAT_MS = 2_000;
export const CRAWL_KEY = 'crawl';

export interface CrawlOutcome {
  snapshot: AccountSnapshot;
  result: StoredCheckupResult;
  error?: unknown;
}

export function evaluate(
  snapshot: AccountSnapshot,
  settings: Settings,
  dismissed: readonly string[],
  stats: { requests: number; seconds: number },
): StoredCheckupResult {
  // checkContext adds the home server to the trusted list, as everywhere else.
  const context = checkContext(snapshot, {
    trustedServers: settings.trustedServers,
    retentionDays: settings.retentionDays,
  });
  const result = runCheckup(context, new Set(dismissed));
  return {
    ranAt: new Date().toISOString(),
    score: result.score,
    grade: result.grade,
    findings: result.findings,
    checkErrors: result.errors,
    notApplicable: result.notApplicable,
    stats: {
      posts: snapshot.statuses.length,
      followers: snapshot.followers.length,
      following: snapshot.following.length,
      requests: stats.requests,
      seconds: stats.seconds,
    },
    source: snapshot.source,
    incomplete: snapshot.incomplete,
    software: snapshot.software ?? null,
    shortfalls: snapshot.shortfalls ?? [],
    notChecked: snapshot.notChecked ?? [],
    unread: snapshot.unread ?? [],
  };
}

/**
 * At background start-up: a crawl marked running belongs to an instance that is gone (a fresh
 * background has none in flight), so it is marked interrupted; the next run resumes from the cache.
 */
export async function recoverInterrupted(): Promise<void> {
  const state = await readKey('checkupState');
  const session = await readKey('session');
  const live = session && queues.isQueued(sessionAccount(session), CRAWL_KEY);
  if (state?.status === 'running' && !live) {
    await writeKey('checkupState', {
      status: 'error',
      message: t('checkup_interrupted'),
      at: new Date().toISOString(),
      signInAgain: false,
    });
  }
}

/**
 * Queues a crawl of the signed-in account, or joins the one queued or running. `done` settles when
 * the crawl has ended (its outcome is also in storage).
 */
export async function queueCrawl(): Promise<{ admission: Admission; done: Promise<CrawlOutcome> }> {
  const session = await requireSession();
  const queued = queues.enqueue(sessionAccount(session), CRAWL_KEY, 'crawl', (signal) =>
    crawl(session, signal),
  );
  if (!queued.admission.joined) {
    const behind = queued.admission.behind ?? undefined;
    // Shown at once, before the queue reaches it: a page opened now sees the checkup coming.
    if (behind) {
      await writeKey('checkupState', {
        status: 'running',
        startedAt: new Date().toISOString(),
        heartbeat: Date.now(),
        progress: [],
        ...(behind ? { behind } : {}),
      });
    }
  }
  return queued;
}

export async function startCheckup(): Promise<Admission> {
  return (await queueCrawl()).admission;
}

async function crawl(session: Session, signal: AbortSignal): Promise<CrawlOutcome> {
  const startedAt = new Date();
  const progress = new Map<string, SnapshotProgress>();
  let lastWrite = 0;
  let finished = false;
  const writeProgress = async (force = false) => {
    if (finished || (!force && Date.now() - lastWrite < 250)) return;
    lastWrite = Date.now();
    await writeKey('checkupState', {
      status: 'running',
      startedAt: startedAt.toISOString(),
      heartbeat: Date.now(),
      progress: [...progress.values()],
    });
  };
  await writeProgress(true);
  const heartbeat = setInterval(() => void writeProgress(true), HEARTBEAT_MS);
  const stop = () => {
    finished = true;
    clearInterval(heartbeat);
  };
  try {
    const client = await authedClient();
    const previous = await loadSnapshot(session.origin, session.accountId);
    const outcome = await collectSnapshot(client, {
      previous,
      signal,
      onProgress: (p) => {
        progress.set(p.part, p);
        void writeProgress();
      },
    });
    // Keep what was read even when the crawl failed part-way: a retry resumes from it. Whatever
    // was stored since the crawl began is merged in, not saved over.
    const stored = await loadSnapshot(session.origin, session.accountId);
    const snapshot = mergeAtSave(previous, stored, outcome.snapshot);
    await saveSnapshot(snapshot);
    const settings = await readSettings();
    const dismissed = (await readKey('dismissed')) ?? [];
    const seconds = (Date.now() - startedAt.getTime()) / 1000;
    const result = evaluate(snapshot, settings, dismissed, { requests: outcome.requests, seconds });
    // Kept for "what changed since the last checkup"; a recompute (dismissals, trust) keeps it.
    const replaced = await readKey('checkupResult');
    if (replaced) await writeKey('previousCheckup', replaced);
    await writeKey('checkupResult', result);
    stop();
    const at = new Date().toISOString();
    if (signal.aborted) {
      await writeKey('checkupState', { status: 'cancelled', at });
    } else if (outcome.error) {
      await writeKey('checkupState', {
        status: 'error',
        message: describeError(outcome.error),
        at,
        signInAgain: outcome.error instanceof UnauthorizedError,
      });
    } else {
      await writeKey('checkupState', { status: 'done', finishedAt: at });
    }
    return { snapshot, result, error: outcome.error };
  } catch (error) {
    stop();
    const at = new Date().toISOString();
    await writeKey(
      'checkupState',
      signal.aborted
        ? { status: 'cancelled', at }
        : {
            status: 'error',
            message: describeError(error),
            at,
            signInAgain: error instanceof UnauthorizedError,
          },
    );
    throw error;
  }
}

export async function cancelCheckup(): Promise<void> {
  const session = await readKey('session');
  if (!session) return;
  const account = sessionAccount(session);
  const waiting = queues.isQueued(account, CRAWL_KEY) && queues.state(account).running !== 'crawl';
  queues.cancel(account, CRAWL_KEY, new DOMException('Cancelled by the user', 'AbortError'));
  // A crawl still waiting its turn never ran, so nothing else will say it is over.
  if (waiting) await writeKey('checkupState', { status: 'cancelled', at: new Date().toISOString() });
}

/** Re-runs the checks on the cached snapshot (after settings change or an archive import). */
export async function recompute(): Promise<void> {
  const session = await requireSession();
  const snapshot = await loadSnapshot(session.origin, session.accountId);
  if (!snapshot) return;
  const previous = await readKey('checkupResult');
  const result = evaluate(snapshot, await readSettings(), (await readKey('dismissed')) ?? [], {
    requests: 0,
    seconds: previous?.stats.seconds ?? 0,
  });
  await writeKey('checkupResult', result);
}
