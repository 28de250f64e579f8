import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { startServer, type RunningServer } from '../../test/mastodon-server';
import { signInAsOwner } from '../../test/signed-in';
import { deleteToken, saveToken } from '../secrets';
import { deleteAllSnapshots, loadSnapshot } from '../snapshot/store';
import { readKey, writeKey } from '../storage';
import { recoverInterrupted, startCheckup } from './checkup';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ seed: 9, posts: 120, followers: 30, following: 10 });
});
afterAll(async () => {
  await server.close();
});

async function waitForState(status: string, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if ((await readKey('checkupState'))?.status === status) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`checkup never reached ${status}: ${JSON.stringify(await readKey('checkupState'))}`);
}

describe('background checkup', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await deleteAllSnapshots();
    await deleteToken();
    await signInAsOwner(server);
    server.resetCounts();
  });

  it('runs one crawl when several windows ask at once, and caches the snapshot', async () => {
    await Promise.all([startCheckup(), startCheckup(), startCheckup()]);
    await waitForState('done');
    expect(server.counts()['GET /api/v1/accounts/verify_credentials']).toBe(1);
    expect(server.counts()['GET /api/v1/instance/domain_blocks']).toBe(1);
    const snapshot = await loadSnapshot(server.url, server.owner.id);
    expect(snapshot?.statuses).toHaveLength(120);
    const result = await readKey('checkupResult');
    expect(result?.stats.posts).toBe(120);
    // A second run is incremental: nothing new, a handful of requests.
    server.resetCounts();
    await startCheckup();
    await waitForState('done');
    const total = Object.values(server.counts()).reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(3);
  });

  it('marks a crawl left running by a stopped background as interrupted', async () => {
    await writeKey('checkupState', {
      status: 'running',
      startedAt: new Date().toISOString(),
      heartbeat: Date.now(),
      progress: [],
    });
    await recoverInterrupted();
    const state = await readKey('checkupState');
    expect(state?.status).toBe('error');
    expect(state?.status === 'error' && state.message).toMatch(/interrupted/);
  });

  it('reports a revoked token as a reason to sign in again, keeping what was cached', async () => {
    await startCheckup();
    await waitForState('done');
    await saveToken({ origin: server.url, accessToken: 'revoked-or-wrong', scopes: ['read'] });
    await writeKey('checkupState', { status: 'idle' });
    await startCheckup();
    await waitForState('error');
    const state = await readKey('checkupState');
    expect(state?.status === 'error' && state.signInAgain).toBe(true);
    expect((await loadSnapshot(server.url, server.owner.id))?.statuses).toHaveLength(120);
  });
});
