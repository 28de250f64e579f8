/**
 * Turns what a person types into the sign-in box into a server origin.
 * Accepts `mastodon.social`, `https://mastodon.social/`, `@me@mastodon.social` and `me@mastodon.social`.
 * Plain http only for loopback addresses (the demo and tests).
 */
export type ServerUrlResult = { ok: true; origin: string } | { ok: false; reason: ServerUrlProblem };
export type ServerUrlProblem = 'empty' | 'invalid' | 'insecure' | 'path';

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|localhost|\[::1\])$/i;
// A DNS name with at least one dot (or a loopback name), labels of letters, digits and hyphens.
const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/i;

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

export function parseServerInput(input: string): ServerUrlResult {
  let text = input.trim();
  if (!text) return { ok: false, reason: 'empty' };
  // @user@host or user@host: the part after the last @ is the server.
  const handle = /^@?[\w.-]+@([^@/\s]+)$/.exec(text);
  if (handle?.[1]) text = handle[1];
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (url.username || url.password || url.search || url.hash) return { ok: false, reason: 'invalid' };
  if (url.pathname !== '/' && url.pathname !== '') return { ok: false, reason: 'path' };
  const loopback = isLoopbackHost(url.hostname);
  if (!loopback && !HOST.test(url.hostname)) return { ok: false, reason: 'invalid' };
  if (url.protocol === 'http:' && !loopback) return { ok: false, reason: 'insecure' };
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'invalid' };
  return { ok: true, origin: url.origin };
}
