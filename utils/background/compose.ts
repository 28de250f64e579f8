/**
 * Compose warnings: the content script is registered at run time for the home server's origin
 * only, after the user granted that origin from the dashboard (a click, so the browser asks).
 */
import { disableComposeWarnings, ensureComposeRegistration } from '../compose/registration';
import { readKey, updateSettings } from '../storage';

export async function setComposeRegistration(enabled: boolean): Promise<void> {
  const session = await readKey('session');
  if (enabled && session) {
    await updateSettings({ composeWarnings: true });
    await ensureComposeRegistration(session.origin);
  } else {
    await updateSettings({ composeWarnings: false });
    if (session) await disableComposeWarnings(session.origin);
  }
}

/** At start-up: registrations do not always survive a browser restart (Firefox). */
export async function restoreComposeRegistration(): Promise<void> {
  const session = await readKey('session');
  const settings = await readKey('settings');
  if (!session || !settings?.composeWarnings) return;
  await ensureComposeRegistration(session.origin);
}
