import { describe, expect, it } from 'vitest';
import { computeScore, countBySeverity, gradeLabel, gradeOf, penaltiesByCheck } from './score';
import type { Finding, Severity } from './types';

let n = 0;
const f = (check: string, severity: Severity): Finding => ({
  id: `${check}::${++n}`,
  check,
  severity,
  title: 't',
  detail: 'd',
});

describe('score', () => {
  const cases: { name: string; findings: Finding[]; score: number }[] = [
    { name: 'no findings', findings: [], score: 100 },
    { name: 'one low', findings: [f('a', 'low')], score: 97 },
    { name: 'one medium', findings: [f('a', 'medium')], score: 90 },
    { name: 'one high', findings: [f('a', 'high')], score: 75 },
    { name: 'info costs nothing', findings: [f('a', 'info'), f('b', 'info')], score: 100 },
    { name: 'two highs in different checks add up', findings: [f('a', 'high'), f('b', 'high')], score: 50 },
    {
      name: 'two highs in one check: the second counts half',
      findings: [f('a', 'high'), f('a', 'high')],
      score: 63,
    },
    {
      name: 'most severe first within a check, whatever the order',
      findings: [f('a', 'low'), f('a', 'high')],
      score: 100 - 25 - 1.5,
    },
    {
      name: '500 findings of one kind cost at most twice one',
      findings: Array.from({ length: 500 }, () => f('a', 'high')),
      score: 50,
    },
    { name: 'floor at zero', findings: ['a', 'b', 'c', 'd', 'e'].map((c) => f(c, 'high')), score: 0 },
  ];
  it.each(cases)('$name', ({ findings, score }) => {
    expect(computeScore(findings)).toBe(Math.round(score));
  });

  it('excludes dismissed and accepted findings', () => {
    const high = f('a', 'high');
    const low = f('b', 'low');
    expect(computeScore([high, low], new Set([high.id]))).toBe(97);
    expect(countBySeverity([high, low], new Set([high.id]))).toEqual({ high: 0, medium: 0, low: 1, info: 0 });
    expect(penaltiesByCheck([high, low]).get('a')).toBe(25);
  });

  it('maps scores to grades at the documented thresholds', () => {
    expect([100, 90, 89, 70, 69, 50, 49, 0].map(gradeOf)).toEqual([
      'well-protected',
      'well-protected',
      'mostly-private',
      'mostly-private',
      'exposed',
      'exposed',
      'highly-exposed',
      'highly-exposed',
    ]);
    expect(gradeLabel('well-protected')).toBe('Well protected');
    expect(gradeLabel('highly-exposed')).toBe('Highly exposed');
  });
});
