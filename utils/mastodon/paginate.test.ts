/**
 * Pacing against the server's real throttles (300 paged requests / 15 min per user, 300 / 5 min
 * per token), on a simulated clock: a walk longer than one window must wait, never see a 429.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../test/mastodon-server';
import { SimulatedClock } from '../clock';
import { RateLimitedError } from './errors';
import { createMegalodonClient } from './megalodon-client';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server;
let clock: SimulatedClock;
const POSTS = 12_400; // 310 pages of 40: more paged requests than one 15-minute window allows

beforeAll(async () => {
  clock = new SimulatedClock();
  server = await startServer({ seed: 3, posts: POSTS, followers: 5, following: 5, clock, latencyMs: 0 });
}, 60_000);
afterAll(async () => {
  await server?.close();
});

describe('paginate pacing', () => {
  it('walks past the paged-request limit without a single 429, waiting for the window instead', async () => {
    const seen429: unknown[] = [];
    const client = createMegalodonClient({
      origin: server.url,
      token: server.ownerToken,
      clock,
      // A 429 would throw at once: the walk only succeeds if pacing kept us under the limit.
      retry: { rateLimitWaits: 0, onRetry: (e) => e instanceof RateLimitedError && seen429.push(e) },
    });
    const start = clock.now();
    let count = 0;
    for await (const page of client.accountStatuses(server.owner.id)) count += page.length;
    const live = server.state.timelines.get(server.owner.id)!.length;
    expect(count).toBe(live);
    expect(seen429).toEqual([]);
    const pages = Math.ceil(live / 40);
    expect(pages - 1).toBeGreaterThan(300);
    // It had to wait for the next 15-minute window, and not much longer than that.
    const waited = clock.now() - start;
    expect(waited).toBeGreaterThan(0);
    expect(waited).toBeLessThanOrEqual(15 * 60_000 + 5_000);
    const paging = client.rateLimit('paging');
    expect(paging?.limit).toBe(300);
  }, 120_000);
});
