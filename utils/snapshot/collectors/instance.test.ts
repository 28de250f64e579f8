import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectorServer } from '../../../test/collector-context';
import { makeSnapshot } from '../../../test/factories';
import { domainBlocksCollector, instanceCollector } from './instance';

let env: Awaited<ReturnType<typeof collectorServer>>;
beforeAll(async () => (env = await collectorServer({ publishDomainBlocks: true })));
afterAll(() => env.server.close());

describe('instance collector', () => {
  it('reads the instance and the software from nodeinfo', async () => {
    const { context, state } = await env.context();
    const part = await instanceCollector.collect(context);
    expect(part.instance?.domain).toBe(env.server.state.domain);
    expect(part.software).toEqual({ name: 'mastodon', version: part.instance?.version, family: 'mastodon' });
    expect(part.instanceFetchedAt).toBeDefined();
    expect(state.incomplete.size).toBe(0);
  });

  it('keeps a fresh cached instance without a request', async () => {
    const first = await instanceCollector.collect((await env.context()).context);
    const { context } = await env.context(
      makeSnapshot({
        server: env.server.url,
        account: (await env.client().verifyCredentials()) as never,
        ...first,
        instanceFetchedAt: new Date(env.clock.now()).toISOString(),
      }),
    );
    env.server.resetCounts();
    const again = await instanceCollector.collect(context);
    expect(again.instance).toEqual(first.instance);
    expect(Object.keys(env.server.counts())).toEqual([]);
  });

  it('marks the instance incomplete when it cannot be read, and still names the software', async () => {
    env.server.faults.add({ route: 'GET /api/v2/instance', kind: '500', times: 20 });
    const { context, state } = await env.context();
    const part = await domainBlocksCollector.collect(context);
    expect(part.domainBlocks?.length).toBe(env.server.state.instanceDomainBlocks.length);
    env.server.faults.clear();
    env.server.faults.add({ route: 'GET /api/v1/instance', kind: 'html-page', times: 1 });
    env.server.faults.add({ route: 'GET /api/v2/instance', kind: 'html-page', times: 1 });
    const broken = await instanceCollector.collect(context);
    expect(state.incomplete.has('instance')).toBe(true);
    expect(broken.software?.name).toBe('mastodon');
  });
});
