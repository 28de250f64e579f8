/**
 * The registry of audit checks, in the order findings of equal severity are shown, and the
 * checkup that runs them. Adding a check: create `<check-id>.ts` with its table test and list
 * it here; test/structure.test.ts fails otherwise.
 */
import type { AccountSnapshot } from '../snapshot/types';
import { accountNotLocked } from './account-not-locked';
import { collectionsShown } from './collections-shown';
import { defaultQuotePolicyPublic } from './default-quote-policy-public';
import { defaultVisibilityPublic } from './default-visibility-public';
import { discoverable } from './discoverable';
import { dmPersonalInfo } from './dm-personal-info';
import { dmUntrustedServer } from './dm-untrusted-server';
import { editHistoryPersonalInfo } from './edit-history-personal-info';
import { featuredInCollections } from './featured-in-collections';
import { followersOnBlockedServers } from './followers-on-blocked-servers';
import { followersOnlyUntrustedServers } from './followers-only-untrusted-servers';
import { indexable } from './indexable';
import { blockFor, domainOfAccount, homeDomainOf } from './lib/domains';
import { severityRank } from './lib/severity';
import { appliesTo, serverVersion } from './lib/version';
import { oldPublicPosts } from './old-public-posts';
import { profileMediaTab } from './profile-media-tab';
import { profilePersonalInfo } from './profile-personal-info';
import { publicPostPersonalInfo } from './public-post-personal-info';
import { quotablePersonalInfo } from './quotable-personal-info';
import { computeScore, countBySeverity, gradeOf, type Grade } from './score';
import { searchEngineIndexing } from './search-engine-indexing';
import type { Check, CheckContext, CheckSettings, Finding, Severity } from './types';

export { homeDomainOf };

export const CHECKS: readonly Check[] = [
  publicPostPersonalInfo,
  quotablePersonalInfo,
  editHistoryPersonalInfo,
  profilePersonalInfo,
  dmPersonalInfo,
  dmUntrustedServer,
  followersOnlyUntrustedServers,
  followersOnBlockedServers,
  accountNotLocked,
  defaultVisibilityPublic,
  defaultQuotePolicyPublic,
  discoverable,
  featuredInCollections,
  indexable,
  collectionsShown,
  searchEngineIndexing,
  profileMediaTab,
  oldPublicPosts,
];

export interface CheckError {
  check: string;
  message: string;
}

/** A check that did not run because the server is older than the setting it reads. */
export interface NotApplicable {
  check: string;
  /** The first Mastodon version with the setting. */
  since: string;
  /** The server's version, as it reports it. */
  version: string;
}

export interface CheckupResult {
  /** Every finding, dismissed ones included (the UI shows them apart), most severe first. */
  findings: Finding[];
  /** 0–100 over the findings not dismissed. */
  score: number;
  grade: Grade;
  /** Findings not dismissed, per severity. */
  counts: Record<Severity, number>;
  /** Checks that failed; their findings are missing and the UI must say so. */
  errors: CheckError[];
  /** Checks for newer Mastodon versions than the server's; the UI says they do not apply there. */
  notApplicable: NotApplicable[];
}

export const DEFAULT_RETENTION_DAYS = 365;

export function defaultSettings(snapshot: AccountSnapshot): CheckSettings {
  return { trustedServers: [homeDomainOf(snapshot)], retentionDays: DEFAULT_RETENTION_DAYS };
}

/** A context for `runCheckup` with the home domain filled in and the home server always trusted. */
export function checkContext(
  snapshot: AccountSnapshot,
  settings?: CheckSettings,
  now: Date = new Date(),
): CheckContext {
  const homeDomain = homeDomainOf(snapshot);
  const base = settings ?? defaultSettings(snapshot);
  const trustedServers = base.trustedServers.includes(homeDomain)
    ? base.trustedServers
    : [homeDomain, ...base.trustedServers];
  return { snapshot, settings: { ...base, trustedServers }, now, homeDomain };
}

export function runCheckup(context: CheckContext, dismissed: ReadonlySet<string> = new Set()): CheckupResult {
  const findings: Finding[] = [];
  const errors: CheckError[] = [];
  const notApplicable: NotApplicable[] = [];
  const version = serverVersion(context.snapshot);
  const order = new Map<string, number>();
  CHECKS.forEach((check, i) => order.set(check.id, i));
  for (const check of CHECKS) {
    if (check.since && !appliesTo(context.snapshot, check.since)) {
      notApplicable.push({ check: check.id, since: check.since, version: version?.text ?? '' });
      continue;
    }
    try {
      findings.push(...check.run(context));
    } catch (error) {
      // One broken check must not hide the others' findings; the failure is reported, not swallowed.
      errors.push({ check: check.id, message: error instanceof Error ? error.message : String(error) });
    }
  }
  findings.sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      (order.get(a.check) ?? 0) - (order.get(b.check) ?? 0) ||
      compareIdsDesc(a.statusId, b.statusId) ||
      a.id.localeCompare(b.id),
  );
  const score = computeScore(findings, dismissed);
  return {
    findings,
    score,
    grade: gradeOf(score),
    counts: countBySeverity(findings, dismissed),
    errors,
    notApplicable,
  };
}

/** Status ids are numeric strings (snowflakes); newest (largest) first. */
function compareIdsDesc(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return b.length - a.length || (b < a ? -1 : 1);
}

/**
 * Servers worth trusting, from where the user's mutuals (followers they also follow) are.
 * The home server and servers the home server limits or suspends are left out.
 */
export function suggestTrustedServers(snapshot: AccountSnapshot): { domain: string; mutuals: number }[] {
  const home = homeDomainOf(snapshot);
  const following = new Set(snapshot.following.map((a) => a.id));
  const counts = new Map<string, number>();
  for (const follower of snapshot.followers) {
    if (!following.has(follower.id)) continue;
    const domain = domainOfAccount(follower, home);
    if (domain === home || blockFor(domain, snapshot.domainBlocks)) continue;
    counts.set(domain, (counts.get(domain) ?? 0) + 1);
  }
  return [...counts]
    .map(([domain, mutuals]) => ({ domain, mutuals }))
    .sort((a, b) => b.mutuals - a.mutuals || a.domain.localeCompare(b.domain));
}
