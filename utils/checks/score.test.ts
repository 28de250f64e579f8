import { describe, expect, it } from 'vitest';
import { makeAccount, makeCredentialAccount, makeSnapshot, makeStatus } from '../../test/factories';
import type { Instance } from '../mastodon/schemas';
import { checkContext, CHECKS, runCheckup } from './index';
import { NOW } from './lib/test-helpers';
import {
  AREA_CEILINGS,
  CHECK_AREAS,
  computeScore,
  countBySeverity,
  gradeLabel,
  gradeOf,
  penaltiesByCheck,
  scoreBreakdown,
  scoreWithout,
  SCORE_AREAS,
} from './score';
import type { Finding, Severity } from './types';

let n = 0;
const f = (check: string, severity: Severity): Finding => ({
  id: `${check}::${++n}`,
  check,
  severity,
  title: 't',
  detail: 'd',
});
const many = (count: number, check: string, severity: Severity) =>
  Array.from({ length: count }, () => f(check, severity));

/** C·raw/(raw + 2C), written out for the table so the cases check the formula, not call it. */
const lost = (ceiling: number, raw: number) => (ceiling * raw) / (raw + 2 * ceiling);

describe('score model', () => {
  const cases: { name: string; findings: Finding[]; score: number }[] = [
    { name: 'no findings', findings: [], score: 100 },
    { name: 'info costs nothing', findings: [f('discoverable', 'info')], score: 100 },
    { name: 'one low setting', findings: [f('discoverable', 'low')], score: 100 - lost(20, 3) },
    {
      name: 'one medium setting',
      findings: [f('default-visibility-public', 'medium')],
      score: 100 - lost(20, 10),
    },
    {
      name: 'one high public post',
      findings: [f('public-post-personal-info', 'high')],
      score: 100 - lost(35, 25),
    },
    {
      name: 'two highs in one check: the second counts half',
      findings: many(2, 'public-post-personal-info', 'high'),
      score: 100 - lost(35, 37.5),
    },
    {
      name: 'a kind saturates: 500 high posts cost what 2 × one high does at most',
      findings: many(500, 'public-post-personal-info', 'high'),
      score: 100 - lost(35, 50),
    },
    {
      name: 'checks of one area add up before the ceiling',
      findings: [f('dm-personal-info', 'high'), f('dm-untrusted-server', 'medium')],
      score: 100 - lost(20, 35),
    },
    {
      name: 'areas add up after their ceilings',
      findings: [f('public-post-personal-info', 'high'), f('dm-personal-info', 'high')],
      score: 100 - lost(35, 25) - lost(20, 25),
    },
    {
      name: 'the worst in every area stays above 0 and below the middle band',
      findings: [
        ...many(50, 'public-post-personal-info', 'high'),
        ...many(50, 'edit-history-personal-info', 'high'),
        ...many(50, 'profile-personal-info', 'high'),
        ...many(50, 'dm-personal-info', 'high'),
        ...many(50, 'dm-untrusted-server', 'high'),
        ...many(50, 'followers-on-blocked-servers', 'high'),
        ...many(50, 'followers-only-untrusted-servers', 'high'),
        f('default-visibility-public', 'medium'),
        f('default-quote-policy-public', 'medium'),
        f('account-not-locked', 'medium'),
      ],
      score: 100 - lost(35, 150) - lost(20, 100) - lost(25, 110) - lost(20, 20),
    },
  ];
  it.each(cases)('$name', ({ findings, score }) => {
    expect(computeScore(findings)).toBe(Math.round(score));
  });

  it('never takes more than an area’s ceiling, however many findings', () => {
    const findings = Object.keys(CHECK_AREAS).flatMap((check) => many(300, check, 'high'));
    for (const area of scoreBreakdown(findings)) {
      expect(area.lost).toBeLessThan(AREA_CEILINGS[area.area]);
      expect(area.lost).toBeGreaterThan(AREA_CEILINGS[area.area] / 2);
    }
    expect(SCORE_AREAS.reduce((sum, a) => sum + AREA_CEILINGS[a], 0)).toBe(100);
  });

  it('gives every registered check an area', () => {
    expect(CHECKS.map((c) => c.id).filter((id) => !(id in CHECK_AREAS))).toEqual([]);
  });

  it('rewards every fix, even in a crowded area', () => {
    const findings = [
      ...many(40, 'public-post-personal-info', 'high'),
      f('edit-history-personal-info', 'high'),
      f('old-public-posts', 'low'),
    ];
    const before = scoreBreakdown(findings).find((a) => a.area === 'public')!.lost;
    const after = scoreBreakdown(findings.filter((x) => x.check !== 'old-public-posts')).find(
      (a) => a.area === 'public',
    )!.lost;
    expect(after).toBeLessThan(before);
    expect(scoreWithout(findings, 'public-post-personal-info')).toBeGreaterThanOrEqual(
      computeScore(findings) + 5,
    );
  });

  it('excludes dismissed and accepted findings', () => {
    const high = f('public-post-personal-info', 'high');
    const low = f('discoverable', 'low');
    expect(computeScore([high, low], new Set([high.id]))).toBe(computeScore([low]));
    expect(countBySeverity([high, low], new Set([high.id]))).toEqual({ high: 0, medium: 0, low: 1, info: 0 });
    expect(penaltiesByCheck([high, low]).get('public-post-personal-info')).toBe(25);
  });

  it('maps scores to grades at the documented thresholds', () => {
    expect([100, 85, 84, 65, 64, 40, 39, 0].map(gradeOf)).toEqual([
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

describe('score of whole accounts', () => {
  const instance: Instance = { domain: 'home.example', title: 'Home', version: '4.6.5' };
  const remote = makeAccount({ id: '50', username: 'pal', acct: 'pal@far.example' });
  const posts = [
    makeStatus({ content: '<p>New phone: +49 151 23456789</p>' }),
    makeStatus({ visibility: 'private', content: '<p>Off to Spain for two weeks, flat empty</p>' }),
    makeStatus({
      visibility: 'direct',
      content: '<p>My IBAN is DE62 4306 0967 1149 2784 00</p>',
      mentions: [{ id: '50', username: 'pal', acct: 'pal@far.example', url: 'https://far.example/@pal' }],
    }),
  ];
  // Mastodon's defaults for a new account (4.6): public posts, anyone may follow and quote,
  // follow lists shown, search engines allowed.
  const defaults = makeCredentialAccount(
    { locked: false, discoverable: false, indexable: false, hide_collections: false, noindex: false },
    { privacy: 'public', quote_policy: 'public' },
  );
  const cleaned = makeCredentialAccount(
    { locked: true, discoverable: false, indexable: false, hide_collections: true, noindex: true },
    { privacy: 'private', quote_policy: 'nobody' },
  );
  const cases = [
    { name: 'a cleaned-up account', account: cleaned, statuses: [], grade: 'well-protected', score: 100 },
    {
      name: 'a fresh account with default settings',
      account: defaults,
      statuses: [],
      grade: 'well-protected',
    },
    { name: 'six posts, three findings', account: cleaned, statuses: posts, grade: 'mostly-private' },
    { name: 'the same with default settings', account: defaults, statuses: posts, grade: 'mostly-private' },
  ] as const;
  it.each(cases)('$name: $grade', ({ account, statuses, grade, ...rest }) => {
    const snapshot = makeSnapshot({ account, statuses: [...statuses], instance, followers: [remote] });
    const result = runCheckup(checkContext(snapshot, undefined, NOW));
    expect(result.grade).toBe(grade);
    if ('score' in rest) expect(result.score).toBe(rest.score);
    else expect(result.score).toBeLessThan(100);
  });

  it('tells a fresh default account from a cleaned-up one, and both from one with findings', () => {
    const score = (account: typeof defaults, statuses: typeof posts | []) =>
      runCheckup(
        checkContext(
          makeSnapshot({ account, statuses: [...statuses], instance, followers: [remote] }),
          undefined,
          NOW,
        ),
      ).score;
    const fresh = score(defaults, []);
    expect(score(cleaned, [])).toBeGreaterThan(fresh + 5);
    expect(score(defaults, posts)).toBeLessThan(fresh - 5);
  });
});
