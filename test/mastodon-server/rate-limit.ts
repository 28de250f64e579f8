/**
 * Mastodon's throttles, on the injected clock, with fixed epoch-aligned windows as rack-attack
 * and RateLimiter have them. https://github.com/mastodon/mastodon/blob/main/config/initializers/rack_attack.rb
 */
import { isoMicro } from './util';

const MIN = 60_000;

export interface Throttle {
  name: string;
  limit: number;
  period: number;
  key: string;
}

export interface ThrottleResult {
  throttled: boolean;
  headers: Record<string, string>;
}

export interface ThrottleInput {
  method: string;
  path: string;
  query: URLSearchParams;
  tokenId: string | null;
  userId: string | null;
  ip: string;
}

/** Which throttles a request counts against. */
export function throttlesFor(input: ThrottleInput): Throttle[] {
  const out: Throttle[] = [];
  const { method, path, tokenId, userId, ip } = input;
  if (!path.startsWith('/api')) return out;
  if (tokenId !== null)
    out.push({ name: 'throttle_per_token_api', limit: 300, period: 5 * MIN, key: `token:${tokenId}` });
  if (userId !== null)
    out.push({ name: 'throttle_authenticated_api', limit: 1500, period: 5 * MIN, key: `user:${userId}` });
  else out.push({ name: 'throttle_unauthenticated_api', limit: 300, period: 5 * MIN, key: `ip:${ip}` });
  const paging = ['page', 'min_id', 'max_id', 'since_id'].some((k) => input.query.has(k));
  if (paging) {
    out.push(
      userId !== null
        ? { name: 'throttle_authenticated_paging', limit: 300, period: 15 * MIN, key: `paging:${userId}` }
        : { name: 'throttle_unauthenticated_paging', limit: 300, period: 15 * MIN, key: `paging-ip:${ip}` },
    );
  }
  if (userId !== null) {
    if (method === 'POST' && /^\/api\/v\d+\/media\/?$/.test(path)) {
      out.push({ name: 'throttle_api_media', limit: 30, period: 30 * MIN, key: `media:${userId}` });
    }
    if (
      (method === 'DELETE' && /^\/api\/v1\/statuses\/[^/]+\/?$/.test(path)) ||
      (method === 'POST' && /^\/api\/v1\/statuses\/[^/]+\/unreblog\/?$/.test(path))
    ) {
      out.push({ name: 'throttle_api_delete', limit: 30, period: 30 * MIN, key: `delete:${userId}` });
    }
    // RateLimiter family :statuses (posting and editing), 300 per 3 hours per account.
    if (
      (method === 'POST' && /^\/api\/v1\/statuses\/?$/.test(path)) ||
      (method === 'PUT' && /^\/api\/v1\/statuses\/[^/]+\/?$/.test(path))
    ) {
      out.push({ name: 'statuses', limit: 300, period: 180 * MIN, key: `statuses:${userId}` });
    }
  }
  return out;
}

export class RateLimiter {
  private counters = new Map<string, { window: number; count: number }>();
  constructor(private enforce: boolean) {}

  /** Counts the request against each throttle and decides. */
  hit(throttles: Throttle[], now: number): ThrottleResult {
    let worst: { t: Throttle; count: number; reset: number } | null = null;
    let throttled = false;
    for (const t of throttles) {
      const window = Math.floor(now / t.period);
      const mapKey = `${t.name}|${t.key}`;
      let c = this.counters.get(mapKey);
      if (!c || c.window !== window) {
        c = { window, count: 0 };
        this.counters.set(mapKey, c);
      }
      c.count++;
      const reset = (window + 1) * t.period;
      if (c.count > t.limit && this.enforce) throttled = true;
      if (!worst || t.limit - c.count < worst.t.limit - worst.count) worst = { t, count: c.count, reset };
    }
    if (!worst) return { throttled: false, headers: {} };
    return {
      throttled,
      headers: {
        'X-RateLimit-Limit': String(worst.t.limit),
        'X-RateLimit-Remaining': String(throttled ? 0 : Math.max(0, worst.t.limit - worst.count)),
        'X-RateLimit-Reset': isoMicro(worst.reset),
      },
    };
  }

  /** The 5-minute window end, for injected 429 faults. */
  static resetOf(now: number, period = 5 * MIN): string {
    return isoMicro((Math.floor(now / period) + 1) * period);
  }
}
