/**
 * What the findings list shows, derived from findings: grouping, filtering and button words.
 * Kept out of the Preact component so it is unit-tested; the component only lays it out.
 */
import { t } from '../../i18n';
import { SEVERITIES, type Finding, type Fix, type Severity } from '../types';
import { kindLabel } from './labels';

/** Where a finding is about, for the "area" filter. */
export type FindingArea = 'posts' | 'profile' | 'messages' | 'servers' | 'settings';
export const FINDING_AREAS: readonly FindingArea[] = ['posts', 'profile', 'messages', 'servers', 'settings'];

const AREA_OF: Record<string, FindingArea> = {
  'public-post-personal-info': 'posts',
  'edit-history-personal-info': 'posts',
  'old-public-posts': 'posts',
  'profile-personal-info': 'profile',
  'dm-personal-info': 'messages',
  'dm-untrusted-server': 'messages',
  'followers-only-untrusted-servers': 'servers',
  'followers-on-blocked-servers': 'servers',
};

export function areaOf(finding: Pick<Finding, 'check'>): FindingArea {
  return AREA_OF[finding.check] ?? 'settings';
}

export function areaLabel(area: FindingArea): string {
  switch (area) {
    case 'posts':
      return t('checks_area_posts');
    case 'profile':
      return t('checks_area_profile');
    case 'messages':
      return t('checks_area_messages');
    case 'servers':
      return t('checks_area_servers');
    case 'settings':
      return t('checks_area_settings');
  }
}

export interface FindingFilter {
  /** Severities shown; empty or undefined = all. */
  severities?: readonly Severity[];
  area?: FindingArea | null;
  /** A PII kind; only findings listing it. */
  kind?: string | null;
}

export function filterFindings<F extends Finding>(findings: readonly F[], filter: FindingFilter): F[] {
  return findings.filter(
    (f) =>
      (!filter.severities?.length || filter.severities.includes(f.severity)) &&
      (!filter.area || areaOf(f) === filter.area) &&
      (!filter.kind || (f.kinds ?? []).includes(filter.kind as never)),
  );
}

export interface SeverityGroup<F extends Finding> {
  severity: Severity;
  findings: F[];
}

/** Groups in severity order, empty groups left out; order inside a group is kept. */
export function groupBySeverity<F extends Finding>(findings: readonly F[]): SeverityGroup<F>[] {
  return SEVERITIES.map((severity) => ({
    severity,
    findings: findings.filter((f) => f.severity === severity),
  })).filter((g) => g.findings.length > 0);
}

/** The PII kinds present, with labels, for the kind filter. */
export function kindOptions(findings: readonly Finding[]): { kind: string; label: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const f of findings) for (const k of f.kinds ?? []) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts]
    .map(([kind, count]) => ({ kind, label: kindLabel(kind), count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** The word on a finding's fix button. */
export function fixButtonLabel(fix: Fix): string {
  switch (fix.type) {
    case 'update-credentials':
    case 'update-profile':
      return t('checks_fix_updateCredentials');
    case 'open-settings':
      return t('checks_fix_openSettings');
    case 'rescope':
      return t('checks_fix_rescope');
    case 'trust-servers':
      return t('checks_fix_trustServers');
    case 'remove-followers':
      return t('checks_fix_removeFollowers');
    case 'quote-policy':
      return t('checks_fix_quotePolicy');
  }
}

/** Split active and dismissed/accepted findings. */
export function splitDismissed<F extends Finding>(
  findings: readonly F[],
  dismissed: ReadonlySet<string> | readonly string[],
): { active: F[]; dismissed: F[] } {
  const set = dismissed instanceof Set ? dismissed : new Set(dismissed as readonly string[]);
  return { active: findings.filter((f) => !set.has(f.id)), dismissed: findings.filter((f) => set.has(f.id)) };
}

/** Only http(s) links are rendered; anything else (javascript:, data:) is dropped. */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    // Not a URL at all: show no link rather than a broken one.
    return undefined;
  }
}

/**
 * Within one severity group, at most `limit` findings per check are shown until that check is
 * expanded, so hundreds of similar findings (old posts) do not bury the others.
 */
export function collapseByCheck<F extends Finding>(
  findings: readonly F[],
  limit: number,
  expanded: ReadonlySet<string>,
): { visible: F[]; hidden: { check: string; count: number; total: number }[] } {
  const seen = new Map<string, number>();
  const totals = new Map<string, number>();
  const visible: F[] = [];
  for (const f of findings) {
    totals.set(f.check, (totals.get(f.check) ?? 0) + 1);
    const n = seen.get(f.check) ?? 0;
    if (n < limit || expanded.has(f.check)) visible.push(f);
    seen.set(f.check, n + 1);
  }
  const hidden = [...totals]
    .filter(([check, total]) => total > limit && !expanded.has(check))
    .map(([check, total]) => ({ check, count: total - limit, total }));
  return { visible, hidden };
}
