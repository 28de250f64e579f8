/**
 * Opt-in scheduled re-checks: an alarm every N hours reads what is new, runs the checks, and
 * shows how many findings are new on the badge (and a notification when allowed).
 * Alarms persist across browser restarts; nothing runs while signed out.
 */
import { browser } from 'wxt/browser';
import { setBadge } from '../badge';
import { t } from '../i18n';
import { collectSnapshot } from '../snapshot/collect';
import { loadSnapshot, saveSnapshot } from '../snapshot/store';
import { readKey, readSettings, writeKey } from '../storage';
import { authedClient } from './auth';
import { evaluate, isRunning } from './checkup';

export const RECHECK_ALARM = 'fediprint-recheck';

export async function updateSchedule(): Promise<void> {
  const settings = await readSettings();
  const session = await readKey('session');
  await browser.alarms.clear(RECHECK_ALARM);
  if (session && settings.recheckHours) {
    const minutes = settings.recheckHours * 60;
    await browser.alarms.create(RECHECK_ALARM, { periodInMinutes: minutes, delayInMinutes: minutes });
  }
}

/** Returns the number of findings that were not in the previous result. */
export async function scheduledRecheck(): Promise<number> {
  const session = await readKey('session');
  if (!session || (await isRunning())) return 0;
  const client = await authedClient();
  const previous = await loadSnapshot(session.origin, session.accountId);
  const started = Date.now();
  const outcome = await collectSnapshot(client, { previous });
  await saveSnapshot(outcome.snapshot);
  if (outcome.error) throw outcome.error;
  const before = new Set(((await readKey('checkupResult'))?.findings ?? []).map((f) => f.id));
  const dismissed = (await readKey('dismissed')) ?? [];
  const result = evaluate(outcome.snapshot, await readSettings(), dismissed, {
    requests: outcome.requests,
    seconds: (Date.now() - started) / 1000,
  });
  await writeKey('checkupResult', result);
  const fresh = result.findings.filter((f) => !before.has(f.id)).length;
  const unseen = ((await readKey('newFindings')) ?? 0) + fresh;
  await writeKey('newFindings', unseen);
  await setBadge(unseen > 0 ? String(unseen) : '', '#b3261e');
  const settings = await readSettings();
  // Notifications are an optional permission, granted when the user turned them on.
  if (
    fresh > 0 &&
    settings.notify &&
    (await browser.permissions.contains({ permissions: ['notifications'] }))
  ) {
    await browser.notifications.create('fediprint-new-findings', {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title: t('extName'),
      message: t('schedule_newFindings', fresh),
    });
  }
  return fresh;
}
