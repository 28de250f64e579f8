/**
 * The 0–100 score and its plain-words grade. The model and the reasoning are in ./README.md:
 * points per finding by severity, saturating per check (one kind of finding), and a ceiling per
 * area approached smoothly, so no area alone can take the whole score and every fix counts.
 */
import { t } from '../i18n';
import { SEVERITIES, type Finding, type Severity } from './types';

/** Points one finding costs, by severity, before saturation. */
export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = { high: 25, medium: 10, low: 3, info: 0 };

/**
 * Within one check, the n-th finding (most severe first, n from 0) costs weight × REPEAT_FACTOR^n,
 * so a check can never cost more than twice its most severe finding: 500 old posts weigh like 2.
 */
export const REPEAT_FACTOR = 0.5;

/** What part of the account a finding is about. Every check belongs to one area. */
export type ScoreArea = 'settings' | 'public' | 'dms' | 'followers';
export const SCORE_AREAS: readonly ScoreArea[] = ['settings', 'public', 'dms', 'followers'];

/**
 * The most an area can cost. They add up to 100: an account exposed everywhere nears 0, one
 * exposed in one area keeps the rest. Public posts weigh most (anyone, forever, copied); the
 * settings least (they shape future posts, and each is one click away).
 */
export const AREA_CEILINGS: Readonly<Record<ScoreArea, number>> = {
  settings: 20,
  public: 35,
  dms: 20,
  followers: 25,
};

/** The area of each check. test/structure-style coverage: score.test.ts fails on a missing one. */
export const CHECK_AREAS: Readonly<Record<string, ScoreArea>> = {
  'public-post-personal-info': 'public',
  'quotable-personal-info': 'public',
  'edit-history-personal-info': 'public',
  'profile-personal-info': 'public',
  'old-public-posts': 'public',
  'dm-personal-info': 'dms',
  'dm-untrusted-server': 'dms',
  'followers-only-untrusted-servers': 'followers',
  'followers-on-blocked-servers': 'followers',
  'account-not-locked': 'followers',
  'default-visibility-public': 'settings',
  'default-quote-policy-public': 'settings',
  discoverable: 'settings',
  'featured-in-collections': 'settings',
  indexable: 'settings',
  'collections-shown': 'settings',
  'search-engine-indexing': 'settings',
  'profile-media-tab': 'settings',
};

/** Checks from a newer version (stored results) count as settings rather than not at all. */
export function areaOfCheck(check: string): ScoreArea {
  return CHECK_AREAS[check] ?? 'settings';
}

export type Grade = 'well-protected' | 'mostly-private' | 'exposed' | 'highly-exposed';

/** Lowest score of each grade, best first. */
export const GRADE_THRESHOLDS: readonly { grade: Grade; min: number }[] = [
  { grade: 'well-protected', min: 85 },
  { grade: 'mostly-private', min: 65 },
  { grade: 'exposed', min: 40 },
  { grade: 'highly-exposed', min: 0 },
];

/** Findings that count: the user dismissed or accepted the others. */
export function activeFindings(
  findings: readonly Finding[],
  dismissed: ReadonlySet<string> = new Set(),
): Finding[] {
  return findings.filter((f) => !dismissed.has(f.id));
}

/** Points per check after saturation, before the area ceilings. */
export function penaltiesByCheck(
  findings: readonly Finding[],
  dismissed: ReadonlySet<string> = new Set(),
): Map<string, number> {
  const byCheck = new Map<string, number[]>();
  for (const f of activeFindings(findings, dismissed)) {
    const list = byCheck.get(f.check) ?? [];
    list.push(SEVERITY_WEIGHTS[f.severity]);
    byCheck.set(f.check, list);
  }
  const penalties = new Map<string, number>();
  for (const [check, weights] of byCheck) {
    weights.sort((a, b) => b - a);
    penalties.set(
      check,
      weights.reduce((sum, w, i) => sum + w * REPEAT_FACTOR ** i, 0),
    );
  }
  return penalties;
}

/**
 * Raw points at which an area has lost half its ceiling, as a multiple of the ceiling. With 2, one
 * high finding in public posts costs about 9 points and an area needs several severe kinds of
 * finding before it nears its ceiling.
 */
export const AREA_HALF_POINT = 2;

/**
 * An area's cost for `raw` points of its checks: C·raw / (raw + h·C). Never above the ceiling C,
 * and strictly growing, so removing any finding lowers it: a crowded area still rewards a fix,
 * more so the bigger the fix. (An exponential approach saturated the demo account's areas so
 * hard that whole fixes moved the score by less than a point.)
 */
export function areaPenalty(area: ScoreArea, raw: number): number {
  const ceiling = AREA_CEILINGS[area];
  return raw <= 0 ? 0 : (ceiling * raw) / (raw + AREA_HALF_POINT * ceiling);
}

export interface AreaScore {
  area: ScoreArea;
  /** Points lost in this area, unrounded. */
  lost: number;
  ceiling: number;
}

/** Points lost per area, for explaining the score. */
export function scoreBreakdown(
  findings: readonly Finding[],
  dismissed: ReadonlySet<string> = new Set(),
): AreaScore[] {
  const raw = new Map<ScoreArea, number>();
  for (const [check, points] of penaltiesByCheck(findings, dismissed)) {
    const area = areaOfCheck(check);
    raw.set(area, (raw.get(area) ?? 0) + points);
  }
  return SCORE_AREAS.map((area) => ({
    area,
    lost: areaPenalty(area, raw.get(area) ?? 0),
    ceiling: AREA_CEILINGS[area],
  }));
}

export function computeScore(
  findings: readonly Finding[],
  dismissed: ReadonlySet<string> = new Set(),
): number {
  const lost = scoreBreakdown(findings, dismissed).reduce((sum, a) => sum + a.lost, 0);
  return Math.max(0, Math.min(100, Math.round(100 - lost)));
}

/** The score if every finding of `check` were fixed: what fixing it gains, for ordering fixes. */
export function scoreWithout(
  findings: readonly Finding[],
  check: string,
  dismissed: ReadonlySet<string> = new Set(),
): number {
  return computeScore(
    findings.filter((f) => f.check !== check),
    dismissed,
  );
}

export function gradeOf(score: number): Grade {
  for (const { grade, min } of GRADE_THRESHOLDS) if (score >= min) return grade;
  return 'highly-exposed';
}

export function gradeLabel(grade: Grade): string {
  switch (grade) {
    case 'well-protected':
      return t('checks_grade_wellProtected');
    case 'mostly-private':
      return t('checks_grade_mostlyPrivate');
    case 'exposed':
      return t('checks_grade_exposed');
    case 'highly-exposed':
      return t('checks_grade_highlyExposed');
  }
}

export function countBySeverity(
  findings: readonly Finding[],
  dismissed: ReadonlySet<string> = new Set(),
): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of activeFindings(findings, dismissed)) counts[f.severity] += 1;
  return counts;
}
