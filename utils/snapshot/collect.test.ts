/**
 * The snapshot collector against the project's Mastodon-compatible server: a full read matches
 * the server's own state, a re-check reads only what is new, and failures keep what was read.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../test/mastodon-server';
import { SimulatedClock } from '../clock';
import { createClient } from '../mastodon';
import type { MastodonClient } from '../mastodon/client';
import { AbortedError, PaginationLoopError, ServerError } from '../mastodon/errors';
import { compareIds } from '../mastodon/megalodon-client';
import { collectSnapshot } from './collect';
import type { SnapshotProgress } from './types';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server;
let clock: SimulatedClock;
const STATUSES = 'GET /api/v1/accounts/:id/statuses';

beforeAll(async () => {
  clock = new SimulatedClock();
  server = await startServer({
    seed: 11,
    posts: 300,
    followers: 120,
    following: 40,
    clock,
    latencyMs: 0,
    publishDomainBlocks: true,
  });
});
afterAll(async () => {
  await server?.close();
});
afterEach(() => server.faults.clear());

const client = () => createClient({ origin: server.url, token: server.ownerToken, clock, timeoutMs: 2_000 });
const live = () => server.state.timelines.get(server.owner.id) ?? [];

async function api(method: string, path: string, body?: unknown): Promise<{ id: string }> {
  const res = await fetch(new URL(path, server.url), {
    method,
    headers: { Authorization: `Bearer ${server.ownerToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.ok).toBe(true);
  return (await res.json()) as { id: string };
}

describe('collectSnapshot', () => {
  it('reads everything the checkup needs and matches the server', async () => {
    const events: SnapshotProgress[] = [];
    server.resetCounts();
    const { snapshot, error, requests } = await collectSnapshot(client(), {
      clock,
      onProgress: (p) => events.push(p),
    });
    expect(error).toBeUndefined();
    expect(snapshot.incomplete).toEqual([]);
    expect(snapshot.resume).toBeUndefined();
    expect(snapshot.statuses.map((s) => s.id)).toEqual(live().map((s) => s.id));
    expect(snapshot.statuses.some((s) => s.visibility === 'direct')).toBe(true);
    expect(snapshot.followers.map((a) => a.id).sort()).toEqual(
      server.state.followers.map((f) => f.accountId).sort(),
    );
    expect(snapshot.following.map((a) => a.id).sort()).toEqual(
      server.state.following.map((f) => f.targetAccountId).sort(),
    );
    expect(snapshot.followRequests.map((a) => a.id).sort()).toEqual(
      server.state.followRequests.map((f) => f.accountId).sort(),
    );
    const visibleConversations = [...server.state.conversations.values()].filter((c) => !c.hidden);
    expect(snapshot.conversations.map((c) => c.id).sort()).toEqual(
      visibleConversations.map((c) => c.id).sort(),
    );
    expect(snapshot.account.source).toBeDefined();
    expect(snapshot.instance?.domain).toBe(server.state.domain);
    expect(snapshot.domainBlocks?.map((b) => b.domain).sort()).toEqual(
      server.state.instanceDomainBlocks.map((b) => b.domain).sort(),
    );

    // Every edited post has its history, oldest version first, as many versions as the server keeps.
    const edited = live().filter((s) => s.editedAt !== null);
    expect(edited.length).toBeGreaterThan(0);
    for (const s of edited) expect(snapshot.histories[s.id]?.length).toBe(s.history.length);
    expect(Object.keys(snapshot.histories).sort()).toEqual(edited.map((s) => s.id).sort());

    // Progress counts up to the account's own counts.
    const statusEvents = events.filter((e) => e.part === 'statuses');
    expect(statusEvents.at(-1)?.done).toBe(live().length);
    expect(statusEvents.every((e, i, all) => i === 0 || e.done >= all[i - 1]!.done)).toBe(true);
    expect(statusEvents.at(-1)?.expected).toBeGreaterThanOrEqual(snapshot.account.statuses_count);
    expect(events.filter((e) => e.part === 'followers').at(-1)).toMatchObject({ done: 120, expected: 120 });
    // The client's own count agrees with what the server saw.
    const served = Object.values(server.counts() as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(requests).toBe(served);
  });

  it('re-checks with nothing new in at most 3 requests, then picks up a new post and a new edit', async () => {
    const first = await collectSnapshot(client(), { clock });
    server.resetCounts();
    const again = await collectSnapshot(client(), { clock, previous: first.snapshot });
    expect(again.error).toBeUndefined();
    expect(again.requests).toBeLessThanOrEqual(3);
    expect(again.newStatuses).toBe(0);
    expect(again.snapshot.statuses.length).toBe(first.snapshot.statuses.length);

    const posted = await api('POST', '/api/v1/statuses', {
      status: 'hello from the re-check test',
      visibility: 'private',
    });
    await api('PUT', `/api/v1/statuses/${posted.id}`, { status: 'hello again, edited' });
    const third = await collectSnapshot(client(), { clock, previous: again.snapshot });
    expect(third.error).toBeUndefined();
    expect(third.newStatuses).toBe(1);
    expect(third.snapshot.statuses[0]?.id).toBe(posted.id);
    expect(third.snapshot.histories[posted.id]?.length).toBe(2);
    expect(third.snapshot.statuses.map((s) => s.id)).toEqual(live().map((s) => s.id));
    // credentials, one status page, one conversation page, one history.
    expect(third.requests).toBeLessThanOrEqual(4);
  });

  it('keeps what was read when the server fails mid-walk, and the next run resumes the gap', async () => {
    server.faults.add({ route: STATUSES, kind: '500', after: 2, times: 1_000 });
    const broken = await collectSnapshot(client(), { clock });
    expect(broken.error).toBeInstanceOf(ServerError);
    expect(broken.snapshot.incomplete).toContain('statuses');
    expect(broken.snapshot.statuses.length).toBe(80);
    // The gap left holds every post not read, and none that was.
    const gap = broken.snapshot.resume?.statusGaps?.[0];
    expect(gap).toBeDefined();
    const inGap = (id: string) =>
      (gap!.maxId === null || compareIds(id, gap!.maxId) < 0) &&
      (gap!.sinceId === null || compareIds(id, gap!.sinceId) > 0);
    const read = new Set(broken.snapshot.statuses.map((s) => s.id));
    expect(live().filter((s) => !read.has(s.id) && !inGap(s.id))).toEqual([]);
    expect([...read].filter(inGap)).toEqual([]);
    // Other parts were read in full regardless.
    expect(broken.snapshot.followers.length).toBe(120);

    server.faults.clear();
    server.resetCounts();
    const resumed = await collectSnapshot(client(), { clock, previous: broken.snapshot });
    expect(resumed.error).toBeUndefined();
    expect(resumed.snapshot.incomplete).toEqual([]);
    expect(resumed.snapshot.resume).toBeUndefined();
    expect(resumed.snapshot.statuses.map((s) => s.id)).toEqual(live().map((s) => s.id));
    // Only the gap was read: one page for anything new, the gap's pages, and at most one more
    // where its two walks met.
    const pages = (server.counts() as Record<string, number>)[STATUSES] ?? 0;
    expect(pages).toBeLessThanOrEqual(2 + Math.ceil((live().length - 80) / 40));
  });

  it('stops on cancel, keeps the posts read so far, and says which parts are incomplete', async () => {
    const controller = new AbortController();
    const result = await collectSnapshot(client(), {
      clock,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.part === 'statuses' && p.done >= 40) controller.abort();
      },
    });
    expect(result.error).toBeInstanceOf(AbortedError);
    expect(result.snapshot.incomplete).toContain('statuses');
    expect(result.snapshot.statuses.length).toBeGreaterThanOrEqual(40);
    expect(result.snapshot.statuses.length).toBeLessThan(live().length);
  });

  it('throws the typed error when the account itself cannot be read and nothing is cached', async () => {
    server.faults.add({ route: 'GET /api/v1/accounts/verify_credentials', kind: '503-html', times: 50 });
    await expect(collectSnapshot(client(), { clock })).rejects.toBeInstanceOf(ServerError);
  });
});

describe('completeness is checked, not assumed, on a first checkup', () => {
  it('a status page that loses its Link once: every post is still read', async () => {
    server.faults.add({ route: STATUSES, kind: 'drop-link', after: 1, times: 1 });
    const { snapshot, error } = await collectSnapshot(client(), { clock });
    expect(error).toBeUndefined();
    expect(snapshot.statuses.map((s) => s.id)).toEqual(live().map((s) => s.id));
    expect(snapshot.incomplete).toEqual([]);
    expect(snapshot.shortfalls).toBeUndefined();
  });

  it('every status page without Link (as snac serves them): every post is still read', async () => {
    server.faults.add({ route: STATUSES, kind: 'drop-link', times: Infinity });
    const { snapshot } = await collectSnapshot(client(), { clock });
    expect(snapshot.statuses.map((s) => s.id)).toEqual(live().map((s) => s.id));
    expect(snapshot.incomplete).toEqual([]);
  });

  it('a Link that loops: every post is read anyway, or the snapshot says they were not', async () => {
    // Each page's `next` points back at itself. The downward walk stops at the repeat; the upward
    // walk, which follows `prev`, finds none and climbs on with min_id.
    server.faults.add({ route: STATUSES, kind: 'link-loop', times: Infinity });
    const { snapshot, error } = await collectSnapshot(client(), { clock });
    const all = snapshot.statuses.length === live().length;
    if (all) {
      expect(snapshot.statuses.map((s) => s.id)).toEqual(live().map((s) => s.id));
      expect(snapshot.incomplete).toEqual([]);
    } else {
      expect(error).toBeInstanceOf(PaginationLoopError);
      expect(snapshot.incomplete).toContain('statuses');
    }
  });

  it('a Link that loops with no other way on: the snapshot says the posts were not all read', async () => {
    server.faults.add({ route: STATUSES, kind: 'link-loop', times: Infinity });
    const real = client();
    const downOnly: MastodonClient = Object.create(real);
    // A server that ignores min_id answers the climb with the newest page: it stops at once.
    downOnly.accountStatuses = (id, o = {}) => real.accountStatuses(id, { ...o, direction: 'older' });
    const { snapshot, error } = await collectSnapshot(downOnly, { clock });
    expect(error).toBeInstanceOf(PaginationLoopError);
    expect(snapshot.statuses.length).toBeLessThan(live().length);
    expect(snapshot.incomplete).toContain('statuses');
    expect(snapshot.resume?.statusGaps?.length).toBeGreaterThan(0);
  });

  /** The real client, but its post and follower lists end after their first page, without a word. */
  function endingEarly(): MastodonClient {
    const real = client();
    const wrapped: MastodonClient = Object.create(real);
    const firstPageOnly = <T>(gen: AsyncGenerator<T[]>) =>
      (async function* () {
        const first = await gen.next();
        await gen.return(undefined);
        if (!first.done) yield first.value;
      })();
    wrapped.accountStatuses = (id, o) => firstPageOnly(real.accountStatuses(id, o));
    wrapped.followers = (id, o) => firstPageOnly(real.followers(id, { ...o, limit: 40 }));
    return wrapped;
  }

  it('a server that stops listing early: "not fully read", with how many of how many', async () => {
    const { snapshot, error } = await collectSnapshot(endingEarly(), { clock });
    expect(error).toBeUndefined();
    expect(snapshot.incomplete).toEqual(expect.arrayContaining(['statuses', 'followers']));
    const counted = live().filter((s) => s.visibility !== 'direct').length;
    expect(snapshot.shortfalls).toEqual(
      expect.arrayContaining([
        { part: 'statuses', read: expect.any(Number), expected: counted, reason: 'count' },
        { part: 'followers', read: 40, expected: 120, reason: 'count' },
      ]),
    );
    const statuses = snapshot.shortfalls!.find((s) => s.part === 'statuses')!;
    expect(statuses.read).toBeLessThan(counted);
  });

  it('an item that cannot be read is left out and named, and only its part is incomplete', async () => {
    server.faults.add({ route: 'GET /api/v1/accounts/:id/followers', kind: 'schema-break' });
    const { snapshot } = await collectSnapshot(client(), { clock });
    expect(snapshot.incomplete).toContain('followers');
    expect(snapshot.incomplete).not.toContain('statuses');
    expect(snapshot.unread?.[0]).toMatchObject({
      part: 'followers',
      endpoint: expect.stringMatching(/followers$/),
    });
    expect(snapshot.unread?.[0]?.field).toMatch(/^\d+/);
    expect(snapshot.statuses.length).toBe(live().length);
  });
});
