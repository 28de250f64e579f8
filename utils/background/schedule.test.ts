import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { startServer, type RunningServer } from '../../test/mastodon-server';
import { signInAsOwner } from '../../test/signed-in';
import { deleteToken } from '../secrets';
import { deleteAllSnapshots } from '../snapshot/store';
import { readKey, removeKeys, updateSettings, writeKey } from '../storage';
import { RECHECK_ALARM, scheduledRecheck, updateSchedule } from './schedule';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ seed: 5, posts: 60, followers: 20, following: 10 });
});
afterAll(async () => {
  await server.close();
});

describe('scheduled re-checks', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    await deleteAllSnapshots();
    await deleteToken();
  });

  it('raises the badge when a risky post appears on the server, and clears nothing on its own', async () => {
    await signInAsOwner(server);
    await updateSettings({ recheckHours: 6, notify: false });
    await updateSchedule();
    const alarm = await fakeBrowser.alarms.get(RECHECK_ALARM);
    expect(alarm?.periodInMinutes).toBe(360);

    // First run: a baseline (every finding is new once).
    expect(await scheduledRecheck()).toBeGreaterThan(0);
    await writeKey('newFindings', 0);
    await fakeBrowser.action.setBadgeText({ text: '' });

    // Nothing new on the server: no new findings, the badge stays clear.
    expect(await scheduledRecheck()).toBe(0);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');

    const posted = await fetch(`${server.url}/api/v1/statuses`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.ownerToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'New number, call me: +49 151 23456789', visibility: 'public' }),
    });
    expect(posted.status).toBe(200);
    const { id } = (await posted.json()) as { id: string };

    expect(await scheduledRecheck()).toBe(1);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    expect(await readKey('newFindings')).toBe(1);
    const result = await readKey('checkupResult');
    expect(result?.findings.some((f) => f.statusId === id && f.kinds?.includes('phone'))).toBe(true);
  });

  it('does no work while signed out', async () => {
    await removeKeys('session');
    server.resetCounts();
    expect(await scheduledRecheck()).toBe(0);
    expect(Object.values(server.counts()).reduce((a, b) => a + b, 0)).toBe(0);
    await updateSettings({ recheckHours: 6 });
    await updateSchedule();
    expect(await fakeBrowser.alarms.get(RECHECK_ALARM)).toBeUndefined();
  });
});
