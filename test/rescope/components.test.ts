import { beforeAll, describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { h, render, type VNode } from 'preact';
import { act } from 'preact/test-utils';
import { RescopePlanner } from '../../components/RescopePlanner';
import { RescopeJob } from '../../components/RescopeJob';
import { planRescope } from '../../utils/rescope/planner';
import { DEFAULT_RESCOPE_OPTIONS, type RescopeOptions, type RescopePlan } from '../../utils/rescope/types';
import { makeSnapshot, makeStatus } from '../factories';
import { t } from '../../utils/i18n';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

beforeAll(() => {
  const { window, document } = parseHTML('<!doctype html><html><body></body></html>');
  Object.assign(globalThis, { window, document, Event: window.Event, HTMLElement: window.HTMLElement });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function mount(vnode: VNode<any>) {
  const root = document.createElement('div');
  document.body.appendChild(root);
  act(() => render(vnode, root));
  return root;
}

function click(el: Element) {
  act(() => {
    el.dispatchEvent(new window.Event('click', { bubbles: true }));
  });
}

function check(input: HTMLInputElement, value = true) {
  act(() => {
    input.checked = value;
    input.dispatchEvent(new window.Event('change', { bubbles: true }));
  });
}

describe('RescopePlanner', () => {
  const statuses = [
    makeStatus({
      id: '1',
      content: '<p>My <b>address</b> <script>x</script></p>',
      created_at: '2025-01-01T00:00:00.000Z',
    }),
    makeStatus({ id: '2', created_at: '2025-02-01T00:00:00.000Z', visibility: 'direct' }),
  ];
  const options: RescopeOptions = { ...DEFAULT_RESCOPE_OPTIONS };
  const plan: RescopePlan = planRescope(makeSnapshot({ statuses }), options, [], NOW);

  it('shows counts, the lost list, post text as text, and starts only after the confirmation', () => {
    const confirmed: RescopePlan[] = [];
    const root = mount(
      h(RescopePlanner, { options, plan, onChange: () => {}, onConfirm: (p) => confirmed.push(p) }),
    );
    expect(root.textContent).toContain(t('rescope_previewCounts', 1, 2, 1));
    expect(root.textContent).toContain(t('rescope_lostFavourites'));
    expect(root.textContent).toContain(t('rescope_lostNotifyAgain'));
    expect(root.querySelector('script')).toBeNull();
    expect(root.querySelector('.fp-rescope-excerpt')?.textContent).toBe('My address x');
    const button = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Re-scope 1 post')!;
    expect(button.disabled).toBe(true);
    click(button);
    expect(confirmed).toHaveLength(0);
    check(root.querySelector('input[name="confirm"]') as HTMLInputElement);
    expect(button.disabled).toBe(false);
    click(button);
    expect(confirmed).toEqual([plan]);
  });

  it('reports filter changes as events', () => {
    const changes: RescopeOptions[] = [];
    const root = mount(
      h(RescopePlanner, { options, plan, onChange: (o) => changes.push(o), onConfirm: () => {} }),
    );
    check(root.querySelector('input[name="keepPinned"]') as HTMLInputElement, !options.keepPinned);
    const unlisted = root.querySelector('input[value="unlisted"]') as HTMLInputElement;
    act(() => {
      unlisted.checked = true;
      unlisted.dispatchEvent(new window.Event('change', { bubbles: true }));
    });
    expect(changes[0]?.keepPinned).toBe(!options.keepPinned);
    expect(changes[1]?.target).toBe('unlisted');
    // Every control has a visible label (keyboard and screen-reader users).
    for (const input of root.querySelectorAll('input')) expect(input.closest('label')).not.toBeNull();
  });
});

describe('RescopeJob', () => {
  const progress = {
    jobId: 'j',
    status: 'running' as const,
    total: 10,
    done: 4,
    failed: 1,
    skipped: 0,
    current: '5',
    eta: { ms: 3_600_000, finishAt: new Date(NOW + 3_600_000).toISOString(), windows: 2 },
    wakeAt: null,
  };

  it('offers pause while running, resume while paused, and lists old → new URLs', () => {
    const events: string[] = [];
    const handlers = {
      onPause: () => events.push('pause'),
      onResume: () => events.push('resume'),
      onCancel: () => events.push('cancel'),
      onExportBackup: () => events.push('export'),
    };
    const report = {
      jobId: 'j',
      target: 'private' as const,
      status: 'running' as const,
      verified: 1,
      failed: 1,
      skipped: 0,
      pending: 8,
      rows: [
        {
          postId: '1',
          state: 'verified' as const,
          oldUrl: 'https://home.example/@o/1',
          newUrl: 'https://home.example/@o/99',
          reason: null,
          hasBackup: true,
        },
        {
          postId: '2',
          state: 'failed' as const,
          oldUrl: 'javascript:alert(1)',
          newUrl: null,
          reason: 'refused',
          hasBackup: true,
        },
      ],
    };
    const root = mount(h(RescopeJob, { progress, report, ...handlers }));
    const buttons = () => [...root.querySelectorAll('button')];
    click(buttons().find((b) => b.textContent === t('rescope_pause'))!);
    click(buttons().find((b) => b.textContent === t('rescope_exportBackup'))!);
    expect(events).toEqual(['pause', 'export']);
    expect(buttons().some((b) => b.textContent === t('rescope_resume'))).toBe(false);
    const links = [...root.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['https://home.example/@o/1', 'https://home.example/@o/99']);
    expect(root.textContent).toContain('javascript:alert(1)');
    expect(root.textContent).toContain(t('rescope_reportFailedNote'));

    const paused = mount(
      h(RescopeJob, { progress: { ...progress, status: 'paused' }, report: null, ...handlers }),
    );
    click([...paused.querySelectorAll('button')].find((b) => b.textContent === t('rescope_resume'))!);
    expect(events.at(-1)).toBe('resume');
  });
});
