/**
 * Runs the checkup in the background: one crawl per account at a time (the lock lives in storage,
 * so a second window or a restarted service worker does not start another), progress in storage
 * for every page to watch, results cached.
 */
import { checkContext, runCheckup } from '../checks';
import { t } from '../i18n';
import { describeError } from '../mastodon/describe-error';
import { UnauthorizedError } from '../mastodon/errors';
import { collectSnapshot } from '../snapshot/collect';
import { loadSnapshot, saveSnapshot } from '../snapshot/store';
import type { AccountSnapshot, SnapshotProgress } from '../snapshot/types';
import { readKey, readSettings, writeKey, type Settings, type StoredCheckupResult } from '../storage';
import { authedClient, UserFacingError } from './auth';

/** A running crawl refreshes its heartbeat at least this often; older means it died. */
const HEARTBEAT_MS = 2_000;
const STALE_MS = 20_000;

let controller: AbortController | undefined;

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

export async function isRunning(): Promise<boolean> {
  const state = await readKey('checkupState');
  return state?.status === 'running' && Date.now() - state.heartbeat < STALE_MS;
}

/**
 * At background start-up: a crawl marked running belongs to an instance that is gone (a fresh
 * background has none in flight), so it is marked interrupted; the next run resumes from the cache.
 */
export async function recoverInterrupted(): Promise<void> {
  const state = await readKey('checkupState');
  if (state?.status === 'running' && !controller) {
    await writeKey('checkupState', {
      status: 'error',
      message: t('checkup_interrupted'),
      at: new Date().toISOString(),
      signInAgain: false,
    });
  }
}

export async function startCheckup(): Promise<void> {
  // Two windows asking at once reach this same background: the synchronous check comes first,
  // the stored heartbeat covers a crawl that another instance of the background started.
  if (controller) return;
  const claim = new AbortController();
  controller = claim;
  try {
    if (await isRunning()) {
      controller = undefined;
      return; // already reading this account: the page watches the same progress
    }
    await crawl(claim);
  } catch (error) {
    controller = undefined;
    throw error;
  }
}

async function crawl(claim: AbortController): Promise<void> {
  const session = await readKey('session');
  if (!session) throw new UserFacingError('', true);
  const client = await authedClient();
  const signal = claim.signal;
  const startedAt = new Date();
  const progress = new Map<string, SnapshotProgress>();
  let lastWrite = 0;
  const writeProgress = async (force = false) => {
    if (!force && Date.now() - lastWrite < 250) return;
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
  // Run detached: the caller (a page's message) returns at once and watches storage.
  void (async () => {
    try {
      const previous = await loadSnapshot(session.origin, session.accountId);
      const outcome = await collectSnapshot(client, {
        previous,
        signal,
        onProgress: (p) => {
          progress.set(p.part, p);
          void writeProgress();
        },
      });
      // Keep what was read even when the crawl failed part-way: a retry resumes from it.
      await saveSnapshot(outcome.snapshot);
      const settings = await readSettings();
      const dismissed = (await readKey('dismissed')) ?? [];
      const seconds = (Date.now() - startedAt.getTime()) / 1000;
      // Kept for "what changed since the last checkup"; a recompute (dismissals, trust) keeps it.
      const replaced = await readKey('checkupResult');
      if (replaced) await writeKey('previousCheckup', replaced);
      await writeKey(
        'checkupResult',
        evaluate(outcome.snapshot, settings, dismissed, { requests: outcome.requests, seconds }),
      );
      clearInterval(heartbeat);
      if (signal.aborted) {
        await writeKey('checkupState', { status: 'cancelled', at: new Date().toISOString() });
      } else if (outcome.error) {
        await writeKey('checkupState', {
          status: 'error',
          message: describeError(outcome.error),
          at: new Date().toISOString(),
          signInAgain: outcome.error instanceof UnauthorizedError,
        });
      } else {
        await writeKey('checkupState', { status: 'done', finishedAt: new Date().toISOString() });
      }
    } catch (error) {
      clearInterval(heartbeat);
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
    } finally {
      controller = undefined;
    }
  })();
}

export function cancelCheckup(): void {
  controller?.abort(new DOMException('Cancelled by the user', 'AbortError'));
}

/** Re-runs the checks on the cached snapshot (after settings change or an archive import). */
export async function recompute(): Promise<void> {
  const session = await readKey('session');
  if (!session) throw new UserFacingError('', true);
  const snapshot = await loadSnapshot(session.origin, session.accountId);
  if (!snapshot) return;
  const previous = await readKey('checkupResult');
  const result = evaluate(snapshot, await readSettings(), (await readKey('dismissed')) ?? [], {
    requests: 0,
    seconds: previous?.stats.seconds ?? 0,
  });
  await writeKey('checkupResult', result);
}
