/**
 * Mentions in a post and the servers they reach. A mentioned account's server receives the post
 * (for DMs and followers-only posts too), so its admins can read it.
 */

// Mastodon's Account::MENTION_RE: not after `=`, `/` or a word character (so e-mail addresses and
// profile URLs do not count), username, then an optional `@domain`.
// https://github.com/mastodon/mastodon/blob/main/app/models/account.rb
const MENTION_RE =
  /(?<![=/\p{L}\p{N}\p{M}_])@([a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?)(?:@([\p{L}\p{N}\p{M}_.-]+[\p{L}\p{N}\p{M}_]))?/giu;

export interface Mention {
  username: string;
  /** Normalised domain, or null for a local mention (`@user`), which stays on the home server. */
  domain: string | null;
}

/**
 * Lower case, no trailing dot, international names in their ASCII (punycode) form, so that
 * `Bücher.example`, `xn--bcher-kva.example` and `bücher.example.` compare equal.
 */
export function normalizeDomain(domain: string): string {
  const trimmed = domain.trim().toLowerCase().replace(/\.$/, '');
  if (/^[a-z0-9.-]*$/.test(trimmed)) return trimmed;
  try {
    return new URL(`http://${trimmed}`).hostname;
  } catch (error) {
    // Not a valid host name: compare it as typed; it still gets named in the warning.
    if (error instanceof TypeError) return trimmed;
    throw error;
  }
}

export function findMentions(text: string): Mention[] {
  const mentions: Mention[] = [];
  for (const match of text.matchAll(MENTION_RE)) {
    const username = match[1];
    if (!username) continue;
    const domain = match[2];
    mentions.push({ username: username.toLowerCase(), domain: domain ? normalizeDomain(domain) : null });
  }
  return mentions;
}

/** Distinct servers of mentioned accounts that are neither the home server nor trusted, sorted. */
export function untrustedMentionServers(
  text: string,
  homeDomain: string,
  trustedServers: readonly string[],
): string[] {
  if (!text.includes('@')) return [];
  const trusted = new Set([homeDomain, ...trustedServers].map(normalizeDomain));
  const servers = new Set<string>();
  for (const { domain } of findMentions(text)) {
    if (domain !== null && !trusted.has(domain)) servers.add(domain);
  }
  return [...servers].sort();
}
