/**
 * Pagination that does not trust one signal: a full page without `Link` goes on with `max_id`, an
 * empty page ends the walk, a page that repeats items ends it with PaginationLoopError, and an item
 * that cannot be read is left out and named when the caller asks for that.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startServer } from '../../test/mastodon-server';
import { SimulatedClock } from '../clock';
import { PaginationLoopError } from './errors';
import { HttpTransport } from './http';
import { paginate, type UnreadField } from './paginate';
import { StatusSchema } from './schemas';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server;
let clock: SimulatedClock;
const STATUSES = 'GET /api/v1/accounts/:id/statuses';

beforeAll(async () => {
  clock = new SimulatedClock();
  server = await startServer({ seed: 9, posts: 130, followers: 3, following: 3, clock, latencyMs: 0 });
});
afterAll(() => server.close());
afterEach(() => server.faults.clear());

const transport = () =>
  new HttpTransport({ origin: server.url, token: server.ownerToken, clock, timeoutMs: 2_000 });
const first = () => ({ url: `/api/v1/accounts/${server.owner.id}/statuses`, query: { limit: 40 } });
const live = () => (server.state.timelines.get(server.owner.id) ?? []).map((s) => s.id);
const afterLast = (page: { id: string }[]) => ({ max_id: page.at(-1)!.id });

async function ids(gen: AsyncGenerator<{ id: string }[]>): Promise<string[]> {
  const out: string[] = [];
  for await (const page of gen) out.push(...page.map((s) => s.id));
  return out;
}

describe('paginate without trusting the Link header', () => {
  it('no Link on any page: continues with max_id and reads every post, ending at the short last page', async () => {
    server.faults.add({ route: STATUSES, kind: 'drop-link', times: Infinity });
    server.resetCounts();
    expect(await ids(paginate(transport(), first(), StatusSchema, { continueFrom: afterLast }))).toEqual(
      live(),
    );
    // 130 posts: four pages, the last one short, so no fifth request.
    expect(server.counts()[STATUSES]).toBe(4);
  });

  it('without a way to continue, a full page without Link ends the walk there', async () => {
    server.faults.add({ route: STATUSES, kind: 'drop-link', after: 1, times: 1 });
    expect(await ids(paginate(transport(), first(), StatusSchema))).toHaveLength(80);
  });

  it('a page that hands back items already read ends the walk with PaginationLoopError', async () => {
    const repeat = () => ({ max_id: live()[0]! }); // a cursor that never moves down
    server.faults.add({ route: STATUSES, kind: 'drop-link', times: Infinity });
    await expect(
      ids(paginate(transport(), first(), StatusSchema, { continueFrom: () => repeat() })),
    ).rejects.toBeInstanceOf(PaginationLoopError);
  });

  it('an unreadable item is left out and named, the rest of the page read', async () => {
    const unread: UnreadField[] = [];
    const strict = StatusSchema.refine((s) => s.id !== live()[3], { message: 'refused', path: ['id'] });
    const got = await ids(
      paginate(transport(), first(), strict as z.ZodType<{ id: string }>, {
        onUnread: (u) => unread.push(u),
      }),
    );
    expect(got).toHaveLength(live().length - 1);
    expect(unread).toEqual([
      { endpoint: `/api/v1/accounts/${server.owner.id}/statuses`, field: '3.id', message: 'refused' },
    ]);
  });
});
