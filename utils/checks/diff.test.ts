import { describe, expect, it } from 'vitest';
import { diffCheckups, isUnchanged } from './diff';
import type { Finding } from './types';

const f = (id: string, statusIds?: string[]): Finding => ({
  id,
  check: id.split(':')[0] ?? id,
  severity: 'medium',
  title: id,
  detail: '',
  statusIds,
});
const side = (findings: Finding[], score = 50) => ({ ranAt: '2026-12-01T00:00:00.000Z', score, findings });

describe('diffCheckups', () => {
  const cases = [
    {
      name: 'same findings',
      before: [f('a::x'), f('b::y')],
      after: [f('a::x'), f('b::y')],
      added: [],
      fixed: [],
      changed: [],
    },
    {
      name: 'one fixed',
      before: [f('a::x'), f('b::y')],
      after: [f('b::y')],
      added: [],
      fixed: ['a::x'],
      changed: [],
    },
    {
      name: 'one new',
      before: [f('a::x')],
      after: [f('a::x'), f('c:9:z')],
      added: ['c:9:z'],
      fixed: [],
      changed: [],
    },
    {
      name: 'a summary covering fewer posts',
      before: [f('old-public-posts::age', ['1', '2', '3'])],
      after: [f('old-public-posts::age', ['1'])],
      added: [],
      fixed: [],
      changed: [{ id: 'old-public-posts::age', before: 3, after: 1 }],
    },
    {
      name: 'first checkup after a clean one',
      before: [],
      after: [f('a::x')],
      added: ['a::x'],
      fixed: [],
      changed: [],
    },
  ];
  it.each(cases)('$name', ({ before, after, added, fixed, changed }) => {
    const diff = diffCheckups(side(before, 40), side(after, 55));
    expect(diff.added.map((x) => x.id)).toEqual(added);
    expect(diff.fixed.map((x) => x.id)).toEqual(fixed);
    expect(diff.changed.map((c) => ({ id: c.finding.id, before: c.before, after: c.after }))).toEqual(
      changed,
    );
    expect([diff.scoreBefore, diff.scoreAfter]).toEqual([40, 55]);
    expect(isUnchanged(diff)).toBe(added.length + fixed.length + changed.length === 0);
  });
});
