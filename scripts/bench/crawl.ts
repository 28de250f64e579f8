/**
 * Crawl benchmark: reads accounts of 2,000 and 20,000 posts (1,500 followers) from the test server
 * with 50 ms added latency per request, and compares the time taken with a lower bound.
 *
 *   npx tsx scripts/bench/crawl.ts [--posts 2000,20000] [--followers 1500] [--latency 50]
 *                                  [--mode auto|child|in-process]
 *
 * Two modes, chosen per account (auto) and printed on every row:
 *
 * child (accounts whose crawl stays inside one paged and one per-token window, e.g. 2,000 posts):
 * the server runs in a child process through its CLI (child-server.ts), both sides on the system
 * clock. A real Mastodon server is another machine; in one process the server's own CPU work
 * (rendering 40 statuses per page, answering history and follower requests concurrently) shares
 * the client's event loop and inflates the client's time. No wait needs simulating here, so
 * nothing is gained by sharing a clock. Requests and 429s are counted on the client side by
 * observing fetch (the server's counters live in the child).
 *
 * in-process (accounts that reach the 300 / 15 min paged limit, e.g. 20,000 posts): the server and
 * the client share one WarpClock, which needs one process. Sleeps shorter than a second (the
 * server's 50 ms latency) take real time, so concurrent requests overlap as they would on a
 * network. Longer sleeps (waiting for a rate-limit window, pacing, backoff) are not slept but added
 * to the clock at once, so a 15-minute window is honoured by server and client but passes in
 * moments. "wall" is real elapsed time plus every skipped wait, i.e. what a user would wait; "real"
 * is how long this script ran. Skipping a wait also skips work other tasks might have done during
 * it, and the server's CPU work shares the client's event loop, so wall is, if anything, pessimistic.
 *
 * Lower bound, as the issue defines it: a walk through the posts is a chain (each page's Link names
 * the next), so it takes at least pages × latency; it is also held to Mastodon's paged-request limit
 * (300 / 15 min per user: page j×300+1 cannot start before the j-th window boundary) and every
 * request to the per-token limit (300 / 5 min). The bound is the largest of these. Windows are
 * epoch-aligned as in rack-attack. The collector walks the posts from both ends at once
 * (utils/snapshot/walk.ts), two chains of half the length, so where the chain term dominates
 * (2,000 posts) it finishes under this bound; the rate-limit terms hold for any client.
 *
 * The dependency-aware bound adds what the leaves out: an edited post's history can be
 * asked for only once the page listing it is read, so the pages past the paged limit bring their
 * histories into the per-token window after the reset. With 20,000 posts that is more than 300
 * requests, which pushes the end past the next 5-minute window: no client with one token can
 * reach the bound there.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startServer } from '../../test/mastodon-server';
import { systemClock, type Clock } from '../../utils/clock';
import { RateLimitedError } from '../../utils/mastodon/errors';
import { createMegalodonClient } from '../../utils/mastodon/megalodon-client';
import { collectSnapshot, type CollectResult } from '../../utils/snapshot/collect';
import type { MastodonClient } from '../../utils/mastodon/client';
import type { AccountSnapshot } from '../../utils/snapshot/types';
import { spawnServer } from './child-server';

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
   * Also a valid lower bound for the order the pages were read in, and tighter: an edited post's
   * history can only be asked for once the page listing the post has been read, and the pages after
   * the k-th 300 cannot be read before the k-th paged window opens. Those late pages and their
   * histories then share the per-token budget. (Which posts are edited is only known by reading
   * their page, so no order can pick pages without edits to come last.)
   */
  dependent: number;
  /** After the first paged window: status pages still to read, and the histories they bring. */
  late: { pages: number; histories: number } | null;
}

