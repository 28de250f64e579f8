/**
 * Opt-in scheduled re-checks: an alarm every N hours reads what is new, runs the checks, and
 * shows how many findings are new on the badge (and a notification when allowed).
 * Alarms persist across browser restarts; nothing runs while signed out.
 */
import { browser } from 'wxt/browser';
import { setBadge } from '../badge';
import { t } from '../i18n';
import { readKey, readSettings, writeKey } from '../storage';
import { queueCrawl } from './checkup';

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

/**
 * Returns the number of findings that were not in the previous result. Runs as the account's crawl:
 * when a checkup is already running or queued, the re-check joins it instead of crawling again.
 */
export async function scheduledRecheck(): Promise<number> {
  const session = await readKey('session');
  if (!session) return 0;
  const before = new Set(((await readKey('checkupResult'))?.findings ?? []).map((f) => f.id));
  const { done } = await queueCrawl();
  const outcome = await done;
  if (outcome.error) throw outcome.error;
  const result = outcome.result;
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
