import { describe, expect, it } from 'vitest';
import { currentStep, guideSteps, mergeFixes, type StepOutcome } from './guide';
import type { Finding, Fix, Severity } from './types';

let n = 0;
const f = (check: string, severity: Severity, fix?: Fix): Finding => ({
  id: `${check}::${++n}`,
  check,
  severity,
  title: `${check} title`,
  detail: `${check} detail`,
  fix,
});

describe('guideSteps', () => {
  const demoLike = [
    f('public-post-personal-info', 'high', { type: 'rescope', statusIds: ['1'] }),
    f('public-post-personal-info', 'medium', { type: 'rescope', statusIds: ['2'] }),
    f('quotable-personal-info', 'low', { type: 'quote-policy', statusIds: ['1', '2'], policy: 'nobody' }),
    f('dm-untrusted-server', 'medium', { type: 'trust-servers', domains: ['a.example'] }),
    f('dm-untrusted-server', 'medium', { type: 'trust-servers', domains: ['b.example'] }),
    f('default-visibility-public', 'medium', {
      type: 'update-credentials',
      update: { source: { privacy: 'private' } },
    }),
    f('discoverable', 'low', { type: 'update-credentials', update: { discoverable: false } }),
    f('indexable', 'low', { type: 'update-credentials', update: { indexable: false } }),
    f('collections-shown', 'low', { type: 'update-credentials', update: { hide_collections: true } }),
    f('old-public-posts', 'info'),
  ];

  const cases = [
    {
      name: 'biggest gain first, lossless quote fix before the re-scope of the same posts',
      findings: demoLike,
      dismissed: [] as string[],
      checks: [
        'quotable-personal-info',
        'public-post-personal-info',
        'dm-untrusted-server',
        'default-visibility-public',
        'collections-shown',
      ],
    },
    {
      name: 'dismissed findings are not offered',
      findings: demoLike,
      dismissed: demoLike.filter((x) => x.check === 'dm-untrusted-server').map((x) => x.id),
      checks: [
        'quotable-personal-info',
        'public-post-personal-info',
        'default-visibility-public',
        'collections-shown',
        'discoverable',
      ],
    },
    { name: 'nothing to fix', findings: [f('old-public-posts', 'info')], dismissed: [], checks: [] },
  ];
  it.each(cases)('$name', ({ findings, dismissed, checks }) => {
    expect(guideSteps(findings, new Set(dismissed)).map((s) => s.check)).toEqual(checks);
  });

  it('covers every finding of a kind with one merged fix and gains points', () => {
    const steps = guideSteps(demoLike);
    const rescope = steps.find((s) => s.check === 'public-post-personal-info')!;
    expect(rescope).toMatchObject({
      count: 2,
      severity: 'high',
      fix: { type: 'rescope', statusIds: ['1', '2'] },
    });
    const dms = steps.find((s) => s.check === 'dm-untrusted-server')!;
    expect(dms.fix).toEqual({ type: 'trust-servers', domains: ['a.example', 'b.example'] });
    for (const step of steps) expect(step.gain).toBeGreaterThan(0);
  });
});

describe('mergeFixes', () => {
  it.each([
    { name: 'none', fixes: [], want: undefined },
    {
      name: 'settings are the same for each finding',
      fixes: [
        { type: 'open-settings', url: 'https://h/s' },
        { type: 'open-settings', url: 'https://h/s' },
      ] as Fix[],
      want: { type: 'open-settings', url: 'https://h/s' },
    },
    {
      name: 'servers are united',
      fixes: [
        { type: 'remove-followers', domains: ['x'] },
        { type: 'remove-followers', domains: ['x', 'y'] },
      ] as Fix[],
      want: { type: 'remove-followers', domains: ['x', 'y'] },
    },
  ])('$name', ({ fixes, want }) => expect(mergeFixes(fixes)).toEqual(want));
});

describe('currentStep', () => {
  const steps = [{ check: 'a' }, { check: 'b' }, { check: 'c' }];
  const cases: { outcomes: Record<string, StepOutcome>; want: number | null }[] = [
    { outcomes: {}, want: 0 },
    { outcomes: { a: 'fixed' }, want: 1 },
    { outcomes: { a: 'kept', b: 'skipped' }, want: 2 },
    { outcomes: { b: 'fixed' }, want: 0 },
    { outcomes: { a: 'fixed', b: 'kept', c: 'fixed' }, want: null },
  ];
  it.each(cases)('$outcomes → $want', ({ outcomes, want }) =>
    expect(currentStep(steps, outcomes)).toBe(want),
  );
});
