import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectorServer } from '../../../test/collector-context';
import { makeSnapshot } from '../../../test/factories';
import { conversationsCollector } from './conversations';

let env: Awaited<ReturnType<typeof collectorServer>>;
beforeAll(async () => (env = await collectorServer()));
afterAll(() => env.server.close());

const visible = () => [...env.server.state.conversations.values()].filter((c) => !c.hidden);

describe('conversations collector', () => {
  it('reads every conversation', async () => {
    const { context, state } = await env.context();
    const part = await conversationsCollector.collect(context);
    expect(part.conversations?.map((c) => c.id).sort()).toEqual(
      visible()
        .map((c) => c.id)
        .sort(),
    );
    expect(state.incomplete.size).toBe(0);
  });

  it('a re-check stops at the first unchanged conversation', async () => {
    const first = (await conversationsCollector.collect((await env.context()).context)).conversations!;
    const account = await env.client().verifyCredentials();
    const { context } = await env.context(
      makeSnapshot({ server: env.server.url, account, conversations: first }),
    );
    env.server.resetCounts();
    const again = await conversationsCollector.collect(context);
    expect(again.conversations).toEqual(first);
    expect(env.server.counts()['GET /api/v1/conversations']).toBe(1);
  });
});
