import { browser } from 'wxt/browser';
import { writeKey } from './storage';

/**
 * The toolbar button: `action` in MV3 (Chrome), `browserAction` in Firefox's MV2 build, where
 * `browser.action` does not exist.
 */
export function toolbarAction(): typeof browser.action {
  return browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
}

export async function setBadge(text: string, color?: string): Promise<void> {
  const action = toolbarAction();
  await action.setBadgeText({ text });
  if (color) await action.setBadgeBackgroundColor({ color });
}

/** Opening the popup or the report means the user has seen the new findings. */
export async function clearBadge(): Promise<void> {
  await writeKey('newFindings', 0);
  await setBadge('');
}
