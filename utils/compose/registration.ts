/**
 * Opt-in compose warnings, least privilege: host access to the home server only, asked for on a
 * click, and the content script registered at run time for that origin only (it is not in the
 * manifest). Turning warnings off (or signing out) unregisters the script and gives the access back.
 *
 * https://developer.chrome.com/docs/extensions/reference/api/scripting#method-registerContentScripts
 * https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/scripting/registerContentScripts
 */
import { browser } from 'wxt/browser';
import { z } from 'zod';

export const COMPOSE_SCRIPT_ID = 'fediprint-compose';
/** Where WXT writes entrypoints/compose.content/index.ts (same path in chrome-mv3 and firefox-mv2). */
export const COMPOSE_SCRIPT_FILE = 'content-scripts/compose.js';
/** storage.local: the origins the person turned compose warnings on for. */
export const COMPOSE_ENABLED_ORIGINS_KEY = 'compose:enabledOrigins';

const EnabledOriginsSchema = z.array(z.string());

export class ComposeRegistrationError extends Error {
  override name = 'ComposeRegistrationError';
}

/**
 * `https://social.example:8443` → `https://social.example/*`. Firefox rejects ports in match
 * patterns and Chrome's port-less pattern matches every port, so the port is left out.
 */
export function composeMatchPattern(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch (error) {
    throw new ComposeRegistrationError(`"${origin}" is not a server address. Sign in again to fix it.`, {
      cause: error,
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ComposeRegistrationError(`"${origin}" is not a web server address. Sign in again to fix it.`);
  }
  return `${url.protocol}//${url.hostname}/*`;
}

async function enabledOrigins(): Promise<string[]> {
  const stored = await browser.storage.local.get(COMPOSE_ENABLED_ORIGINS_KEY);
  const parsed = EnabledOriginsSchema.safeParse(stored[COMPOSE_ENABLED_ORIGINS_KEY] ?? []);
  // A malformed value (older build, manual edit) counts as "none enabled": the person turns it on again.
  return parsed.success ? parsed.data : [];
}

async function setEnabledOrigins(origins: readonly string[]): Promise<void> {
  await browser.storage.local.set({ [COMPOSE_ENABLED_ORIGINS_KEY]: [...new Set(origins)] });
}

async function isPermitted(origin: string): Promise<boolean> {
  return browser.permissions.contains({ origins: [composeMatchPattern(origin)] });
}

/** Makes the one registered script match exactly `origins` (none: unregistered). */
async function syncRegistration(origins: readonly string[]): Promise<void> {
  const matches = [...new Set(origins.map(composeMatchPattern))].sort();
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [COMPOSE_SCRIPT_ID] });
  try {
    if (matches.length === 0) {
      if (existing.length > 0) await browser.scripting.unregisterContentScripts({ ids: [COMPOSE_SCRIPT_ID] });
      return;
    }
    const script = {
      id: COMPOSE_SCRIPT_ID,
      matches,
      js: [COMPOSE_SCRIPT_FILE],
      runAt: 'document_idle' as const,
    };
    if (existing.length > 0) await browser.scripting.updateContentScripts([script]);
    else await browser.scripting.registerContentScripts([{ ...script, persistAcrossSessions: true }]);
  } catch (error) {
    throw new ComposeRegistrationError(
      'Fediprint could not set up compose warnings in this browser. Try turning them off and on again, or restart the browser.',
      { cause: error },
    );
  }
}

/**
 * Turns compose warnings on for `origin`. Call it straight from a click handler in an extension
 * page: the permission request must be the first thing that happens in the user gesture
 * (Firefox refuses it after an `await`). Resolves false when the person declines.
 */
export function enableComposeWarnings(origin: string): Promise<boolean> {
  let pattern: string;
  try {
    pattern = composeMatchPattern(origin);
  } catch (error) {
    return Promise.reject(error);
  }
  const request = browser.permissions.request({ origins: [pattern] });
  return request.then(async (granted) => {
    if (!granted) return false;
    const origins = [...(await enabledOrigins()).filter((o) => o !== origin), origin];
    await setEnabledOrigins(origins);
    await syncRegistration(origins);
    return true;
  });
}

/** Turns compose warnings off for `origin`: unregisters the script there and gives back the access. */
export async function disableComposeWarnings(origin: string): Promise<void> {
  const pattern = composeMatchPattern(origin);
  const origins = (await enabledOrigins()).filter((o) => o !== origin);
  await setEnabledOrigins(origins);
  await syncRegistration(origins);
  // Another enabled origin on the same host (different port) still needs the shared pattern.
  if (!origins.some((o) => composeMatchPattern(o) === pattern)) {
    await browser.permissions.remove({ origins: [pattern] });
  }
}

export async function isComposeWarningsEnabled(origin: string): Promise<boolean> {
  return (await enabledOrigins()).includes(origin) && (await isPermitted(origin));
}

/**
 * At background start: keeps the registration in line with what is enabled and still permitted.
 * Registrations may not survive a browser update or an extension reload, and the person may have
 * withdrawn the site access in the browser's own settings (then warnings count as off).
 * Resolves whether warnings are active for `origin`.
 */
export async function ensureComposeRegistration(origin: string): Promise<boolean> {
  const active: string[] = [];
  for (const o of await enabledOrigins()) if (await isPermitted(o)) active.push(o);
  await setEnabledOrigins(active);
  await syncRegistration(active);
  return active.includes(origin);
}
