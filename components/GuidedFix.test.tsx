import { parseHTML } from 'linkedom';
import { render, type ComponentChild } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import type { GuideStep } from '../utils/checks/guide';
import { diffCheckups } from '../utils/checks/diff';
import type { Finding } from '../utils/checks/types';
import { CheckupChanges, NotApplicableList } from './CheckupChanges';
import { GuidedFix, type GuidedFixProps } from './GuidedFix';

function mount(node: ComponentChild) {
  const { document, Event } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
  const g = globalThis as { document?: unknown };
  const previous = g.document;
  g.document = document;
  const root = document.getElementById('root')!;
  render(node, root as unknown as Element);
  g.document = previous;
  const click = (selector: string) => root.querySelector(selector)!.dispatchEvent(new Event('click'));
  return { root, click };
}

const step = (check: string, over: Partial<GuideStep> = {}): GuideStep => ({
  check,
  findingIds: [`${check}::1`, `${check}::2`],
  severity: 'high',
  title: `${check} title`,
  detail: `${check} detail`,
  count: 2,
  fix: { type: 'quote-policy', statusIds: ['1'], policy: 'nobody' },
  gain: 2.4,
  ...over,
});

function props(over: Partial<GuidedFixProps> = {}): GuidedFixProps {
  return {
    steps: [
      { check: 'a', step: step('a') },
      { check: 'b', step: step('b', { fix: undefined, count: 1 }) },
      { check: 'c', step: null },
    ],
    outcomes: {},
    available: 3,
    score: 44,
    startScore: 40,
    busy: null,
    onStart: vi.fn(),
    onFix: vi.fn(),
    onKeep: vi.fn(),
    onSkip: vi.fn(),
    onRestart: vi.fn(),
    onRunAgain: vi.fn(),
    ...over,
  };
}

describe('GuidedFix', () => {
  const cases = [
    {
      name: 'before the start: the offer',
      p: props({ outcomes: null }),
      shows: '[data-testid=guide-start]',
      text: /3 steps.*44/,
    },
    {
      name: 'nothing to fix',
      p: props({ outcomes: null, available: 0 }),
      shows: '[data-testid=guide-nothing]',
      text: /Nothing to fix/,
    },
    {
      name: 'the first open step',
      p: props(),
      shows: '[data-testid=guide-card][data-check=a]',
      text: /Step 1 of 3.*a title.*a detail.*1 more finding.*about 2 points.*Let nobody quote them/,
    },
    {
      name: 'a step without a one-click fix',
      p: props({ outcomes: { a: 'kept' } }),
      shows: '[data-testid=guide-card][data-check=b]',
      text: /no one-click fix/,
    },
    {
      name: 'the end card with the new score',
      p: props({ outcomes: { a: 'fixed', b: 'skipped' } }),
      shows: '[data-testid=guide-done]',
      text: /score is 44 now; it was 40.*a title: Fix started.*b title: Skipped.*c: Fixed/,
    },
  ];
  it.each(cases)('$name', ({ p, shows, text }) => {
    const { root } = mount(<GuidedFix {...p} />);
    expect(root.querySelector(shows)).not.toBeNull();
    expect(root.textContent?.replace(/\s+/g, ' ')).toMatch(text);
    // Every control is a native button, so it works with the keyboard.
    for (const el of root.querySelectorAll('[data-testid^=guide-]'))
      if (/fix|keep|skip|start|restart|run/.test(el.getAttribute('data-testid') ?? '') && el.tagName !== 'P')
        expect(el.tagName).toBe('BUTTON');
  });

  it('sends the step with each choice', () => {
    const p = props();
    const { click } = mount(<GuidedFix {...p} />);
    click('[data-testid=guide-fix]');
    click('[data-testid=guide-keep]');
    click('[data-testid=guide-skip]');
    expect(p.onFix).toHaveBeenCalledWith(expect.objectContaining({ check: 'a' }));
    expect(p.onKeep).toHaveBeenCalledWith(expect.objectContaining({ check: 'a' }));
    expect(p.onSkip).toHaveBeenCalledWith(expect.objectContaining({ check: 'a' }));
  });

  it('marks where each step stands for screen readers', () => {
    const { root } = mount(<GuidedFix {...props({ outcomes: { a: 'kept' } })} />);
    const dots = [...root.querySelectorAll('.fp-guide-dot')];
    expect(dots.map((d) => d.getAttribute('data-outcome'))).toEqual(['kept', 'open', 'gone']);
    expect(dots[1]?.getAttribute('aria-current')).toBe('step');
    expect(dots[0]?.textContent).toBe('Step 1 of 3: Kept');
  });
});

describe('CheckupChanges', () => {
  const f = (id: string, title: string): Finding => ({
    id,
    check: id.split(':')[0]!,
    severity: 'medium',
    title,
    detail: '',
  });
  const side = (findings: Finding[], score: number) => ({
    ranAt: '2026-12-01T10:00:00.000Z',
    score,
    findings,
  });
  const cases = [
    { name: 'first checkup', diff: null, text: /first checkup/ },
    {
      name: 'nothing changed',
      diff: diffCheckups(side([f('a::', 'A')], 50), side([f('a::', 'A')], 50)),
      text: /Nothing changed/,
    },
    {
      name: 'one new, two gone',
      diff: diffCheckups(side([f('a::', 'Old A'), f('b::', 'Old B')], 40), side([f('c::', 'New C')], 60)),
      text: /Score then: 40, now: 60.*1 new finding.*New C.*2 findings gone.*Old A.*Old B/,
    },
  ];
  it.each(cases)('$name', ({ diff, text }) => {
    const { root } = mount(<CheckupChanges diff={diff} />);
    expect(root.textContent?.replace(/\s+/g, ' ')).toMatch(text);
  });

  it('lists checks the server is too old for', () => {
    const { root } = mount(
      <NotApplicableList
        items={[{ check: 'default-quote-policy-public', since: '4.5.0', version: '4.4.3' }]}
      />,
    );
    expect(root.textContent).toContain(
      'Default quote policy: not applicable on your server (Mastodon 4.4.3; needs 4.5.0 or later)',
    );
  });
});
