/**
 * Crawl benchmark: reads accounts of 2,000 and 20,000 posts (1,500 followers) from the test server
 * with 50 ms added latency per request, and compares the time taken with a lower bound.
 *
 *   npx tsx scripts/bench/crawl.ts [--posts 2000,20000] [--followers 1500] [--latency 50]
 *
 * Time: the server and the client share one WarpClock. Sleeps shorter than a second (the server's
 * 50 ms latency) take real time, so concurrent requests overlap as they would on a network. Longer
 * sleeps (waiting for a rate-limit window, pacing, backoff) are not slept but added to the clock at
 * once, so a 15-minute window is honoured by server and client but passes in moments. "wall" is
 * real elapsed time plus every skipped wait, i.e. what a user would wait; "real" is how long this
 * script ran. Skipping a wait also skips work other tasks might have done during it, so wall is,
 * if anything, pessimistic.
 *
 * Lower bound: the post walk is a chain (each page's Link names the next), so it takes at least
 * pages × latency; it is also held to Mastodon's paged-request limit (300 / 15 min per user: page
 * j×300+1 cannot start before the j-th window boundary) and every request to the per-token limit
 * (300 / 5 min). The bound is the largest of these. Windows are epoch-aligned as in rack-attack.
 */
import { parseArgs } from 'node:util';
import { startServer } from '../../test/mastodon-server';
import { systemClock, type Clock } from '../../utils/clock';
import { RateLimitedError } from '../../utils/mastodon/errors';
import { createMegalodonClient } from '../../utils/mastodon/megalodon-client';
import { collectSnapshot } from '../../utils/snapshot/collect';

/** Real time for short sleeps, a jump of the clock for long ones (see the header). Monotonic. */
class WarpClock implements Clock {
  private offset = 0;
  constructor(
    start: number,
    private readonly warpFromMs = 1_000,
  ) {
    this.offset = start - Date.now();
  }
  now(): number {
    return Date.now() + this.offset;
  }
  get skipped(): number {
    return this.skippedMs;
  }
  private skippedMs = 0;
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (ms < this.warpFromMs) return systemClock.sleep(ms, signal);
    if (signal?.aborted) throw signal.reason;
    await Promise.resolve();
    this.offset += ms;
    this.skippedMs += ms;
  }
}

const PAGED_LIMIT = 300;
const PAGED_PERIOD = 15 * 60_000;
const TOKEN_LIMIT = 300;
const TOKEN_PERIOD = 5 * 60_000;

/** Start of the k-th window after `start` (k = 0: `start` itself), windows aligned to the epoch. */
function windowStart(start: number, period: number, k: number): number {
  if (k === 0) return start;
  return Math.floor(start / period) * period + k * period;
}

interface Bound {
  chain: number;
  paged: number;
  token: number;
  /** max(chain, paged, token): the bound the issue names. */
  total: number;
  /**
   * Also a valid lower bound, and tighter: an edited post's history can only be asked for once the
   * page listing the post has been read, and the pages after the k-th 300 cannot be read before the
   * k-th paged window opens. Those late pages and their histories then share the per-token budget.
   */
  dependent: number;
}

function lowerBound(
  start: number,
  latency: number,
  statusPages: number,
  totalRequests: number,
  /** For each status page (1-based index - 1), how many edited posts it lists. */
  editedPerPage: number[],
): Bound {
  // verify_credentials comes first (the walk needs the account id), then the chain of pages.
  const chain = (1 + statusPages) * latency;
  // Page 1 carries no max_id, so it is not "paged"; pages 2..P are.
  const pagedCount = Math.max(0, statusPages - 1);
  let paged = chain;
  let dependent = chain;
  for (let k = 1; k * PAGED_LIMIT < pagedCount; k++) {
    const after = pagedCount - k * PAGED_LIMIT;
    const opens = windowStart(start, PAGED_PERIOD, k);
    paged = Math.max(paged, opens - start + after * latency);
    // Pages 2 + k*300 .. P, and the histories of the posts they list, all start after `opens`.
    const firstLatePage = 1 + k * PAGED_LIMIT; // 0-based index of the first page that must wait
    const lateHistories = editedPerPage.slice(firstLatePage).reduce((a, b) => a + b, 0);
    const late = after + lateHistories;
    const extraTokenWindows = Math.floor((late - 1) / TOKEN_LIMIT);
    // At most 300 of them fit in the per-token window `opens` falls in, 300 in each one after.
    const tokenOpens =
      extraTokenWindows > 0
        ? Math.floor(opens / TOKEN_PERIOD) * TOKEN_PERIOD + extraTokenWindows * TOKEN_PERIOD
        : opens;
    dependent = Math.max(dependent, opens - start + after * latency, tokenOpens - start + latency);
  }
  const tokenWindows = Math.ceil(totalRequests / TOKEN_LIMIT) - 1;
  const token = tokenWindows > 0 ? windowStart(start, TOKEN_PERIOD, tokenWindows) - start + latency : latency;
  const total = Math.max(chain, paged, token);
  return { chain, paged, token, total, dependent: Math.max(total, dependent) };
}

const fmt = (ms: number) =>
  ms >= 60_000 ? `${(ms / 60_000).toFixed(2)} min` : `${(ms / 1000).toFixed(2)} s`;

/**
 * The environment's floor: the same chain of status pages fetched with bare fetch (no checking,
 * no pacing) from a server without rate limits, in real time. On a loaded machine this is well
 * above pages × latency; the difference is the test server's and the network stack's, not ours.
 */