function lowerBound(
  start: number,
  latency: number,
  statusPages: number,
  totalRequests: number,
  /** For each status page, in the order read, how many edited posts it lists. */
  editedPerPage: number[],
): Bound {
  // verify_credentials comes first (the walk needs the account id), then the chain of pages.
  const chain = (1 + statusPages) * latency;
  // Page 1 carries no max_id, so it is not "paged"; pages 2..P are.
  const pagedCount = Math.max(0, statusPages - 1);
  let paged = chain;
  let dependent = chain;
  let late: Bound['late'] = null;
  for (let k = 1; k * PAGED_LIMIT < pagedCount; k++) {
    const after = pagedCount - k * PAGED_LIMIT;
    const opens = windowStart(start, PAGED_PERIOD, k);
    paged = Math.max(paged, opens - start + after * latency);
    // The pages read after the first 1 + k*300, and the histories of the posts they list, all start
    // after `opens`.
    const firstLatePage = 1 + k * PAGED_LIMIT; // 0-based index of the first page that must wait
    const lateHistories = editedPerPage.slice(firstLatePage).reduce((a, b) => a + b, 0);
    if (k === 1) late = { pages: after, histories: lateHistories };
    const extraTokenWindows = Math.floor((after + lateHistories - 1) / TOKEN_LIMIT);
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
  return { chain, paged, token, total, dependent: Math.max(total, dependent), late };
}

const fmt = (ms: number) =>
  ms >= 60_000 ? `${(ms / 60_000).toFixed(2)} min` : `${(ms / 1000).toFixed(2)} s`;

const AccountIdSchema = z.object({ id: z.string().min(1) });

/** verify_credentials, then every status page by Link with bare fetch: no checking, no pacing. */
async function bareChain(url: string, token: string): Promise<number> {
  const headers = { Authorization: `Bearer ${token}` };
  const started = performance.now();
  const me = AccountIdSchema.parse(
    await fetch(`${url}/api/v1/accounts/verify_credentials`, { headers }).then((r) => r.json()),
  );
  let next: string | undefined = `${url}/api/v1/accounts/${me.id}/statuses?limit=40`;
  while (next) {
    const res: Response = await fetch(next, { headers });
    await res.text();
    next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
  }
  return performance.now() - started;
}

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
    following: FOLLOWING,
    latencyMs,
    rateLimits: false,
  });
  try {
    return await bareChain(server.url, server.ownerToken);
  } finally {
    await server.close();
  }
}

const FOLLOWING = 150;
type Mode = 'child' | 'in-process';

/**
 * child when the crawl cannot reach a rate-limit window (nothing to simulate), in-process
 * otherwise. The estimate is generous: every status page, every list page, histories for 5% of
 * posts (the test server edits about 3%), and a margin for the small parts and the re-check.
 */
function autoMode(posts: number, followers: number): { mode: Mode; why: string } {
  const statusPages = Math.floor(posts / 40) + 1;
  const listPages = Math.ceil(followers / 80) + Math.ceil(FOLLOWING / 80) + 2;
  const paged = statusPages - 1 + listPages;
  const total = statusPages + listPages + Math.ceil(posts * 0.05) + 15;
  if (paged < PAGED_LIMIT && total < TOKEN_LIMIT) {
    return {
      mode: 'child',
      why: `about ${total} requests, ${paged} paged: no rate-limit window is reached, so nothing needs a simulated clock; the server runs in its own process, as a real server is another machine`,
    };
  }
  return {
    mode: 'in-process',
    why: `about ${paged} paged requests exceed ${PAGED_LIMIT} / 15 min: the windows pass on a WarpClock shared with the server, which needs one process; the server's CPU work shares the client's event loop, so wall is pessimistic`,
  };
}

/**
 * Counts requests by route (in the server's key format, ids as `:id`) and 429 answers, as the
 * client sees them: with the server in a child process its own counters are out of reach.
 * It only observes; every request still goes to the real server.
 */
function observeFetch(origin: string) {
  const original = globalThis.fetch;
  let counts: Record<string, number> = {};
  const bump = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const ours = url.origin === origin;
    if (ours) bump(`${method} ${url.pathname.replace(/\/\d+(?=\/|$)/g, '/:id')}`);
    const res = await original(input, init);
    if (ours && res.status === 429) bump('429');
    return res;
  };
  return {
    counts: () => ({ ...counts }),
    reset: () => (counts = {}),
    restore: () => (globalThis.fetch = original),
  };
}

