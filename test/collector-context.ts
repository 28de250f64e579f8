/** A collector's context over the stand-in server, for the collector tests beside each collector. */
import { SimulatedClock } from '../utils/clock';
import { createClient } from '../utils/mastodon';
import type { MastodonClient } from '../utils/mastodon/client';
import { createContext } from '../utils/snapshot/collectors/context';
import type { AccountSnapshot } from '../utils/snapshot/types';
import { startServer } from './mastodon-server';

export type Server = Awaited<ReturnType<typeof startServer>>;

export async function collectorServer(options: Parameters<typeof startServer>[0] = {}) {
  const clock = new SimulatedClock();
  const server = await startServer({
    seed: 3,
    posts: 90,
    followers: 50,
    following: 7,
    latencyMs: 0,
    clock,
    ...options,
  });
  const client = () =>
    createClient({ origin: server.url, token: server.ownerToken, clock, timeoutMs: 2_000 });
  async function context(previous: AccountSnapshot | null = null, c: MastodonClient = client()) {
    const account = await c.verifyCredentials();
    return createContext(c, account, {
      previous,
      signal: undefined,
      clock,
      concurrency: 4,
      instanceMaxAgeMs: 86_400_000,
    });
  }
  return { server, clock, client, context };
}
