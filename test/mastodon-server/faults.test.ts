import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../utils/clock';
import { startServer, type RunningServer } from './index';
import { luhnValid } from './util';
import { PII_KINDS } from '../../utils/pii/types';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ posts: 80, seed: 4 });
});
afterAll(() => server.close());

const STATUSES = 'GET /api/v1/accounts/:id/statuses';
const statusesUrl = () => `${server.url}/api/v1/accounts/${server.owner.id}/statuses`;
const auth = () => ({ Authorization: `Bearer ${server.ownerToken}` });

describe('fault injection', () => {
  it('serves 500, HTML 502/503 pages, 429 storms and non-Mastodon pages, then recovers', async () => {
    server.faults.add({ route: STATUSES, kind: '500' });
    server.faults.add({ route: STATUSES, kind: '502-html', after: 0 });
    const r1 = await fetch(statusesUrl(), { headers: auth() });
    expect(r1.status).toBe(500);
    const r2 = await fetch(statusesUrl(), { headers: auth() });
    expect(r2.status).toBe(502);
    expect(r2.headers.get('content-type')).toContain('text/html');
    server.faults.add({ route: STATUSES, kind: '503-html' });
    expect((await fetch(statusesUrl(), { headers: auth() })).status).toBe(503);
    server.faults.add({ route: STATUSES, kind: '429', times: 3 });
    for (let i = 0; i < 3; i++) {
      const r = await fetch(statusesUrl(), { headers: auth() });
      expect(r.status).toBe(429);
      expect(r.headers.get('x-ratelimit-reset')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    }
    server.faults.add({ route: '*', kind: 'html-page' });
    const html = await fetch(`${server.url}/api/v2/instance`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect((await fetch(statusesUrl(), { headers: auth() })).status).toBe(200);
  });

  it('skips `after` matching requests first', async () => {
    server.faults.add({ route: STATUSES, kind: '500', after: 2, times: 1 });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await fetch(statusesUrl(), { headers: auth() })).status);
    expect(codes).toEqual([200, 200, 500, 200]);
  });

  it('breaks bodies: truncated, malformed and schema-breaking JSON', async () => {
    server.faults.add({ route: STATUSES, kind: 'truncated-json' });
    await expect((await fetch(statusesUrl(), { headers: auth() })).json()).rejects.toThrow();
    server.faults.add({ route: STATUSES, kind: 'malformed-json' });
    await expect((await fetch(statusesUrl(), { headers: auth() })).json()).rejects.toThrow();
    server.faults.add({ route: STATUSES, kind: 'schema-break' });
    const broken = (await (await fetch(statusesUrl(), { headers: auth() })).json()) as { id: unknown }[];
    expect(typeof broken[0]?.id).toBe('number');
  });

  it('loops Link next back to the same page', async () => {
    server.faults.add({ route: STATUSES, kind: 'link-loop' });
    const url = `${statusesUrl()}?limit=5&max_id=${server.state.timelines.get(server.owner.id)?.[3]?.id}`;
    const res = await fetch(url, { headers: auth() });
    expect(res.headers.get('link')).toBe(`<${url}>; rel="next"`);
  });

  it('resets connections, before or after applying the request, and times out', async () => {
    server.faults.add({ route: 'DELETE /api/v1/statuses/:id', kind: 'reset' });
    const target = server.state.timelines.get(server.owner.id)?.[0];
    await expect(
      fetch(`${server.url}/api/v1/statuses/${target?.id}`, { method: 'DELETE', headers: auth() }),
    ).rejects.toThrow();
    expect(target?.deleted).toBe(false);
    server.faults.add({ route: 'DELETE /api/v1/statuses/:id', kind: 'reset-after-apply' });
    await expect(
      fetch(`${server.url}/api/v1/statuses/${target?.id}`, { method: 'DELETE', headers: auth() }),
    ).rejects.toThrow();
    expect(target?.deleted).toBe(true);
    server.faults.add({ route: 'GET /api/v1/accounts/verify_credentials', kind: 'timeout' });
    await expect(
      fetch(`${server.url}/api/v1/accounts/verify_credentials`, {
        headers: auth(),
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow();
    server.faults.clear();
    expect(server.counts()['DELETE /api/v1/statuses/:id']).toBe(2);
  });

  it('counts requests per route and resets the counts', async () => {
    server.resetCounts();
    await fetch(statusesUrl(), { headers: auth() });
    await fetch(`${server.url}/api/v1/statuses/${server.state.timelines.get(server.owner.id)?.[1]?.id}`, {
      headers: auth(),
    });
    expect(server.counts()).toEqual({ [STATUSES]: 1, 'GET /api/v1/statuses/:id': 1 });
  });
});

describe('seeded data', () => {
  it('is deterministic per seed and plants every case among the newest 40 posts', async () => {
    const a = await startServer({ posts: 60, seed: 11 });
    const b = await startServer({ posts: 60, seed: 11 });
    try {
      const texts = (s: RunningServer) =>
        (s.state.timelines.get(s.owner.id) ?? []).map((st) => [st.id, st.text, st.visibility]);
      expect(texts(a)).toEqual(texts(b));
      expect(a.planted).toEqual(b.planted);
      const newest = new Set((a.state.timelines.get(a.owner.id) ?? []).slice(0, 40).map((st) => st.id));
      const checks = new Set(a.planted.map((p) => p.check));
      for (const check of [
        'account-not-locked',
        'default-visibility-public',
        'discoverable',
        'indexable',
        'collections-shown',
        'search-engine-indexing',
        'profile-personal-info',
        'public-post-personal-info',
        'edit-history-personal-info',
        'dm-untrusted-server',
        'dm-personal-info',
        'followers-only-untrusted-servers',
        'followers-on-blocked-servers',
        'old-public-posts',
      ]) {
        expect(checks).toContain(check);
      }
      for (const p of a.planted) if (p.statusId) expect(newest.has(p.statusId)).toBe(true);
      const kinds = new Set(
        a.planted
          .filter((p) => p.check === 'public-post-personal-info' && p.expect === 'flag')
          .map((p) => p.kind),
      );
      for (const k of PII_KINDS) {
        expect(kinds).toContain(k);
      }
      const card = a.planted.find((p) => p.id === 'pii-card');
      const cardText = a.state.statuses.get(card?.statusId ?? '')?.text ?? '';
      expect(luhnValid(/\d{4}(?: \d{4}){3}/.exec(cardText)?.[0] ?? '')).toBe(true);
      const ibanPost =
        a.state.statuses.get(a.planted.find((p) => p.id === 'pii-iban')?.statusId ?? '')?.text ?? '';
      const iban = (/DE\d\d(?: ?\d{4}){4} ?\d\d/.exec(ibanPost)?.[0] ?? '').replace(/ /g, '');
      const numeric = `${iban.slice(4)}${iban.slice(0, 4)}`.replace(/[A-Z]/g, (c) =>
        String(c.charCodeAt(0) - 55),
      );
      expect(iban.length).toBe(22);
      expect([...numeric].reduce((rem, d) => (rem * 10 + Number(d)) % 97, 0)).toBe(1);
      const edited = a.state.statuses.get(
        a.planted.find((p) => p.check === 'edit-history-personal-info')?.statusId ?? '',
      );
      expect(edited?.history[0]?.text).toMatch(/\+49/);
      expect(edited?.text).not.toMatch(/\+49/);
      expect(a.planted.filter((p) => p.expect === 'safe').length).toBe(4);
      const old = a.state.statuses.get(a.planted.find((p) => p.check === 'old-public-posts')?.statusId ?? '');
      expect(a.clock.now() - (old?.createdAt ?? 0)).toBeGreaterThan(2 * 365 * 86_400_000);
    } finally {
      await a.close();
      await b.close();
    }
  });

  // Speed is the crawl benchmark's business, not a test's: under load a time ceiling only flakes.
  it('generates 100,000 posts', { timeout: 120_000 }, async () => {
    const big = await startServer({ posts: 100_000, followers: 1500 });
    try {
      expect(big.state.timelines.get(big.owner.id)?.length).toBe(100_000);
    } finally {
      await big.close();
    }
  });
});

describe('latency', () => {
  it('adds latencyMs to every response on the injected clock', async () => {
    const clock = new SimulatedClock();
    const slow = await startServer({ posts: 5, clock, latencyMs: 50 });
    try {
      const before = clock.now();
      await fetch(`${slow.url}/api/v2/instance`);
      await fetch(`${slow.url}/api/v1/accounts/verify_credentials`, {
        headers: { Authorization: `Bearer ${slow.ownerToken}` },
      });
      expect(clock.now() - before).toBe(100);
    } finally {
      await slow.close();
    }
  });
});

describe('command line', () => {
  it('prints one JSON line with url and token, serves, and exits on SIGTERM', async () => {
    const root = path.resolve(__dirname, '../..');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/mastodon-server/cli.ts', '--port', '0', '--posts', '10', '--seed', '3'],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    expect(line.trim().split('\n').length).toBe(1);
    const { url, token } = JSON.parse(line) as { url: string; token: string };
    const me = await fetch(`${url}/api/v1/accounts/verify_credentials`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);
});
