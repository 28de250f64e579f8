/**
 * Issue 5's key acceptance test: the `audit server` command, run as a real subprocess against
 * the Mastodon-compatible test server, finds every planted risk and none of the planted safe
 * cases.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type PlantedCase, type RunningServer } from '../../test/mastodon-server';
import type { Finding } from '../../utils/checks/types';
import type { ServerAuditOutput } from './server';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

function audit(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      [join(ROOT, 'scripts', 'audit.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, FEDIPRINT_LANG: 'en' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function matches(f: Finding, c: PlantedCase): boolean {
  if (f.check !== c.check) return false;
  // A planted post is found by a per-post finding or by a summary finding that lists it.
  if (c.statusId && f.statusId !== c.statusId && !f.statusIds?.includes(c.statusId)) return false;
  if (c.domain && !f.domains?.includes(c.domain)) return false;
  return true;
}

describe('audit server against the test server', () => {
  let server: RunningServer;
  let output: ServerAuditOutput;
  let stderr: string;

  beforeAll(async () => {
    server = await startServer({ seed: 1, posts: 200 });
    const run = await audit(['server', server.url, `--token=${server.ownerToken}`, '--json']);
    stderr = run.stderr;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    output = JSON.parse(run.stdout) as ServerAuditOutput;
  }, 120_000);
  afterAll(() => server?.close());

  it('prints the account, score, findings and stats', () => {
    // The test server's WebFinger domain is its host (instance.domain).
    expect(output.account.acct).toBe(`${server.owner.username}@${new URL(server.url).host}`);
    expect(output.score).toBeGreaterThanOrEqual(0);
    expect(output.score).toBeLessThan(50);
    expect(output.findings.length).toBeGreaterThan(20);
    expect(output.stats.posts).toBeGreaterThanOrEqual(200);
    expect(output.stats.requests).toBeGreaterThan(5);
    expect(output.stats.seconds).toBeGreaterThan(0);
    expect(output.errors).toEqual([]);
    expect(output.incomplete).toEqual([]);
    expect(stderr).toBe('');
  });

  it('plants cases to check', () => {
    expect(server.planted.filter((c) => c.expect === 'flag').length).toBeGreaterThan(20);
    expect(server.planted.some((c) => c.expect === 'safe')).toBe(true);
  });

  it('finds every planted risk', () => {
    const missing = server.planted
      .filter((c) => c.expect === 'flag')
      .filter((c) => !output.findings.some((f) => matches(f, c)))
      .map((c) => `${c.id} (${c.check}${c.statusId ? ` ${c.statusId}` : ''}): ${c.note}`);
    expect(missing).toEqual([]);
  });

  it('flags none of the planted safe cases', () => {
    const wrong = server.planted
      .filter((c) => c.expect === 'safe')
      .filter((c) => output.findings.some((f) => matches(f, c)))
      .map((c) => `${c.id} (${c.check}): ${c.note}`);
    expect(wrong).toEqual([]);
  });

  it('never prints the token or an unmasked planted value', async () => {
    const text = await audit(['server', server.url, `--token=${server.ownerToken}`]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Score:');
    expect(text.stdout).toContain('Who holds your data');
    for (const out of [text.stdout, text.stderr, JSON.stringify(output)]) {
      expect(out).not.toContain(server.ownerToken);
      expect(out).not.toContain('+49 151 23456789');
      expect(out).not.toContain('536-22-1847');
    }
  }, 120_000);

  it('says what to do next when the token is rejected', async () => {
    const bad = await audit(['server', server.url, '--token', 'not-a-token', '--json']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^audit server: .{20,}/);
  }, 120_000);
});
