import { browser } from 'wxt/browser';
import { writeKey } from './storage';

/** Opening the popup or the report means the user has seen the new findings. */
export async function clearBadge(): Promise<void> {
  await writeKey('newFindings', 0);
  await browser.action.setBadgeText({ text: '' });
}
