/**
 * The CLI against snac, a Mastodon-API server we did not write: `audit server` and `audit
 * snapshot` as subprocesses. snac leaves `fields` out, 404s v2 instance, sends no `Link`, lists only
 * public and unlisted posts and reports every count as 0; the checkup must read every post it
 * lists, name the software, and say what snac does not show apps instead of failing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerAuditOutput } from '../../scripts/audit/server';
import type { AccountSnapshot } from '../../utils/snapshot/types';
import { requireSnac, startSnac, type SnacServer } from './server';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const runs = await requireSnac('snac audit');

function audit(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      [path.join(ROOT, 'scripts', 'audit.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, FEDIPRINT_LANG: 'en' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe.skipIf(!runs)('the CLI against snac 2.94', () => {
  let snac: SnacServer;
  const dir = mkdtempSync(path.join(tmpdir(), 'fediprint-snac-cli-'));
  beforeAll(async () => {
    snac = await startSnac({ publicPosts: 45 });
  }, 60_000);
  afterAll(async () => {
    await snac?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('audit server: a complete checkup of what snac shows, saying what it does not', async () => {
    const run = await audit(['server', snac.url, `--token=${snac.token}`, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout) as ServerAuditOutput;
    expect(output.software).toEqual({ name: 'snac', version: '2.94', family: 'other' });
    // Public and unlisted only, all of them, although no page carried a Link.
    expect(output.stats.posts).toBe(snac.seeded.public + snac.seeded.unlisted);
    expect(output.complete).toBe(true);
    expect(output.incomplete).toEqual([]);
    expect(output.shortfalls).toEqual([]);
    expect(output.notChecked).toEqual(['privatePosts', 'directPosts', 'followers', 'histories']);
    expect(output.errors).toEqual([]);
    expect(output.findings.some((f) => f.check === 'public-post-personal-info')).toBe(true);
    expect(run.stdout).not.toContain(snac.token);
  }, 120_000);

  it('audit server, readable: names the software and what was not checked', async () => {
    const run = await audit(['server', snac.url, `--token=${snac.token}`]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Server software: snac 2.94');
    expect(run.stdout).toContain(
      'Not checked: your server does not show these to apps: followers-only posts, direct messages, followers, edit histories.',
    );
  }, 120_000);

  it('audit snapshot: every listed post, then a re-check that reads only what is new', async () => {
    const out = path.join(dir, 'snap.json');
    const first = await audit(['snapshot', snac.url, `--token=${snac.token}`, '--out', out]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const snapshot = JSON.parse(readFileSync(out, 'utf8')) as AccountSnapshot;
    expect(snapshot.statuses).toHaveLength(snac.seeded.public + snac.seeded.unlisted);
    expect(new Set(snapshot.statuses.map((s) => s.visibility))).toEqual(new Set(['public', 'unlisted']));
    expect(snapshot.account.fields).toEqual([]);
    expect(snapshot.instance?.version).toContain('snac');
    expect(first.stdout).toMatch(/Server software: snac 2\.94/);

    const again = await audit(['snapshot', snac.url, `--token=${snac.token}`, '--out', out]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/; 0 new\)/);
    const second = JSON.parse(readFileSync(out, 'utf8')) as AccountSnapshot;
    expect(second.statuses.map((s) => s.id)).toEqual(snapshot.statuses.map((s) => s.id));
  }, 120_000);
});
