/**
 * The quote-policy fix against the bundled Mastodon-compatible server: posts end up with nobody
 * allowed to quote, a failing server stops the job with the post still pending, and a second run
 * resumes from there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../test/mastodon-server';
import { createClient, ServerError, type MastodonClient } from '../mastodon';
import { describeError } from '../mastodon/describe-error';
import { newQuotePolicyJob, runQuotePolicyJob, type QuotePolicyJob } from './quote-policy';

let server: RunningServer;
let publicIds: string[];

beforeAll(async () => {
  server = await startServer({ seed: 3, posts: 40, followers: 5, following: 5 });
  publicIds = [...server.state.statuses.values()]
    .filter(
      (s) => s.accountId === server.owner.id && !s.deleted && !s.reblogOfId && s.visibility === 'public',
    )
    .map((s) => s.id)
    .slice(0, 6);
});
afterAll(() => server.close());

const client = () => createClient({ origin: server.url, token: server.ownerToken });
const quoteOf = async (id: string) => (await client().getStatus(id)).quote_approval?.automatic;

describe('quote-policy fix', () => {
  it('sets nobody on each post, paced one at a time, and reports each step', async () => {
    const ids = publicIds.slice(0, 3);
    for (const id of ids) expect(await quoteOf(id)).toEqual(['public']);
    const seen: number[] = [];
    const job = await runQuotePolicyJob(client(), newQuotePolicyJob([...ids, 'no-such-post']), {
      describe: describeError,
      onProgress: (j) => void seen.push(j.done.length),
    });
    expect(job).toMatchObject({ status: 'done', done: ids, gone: ['no-such-post'], pending: [] });
    for (const id of ids) expect(await quoteOf(id)).toEqual([]);
    expect(seen).toEqual([1, 2, 3, 3, 3]);
  });

  it('stops on a server error with the post pending, and resumes from it', async () => {
    const ids = publicIds.slice(3, 6);
    // The server answers the first post, then fails for good (the client's own retries are spent:
    // its backoff is tested with the client).
    let calls = 0;
    const real = client();
    const failing: Pick<MastodonClient, 'setQuotePolicy'> = {
      setQuotePolicy: (id, policy, signal) => {
        calls += 1;
        if (calls > 1)
          return Promise.reject(new ServerError(503, `${server.url}/api`, 'Service Unavailable'));
        return real.setQuotePolicy(id, policy, signal);
      },
    };
    let saved: QuotePolicyJob | undefined;
    const first = await runQuotePolicyJob(failing, newQuotePolicyJob(ids), {
      describe: describeError,
      onProgress: (j) => {
        saved = j;
      },
    });
    expect(first.status).toBe('stopped');
    expect(first.error).toBeTruthy();
    expect(first.done).toEqual([ids[0]]);
    expect(first.pending).toEqual(ids.slice(1));
    expect(saved).toEqual(first);
    const second = await runQuotePolicyJob(client(), first, { describe: describeError });
    expect(second).toMatchObject({ status: 'done', done: ids, pending: [] });
    for (const id of ids) expect(await quoteOf(id)).toEqual([]);
  });
});

describe('the test server’s quote policies', () => {
  it.each([
    { name: 'a new post takes the account default', asked: undefined, want: ['followers'] },
    { name: 'quote_approval_policy wins over it', asked: 'nobody', want: [] },
  ])('$name', async ({ asked, want }) => {
    const c = client();
    await c.updateCredentials({ source: { quote_policy: 'followers' } });
    const body: Record<string, string> = { status: 'hello', visibility: 'public' };
    if (asked) body.quote_approval_policy = asked;
    const res = await fetch(`${server.url}/api/v1/statuses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.ownerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const posted = (await res.json()) as { id: string };
    expect(await quoteOf(posted.id)).toEqual(want);
    expect((await c.verifyCredentials()).source.quote_policy).toBe('followers');
  });
});
