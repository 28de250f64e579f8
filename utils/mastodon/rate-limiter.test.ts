import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock';
import { RateLimiter, familiesOf } from './rate-limiter';

describe('RateLimiter', () => {
  it('runs at full speed with budget left, spreads the last tenth until the reset, then waits for it', async () => {
    const c = new SimulatedClock(0);
    const limiter = new RateLimiter(c, 3);
    limiter.observe(['default'], { limit: 300, remaining: 200, resetAt: new Date(100_000) });
    await limiter.acquire(['default']);
    expect(c.now()).toBe(0);
    limiter.observe(['default'], { limit: 300, remaining: 13, resetAt: new Date(100_000) });
    const starts: number[] = [];
    for (let i = 0; i < 12; i++) {
      await limiter.acquire(['default']);
      starts.push(c.now());
    }
    // 13 left, 3 reserved: ten spread over the 100 s to the reset, the rest after it.
    expect(starts[0]).toBe(0);
    expect(starts[1]! - starts[0]!).toBeGreaterThan(5_000);
    expect(starts.filter((t) => t < 100_000).length).toBe(10);
    expect(starts[10]).toBeGreaterThanOrEqual(100_000);
  });

  it('waits for the reset after a 429 and honours the abort signal while waiting', async () => {
    const c = new SimulatedClock(0);
    const limiter = new RateLimiter(c, 3);
    limiter.exhausted(['default', 'paging'], new Date(60_000));
    await limiter.acquire(['default', 'paging']);
    expect(c.now()).toBeGreaterThanOrEqual(60_000);
    limiter.exhausted(['default'], new Date(c.now() + 60_000));
    const controller = new AbortController();
    controller.abort();
    await expect(limiter.acquire(['default'], controller.signal)).rejects.toThrow('Cancelled');
  });
});

describe('familiesOf', () => {
  it('counts requests with paging parameters against the paged budget, like rack-attack', () => {
    const u = (s: string) => new URL(s, 'https://home.example');
    expect(familiesOf('GET', u('/api/v1/accounts/1/statuses?limit=40'))).toEqual(['default']);
    expect(familiesOf('GET', u('/api/v1/accounts/1/statuses?max_id=9'))).toEqual(['default', 'paging']);
    expect(familiesOf('DELETE', u('/api/v1/statuses/5'))).toEqual(['default', 'delete']);
    expect(familiesOf('POST', u('/api/v2/media'))).toEqual(['default', 'media']);
    expect(familiesOf('PUT', u('/api/v1/statuses/5'))).toEqual(['default', 'statuses']);
  });
});
