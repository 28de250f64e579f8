/**
 * Who gets the rate-limit budget during a crawl.
 *
 * The post walk is the critical path: a chain of paged requests (`max_id`), 300 per 15 minutes per
 * user. Every paged page it cannot read in the current window moves, with the edit histories of the
 * posts it lists, past the reset. So:
 * - the later pages of followers, following, follow requests and conversations (also paged) take
 *   paged budget only when the post walk's remaining pages fit beside them, or once it is done;
 * - edit histories (not paged, only the per-token 300 per 5 minutes) are left to the transport's
 *   pacing, so they run while the post walk waits for the paged window.
 * Mastodon reports only the throttle nearest exhaustion, so a paged answer may describe the
 * per-token window; either way it is a budget the walk needs. https://docs.joinmastodon.org/api/rate-limits/
 */
import type { RateLimitInfo } from '../mastodon/client';

/** Requests of each budget left to the user's web UI, as the transport keeps them. */
export const BUDGET_RESERVE = 3;
/** Mastodon's paged and per-token limits, assumed for a window not seen yet. */
const DEFAULT_LIMIT = 300;

export interface BudgetView {
  /** Usable requests left in the current window (reserve taken off), or the full limit when unknown. */
  paged: number;
  token: number;
}

/** Usable requests left per the last headers, or the full limit once that window has passed. */
function usable(info: RateLimitInfo | undefined, now: number): number {
  if (!info || now >= info.resetAt.getTime()) return DEFAULT_LIMIT - BUDGET_RESERVE;
  return info.remaining - BUDGET_RESERVE;
}

export function budgetView(
  rateLimit: (family: string) => RateLimitInfo | undefined,
  now: number,
): BudgetView {
  // The transport counts every request, paged ones too, against the per-token estimate.
  return { paged: usable(rateLimit('paging'), now), token: usable(rateLimit('default'), now) };
}

export interface Demand {
  /** Paged pages the post walk still needs (0 when done). */
  statusPages: number;
  /** Later (paged) pages the account lists still need. */
  listPages: number;
  /** Paged list requests already let through and not yet answered. */
  listsInFlight: number;
}

/** A list may read its next (paged) page when the post walk's remaining pages still fit beside it. */
export function listPageAllowed(view: BudgetView, demand: Demand): boolean {
  if (demand.statusPages === 0) return true;
  return view.paged - demand.statusPages - demand.listsInFlight > 0;
}

/**
 * Waiters re-check their condition whenever the crawl moves (an answer, a walk ending). A waiter only
 * ever yields to a paged walk that is in flight or paced by the transport, so an answer always comes.
 */
export class BudgetGate {
  private waiters: (() => void)[] = [];

  constructor(private readonly signal?: AbortSignal) {
    signal?.addEventListener('abort', () => this.notify(), { once: true });
  }

  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves once `allowed()` holds or the crawl is cancelled (the request itself then reports it). */
  async until(allowed: () => boolean): Promise<void> {
    while (!allowed() && !this.signal?.aborted) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}
