import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectorServer } from '../../../test/collector-context';
import { makeSnapshot } from '../../../test/factories';
import { followersCollector, followingCollector } from './lists';

let env: Awaited<ReturnType<typeof collectorServer>>;
beforeAll(async () => (env = await collectorServer({ followers: 170 })));
afterAll(() => env.server.close());

describe('list collectors', () => {
  it('read every follower and everyone followed', async () => {
    const { context, state } = await env.context();
    const followers = await followersCollector.collect(context);
    const following = await followingCollector.collect(context);
    expect(followers.followers?.length).toBe(170);
    expect(following.following?.length).toBe(7);
    expect(state.incomplete.size).toBe(0);
  });

  it('a re-check with unchanged counts reuses the cached lists without a request', async () => {
    const { context: first } = await env.context();
    const followers = (await followersCollector.collect(first)).followers!;
    const account = await env.client().verifyCredentials();
    const { context } = await env.context(makeSnapshot({ server: env.server.url, account, followers }));
    env.server.resetCounts();
    expect((await followersCollector.collect(context)).followers).toEqual(followers);
    expect(env.server.counts()['GET /api/v1/accounts/:id/followers'] ?? 0).toBe(0);
  });

  it('a failure keeps what was read and marks the part incomplete', async () => {
    env.server.faults.add({ route: 'GET /api/v1/accounts/:id/followers', kind: '500', after: 1, times: 50 });
    const { context, state } = await env.context();
    const part = await followersCollector.collect(context);
    expect(part.followers?.length).toBe(80);
    expect(state.incomplete.has('followers')).toBe(true);
    env.server.faults.clear();
  });
});