const childArgs = (posts: number, followers: number, latencyMs: number) => [
  '--seed',
  '42',
  '--posts',
  String(posts),
  '--followers',
  String(followers),
  '--following',
  String(FOLLOWING),
  '--latency',
  String(latencyMs),
];

/** rawChain against a child-process server (no rate limits), same chain, same bare fetch. */
async function rawChainChild(posts: number, followers: number, latencyMs: number): Promise<number> {
  const server = await spawnServer([...childArgs(posts, followers, latencyMs), '--no-rate-limits']);
  try {
    return await bareChain(server.url, server.token);
  } finally {
    await server.close();
  }
}

/** One row of the table, the same for both modes. */
function row(r: {
  mode: Mode;
  posts: number;
  full: CollectResult;
  again: CollectResult;
  counts: Record<string, number>;
  wall: number;
  real: number;
  skipped: number;
  rateLimited: number;
  bound: Bound;
}) {
  const { full, again, bound } = r;
  return {
    mode: r.mode,
    posts: r.posts,
    read: full.snapshot.statuses.length,
    histories: Object.keys(full.snapshot.histories).length,
    followers: full.snapshot.followers.length,
    requests: full.requests,
    statusPages: r.counts['GET /api/v1/accounts/:id/statuses'] ?? 0,
    rateLimited: r.rateLimited,
    wall: r.wall,
    real: r.real,
    bound,
    ratio: r.wall / bound.total,
    ratioDependent: r.wall / bound.dependent,
    skipped: r.skipped,
    error: full.error ?? again.error,
    recheckRequests: again.requests,
    recheckNew: again.newStatuses,
    counts: r.counts,
  };
}

/** The crawl against a child-process server, both sides on the system clock (see the header). */
async function childScenario(posts: number, followers: number, latencyMs: number) {
  const server = await spawnServer(childArgs(posts, followers, latencyMs));
  const observer = observeFetch(new URL(server.url).origin);
  try {
    const pages = observePages(createMegalodonClient({ origin: server.url, token: server.token }));
    const client = pages.client;
    const realStart = performance.now();
    // The server's windows are epoch-aligned on the system clock, so the bound starts there too.
    const start = Date.now();
    const full = await collectSnapshot(client);
    const wall = performance.now() - realStart;
    const counts = observer.counts();
    const bound = boundFor(full.snapshot, start, latencyMs, full.requests, pages.editedPerPage);

    observer.reset();
    const recheckClient = createMegalodonClient({ origin: server.url, token: server.token });
    const again = await collectSnapshot(recheckClient, { previous: full.snapshot });

    return row({
      mode: 'child',
      posts,
      full,
      again,
      counts,
      wall,
      real: wall,
      skipped: 0,
      rateLimited: counts['429'] ?? 0,
      bound,
    });
  } finally {
    observer.restore();
    await server.close();
  }
}

/**
 * Notes, for every page of posts the collector receives, how many edited posts it lists, in the
 * order received: the pages read last are the ones that had to wait for a paged window, and their
 * histories with them. It only observes; the pages come from the real client.
 */
function observePages(client: MastodonClient) {
  const editedPerPage: number[] = [];
  const observed: MastodonClient = Object.create(client);
  observed.accountStatuses = async function* (accountId, opts) {
    for await (const page of client.accountStatuses(accountId, opts)) {
      editedPerPage.push(page.filter((s) => s.edited_at).length);
      yield page;
    }
  };
  return { client: observed, editedPerPage };
}

/**
 * The lower bound for a crawl that read `snapshot`. The chain is the pages one walk needs,
 * floor(posts / 40) + 1 (a full last page is followed by an empty one), not the pages the two walks
 * made (they may overlap by one where they meet). The dependency-aware part takes the edited posts
 * per page in the order the pages were read.
 */
