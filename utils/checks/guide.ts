/**
 * The "Fix the top issues" flow, derived from a checkup: one step per kind of finding (check),
 * the steps that gain the most points first, with the fix that covers all of that kind's
 * findings. Framework-free; components/GuidedFix.tsx lays it out.
 */
import { computeScore, scoreWithout } from './score';
import { severityRank } from './lib/severity';
import type { Finding, Fix, Severity } from './types';

export const GUIDE_STEPS = 5;

export interface GuideStep {
  check: string;
  /** The findings this step covers (all active findings of the check). */
  findingIds: string[];
  severity: Severity;
  /** The most severe finding's title and detail: what it is and why it matters. */
  title: string;
  detail: string;
  /** How many findings the step covers, for "and N more like it". */
  count: number;
  /** One fix for all of them, when the check has one. */
  fix?: Fix;
  /** Points the score gains if the step's findings are fixed. */
  gain: number;
}

/**
 * The fix of a group: per-post fixes merge into one (all posts in one re-scope plan, all servers
 * in one review); a setting's fix is the same for every finding of its check.
 */
export function mergeFixes(fixes: readonly Fix[]): Fix | undefined {
  const [first] = fixes;
  if (!first) return undefined;
  const same = fixes.filter((f) => f.type === first.type);
  switch (first.type) {
    case 'rescope':
    case 'quote-policy': {
      const ids = [...new Set(same.flatMap((f) => ('statusIds' in f ? f.statusIds : [])))];
      return first.type === 'rescope'
        ? { type: 'rescope', statusIds: ids }
        : { type: 'quote-policy', statusIds: ids, policy: 'nobody' };
    }
    case 'trust-servers':
    case 'remove-followers': {
      const domains = [...new Set(same.flatMap((f) => ('domains' in f ? f.domains : [])))];
      return { type: first.type, domains };
    }
    default:
      return first;
  }
}

/** Checks whose fix loses nothing and should come before a lossy fix of the same posts. */
const LOSSLESS_BEFORE: Readonly<Record<string, string>> = {
  'quotable-personal-info': 'public-post-personal-info',
};

export function guideSteps(
  findings: readonly Finding[],
  dismissed: ReadonlySet<string> = new Set(),
  limit = GUIDE_STEPS,
): GuideStep[] {
  const active = findings.filter((f) => !dismissed.has(f.id));
  const base = computeScore(active);
  const byCheck = new Map<string, Finding[]>();
  for (const f of active) {
    if (f.severity === 'info') continue;
    const list = byCheck.get(f.check) ?? [];
    list.push(f);
    byCheck.set(f.check, list);
  }
  const all: GuideStep[] = [...byCheck].map(([check, list]) => {
    const sorted = [...list].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));
    const top = sorted[0]!;
    return {
      check,
      findingIds: sorted.map((f) => f.id),
      severity: top.severity,
      title: top.title,
      detail: top.detail,
      count: sorted.length,
      fix: mergeFixes(sorted.flatMap((f) => (f.fix ? [f.fix] : []))),
      gain: scoreWithout(active, check) - base,
    };
  });
  all.sort(
    (a, b) =>
      b.gain - a.gain ||
      severityRank(a.severity) - severityRank(b.severity) ||
      a.check.localeCompare(b.check),
  );
  const chosen = all.slice(0, limit);
  // A lossless fix is offered before the lossy one it can spare: setting who may quote the
  // posts comes before re-scoping them, even when it gains fewer points.
  for (const [lossless, lossy] of Object.entries(LOSSLESS_BEFORE)) {
    const at = chosen.findIndex((s) => s.check === lossy);
    if (at === -1) continue;
    const step = all.find((s) => s.check === lossless);
    if (!step) continue;
    const current = chosen.indexOf(step);
    if (current !== -1 && current < at) continue;
    if (current !== -1) chosen.splice(current, 1);
    else if (chosen.length >= limit) chosen.pop();
    chosen.splice(Math.min(at, chosen.length), 0, step);
  }
  return chosen;
}

/** What the person did with a step. */
export type StepOutcome = 'fixed' | 'kept' | 'skipped';

/** The step to show: the first without an outcome, or null when all have one (the end card). */
export function currentStep(
  steps: readonly Pick<GuideStep, 'check'>[],
  outcomes: Readonly<Record<string, StepOutcome>>,
): number | null {
  const i = steps.findIndex((s) => !outcomes[s.check]);
  return i === -1 ? null : i;
}
