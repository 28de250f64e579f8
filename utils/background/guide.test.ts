/**
 * The background's guided-fixing commands against the test server (Mastodon 4.6): the paced
 * quote-policy job changes the posts on the server, updates the cached snapshot and the result,
 * and resumes after a restart; the guide's progress and "keep it" go through storage; a full
 * checkup keeps the result it replaced for "what changed".
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { startServer, type RunningServer } from '../../test/mastodon-server';
import { signInAsOwner } from '../../test/signed-in';
import { deleteToken } from '../secrets';
import { deleteAllSnapshots, loadSnapshot } from '../snapshot/store';
import { readKey, writeKey } from '../storage';
import { startCheckup } from './checkup';
import { resumeQuotePolicyFix, startQuotePolicyFix, updateGuide } from './guide';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ seed: 9, posts: 120, followers: 30, following: 10 });
});
afterAll(() => server.close());

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} never happened: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const checkupDone = () =>
  until(
    'checkup',
    () => readKey('checkupState'),
    (s) => s?.status === 'done',
  );
const quotable = async () =>
  (await readKey('checkupResult'))?.findings.find((f) => f.check === 'quotable-personal-info');

describe('guided fixing in the background', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    // Every test starts from posts anyone may quote, as Mastodon leaves them.
    for (const status of server.state.statuses.values()) delete status.quotePolicy;
    await deleteAllSnapshots();
    await deleteToken();
    await signInAsOwner(server, ['read', 'write:statuses']);
    await startCheckup();
    await checkupDone();
  });

  it('sets who may quote the posts on the server, then the finding is gone', async () => {
    const finding = await quotable();
    expect(finding?.fix?.type).toBe('quote-policy');
    const ids = finding?.statusIds ?? [];
    expect(ids.length).toBeGreaterThan(0);
    await startQuotePolicyFix(ids);
    const job = await until(
      'job',
      () => readKey('quotePolicyJob'),
      (j) => j?.status === 'done',
    );
    expect(job?.done.sort()).toEqual([...ids].sort());
    for (const id of ids) expect(server.state.statuses.get(id)?.quotePolicy).toBe('nobody');
    await until('recompute', quotable, (f) => f === undefined);
    const snapshot = await loadSnapshot(server.url, server.owner.id);
    const cached = snapshot?.statuses.filter((s) => ids.includes(s.id)) ?? [];
    expect(cached.map((s) => s.quote_approval?.automatic)).toEqual(ids.map(() => []));
  });

  it('resumes a job the browser closed on, from the posts still pending', async () => {
    const ids = (await quotable())?.statusIds ?? [];
    expect(ids.length).toBeGreaterThan(1);
    const [first, ...rest] = ids;
    await writeKey('quotePolicyJob', {
      policy: 'nobody',
      pending: rest,
      done: first ? [first] : [],
      gone: [],
      status: 'running',
    });
    server.resetCounts();
    await resumeQuotePolicyFix();
    await until(
      'job',
      () => readKey('quotePolicyJob'),
      (j) => j?.status === 'done',
    );
    // Only the pending posts were sent again.
    expect(server.counts()['PUT /api/v1/statuses/:id/interaction_policy']).toBe(rest.length);
  });

  it('keeps the guide’s progress, and "keep it" accepts the findings', async () => {
    const result = await readKey('checkupResult');
    await updateGuide({ kind: 'start', steps: ['quotable-personal-info', 'default-visibility-public'] });
    expect(await readKey('guideProgress')).toMatchObject({ startedFrom: result?.ranAt, outcomes: {} });
    const setting = result?.findings.find((f) => f.check === 'default-visibility-public');
    expect(setting).toBeDefined();
    await updateGuide({
      kind: 'outcome',
      check: 'default-visibility-public',
      outcome: 'kept',
      findingIds: [setting!.id],
    });
    expect((await readKey('guideProgress'))?.outcomes).toEqual({ 'default-visibility-public': 'kept' });
    expect(await readKey('dismissed')).toContain(setting!.id);
    expect((await readKey('checkupResult'))!.score).toBeGreaterThan(result!.score);
    await expect(
      updateGuide({ kind: 'outcome', check: 'not-a-step', outcome: 'fixed', findingIds: [] }),
    ).rejects.toThrow();
    await updateGuide({ kind: 'reset' });
    expect(await readKey('guideProgress')).toBeUndefined();
  });

  it('a full checkup keeps the result it replaced', async () => {
    const first = await readKey('checkupResult');
    await writeKey('checkupState', { status: 'idle' });
    await startCheckup();
    await checkupDone();
    expect((await readKey('previousCheckup'))?.ranAt).toBe(first?.ranAt);
  });
});
