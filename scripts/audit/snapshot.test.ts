import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer } from '../../test/mastodon-server';
import { SimulatedClock } from '../../utils/clock';
import { run } from './snapshot';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server;
const dir = mkdtempSync(path.join(tmpdir(), 'fediprint-snapshot-'));

beforeAll(async () => {
  server = await startServer({
    seed: 5,
    posts: 90,
    followers: 30,
    following: 10,
    clock: new SimulatedClock(),
    latencyMs: 0,
  });
});
afterAll(async () => {
  await server?.close();
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  return { out, err, restore: () => (log.mockRestore(), error.mockRestore()) };
}

describe('audit snapshot', () => {
  it('writes the snapshot and prints a one-line summary; a second run reads only what is new', async () => {
    const file = path.join(dir, 'snap.json');
    const io = capture();
    const code = await run([server.url, `--token=${server.ownerToken}`, '--out', file]);
    const second = await run([server.url, `--token=${server.ownerToken}`, '--out', file]);
    io.restore();
    expect(io.err).toEqual([]);
    expect(code).toBe(0);
    expect(second).toBe(0);
    const snapshot = JSON.parse(readFileSync(file, 'utf8'));
    const live = server.state.timelines.get(server.owner.id)!;
    expect(snapshot.statuses).toHaveLength(live.length);
    // One summary line per run, each followed by the server's software.
    expect(io.out.filter((l) => l.startsWith('@'))).toHaveLength(2);
    expect(io.out[1]).toMatch(/^Server software: mastodon \d/);
    expect(io.out.filter((l) => l.startsWith('@'))[0]).toMatch(
      new RegExp(
        `^@${server.owner.acct}: ${live.length} posts \\(\\d+ public, \\d+ unlisted, \\d+ followers-only, \\d+ direct; ${live.length} new\\), 30 followers, 10 following`,
      ),
    );
    expect(io.out.filter((l) => l.startsWith('@'))[1]).toMatch(/; 0 new\), .* [1-3] requests, /);
  });

  it('exits 3 for a partial read and says what is missing', async () => {
    server.faults.add({ route: 'GET /api/v1/accounts/:id/followers', kind: 'schema-break' });
    const io = capture();
    const code = await run([
      server.url,
      `--token=${server.ownerToken}`,
      '--out',
      path.join(dir, 'p.json'),
      '--fresh',
      '--verbose',
    ]);
    io.restore();
    server.faults.clear();
    expect(code).toBe(3);
    // Only that part: the items that could not be read are named with endpoint and field.
    expect(io.out.join('\n')).toMatch(/30 items could not be read and were left out: followers/);
    expect(io.out.join('\n')).toMatch(
      /Could not read followers at \/api\/v1\/accounts\/\d+\/followers, field 0\.acct/,
    );
    expect(io.err).toEqual([]);
  }, 60_000);

  it('fails with one clear line and exit code 1 on a revoked token', async () => {
    const io = capture();
    const code = await run([server.url, '--token', 'revoked', '--out', path.join(dir, 'x.json')]);
    io.restore();
    expect(code).toBe(1);
    expect(io.err).toHaveLength(1);
    expect(io.err[0]).toMatch(/^audit snapshot: .*[Ss]ign in again/);
  });

  it('prints usage and exits 2 without a token', async () => {
    const io = capture();
    const code = await run([server.url, '--out', path.join(dir, 'x.json')]);
    io.restore();
    expect(code).toBe(2);
    expect(io.err[0]).toMatch(/Usage/);
  });
});
