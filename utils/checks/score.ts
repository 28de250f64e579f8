/**
 * The 0–100 score and its plain-words grade. Weights and the reasoning are in ./README.md.
 */
import { t } from '../i18n';
import { SEVERITIES, type Finding, type Severity } from './types';

/** Points one finding costs, by severity. */
export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = { high: 25, medium: 10, low: 3, info: 0 };

/**
 * Within one check, the n-th finding (most severe first, n from 0) costs weight × REPEAT_FACTOR^n,
 * so a check can never cost more than twice its most severe finding: 500 old posts weigh like 2.
 */
export const REPEAT_FACTOR = 0.5;

export type Grade = 'well-protected' | 'mostly-private' | 'exposed' | 'highly-exposed';

/** Lowest score of each grade, best first. */
export const GRADE_THRESHOLDS: readonly { grade: Grade; min: number }[] = [
  { grade: 'well-protected', min: 90 },
  { grade: 'mostly-private', min: 70 },
  { grade: 'exposed', min: 50 },
  { grade: 'highly-exposed', min: 0 },
];

/** Findings that count: the user dismissed or accepted the others. */
export function activeFindings(
  findings: readonly Finding[],
  dismissed: ReadonlySet<string> = new Set(),
): Finding[] {
  return findings.filter((f) => !dismissed.has(f.id));
}

/** Points lost per check, for explaining the score. */
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

export function computeScore(
  findings: readonly Finding[],
  dismissed: ReadonlySet<string> = new Set(),
): number {
  let total = 0;
  for (const p of penaltiesByCheck(findings, dismissed).values()) total += p;
  return Math.max(0, Math.min(100, Math.round(100 - total)));
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