function boundFor(
  snapshot: AccountSnapshot,
  start: number,
  latencyMs: number,
  requests: number,
  editedPerPage: number[],
) {
  const statusPages = Math.floor(snapshot.statuses.length / 40) + 1;
  return lowerBound(start, latencyMs, statusPages, requests, editedPerPage);
}

async function scenario(posts: number, followers: number, latencyMs: number) {
  // Start on a window boundary, like the simulated clock the tests use.
  const clock = new WarpClock(Date.UTC(2026, 0, 15, 12, 0, 0));
  const server = await startServer({ seed: 42, posts, followers, following: FOLLOWING, clock, latencyMs });
  try {
    let rateLimited = 0;
    const pages = observePages(
      createMegalodonClient({
        origin: server.url,
        token: server.ownerToken,
        clock,
        retry: { onRetry: (e) => (e instanceof RateLimitedError ? (rateLimited += 1) : undefined) },
      }),
    );
    const client = pages.client;
    server.resetCounts();
    const realStart = performance.now();
    const start = clock.now();
    const full = await collectSnapshot(client, { clock });
    const wall = clock.now() - start;
    const real = performance.now() - realStart;
    const counts = server.counts() as Record<string, number>;
    const bound = boundFor(full.snapshot, start, latencyMs, full.requests, pages.editedPerPage);
    const served429 = counts['429'] ?? counts.throttled ?? undefined;

    server.resetCounts();
    const recheckClient = createMegalodonClient({ origin: server.url, token: server.ownerToken, clock });
    const again = await collectSnapshot(recheckClient, { clock, previous: full.snapshot });

    return row({
      mode: 'in-process',
      posts,
      full,
      again,
      counts,
      wall,
      real,
      skipped: clock.skipped,
      rateLimited: served429 ?? rateLimited,
      bound,
    });
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
      mode: { type: 'string', default: 'auto' },
    },
  });
  const latencyMs = Number(values.latency);
  const followers = Number(values.followers);
  if (!['auto', 'child', 'in-process'].includes(values.mode)) {
    console.error(`--mode must be auto, child or in-process, got "${values.mode}"`);
    return 2;
  }
  const rows = [];
  for (const posts of values.posts.split(',').map(Number)) {
    const auto = autoMode(posts, followers);
    const mode = values.mode === 'auto' ? auto.mode : (values.mode as Mode);
    const why = values.mode === 'auto' ? auto.why : `--mode ${mode} given (auto would be ${auto.mode})`;
    const r =
      mode === 'child'
        ? {
            ...(await childScenario(posts, followers, latencyMs)),
            rawChain: await rawChainChild(posts, followers, latencyMs),
            why,
          }
        : {
            ...(await scenario(posts, followers, latencyMs)),
            rawChain: await rawChain(posts, followers, latencyMs),
            why,
          };
    rows.push(r);
    if (r.error) console.error(`posts=${posts}: crawl ended with ${String(r.error)}`);
    // Real time cannot be warped: a child-mode crawl that reached a window measured a real wait.
    if (mode === 'child' && (r.statusPages > PAGED_LIMIT || r.requests + r.recheckRequests >= TOKEN_LIMIT)) {
      console.error(`posts=${posts}: child mode reached a rate-limit window; use --mode in-process`);
    }
  }
  console.log(
    `Crawl benchmark: ${latencyMs} ms latency per request, ${followers} followers; wall = real time + skipped rate-limit waits (see header)\n`,
  );
  const header = [
    'mode',
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
    r.mode,
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
  console.log('');
  for (const r of rows) console.log(`posts=${r.posts}: ${r.mode}, ${r.why}`);
  for (const r of rows) {
    if (!r.bound.late) continue;
    const { pages, histories } = r.bound.late;
    console.log(
      `posts=${r.posts}: after the first paged window, ${pages} status pages and the ${histories} histories of the edited posts they list (${pages + histories} requests) remain for the per-token limit of ${TOKEN_LIMIT} per 5 minutes`,
    );
  }
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
