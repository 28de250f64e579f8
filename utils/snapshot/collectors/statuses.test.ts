import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectorServer } from '../../../test/collector-context';
import { statusesCollector } from './statuses';

let env: Awaited<ReturnType<typeof collectorServer>>;
beforeAll(async () => (env = await collectorServer({ posts: 170 })));
afterAll(() => env.server.close());

const live = () => env.server.state.timelines.get(env.server.owner.id) ?? [];
const STATUSES = 'GET /api/v1/accounts/:id/statuses';

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
});
