/**
 * The audit CLI, run as a person runs it, against a real Mastodon: what it reads is compared
 * with the counts Mastodon keeps itself and with an independent walk of the API.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { AccountSnapshot } from '../../utils/snapshot/types';
import { allPages, ok } from './api';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ctx = inject('realMastodon');
const dir = mkdtempSync(path.join(tmpdir(), 'fp-real-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function audit(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ['--import', 'tsx', 'scripts/audit.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, FEDIPRINT_TOKEN: ctx.ownerToken },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
}

interface CountedAccount {
  id: string;
  acct: string;
  statuses_count: number;
  followers_count: number;
  following_count: number;
}

describe('audit CLI against a real Mastodon', () => {
  it('snapshot reads every post, follower, followee and conversation Mastodon counts', async () => {
    const out = path.join(dir, 'snapshot.json');
    const { stdout } = await audit('snapshot', ctx.origin, '--out', out, '--fresh');
    const snapshot = JSON.parse(readFileSync(out, 'utf8')) as AccountSnapshot;
    const me = await ok<CountedAccount>(
      ctx.origin,
      ctx.ownerToken,
      'GET',
      '/api/v1/accounts/verify_credentials',
    );

    expect(snapshot.incomplete).toEqual([]);
    expect(snapshot.account.id).toBe(me.id);
    // Mastodon leaves direct messages out of statuses_count.
    const counted = snapshot.statuses.filter((s) => s.visibility !== 'direct');
    expect(counted.length).toBe(me.statuses_count);
    expect(snapshot.followers.length).toBe(me.followers_count);
    expect(snapshot.following.length).toBe(me.following_count);
    expect(snapshot.followers.map((a) => a.id)).toContain(ctx.friendId);

    const raw = await allPages<{ id: string }>(
      ctx.origin,
      ctx.ownerToken,
      `/api/v1/accounts/${ctx.ownerId}/statuses?limit=40`,
    );
    expect(snapshot.statuses.map((s) => s.id).sort()).toEqual(raw.map((s) => s.id).sort());
    const conversations = await allPages<{ id: string }>(
      ctx.origin,
      ctx.ownerToken,
      '/api/v1/conversations?limit=40',
    );
    expect(snapshot.conversations.length).toBe(conversations.length);
    expect(snapshot.conversations.length).toBeGreaterThan(0);

    expect(stdout).toContain(`@${me.acct}: ${snapshot.statuses.length} posts`);
    expect(stdout).toContain(`${me.followers_count} followers, ${me.following_count} following`);
  });

  it('server --json runs the checkup over the same posts', async () => {
    const { stdout } = await audit('server', ctx.origin, '--json');
    const report = JSON.parse(stdout) as {
      account: { acct: string };
      score: number;
      findings: { check: string }[];
      incomplete: string[];
      stats: { posts: number; requests: number };
    };
    const raw = await allPages<{ id: string }>(
      ctx.origin,
      ctx.ownerToken,
      `/api/v1/accounts/${ctx.ownerId}/statuses?limit=40`,
    );
    expect(report.account.acct).toContain(ctx.ownerAcct);
    expect(report.stats.posts).toBe(raw.length);
    expect(report.score).toBeGreaterThanOrEqual(0);
    expect(report.score).toBeLessThanOrEqual(100);
    expect(report.stats.requests).toBeGreaterThan(3);
    expect(report.incomplete).toEqual([]);
  });
});
