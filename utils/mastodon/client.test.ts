/**
 * The client against the project's Mastodon-compatible server: pagination, pacing, retries and
 * every error path, with the server's fault injection (no mocked fetch).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../test/mastodon-server';
import { SimulatedClock } from '../clock';
import { createClient } from './index';
import { createMegalodonClient } from './megalodon-client';
import {
  AbortedError,
  InvalidResponseError,
  NetworkError,
  NotMastodonError,
  PaginationLoopError,
  RateLimitedError,
  ServerError,
  UnauthorizedError,
} from './errors';
import type { Status } from './schemas';

type Server = Awaited<ReturnType<typeof startServer>>;
const STATUSES = 'GET /api/v1/accounts/:id/statuses';

let server: Server;
let clock: SimulatedClock;

beforeAll(async () => {
  clock = new SimulatedClock();
  server = await startServer({ seed: 7, posts: 130, followers: 170, following: 12, clock, latencyMs: 0 });
});
afterAll(async () => {
  await server?.close();
});
afterEach(() => {
  server.faults.clear();
});

const client = (overrides: { token?: string; timeoutMs?: number; origin?: string } = {}) =>
  createClient({
    origin: overrides.origin ?? server.url,
    token: overrides.token ?? server.ownerToken,
    clock,
    timeoutMs: overrides.timeoutMs ?? 2_000,
  });

async function readAll<T>(gen: AsyncGenerator<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of gen) all.push(...page);
  return all;
}

function routeCount(name: string): number {
  const counts = server.counts() as Record<string, number>;
  return counts[name] ?? 0;
}

const liveOwnStatuses = () => server.state.timelines.get(server.owner.id) ?? [];

describe('pagination', () => {
  it('reads every own post, DMs included, newest first, 40 per page by following Link', async () => {
    server.resetCounts();
    const statuses = await readAll(client().accountStatuses(server.owner.id));
    const expected = liveOwnStatuses().map((s) => s.id);
    expect(statuses.map((s) => s.id)).toEqual(expected);
    expect(new Set(statuses.map((s) => s.visibility))).toEqual(
      new Set(['public', 'unlisted', 'private', 'direct']),
    );
    expect(routeCount(STATUSES)).toBe(Math.ceil(expected.length / 40) + (expected.length % 40 === 0 ? 1 : 0));
  });

  it('reads only newer posts with sinceId and reads followers 80 per page', async () => {
    const all = liveOwnStatuses();
    const since = all[10]!.id;
    const newer = await readAll(client().accountStatuses(server.owner.id, { sinceId: since }));
    expect(newer.map((s) => s.id)).toEqual(all.slice(0, 10).map((s) => s.id));

    server.resetCounts();
    const followers = await readAll(client().followers(server.owner.id));
    expect(followers.map((a) => a.id).sort()).toEqual(server.state.followers.map((f) => f.accountId).sort());
    expect(routeCount('GET /api/v1/accounts/:id/followers')).toBe(Math.ceil(170 / 80));
  });

  it('climbs from the oldest by min_id and prev links, stopping below maxId', async () => {
    const all = liveOwnStatuses();
    const between = all.slice(31, all.length - 5).map((s) => s.id);
    const climbed = await readAll(
      client().accountStatuses(server.owner.id, {
        direction: 'newer',
        sinceId: all[all.length - 5]!.id,
        maxId: all[30]!.id,
      }),
    );
    // Every post strictly between the two, each once (pages newest first, climbing page by page).
    expect(climbed.map((s) => s.id).sort()).toEqual([...between].sort());
    expect(new Set(climbed.map((s) => s.id)).size).toBe(climbed.length);
    const oldest = await readAll(client().accountStatuses(server.owner.id, { direction: 'newer' }));
    expect(oldest.map((s) => s.id).sort()).toEqual(all.map((s) => s.id).sort());
  });

  it('stops with PaginationLoopError when Link points back, keeping the pages read', async () => {
    server.faults.add({ route: STATUSES, kind: 'link-loop', after: 1 });
    const pages: Status[][] = [];
    await expect(async () => {
      for await (const page of client().accountStatuses(server.owner.id)) pages.push(page);
    }).rejects.toBeInstanceOf(PaginationLoopError);
    expect(pages.length).toBeGreaterThanOrEqual(1);
  });

  it('stops on an AbortSignal with AbortedError', async () => {
    const controller = new AbortController();
    let pages = 0;
    await expect(async () => {
      for await (const _page of client().accountStatuses(server.owner.id, { signal: controller.signal })) {
        pages += 1;
        controller.abort();
      }
    }).rejects.toBeInstanceOf(AbortedError);
    expect(pages).toBe(1);
  });
});

describe('retries', () => {
  it('retries 500s and HTML maintenance pages with backoff on the clock, then succeeds', async () => {
    server.resetCounts();
    server.faults.add({ route: 'GET /api/v1/accounts/verify_credentials', kind: '500', times: 1 });
    server.faults.add({ route: 'GET /api/v1/accounts/verify_credentials', kind: '503-html', times: 1 });
    const before = clock.now();
    const account = await client().verifyCredentials();
    expect(account.id).toBe(server.owner.id);
    expect(routeCount('GET /api/v1/accounts/verify_credentials')).toBe(3);
    expect(clock.now() - before).toBeGreaterThanOrEqual(500 + 1_000);
  });

  it('gives up after 5 attempts with ServerError', async () => {
    server.resetCounts();
    server.faults.add({ route: 'GET /api/v1/accounts/verify_credentials', kind: '502-html', times: 50 });
    await expect(client().verifyCredentials()).rejects.toBeInstanceOf(ServerError);
    expect(routeCount('GET /api/v1/accounts/verify_credentials')).toBe(5);
  });

  it('retries a timeout and a connection reset as NetworkError', async () => {
    server.faults.add({ route: 'GET /api/v1/accounts/verify_credentials', kind: 'timeout', times: 1 });
    server.faults.add({ route: 'GET /api/v1/accounts/verify_credentials', kind: 'reset', times: 1 });
    await expect(client({ timeoutMs: 300 }).verifyCredentials()).resolves.toMatchObject({
      id: server.owner.id,
    });
    server.faults.add({ route: 'GET /api/v1/accounts/verify_credentials', kind: 'reset', times: 50 });
    await expect(client().verifyCredentials()).rejects.toBeInstanceOf(NetworkError);
  });

  it('retries truncated JSON once it recovers; a schema break is not retried', async () => {
    server.resetCounts();
    server.faults.add({ route: 'GET /api/v1/accounts/verify_credentials', kind: 'truncated-json', times: 1 });
    await expect(client().verifyCredentials()).resolves.toMatchObject({ id: server.owner.id });
    server.faults.add({
      route: 'GET /api/v1/accounts/verify_credentials',
      kind: 'malformed-json',
      times: 50,
    });
    await expect(client().verifyCredentials()).rejects.toBeInstanceOf(InvalidResponseError);
    server.faults.clear();
    server.resetCounts();
    server.faults.add({ route: 'GET /api/v1/accounts/verify_credentials', kind: 'schema-break', times: 1 });
    await expect(client().verifyCredentials()).rejects.toBeInstanceOf(InvalidResponseError);
    expect(routeCount('GET /api/v1/accounts/verify_credentials')).toBe(1);
  });

  it('waits for X-RateLimit-Reset after a 429, then continues', async () => {
    server.resetCounts();
    server.faults.add({ route: 'GET /api/v1/accounts/verify_credentials', kind: '429', times: 1 });
    const limited: RateLimitedError[] = [];
    const c = createMegalodonClient({
      origin: server.url,
      token: server.ownerToken,
      clock,
      retry: { onRetry: (e) => void (e instanceof RateLimitedError && limited.push(e)) },
    });
    await expect(c.verifyCredentials()).resolves.toMatchObject({ id: server.owner.id });
    expect(limited).toHaveLength(1);
    expect(limited[0]!.resetAt.getTime()).toBeGreaterThan(clock.now() - 5 * 60_000);
    // The retry went out only once the announced window had opened.
    expect(clock.now()).toBeGreaterThanOrEqual(limited[0]!.resetAt.getTime());
    expect(routeCount('GET /api/v1/accounts/verify_credentials')).toBe(2);
  });
});

describe('errors', () => {
  it('maps a bad token to UnauthorizedError', async () => {
    await expect(client({ token: 'not-a-token' }).verifyCredentials()).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
  });

  it('maps a web page on the instance endpoints to NotMastodonError', async () => {
    server.faults.add({ route: 'GET /api/v2/instance', kind: 'html-page', times: 5 });
    server.faults.add({ route: 'GET /api/v1/instance', kind: 'html-page', times: 5 });
    await expect(client().instance()).rejects.toBeInstanceOf(NotMastodonError);
  });

  it('reads the v2 instance when all is well', async () => {
    const instance = await client().instance();
    expect(instance.domain).toBe(server.state.domain);
  });

  it('maps a refused connection to NetworkError', async () => {
    const dead = new URL(server.url);
    dead.port = '9';
    await expect(client({ origin: dead.origin }).verifyCredentials()).rejects.toBeInstanceOf(NetworkError);
  });
});
