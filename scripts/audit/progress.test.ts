/**
 * CLI progress: one self-rewriting stderr line on a terminal, nothing when stderr is a pipe, so
 * `audit server --json 2>log | jq` and CI logs stay plain.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../test/mastodon-server';
import { progressLine, snapshotProgress, type ProgressStream } from './progress';

function fakeStream(isTTY: boolean, columns = 40): ProgressStream & { out: string } {
  return {
    isTTY,
    columns,
    out: '',
    write(text: string) {
      this.out += text;
      return true;
    },
  };
}

describe('progressLine', () => {
  const cases = [
    {
      name: 'a terminal gets one line that rewrites itself, then is cleared',
      tty: true,
      updates: ['Posts 1', 'Posts 2'],
      want: '\rPosts 1\x1b[K\rPosts 2\x1b[K\r\x1b[K',
    },
    { name: 'a pipe gets nothing', tty: false, updates: ['Posts 1', 'Posts 2'], want: '' },
    { name: 'nothing shown, nothing cleared', tty: true, updates: [], want: '' },
    {
      name: 'a line wider than the terminal is cut, so \\r still reaches its start',
      tty: true,
      updates: ['x'.repeat(60)],
      want: `\r${'x'.repeat(38)}…\x1b[K\r\x1b[K`,
    },
  ];
  it.each(cases)('$name', ({ tty, updates, want }) => {
    const stream = fakeStream(tty);
    let clock = 0;
    const line = progressLine(stream, { now: () => (clock += 1000) });
    for (const u of updates) line.update(u);
    line.done();
    expect(stream.out).toBe(want);
  });

  it('a terminal that reports no size is taken as 80 columns wide', () => {
    const stream = fakeStream(true, 0);
    progressLine(stream).update('Posts 120 of 600 · Followers 40 of 240');
    expect(stream.out).toBe('\rPosts 120 of 600 · Followers 40 of 240\x1b[K');
  });

  it('redraws at most once per interval', () => {
    const stream = fakeStream(true, 200);
    let clock = 0;
    const line = progressLine(stream, { intervalMs: 100, now: () => clock });
    for (let i = 0; i < 50; i++) {
      clock += 10;
      line.update(`step ${i}`);
    }
    expect(stream.out.split('\r').filter(Boolean)).toHaveLength(5);
  });

  it('draws every part of a crawl on the one line', () => {
    const stream = fakeStream(true, 200);
    let clock = 0;
    const onProgress = snapshotProgress(progressLine(stream, { now: () => (clock += 1000) }));
    onProgress({ part: 'statuses', done: 40, expected: 600 });
    onProgress({ part: 'followers', done: 80, expected: null });
    expect(stream.out.split('\r').at(-1)).toBe('Posts 40 of 600 · Followers 80\x1b[K');
  });
});

describe('audit server with stderr on a pipe', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ seed: 2, posts: 60, followers: 10, following: 5 });
  });
  afterAll(() => server.close());

  it('prints no progress, only parseable JSON on stdout', async () => {
    const root = join(import.meta.dirname, '..', '..');
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve) =>
      execFile(
        join(root, 'node_modules', '.bin', 'tsx'),
        [join(root, 'scripts', 'audit.ts'), 'server', server.url, `--token=${server.ownerToken}`, '--json'],
        { cwd: root, env: { ...process.env, FEDIPRINT_LANG: 'en' }, maxBuffer: 64 * 1024 * 1024 },
        (_error, out, err) => resolve({ stdout: out, stderr: err }),
      ),
    );
    expect(stderr).not.toContain('\r');
    expect(stderr).not.toContain('\x1b[');
    expect(stderr).not.toMatch(/Posts \d/);
    expect((JSON.parse(stdout) as { score: number }).score).toBeGreaterThanOrEqual(0);
  });
});
