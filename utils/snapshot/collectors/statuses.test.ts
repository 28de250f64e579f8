import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectorServer } from '../../../test/collector-context';
import { makeArchiveActor, makeSnapshot, makeStatus } from '../../../test/factories';
import type { ArchiveImport, ArchiveStats } from '../../archive/index';
import { archiveToSnapshot } from '../../archive/snapshot';
import type { Status } from '../../mastodon/schemas';
import type { AccountSnapshot } from '../types';
import { statusesCollector } from './statuses';

let env: Awaited<ReturnType<typeof collectorServer>>;
beforeAll(async () => (env = await collectorServer({ posts: 170 })));
afterAll(() => env.server.close());

const live = () => env.server.state.timelines.get(env.server.owner.id) ?? [];
const STATUSES = 'GET /api/v1/accounts/:id/statuses';

/**
 * The account's archive: copies of its 20 oldest posts the API lists, and 5 older posts the API no
 * longer lists (deleted before the server's posts were made here), one of them with the URI an
 * archive gives a post whose id it cannot read.
 */
function archiveOf(apiPosts: Status[]): ArchiveImport {
  const { server } = env;
  const actor = makeArchiveActor(server);
  const gone = Array.from({ length: 5 }, (_, i) =>
    makeStatus({
      id: i === 0 ? `${server.url}/users/${server.owner.username}/statuses/gone` : String(1000 + i),
      created_at: `2015-0${i + 1}-01T00:00:00.000Z`,
      visibility: i === 4 ? 'direct' : 'public',
    }),
  ).reverse();
  const copies = apiPosts.slice(-20).map((s) => ({ ...s, favourites_count: 0 }));
  const statuses = [...copies, ...gone];
  const stats: ArchiveStats = {
    posts: statuses.length,
    boosts: 0,
    replies: 0,
    edited: 0,
    withMedia: 0,
    polls: 0,
    byVisibility: { public: 0, unlisted: 0, private: 0, direct: 0 },
    mediaEntriesSkipped: 0,
    bytesRead: 0,
    outboxBytes: 0,
    itemsSkipped: 0,
    likes: 0,
    bookmarks: 0,
    actorMissing: false,
  };
  for (const s of statuses) stats.byVisibility[s.visibility] += 1;
  return { actor, statuses, stats };
}

/**
 * A full read from the API (`cached` picks what of it the cache holds), then the archive (with a
 * copy of the post `alsoCopy`) merged into it, as the background does.
 */
async function mergedWithArchive(cached = (statuses: Status[]) => statuses, alsoCopy?: string) {
  const { context } = await env.context();
  const part = await statusesCollector.collect(context);
  const read = part.statuses ?? [];
  const base = makeSnapshot({
    server: env.server.url,
    account: await env.client().verifyCredentials(),
    statuses: cached(read),
    histories: part.histories ?? {},
  });
  const imp = archiveOf(base.statuses);
  const copy = read.find((s) => s.id === alsoCopy);
  if (copy) imp.statuses.unshift(copy);
  const gone = imp.statuses.slice(-5).map((s) => s.id);
  return { merged: archiveToSnapshot(imp, base), gone };
}

/** Re-checks `prev` and gives the snapshot it leaves and the requests it cost. */
async function recheck(prev: AccountSnapshot) {
  const client = env.client();
  const { context, state } = await env.context(prev, client);
  const before = client.requestCount;
  const part = await statusesCollector.collect(context);
  const requests = client.requestCount - before;
  expect(state.incomplete.size).toBe(0);
  const next: AccountSnapshot = {
    ...prev,
    statuses: part.statuses ?? [],
    histories: part.histories ?? {},
    archiveOnly: part.archiveOnly ?? [],
  };
  return { next, requests };
}

describe('statuses collector', () => {
  it('reads every post, newest first, with the histories of edited ones', async () => {
    const { context, state } = await env.context();
    const part = await statusesCollector.collect(context);
    expect(part.statuses?.map((s) => s.id)).toEqual(live().map((s) => s.id));
    const edited = live().filter((s) => s.editedAt !== null);
    expect(Object.keys(part.histories ?? {}).sort()).toEqual(edited.map((s) => s.id).sort());
    expect(part.resume).toBeUndefined();
    expect(state.incomplete.size).toBe(0);
  });

  it('a page without Link in the middle: goes on with max_id and reads every post', async () => {
    env.server.faults.add({ route: STATUSES, kind: 'drop-link', after: 1, times: 2 });
    const { context } = await env.context();
    const part = await statusesCollector.collect(context);
    expect(part.statuses?.map((s) => s.id)).toEqual(live().map((s) => s.id));
    env.server.faults.clear();
  });

  it('a failing walk hands back the gap it did not read', async () => {
    env.server.faults.add({ route: STATUSES, kind: '500', after: 1, times: 100 });
    const { context, state } = await env.context();
    const part = await statusesCollector.collect(context);
    expect(state.incomplete.has('statuses')).toBe(true);
    expect(part.resume?.statusGaps?.length).toBe(1);
    env.server.faults.clear();
  });

  it('an archive’s posts the API does not list stay through re-checks, which read one page when nothing is new', async () => {
    const { merged, gone } = await mergedWithArchive();
    expect(merged.source).toBe('api+archive');
    expect([...(merged.archiveOnly ?? [])].sort()).toEqual([...gone].sort());
    expect(merged.statuses).toHaveLength(live().length + 5);

    // More posts held than statuses_count, and one of them a DM: only the API's posts are compared.
    const first = await recheck(merged);
    expect(first.next.statuses.map((s) => s.id).sort()).toEqual(merged.statuses.map((s) => s.id).sort());
    expect([...first.next.archiveOnly!].sort()).toEqual([...gone].sort());
    expect(first.requests).toBe(1);
    // And so on: the archive does not turn every later re-check into a full walk.
    const second = await recheck(first.next);
    expect(second.next.statuses).toHaveLength(merged.statuses.length);
    expect(second.requests).toBe(1);
  });

  it('a post only the archive had, that the API then lists, becomes the API’s', async () => {
    // The archive was exported after the last check: its newest post is not in the cache yet.
    const { merged } = await mergedWithArchive((statuses) => statuses.slice(1), live()[0]!.id);
    const newest = live()[0]!.id;
    expect(merged.archiveOnly).toContain(newest);
    const { next, requests } = await recheck(merged);
    expect(next.archiveOnly).not.toContain(newest);
    expect(next.archiveOnly).toHaveLength(5);
    expect(next.statuses).toHaveLength(live().length + 5);
    expect(requests).toBe(1);
  });

  // Deletes a post on the server: keep it last.
  it('a post the API gave and the server has since deleted is still swept; the archive’s stay', async () => {
    const { merged, gone } = await mergedWithArchive();
    const victim = live()[3]!.id;
    await env.client().deleteStatus(victim);
    const { next, requests } = await recheck(merged);
    const ids = new Set(next.statuses.map((s) => s.id));
    expect(ids.has(victim)).toBe(false);
    for (const id of gone) expect(ids.has(id)).toBe(true);
    expect(next.statuses).toHaveLength(live().length + 5);
    // The counts disagreed, so everything was walked again.
    expect(requests).toBeGreaterThan(1);
    // Afterwards the counts agree again.
    expect((await recheck(next)).requests).toBe(1);
  });
});
