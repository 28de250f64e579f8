import { describe, expect, it } from 'vitest';
import type { RateLimitInfo } from '../mastodon/client';
import { BudgetGate, budgetView, listPageAllowed, type Demand } from './schedule';

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const MIN = 60_000;
const info = (remaining: number, resetAt: number): RateLimitInfo => ({
  limit: 300,
  remaining,
  resetAt: new Date(resetAt),
});
const demand = (d: Partial<Demand>): Demand => ({
  statusPages: 0,
  listPages: 0,
  listsInFlight: 0,
  ...d,
});

describe('crawl budget priorities', () => {
  it('keeps the paged budget for the post walk while it does not cover both', () => {
    // 15-minute paged window with 250 left, the post walk needs 400 more pages.
    const view = budgetView((f) => (f === 'paging' ? info(250, T0 + 15 * MIN) : undefined), T0 + 6 * MIN);
    expect(view.paged).toBe(247);
    expect(listPageAllowed(view, demand({ statusPages: 400 }))).toBe(false);
    // Small account: 50 pages to go leave plenty for the lists.
    expect(listPageAllowed(view, demand({ statusPages: 50 }))).toBe(true);
    // Once the post walk is done the lists take what is left.
    expect(listPageAllowed(view, demand({ statusPages: 0 }))).toBe(true);
  });

  it('treats a window that has passed as a fresh one', () => {
    const view = budgetView((f) => (f === 'paging' ? info(0, T0 + 15 * MIN) : undefined), T0 + 15 * MIN);
    expect(view).toEqual({ paged: 297, token: 297 });
  });

  it('wakes waiters when told and on cancel', async () => {
    const controller = new AbortController();
    const gate = new BudgetGate(controller.signal);
    let open = false;
    const waited = gate.until(() => open);
    let done = false;
    void waited.then(() => (done = true));
    gate.notify();
    await Promise.resolve();
    expect(done).toBe(false);
    open = true;
    gate.notify();
    await waited;
    const cancelled = gate.until(() => false);
    controller.abort();
    await expect(cancelled).resolves.toBeUndefined();
  });
});
