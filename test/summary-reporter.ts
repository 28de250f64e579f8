/**
 * A Vitest reporter that records pass/fail counts per project, and per browser for the browser
 * tests (suites are named "... [chromium]" / "... [firefox]"), for scripts/test-summary.mjs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

type Counts = { passed: number; failed: number; skipped: number };

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const byProject = new Map<
      string,
      {
        total: Counts;
        groups: Record<string, Counts>;
        snac: Record<string, Counts>;
        webUi: Record<string, Counts>;
      }
    >();
    for (const module of modules) {
      const project = module.project.name || 'default';
      const entry = byProject.get(project) ?? {
        total: { passed: 0, failed: 0, skipped: 0 },
        groups: {},
        snac: {},
        webUi: {},
      };
      // Tests against snac (a server we did not write), counted apart so CI shows them per browser.
      const againstSnac = /[/\\](test[/\\]snac[/\\]|snac\.test\.)/.test(module.moduleId);
      byProject.set(project, entry);
      for (const test of module.children.allTests()) {
        const browser = /\[(chromium|firefox)\]/.exec(test.fullName)?.[1] ?? 'node';
        const group = (entry.groups[browser] ??= { passed: 0, failed: 0, skipped: 0 });
        const state = test.result().state;
        const key: keyof Counts = state === 'passed' ? 'passed' : state === 'failed' ? 'failed' : 'skipped';
        group[key]++;
        entry.total[key]++;
        if (againstSnac) (entry.snac[browser] ??= { passed: 0, failed: 0, skipped: 0 })[key]++;
        // Compose tests run once per real Mastodon web UI ("web UI 4.6.5" in their suite name).
        const webUi = /web UI (\d+\.\d+\.\d+)/.exec(test.fullName)?.[1];
        if (webUi) (entry.webUi[`${browser} ${webUi}`] ??= { passed: 0, failed: 0, skipped: 0 })[key]++;
      }
    }
    mkdirSync('test-results', { recursive: true });
    for (const [project, { total, groups, snac, webUi }] of byProject) {
      writeFileSync(
        `test-results/summary-${project}.json`,
        JSON.stringify({ project, ...total, groups, snac, webUi }),
      );
      for (const [group, c] of Object.entries(groups)) {
        console.log(`${project} ${group}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
      }
    }
  }
}
