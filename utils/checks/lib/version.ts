/**
 * The Mastodon version a server reports, for checks that read settings only newer servers have.
 * `instance.version` is e.g. `4.5.2`, `4.6.0+glitch`, `4.4.0-beta.1`; servers that only speak
 * Mastodon's API report `3.0.0 (compatible; GoToSocial 0.17.0)` and are treated as unknown.
 */
import type { AccountSnapshot } from '../../snapshot/types';

export type Version = readonly [number, number, number];

export function parseVersion(text: string | null | undefined): Version | null {
  if (!text || /compatible/i.test(text)) return null;
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** The server's version as reported, or null when unknown (no instance read, other software). */
export function serverVersion(snapshot: AccountSnapshot): { text: string; version: Version } | null {
  const text = snapshot.instance?.version;
  const version = parseVersion(text);
  return text && version ? { text: text.split(/[\s+]/)[0] ?? text, version } : null;
}

/**
 * Whether a check for a setting added in `since` applies. An unknown version counts as
 * applicable: the check then relies on the setting being present in what the server sent.
 */
export function appliesTo(snapshot: AccountSnapshot, since: string | undefined): boolean {
  if (!since) return true;
  const server = serverVersion(snapshot);
  const needed = parseVersion(since);
  return !server || !needed || compareVersions(server.version, needed) >= 0;
}
