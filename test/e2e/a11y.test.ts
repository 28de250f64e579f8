/**
 * Accessibility of the popup and the dashboard: axe-core finds no serious or critical violation
 * in light and dark, and the main path (sign in, run the checkup, move between dashboard tabs)
 * works from the keyboard with a visible focus ring.
 * UI_SCREENSHOTS=1 also saves every audited state under test-results/ui/ for a visual review.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../mastodon-server';
import { RESULTS_DIR, forEachBrowser, screenshotOnFailure, type BrowserName, type TestPage } from './fixture';
import { openPopup } from './flows';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SCHEMES = ['light', 'dark'] as const;
const SCREENSHOTS = process.env.UI_SCREENSHOTS === '1';
const BLOCKING = new Set(['serious', 'critical']);

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; summary: string }[];
}

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ seed: 41, posts: 150, followers: 80, following: 40 });
});
afterAll(async () => {
  await server.close();
});

/** Runs axe-core in the page and returns every violation, with its nodes. */
async function axe(page: TestPage): Promise<Violation[]> {
  return page.evaluate<Violation[]>(`${AXE_SOURCE};
    axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary ?? '' })),
    })))`);
}

function describeViolations(list: Violation[]): string {
  return list
    .map(
      (v) =>
        `- ${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes
          .slice(0, 8)
          .map((n) => `    ${n.target}\n      ${n.summary.replace(/\n/g, '\n      ')}`)
          .join('\n'),
    )
    .join('\n');
}

/** Audits the page in light and dark; fails listing every serious or critical violation. */
async function audit(page: TestPage, browser: BrowserName, state: string): Promise<void> {
  const failures: string[] = [];
  for (const scheme of SCHEMES) {
    await page.colorScheme(scheme);
    const dark = await page.evaluate<boolean>(`matchMedia('(prefers-color-scheme: dark)').matches`);
    expect(dark, `${state}: ${scheme} scheme not applied`).toBe(scheme === 'dark');
    if (SCREENSHOTS) {
      mkdirSync(path.join(RESULTS_DIR, 'ui'), { recursive: true });
      await page.screenshot(path.join(RESULTS_DIR, 'ui', `${browser}-${state}-${scheme}.png`));
    }
    const blocking = (await axe(page)).filter((v) => BLOCKING.has(v.impact ?? ''));
    if (blocking.length) failures.push(`${state} [${scheme}]:\n${describeViolations(blocking)}`);
  }
  await page.colorScheme('light');
  expect(failures.length, `axe-core found serious or critical violations:\n${failures.join('\n')}`).toBe(0);
}

/** Presses Tab until the focused element matches `selector`: proves it is reachable by keyboard. */
async function tabTo(page: TestPage, selector: string, max = 30): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.press('Tab');
    const hit = await page.evaluate<string | null>(
      `(() => { const el = document.activeElement; if (!el) return null;
        return el.matches(${JSON.stringify(selector)}) ? '' : el.outerHTML.slice(0, 80); })()`,
    );
    if (hit === '') return;
    if (hit) seen.push(hit);
  }
  throw new Error(`${selector} not reached with ${max} Tab presses; focused in turn:\n${seen.join('\n')}`);
}

/** The focused element shows a focus ring: it matches :focus-visible and has an outline. */
async function focusRing(page: TestPage): Promise<{ visible: boolean; outline: string }> {
  return page.evaluate(`(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {
      visible: el.matches(':focus-visible'),
      outline: style.outlineStyle === 'none' ? 'none' : style.outlineWidth + ' ' + style.outlineStyle,
    };
  })()`);
}

const activeId = (page: TestPage) =>
  page.evaluate<string>(`document.activeElement ? document.activeElement.id : ''`);

const DASHBOARD_VIEWS: { view: string; ready: string }[] = [
  { view: 'report', ready: '[data-testid=finding-list]' },
  { view: 'guide', ready: '[data-testid=guide-start]' },
  { view: 'holders', ready: '[data-testid=holders-map]' },
  { view: 'rescope', ready: '.fp-rescope-planner, .fp-rescope-job' },
  { view: 'archive', ready: 'input[type=file]' },
  { view: 'settings', ready: '.fp-settings' },
];

forEachBrowser('accessibility', (browser, name) => {
  let page: TestPage | undefined;
  afterEach(async (ctx) => {
    await screenshotOnFailure(page, name, `a11y-${ctx.task.name}`, ctx.task.result?.state === 'fail');
    await page?.close();
    page = undefined;
  });

  it('popup signed out: the sign-in form has no serious violations', async () => {
    page = await openPopup(browser());
    await page.waitFor('#fp-server');
    await audit(page, name, 'popup-signed-out');
  });

  it('popup with an error shown has no serious violations', async () => {
    page = await openPopup(browser());
    await page.fill('#fp-server', 'not a server');
    await page.click('[data-testid=sign-in]');
    await page.waitForText('[role=alert]', /server address/);
    await audit(page, name, 'popup-error');
  });

  it('signs in and runs the checkup with the keyboard alone, focus visible', async () => {
    page = await openPopup(browser(), server.url);
    await tabTo(page, '#fp-server');
    expect(await page.evaluate<string>(`document.activeElement.value`)).toBe(server.url);
    await tabTo(page, '[data-testid=sign-in]');
    expect(await focusRing(page)).toEqual({ visible: true, outline: expect.stringMatching(/^[2-9]/) });
    await page.press('Enter');
    const consent = await browser().waitForPage(
      (url) => url.startsWith(`${server.url}/oauth/authorize`),
      20_000,
    );
    await consent.waitFor('#authorize');
    await tabTo(consent, '#authorize');
    // Approving closes the consent window, sometimes before the key press reports back.
    await consent.press('Enter').catch((error: Error) => {
      if (!/closed/i.test(error.message)) throw error;
    });
    await page.waitFor('[data-testid=display-name]', { timeout: 30_000 });

    await tabTo(page, '[data-testid=run-checkup]');
    expect(await focusRing(page)).toEqual({ visible: true, outline: expect.stringMatching(/^[2-9]/) });
    await page.press(' ');
    await page.waitFor('[data-testid=score]', { timeout: 120_000 });
    // The result's own action is reachable too.
    await tabTo(page, '[data-testid=open-report]');
  });

  it('popup signed in with a checkup result has no serious violations', async () => {
    page = await openPopup(browser());
    await page.waitFor('[data-testid=score]');
    await audit(page, name, 'popup-result');
  });

  for (const { view, ready } of DASHBOARD_VIEWS) {
    it(`dashboard #${view} has no serious violations`, async () => {
      page = await browser().newPage(browser().extensionUrl(`dashboard.html#${view}`));
      await page.waitFor(`[data-view=${view}]`);
      await page.waitFor(ready);
      await audit(page, name, `dashboard-${view}`);
    });
  }

  it('dashboard #holders with a group and a server chosen has no serious violations', async () => {
    page = await browser().newPage(browser().extensionUrl('dashboard.html#holders'));
    await page.waitFor('[data-testid=holders-diagram] svg');
    await page.click('[data-testid=holders-diagram] [data-key="group:followersOnly"] text.fp-hm-title');
    await page.waitFor('[data-testid=holder-detail][data-selection="group:followersOnly"]');
    await audit(page, name, 'dashboard-holders-group');
    await page.click('[data-testid=holder-detail] li[data-domain] button');
    await page.waitFor('[data-testid=holder-detail][data-selection^="server:"]');
    await page.click('[data-testid=holder-detail] [data-testid=remove-followers]');
    await page.waitFor('[data-testid=holder-detail] [data-testid=confirm]');
    await audit(page, name, 'dashboard-holders-server');
  });

  it('the holders picture is reached by Tab, moved through by arrows, and shows its focus', async () => {
    page = await browser().newPage(browser().extensionUrl('dashboard.html#holders'));
    await page.waitFor('[data-testid=holders-diagram] svg');
    await tabTo(page, '[data-key="group:direct"]');
    const ring = (selector: string) =>
      page!.evaluate<{ visible: boolean; stroke: string; width: string }>(`(() => {
        const el = document.activeElement;
        const frame = el.querySelector(${JSON.stringify(selector)});
        const style = getComputedStyle(frame);
        return { visible: el.matches(':focus-visible'), stroke: style.stroke, width: style.strokeWidth };
      })()`);
    const focus = await page.evaluate<string>(
      `(() => { const p = document.createElement('p'); p.style.color = 'var(--fp-focus)'; document.body.append(p);
        const c = getComputedStyle(p).color; p.remove(); return c; })()`,
    );
    expect(await ring('.fp-hm-box')).toEqual({ visible: true, stroke: focus, width: '3px' });
    // The arrow key moves into the group's servers, which Tab skips.
    await page.press('ArrowRight');
    expect(await page.evaluate<string>(`document.activeElement.getAttribute('data-in')`)).toBe('direct');
    expect(await ring('.fp-hm-frame')).toEqual({ visible: true, stroke: focus, width: '3px' });
  });

  it('guided fixing: every card has no serious violations and works from the keyboard', async () => {
    page = await browser().newPage(browser().extensionUrl('dashboard.html#guide'));
    await page.waitFor('[data-testid=guide-start]');
    await tabTo(page, '[data-testid=guide-start]');
    expect(await focusRing(page)).toEqual({ visible: true, outline: expect.stringMatching(/^[2-9]/) });
    await page.press('Enter');
    await page.waitFor('[data-testid=guide-card]');
    // The new card's heading takes the focus, so a screen reader reads the step at once.
    expect(await activeId(page)).toBe('fp-guide-title');
    await audit(page, name, 'dashboard-guide-step');
    const steps = await page.count('.fp-guide-dot');
    expect(steps).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < steps; i++) {
      const check = await page.evaluate<string>(
        `document.querySelector('[data-testid=guide-card]').dataset.check`,
      );
      await tabTo(page, '[data-testid=guide-skip]');
      await page.press('Enter');
      if (i < steps - 1)
        await page.waitFor(`[data-testid=guide-card]:not([data-check="${check}"])`, { timeout: 10_000 });
    }
    await page.waitFor('[data-testid=guide-done]');
    expect(await page.text('[data-testid=guide-new-score]')).toMatch(/\d/);
    await audit(page, name, 'dashboard-guide-done');
    // Progress lives in the background: a fresh page resumes on the end card.
    await page.close();
    page = await browser().newPage(browser().extensionUrl('dashboard.html#guide'));
    await page.waitFor('[data-testid=guide-done]');
    await tabTo(page, '[data-testid=guide-restart]');
    await page.press('Enter');
    await page.waitFor('[data-testid=guide-start]');
  });

  it('"what changed since the last checkup" after a second checkup has no serious violations', async () => {
    // Something the person fixed on the server meanwhile: follow requests turned on.
    const owner = server.state.accounts.get(server.owner.id);
    if (!owner) throw new Error('no owner account');
    owner.locked = true;
    page = await browser().newPage(browser().extensionUrl('dashboard.html#report'));
    await page.waitFor('[data-testid=changes]');
    await page.click('[data-testid=dash-run]');
    await page.waitFor('[data-testid=changes-fixed]', { timeout: 120_000 });
    expect(await page.text('[data-testid=changes-fixed]')).toMatch(/follow/i);
    await audit(page, name, 'dashboard-what-changed');
    owner.locked = false;
  });

  it('dashboard tabs move with the arrow keys and show their focus', async () => {
    page = await browser().newPage(browser().extensionUrl('dashboard.html#report'));
    await page.waitFor('[data-view=report]');
    await tabTo(page, '#tab-report');
    expect(await focusRing(page)).toEqual({ visible: true, outline: expect.stringMatching(/^[2-9]/) });

    await page.press('ArrowRight');
    await page.waitFor('[data-view=guide]');
    expect(await activeId(page)).toBe('tab-guide');
    expect(await page.evaluate<string>(`location.hash`)).toBe('#guide');
    expect(await page.count('#tab-guide[aria-selected=true]')).toBe(1);
    expect(await page.count('#tab-report[aria-selected=true]')).toBe(0);

    await page.press('ArrowLeft');
    await page.waitFor('[data-view=report]');
    expect(await activeId(page)).toBe('tab-report');
    // Wraps around from the first tab to the last.
    await page.press('ArrowLeft');
    await page.waitFor('[data-view=settings]');
    expect(await activeId(page)).toBe('tab-settings');
    expect(await focusRing(page)).toEqual({ visible: true, outline: expect.stringMatching(/^[2-9]/) });
    // Only the selected tab is in the Tab order: the next Tab leaves the tab list.
    await page.press('Tab');
    expect(await page.evaluate<string>(`document.activeElement.getAttribute('role') ?? ''`)).not.toBe('tab');
  });
});
