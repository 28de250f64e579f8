/**
 * The two-ended post walk against the project's Mastodon-compatible server. Where a test needs a
 * walk to misbehave (a server that ignores min_id, one direction failing), the real client is
 * wrapped per direction; every request still goes to the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../test/mastodon-server';
import { SimulatedClock } from '../clock';
import { createClient } from '../mastodon';
import type { MastodonClient } from '../mastodon/client';
import { ServerError } from '../mastodon/errors';
import { compareIds } from '../mastodon/megalodon-client';
import type { Status } from '../mastodon/schemas';
import { walkGap, type Gap } from './walk';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server;
let clock: SimulatedClock;

beforeAll(async () => {
  clock = new SimulatedClock();
  server = await startServer({ seed: 5, posts: 330, followers: 3, following: 3, clock, latencyMs: 0 });
});
afterAll(async () => {
  await server?.close();
});

const liveIds = () => (server.state.timelines.get(server.owner.id) ?? []).map((s) => s.id);
const real = () => createClient({ origin: server.url, token: server.ownerToken, clock, timeoutMs: 2_000 });

type Direction = 'older' | 'newer';
/** The real client, with a hook per direction: record pages, fail after some, or ignore min_id. */
function wrap(
  client: MastodonClient,
  opts: { failAfter?: Partial<Record<Direction, number>>; ignoreMinId?: boolean } = {},
) {
  const pages: Record<Direction, number> = { older: 0, newer: 0 };
  const wrapped: MastodonClient = Object.create(client);
  wrapped.accountStatuses = async function* (accountId, o = {}) {
    const direction: Direction = o.direction ?? 'older';
    // A server that ignores min_id answers the climb like a plain walk from the newest.
    const asked =
      opts.ignoreMinId && direction === 'newer'
        ? { ...o, direction: 'older' as const, sinceId: undefined }
        : o;
    for await (const page of client.accountStatuses(accountId, asked)) {
      if (pages[direction] === opts.failAfter?.[direction]) throw new ServerError(500, 'https://x/', 'boom');
      pages[direction] += 1;
      yield page;
    }
  };
  return { client: wrapped, pages };
}

async function run(client: MastodonClient, gap: Gap = { maxId: null, sinceId: null }) {
  const got: Status[] = [];
  const result = await walkGap(client, server.owner.id, gap, (page) => got.push(...page));
  return { ...result, ids: got.map((s) => s.id) };
}

describe('walkGap', () => {
  it('a climb that runs out of pages without meeting the downward walk claims nothing', async () => {
    // The climb loses its way after two pages (no link, no error), the downward walk fails after
    // one: a range in between was read by neither, and the walk must say so.
    const { client } = wrap(real(), { failAfter: { older: 1 } });
    const quiet: MastodonClient = Object.create(client);
    quiet.accountStatuses = async function* (accountId, o = {}) {
      let n = 0;
      for await (const page of client.accountStatuses(accountId, o)) {
        if (o.direction === 'newer' && n++ === 2) return;
        yield page;
      }
    };
    const { left, ids, error } = await run(quiet);
    expect(left).not.toBeNull();
    expect(error).toBeInstanceOf(ServerError);
    expect(ids.length).toBeLessThan(liveIds().length);
    // What is left is exactly what was not read.
    const unread = liveIds().filter((id) => !ids.includes(id));
    const inLeft = (id: string) =>
      (left!.maxId === null || compareIds(id, left!.maxId) < 0) &&
      (left!.sinceId === null || compareIds(id, left!.sinceId) > 0);
    expect(unread.every(inLeft)).toBe(true);
  });

  it('reads every post once, from both ends, in about half the chain', async () => {
    const { client, pages } = wrap(real());
    const { left, ids } = await run(client);
    expect(left).toBeNull();
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort(compareIds)).toEqual([...liveIds()].sort(compareIds));
    const total = Math.ceil(liveIds().length / 40);
    // Both directions did their share; together at most one page more than one walk would need.
    expect(pages.newer).toBeGreaterThanOrEqual(Math.floor(total / 2) - 1);
    expect(pages.older).toBeLessThanOrEqual(Math.ceil(total / 2) + 1);
    expect(pages.older + pages.newer).toBeLessThanOrEqual(total + 1);
  });

  it('reads exactly the posts inside a gap', async () => {
    const all = liveIds();
    const gap = { maxId: all[25]!, sinceId: all[290]! };
    const { left, ids } = await run(real(), gap);
    expect(left).toBeNull();
    expect([...ids].sort(compareIds)).toEqual(all.slice(26, 290).sort(compareIds));
  });

  it('reads a small account with one request and no climb', async () => {
    const all = liveIds();
    const { client, pages } = wrap(real());
    const { left, ids } = await run(client, { maxId: null, sinceId: all[30]! });
    expect(left).toBeNull();
    expect(ids).toEqual(all.slice(0, 30));
    expect(pages).toEqual({ older: 1, newer: 0 });
  });

  it('loses nothing on a server that ignores min_id: the climb claims nothing', async () => {
    const { client, pages } = wrap(real(), { ignoreMinId: true });
    const { left, ids } = await run(client);
    expect(left).toBeNull();
    expect([...new Set(ids)].sort(compareIds)).toEqual([...liveIds()].sort(compareIds));
    // One wasted page: the climb's first answer overlapped the newest page and it stopped.
    expect(pages.newer).toBe(1);
    expect(pages.older).toBe(Math.ceil(liveIds().length / 40));
  });

  it('finishes with the other walk when one fails', async () => {
    const climbFails = await run(wrap(real(), { failAfter: { newer: 1 } }).client);
    expect(climbFails.left).toBeNull();
    expect(climbFails.error).toBeUndefined();
    expect([...new Set(climbFails.ids)].sort(compareIds)).toEqual([...liveIds()].sort(compareIds));

    const descentFails = await run(wrap(real(), { failAfter: { older: 2 } }).client);
    expect(descentFails.left).toBeNull();
    expect(descentFails.error).toBeUndefined();
    expect([...new Set(descentFails.ids)].sort(compareIds)).toEqual([...liveIds()].sort(compareIds));
  });

  it('hands back exactly the unread range when both fail, and a second walk fills it', async () => {
    const { left, error, ids } = await run(wrap(real(), { failAfter: { older: 2, newer: 2 } }).client);
    expect(error).toBeInstanceOf(ServerError);
    expect(left).not.toBeNull();
    const read = new Set(ids);
    const inside = (id: string) =>
      (left!.maxId === null || compareIds(id, left!.maxId) < 0) &&
      (left!.sinceId === null || compareIds(id, left!.sinceId) > 0);
    for (const id of liveIds()) expect(read.has(id) || inside(id)).toBe(true);
    expect(ids.filter(inside)).toEqual([]);

    const rest = await run(real(), left!);
    expect(rest.left).toBeNull();
    expect([...new Set([...ids, ...rest.ids])].sort(compareIds)).toEqual([...liveIds()].sort(compareIds));
    expect(rest.ids.filter((id) => read.has(id))).toEqual([]);
  });

  it('stops on cancel and keeps the range unread', async () => {
    const controller = new AbortController();
    const got: string[] = [];
    const { left, error } = await walkGap(
      real(),
      server.owner.id,
      { maxId: null, sinceId: null },
      (page) => {
        got.push(...page.map((s) => s.id));
        controller.abort();
      },
      { signal: controller.signal },
    );
    expect(error).toBeDefined();
    expect(left).not.toBeNull();
    expect(got.length).toBeLessThan(liveIds().length);
  });
});
