/**
 * What the audit commands share: the checkup report's JSON shape, the --trusted flag, and
 * Ctrl+C cancelling the work in progress.
 */
import { checkContext, defaultSettings, runCheckup, type CheckupResult } from '../../utils/checks';
import type { CheckContext, CheckSettings } from '../../utils/checks/types';
import { fullAcct } from '../../utils/report';
import type { AccountSnapshot } from '../../utils/snapshot/types';

export interface CheckupOutput {
  account: { acct: string };
  score: number;
  grade: CheckupResult['grade'];
  counts: CheckupResult['counts'];
  findings: CheckupResult['findings'];
  errors: CheckupResult['errors'];
  /** Checks for newer Mastodon versions than the server's. */
  notApplicable: CheckupResult['notApplicable'];
  incomplete: string[];
  /** Every part read in full: nothing failed, fell short of the counts, or was left out. */
  complete: boolean;
  software: AccountSnapshot['software'] | null;
  shortfalls: NonNullable<AccountSnapshot['shortfalls']>;
  notChecked: NonNullable<AccountSnapshot['notChecked']>;
  unread: NonNullable<AccountSnapshot['unread']>;
  stats: { posts: number; requests: number; seconds: number };
}

/**
 * Exit codes of `audit server` and `audit snapshot`: 0 a complete checkup (everything the server
 * shows apps was read; what it does not show is listed as not checked), 3 a partial one (the report
 * says what is missing), 1 nothing could be read, 2 a usage error.
 */
export const EXIT = { complete: 0, failed: 1, usage: 2, partial: 3 } as const;

/** `--trusted a.example,b.example` added to the defaults (the home server is always trusted). */
export function settingsWith(
  snapshot: AccountSnapshot,
  trusted: string | undefined,
  retentionDays?: number | null,
): CheckSettings {
  const defaults = defaultSettings(snapshot);
  const extra = (trusted ?? '')
    .split(',')
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
  return {
    trustedServers: [...defaults.trustedServers, ...extra],
    retentionDays: retentionDays === undefined ? defaults.retentionDays : retentionDays,
  };
}

/** Runs the checkup on a snapshot the way the extension does. */
export function checkup(
  snapshot: AccountSnapshot,
  settings: CheckSettings,
): { context: CheckContext; result: CheckupResult } {
  const context = checkContext(snapshot, settings, new Date());
  return { context, result: runCheckup(context) };
}

export function checkupOutput(
  snapshot: AccountSnapshot,
  context: CheckContext,
  result: CheckupResult,
  stats: CheckupOutput['stats'],
): CheckupOutput {
  return {
    account: { acct: fullAcct(snapshot, context.homeDomain) },
    score: result.score,
    grade: result.grade,
    counts: result.counts,
    findings: result.findings,
    errors: result.errors,
    notApplicable: result.notApplicable,
    incomplete: [...snapshot.incomplete],
    complete: snapshot.incomplete.length === 0 && result.errors.length === 0,
    software: snapshot.software ?? null,
    shortfalls: snapshot.shortfalls ?? [],
    notChecked: snapshot.notChecked ?? [],
    unread: snapshot.unread ?? [],
    stats,
  };
}

/** Ctrl+C aborts the signal (the work stops cleanly, keeping what was read); `dispose` when done. */
export function interruptible(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}
