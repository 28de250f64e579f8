/**
 * Client-side pacing from Mastodon's X-RateLimit-* headers, so a long crawl never runs into 429.
 *
 * Mastodon throttles per token (300 / 5 min), per user (1,500 / 5 min) and, for requests that carry
 * `max_id`/`min_id`/`since_id`/`page`, per user again (300 / 15 min); windows are fixed and aligned
 * to the epoch. Each response reports only the throttle closest to exhaustion.
 * https://docs.joinmastodon.org/api/rate-limits/ and config/initializers/rack_attack.rb.
 *
 * Strategy: run at full speed while the budget is comfortable (the windows are fixed, so spending
 * early never costs time), spread the last tenth of the budget evenly until the reset, and keep a
 * small reserve for the web UI, which shares the per-user budgets.
 */
import type { Clock } from '../clock';
import { AbortedError } from './errors';
import type { RateLimitInfo } from './client';

export type RateFamily = 'default' | 'paging' | 'delete' | 'media' | 'statuses';

const PAGING_PARAMS = ['max_id', 'min_id', 'since_id', 'page'];

/** Which budgets a request draws on. Every API request draws on 'default' (the per-token limit). */
export function familiesOf(method: string, url: URL): RateFamily[] {
  const families: RateFamily[] = ['default'];
  if (PAGING_PARAMS.some((p) => url.searchParams.has(p))) families.push('paging');
  const path = url.pathname;
  if (
    (method === 'DELETE' && /^\/api\/v1\/statuses\/[^/]+$/.test(path)) ||
    (method === 'POST' && /^\/api\/v1\/statuses\/[^/]+\/unreblog$/.test(path))
  ) {
    families.push('delete');
  }
  if (method === 'POST' && /^\/api\/v\d+\/media$/.test(path)) families.push('media');
  if (
    (method === 'POST' && path === '/api/v1/statuses') ||
    (method === 'PUT' && /^\/api\/v1\/statuses\/[^/]+$/.test(path))
  ) {
    families.push('statuses');
  }
  return families;
}

interface Budget {
  limit: number;
  /** Estimate: the last header's value minus the requests started since. */
  remaining: number;
  resetAt: number;
  /** Earliest start of the next request while spreading. */
  nextAt: number;
}

/** Covers the skew between the server's clock and ours and the rounding of the reset time. */
const RESET_MARGIN_MS = 500;

export class RateLimiter {
  private readonly budgets = new Map<RateFamily, Budget>();

  constructor(
    private readonly clock: Clock,
    private readonly reserve: number,
  ) {}

  info(family: RateFamily): RateLimitInfo | undefined {
    const b = this.budgets.get(family);
    return b
      ? { limit: b.limit, remaining: Math.max(0, b.remaining), resetAt: new Date(b.resetAt) }
      : undefined;
  }

  /** Records a response's headers against the most specific budget the request drew on. */
  observe(families: RateFamily[], info: RateLimitInfo): void {
    const family = families[families.length - 1] ?? 'default';
    const resetAt = info.resetAt.getTime();
    const current = this.budgets.get(family);
    if (current && Math.abs(current.resetAt - resetAt) < 1000) {
      // Same window: responses of concurrent requests arrive out of order, the lowest count is the newest.
      current.remaining = Math.min(current.remaining, info.remaining);
      current.limit = info.limit;
      return;
    }
    if (
      current &&
      resetAt < current.resetAt &&
      this.clock.now() < current.resetAt &&
      info.remaining >= current.remaining
    ) {
      // A late answer from a shorter window that is less exhausted than what we know: not news.
      return;
    }
    this.budgets.set(family, { limit: info.limit, remaining: info.remaining, resetAt, nextAt: 0 });
  }

  /** After a 429: nothing is left until `resetAt`. */
  exhausted(families: RateFamily[], resetAt: Date): void {
    const family = families[families.length - 1] ?? 'default';
    const b = this.budgets.get(family);
    const limit = b?.limit ?? 300;
    this.budgets.set(family, { limit, remaining: 0, resetAt: resetAt.getTime(), nextAt: 0 });
  }

  /** Waits (through the clock) until every budget the request draws on allows it, then takes one unit of each. */
  async acquire(families: RateFamily[], signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw new AbortedError('Cancelled.');
      const now = this.clock.now();
      let wakeAt = now;
      for (const family of families) {
        const b = this.budgets.get(family);
        if (!b || now >= b.resetAt) continue;
        const usable = b.remaining - this.reserve;
        if (usable <= 0) wakeAt = Math.max(wakeAt, b.resetAt + RESET_MARGIN_MS);
        else if (b.remaining <= this.lowWater(b.limit)) wakeAt = Math.max(wakeAt, b.nextAt);
      }
      if (wakeAt <= now) break;
      try {
        await this.clock.sleep(wakeAt - now, signal);
      } catch (error) {
        if (signal?.aborted) throw new AbortedError('Cancelled.');
        throw error;
      }
    }
    // Check and take happen in one synchronous step, so concurrent callers never both take the last unit.
    const now = this.clock.now();
    for (const family of families) {
      const b = this.budgets.get(family);
      if (!b) continue;
      if (now >= b.resetAt) {
        // The window we knew has passed; the next response's headers describe the new one.
        this.budgets.delete(family);
        continue;
      }
      b.remaining -= 1;
      const usable = b.remaining - this.reserve;
      if (b.remaining <= this.lowWater(b.limit)) {
        // Split what is left of the window so the last usable request still falls before the reset.
        b.nextAt = now + Math.max(0, b.resetAt - now) / (Math.max(0, usable) + 1);
      }
    }
  }

  private lowWater(limit: number): number {
    return Math.max(this.reserve + 1, Math.ceil(limit * 0.1));
  }
}