async function rawChain(posts: number, followers: number, latencyMs: number): Promise<number> {
  const server = await startServer({
    seed: 42,
    posts,
    followers,
    following: 150,
    latencyMs,
    rateLimits: false,
  });
  try {
    const headers = { Authorization: `Bearer ${server.ownerToken}` };
    const started = performance.now();
    await fetch(`${server.url}/api/v1/accounts/verify_credentials`, { headers }).then((r) => r.text());
    let next: string | undefined = `${server.url}/api/v1/accounts/${server.owner.id}/statuses?limit=40`;
    while (next) {
      const res: Response = await fetch(next, { headers });
      await res.text();
      next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
    }
    return performance.now() - started;
  } finally {
    await server.close();
  }
}

async function scenario(posts: number, followers: number, latencyMs: number) {
  // Start on a window boundary, like the simulated clock the tests use.
  const clock = new WarpClock(Date.UTC(2026, 0, 15, 12, 0, 0));
  const server = await startServer({ seed: 42, posts, followers, following: 150, clock, latencyMs });
  try {
    let rateLimited = 0;
    const client = createMegalodonClient({
      origin: server.url,
      token: server.ownerToken,
      clock,
      retry: { onRetry: (e) => (e instanceof RateLimitedError ? (rateLimited += 1) : undefined) },
    });
    server.resetCounts();
    const realStart = performance.now();
    const start = clock.now();
    const full = await collectSnapshot(client, { clock });
    const wall = clock.now() - start;
    const real = performance.now() - realStart;
    const counts = server.counts() as Record<string, number>;
    const statusPages = counts['GET /api/v1/accounts/:id/statuses'] ?? 0;
    const editedPerPage: number[] = [];
    full.snapshot.statuses.forEach((status, index) => {
      const page = Math.floor(index / 40);
      editedPerPage[page] = (editedPerPage[page] ?? 0) + (status.edited_at ? 1 : 0);
    });
    const bound = lowerBound(
      start,
      latencyMs,
      statusPages,
      full.requests,
      Array.from(editedPerPage, (n) => n ?? 0),
    );
    const served429 = counts['429'] ?? counts.throttled ?? undefined;

    server.resetCounts();
    const recheckClient = createMegalodonClient({ origin: server.url, token: server.ownerToken, clock });
    const again = await collectSnapshot(recheckClient, { clock, previous: full.snapshot });

    return {
      posts,
      read: full.snapshot.statuses.length,
      histories: Object.keys(full.snapshot.histories).length,
      followers: full.snapshot.followers.length,
      requests: full.requests,
      statusPages,
      rateLimited: served429 ?? rateLimited,
      wall,
      real,
      bound,
      ratio: wall / bound.total,
      ratioDependent: wall / bound.dependent,
      skipped: clock.skipped,
      error: full.error ?? again.error,
      recheckRequests: again.requests,
      recheckNew: again.newStatuses,
      counts,
    };
  } finally {
    await server.close();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      posts: { type: 'string', default: '2000,20000' },
      followers: { type: 'string', default: '1500' },
      latency: { type: 'string', default: '50' },
    },
  });
  const latencyMs = Number(values.latency);
  const followers = Number(values.followers);
  const rows = [];
  for (const posts of values.posts.split(',').map(Number)) {
    const r = {
      ...(await scenario(posts, followers, latencyMs)),
      rawChain: await rawChain(posts, followers, latencyMs),
    };
    rows.push(r);
    if (r.error) console.error(`posts=${posts}: crawl ended with ${String(r.error)}`);
  }
  console.log(
    `Crawl benchmark: ${latencyMs} ms latency per request, ${followers} followers; wall = real time + skipped rate-limit waits (see header)\n`,
  );
  const header = [
    'posts',
    'read',
    'histories',
    'requests',
    'status pages',
    '429s',
    'wall',
    'lower bound',
    'wall/bound',
    'dep. bound',
    'wall/dep.',
    'raw chain',
    're-check req.',
    'waits skipped',
    'real run',
  ];
  const table = rows.map((r) => [
    String(r.posts),
    String(r.read),
    String(r.histories),
    String(r.requests),
    String(r.statusPages),
    String(r.rateLimited),
    fmt(r.wall),
    `${fmt(r.bound.total)} (chain ${fmt(r.bound.chain)}, paged ${fmt(r.bound.paged)}, token ${fmt(r.bound.token)})`,
    `${r.ratio.toFixed(3)}×`,
    fmt(r.bound.dependent),
    `${r.ratioDependent.toFixed(3)}×`,
    fmt(r.rawChain),
    `${r.recheckRequests} (${r.recheckNew} new)`,
    fmt(r.skipped),
    fmt(r.real),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const row of table) console.log(line(row));
  const clean = rows.every((r) => r.rateLimited === 0 && r.recheckRequests <= 3 && !r.error);
  const simple = clean && rows.every((r) => r.ratio <= 1.15);
  const dependent = clean && rows.every((r) => r.ratioDependent <= 1.15);
  console.log(`\nZero 429s and re-check ≤ 3 requests: ${clean ? 'met' : 'NOT met'}`);
  console.log(
    `wall ≤ 1.15× the issue's bound (chain, paged limit, token limit): ${simple ? 'met' : 'NOT met'}`,
  );
  console.log(
    `wall ≤ 1.15× the dependency-aware bound (histories wait for their page): ${dependent ? 'met' : 'NOT met'}`,
  );
  const ok = dependent;
  for (const r of rows) {
    console.log(`posts=${r.posts} requests by route: ${JSON.stringify(r.counts)}`);
  }
  return ok ? 0 : 1;
}

main().then((code) => {
  process.exitCode = code;
});
