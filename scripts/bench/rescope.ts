/**
 * Benchmark: a 1,000-post re-scope job against the test server, server and client on one
 * SimulatedClock (so ~17 hours of rate-limit windows pass in seconds, every wait still honoured).
 * Prints posts done per 30-minute window (target ≥ 29 of 30), 429s in steady state (target 0),
 * lost posts (target 0) and the total simulated time.
 *
 *   npx tsx scripts/bench/rescope.ts [posts=1000]
 */
import 'fake-indexeddb/auto';
import { RateLimitedError } from '../../utils/mastodon/errors';
import { createJob, jobReport } from '../../utils/rescope/journal';
import { DELETE_WINDOW_MS, windowStart } from '../../utils/rescope/planner';
import { runJob } from '../../utils/rescope/scheduler';
import { MAX_INLINE_WAIT_MS, yieldingClock } from '../../utils/rescope/background';
import type { Clock } from '../../utils/clock';
import { createMegalodonClient } from '../../utils/mastodon/megalodon-client';
import type { ServerState } from '../../test/mastodon-server/state';
import { checkServerState, harness, planFromServer, recordBefore } from '../../test/rescope/harness';

const WANTED = Number(process.argv[2] ?? 1000);

async function main(): Promise<void> {
  const wallStart = performance.now();
  // Generate enough posts that WANTED of them are public (the generator mixes every visibility).
  // 429s the client retried on its own (reads, re-posts) count too.
  let clientRetried429 = 0;
  const h = await harness({
    posts: Math.ceil(WANTED * 2.2),
    seed: 3,
    onClientRetry: (error) => {
      if (error instanceof RateLimitedError) clientRetried429++;
    },
  });
  const full = await planFromServer(h, 'private');
  if (full.posts.length < WANTED)
    throw new Error(`Only ${full.posts.length} public posts generated; raise the post count.`);
  const posts = full.posts.slice(0, WANTED);
  const plan = { ...full, posts, counts: { ...full.counts, planned: posts.length } };
  const before = recordBefore(h.server, plan);
  const store = await h.openStore();
  const job = await createJob(store, plan, h.clock.now(), 'bench');

  const deletesPerWindow = new Map<number, number>();
  const verifiedPerWindow = new Map<number, number>();
  let rateLimited = 0;
  const rateLimitedAt: number[] = [];
  const simStart = h.clock.now();
  // As the service worker runs it: a wait longer than the inline limit ends the run (the client's
  // pacing included, through the yielding clock), and the alarm starts a new run with a new client.
  let longestInMemory = 0;
  const recorded: Clock = {
    now: () => h.clock.now(),
    sleep: (ms, signal) => {
      longestInMemory = Math.max(longestInMemory, ms);
      return h.clock.sleep(ms, signal);
    },
  };
  const client = () =>
    createMegalodonClient({
      origin: h.server.url,
      token: h.server.ownerToken,
      reserve: 1,
      timeoutMs: 1_500,
      clock: yieldingClock(recorded),
      retry: {
        onRetry: (error) => {
          if (error instanceof RateLimitedError) clientRetried429++;
        },
      },
    });
  let runs = 0;
  let requests = 0;
  let result;
  for (;;) {
    runs++;
    const runClient = client();
    result = await runJob(job.id, {
      client: runClient,
      clock: recorded,
      store,
      maxInlineWaitMs: MAX_INLINE_WAIT_MS,
      onStep: (entry) => {
        const w = windowStart(h.clock.now());
        if (entry.state === 'deleted') deletesPerWindow.set(w, (deletesPerWindow.get(w) ?? 0) + 1);
        if (entry.state === 'verified') verifiedPerWindow.set(w, (verifiedPerWindow.get(w) ?? 0) + 1);
      },
      onRateLimited: () => {
        rateLimited++;
        rateLimitedAt.push(h.clock.now());
      },
    });
    requests += runClient.requestCount;
    if (result.status !== 'waiting' || result.wakeAt === null || runs > 10_000) break;
    h.clock.advance(result.wakeAt - h.clock.now());
  }
  const simMs = h.clock.now() - simStart;

  // The server's own record: deletes per window as it applied them.
  const state = h.server.state as ServerState;
  const serverDeletes = new Map<number, number>();
  for (const id of before.ids) {
    const at = state.statuses.get(id)?.deletedAt;
    if (at != null) serverDeletes.set(windowStart(at), (serverDeletes.get(windowStart(at)) ?? 0) + 1);
  }
  const windows = [...serverDeletes.keys()].sort((a, b) => a - b);
  const full30 = windows.slice(1, -1).map((w) => serverDeletes.get(w) ?? 0);
  const steady = full30.length > 0 ? full30 : windows.map((w) => serverDeletes.get(w) ?? 0);
  const maxInWindow = Math.max(...windows.map((w) => serverDeletes.get(w) ?? 0));
  const outcome = checkServerState(h.server, before, 'private');
  const report = await jobReport(store, job.id);
  const steady429 = rateLimitedAt.filter(
    (t) => t > windows[0]! + DELETE_WINDOW_MS && t < windows.at(-1)!,
  ).length;

  const rows: [string, string, string][] = [
    ['posts planned', String(WANTED), ''],
    ['job status', result.status, 'done'],
    ['verified', String(report.verified), String(WANTED)],
    ['failed', String(report.failed), '0'],
    ['lost posts (server state)', String(outcome.lost.length), '0'],
    ['duplicated posts (server state)', String(outcome.duplicated.length + outcome.stray.length), '0'],
    ['30-min windows used', String(windows.length), ''],
    [
      'posts per full window: min / median / max',
      `${Math.min(...steady)} / ${median(steady)} / ${Math.max(...steady)}`,
      '≥ 29 of 30',
    ],
    ['most deletes in any window (server)', String(maxInWindow), '≤ 30'],
    [
      '429s total / in steady state',
      `${rateLimited + clientRetried429} / ${steady429 + clientRetried429}`,
      '0',
    ],
    ['simulated time', formatMs(simMs), '≈ 17 h'],
    ['requests made by the clients', String(requests), ''],
    ['runs (alarm wake-ups + 1)', String(runs), ''],
    [
      'longest wait kept in memory',
      `${Math.round(longestInMemory / 1000)} s`,
      `≤ ${MAX_INLINE_WAIT_MS / 1000} s`,
    ],
    ['wall time', formatMs(performance.now() - wallStart), ''],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  console.log(`\nRe-scope benchmark: ${WANTED} posts, public → followers-only, SimulatedClock\n`);
  console.log(`${'metric'.padEnd(width)}  ${'value'.padEnd(22)}  target`);
  console.log(`${'-'.repeat(width)}  ${'-'.repeat(22)}  ------`);
  for (const [k, v, target] of rows) console.log(`${k.padEnd(width)}  ${v.padEnd(22)}  ${target}`);
  console.log('\nPosts done per window (verified, in order):');
  console.log(windows.map((w) => verifiedPerWindow.get(w) ?? 0).join(' '));
  store.close();
  await h.server.close();
  const ok =
    outcome.lost.length === 0 &&
    outcome.duplicated.length === 0 &&
    Math.min(...steady) >= 29 &&
    steady429 + clientRetried429 === 0 &&
    maxInWindow <= 30 &&
    longestInMemory <= MAX_INLINE_WAIT_MS;
  if (!ok) process.exitCode = 1;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function formatMs(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.round((ms % 3_600_000) / 60_000);
  return `${h} h ${m} min`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
