/**
 * "What changed since the last checkup": findings that are new and findings that are gone
 * (fixed, or no longer found), matched by their stable ids. Summary findings keep their id
 * while the posts they cover change; those are reported with the counts before and after.
 */
import type { Finding } from './types';

export interface CheckupSide {
  ranAt: string;
  score: number;
  findings: readonly Finding[];
}

export interface ChangedSummary {
  finding: Finding;
  before: number;
  after: number;
}

export interface CheckupDiff {
  since: string;
  scoreBefore: number;
  scoreAfter: number;
  added: Finding[];
  fixed: Finding[];
  /** Summary findings whose number of posts or servers went up or down. */
  changed: ChangedSummary[];
}

const sizeOf = (f: Finding) => f.statusIds?.length ?? f.domains?.length ?? 1;

export function diffCheckups(previous: CheckupSide, current: CheckupSide): CheckupDiff {
  const before = new Map(previous.findings.map((f) => [f.id, f]));
  const after = new Map(current.findings.map((f) => [f.id, f]));
  const changed: ChangedSummary[] = [];
  for (const [id, f] of after) {
    const old = before.get(id);
    if (old && sizeOf(old) !== sizeOf(f)) changed.push({ finding: f, before: sizeOf(old), after: sizeOf(f) });
  }
  return {
    since: previous.ranAt,
    scoreBefore: previous.score,
    scoreAfter: current.score,
    added: current.findings.filter((f) => !before.has(f.id)),
    fixed: previous.findings.filter((f) => !after.has(f.id)),
    changed,
  };
}

export function isUnchanged(diff: CheckupDiff): boolean {
  return diff.added.length === 0 && diff.fixed.length === 0 && diff.changed.length === 0;
}
