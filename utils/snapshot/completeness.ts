/**
 * Whether what was read is all there is, checked rather than assumed, on the first run as on a
 * re-check: posts against `statuses_count`, followers and following against their counts, where
 * the server's counts can be trusted; posts against the server's listing limit where it has one.
 * And what the server does not give apps at all, which is "not checked", never an error.
 */
import { capabilitiesOf, type NotShownPart, type ServerSoftware } from '../mastodon/software';
import type { AccountSnapshot, Shortfall } from './types';

export interface Completeness {
  shortfalls: Shortfall[];
  notChecked: NotShownPart[];
}

type Read = Pick<AccountSnapshot, 'account' | 'statuses' | 'followers' | 'following' | 'followRequests'>;

/**
 * Counts mean what they say unless the software is known not to count, or the account says 0
 * beside posts that were read (a server that does not keep counts).
 */
export function countsTrusted(
  read: Read,
  software: Pick<ServerSoftware, 'name'> | null | undefined,
): boolean {
  if (!capabilitiesOf(software).countsTrusted) return false;
  return !(read.account.statuses_count === 0 && read.statuses.length > 0);
}

export function completeness(
  read: Read,
  software: Pick<ServerSoftware, 'name'> | null | undefined,
  /** Parts that already failed: their shortfall is the failure, not a count. */
  failed: ReadonlySet<string>,
): Completeness {
  const caps = capabilitiesOf(software);
  const shortfalls: Shortfall[] = [];
  const { account } = read;
  if (countsTrusted(read, software)) {
    // Mastodon leaves DMs out of statuses_count; boosts and replies are in it, and in what is read.
    const counted = read.statuses.filter((s) => s.visibility !== 'direct').length;
    if (!failed.has('statuses') && counted < account.statuses_count)
      shortfalls.push({ part: 'statuses', read: counted, expected: account.statuses_count, reason: 'count' });
    const lists = [
      ['followers', read.followers.length, account.followers_count],
      ['following', read.following.length, account.following_count],
    ] as const;
    for (const [part, n, expected] of lists)
      if (!failed.has(part) && n < expected && !(part === 'followers' && caps.notShown.includes('followers')))
        shortfalls.push({ part, read: n, expected, reason: 'count' });
  }
  if (caps.statusListCap !== null && read.statuses.length >= caps.statusListCap && !failed.has('statuses'))
    shortfalls.push({ part: 'statuses', read: read.statuses.length, expected: null, reason: 'server-limit' });
  return { shortfalls, notChecked: [...caps.notShown] };
}
