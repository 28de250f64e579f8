/**
 * Who holds your data: for every server, what it holds of the user and how much.
 *
 * Mastodon has no end-to-end encryption. The home server stores everything (posts of every
 * visibility, DMs, e-mail address, sign-in IP addresses). A followers-only post is delivered to
 * the inbox of every follower's server and of every mentioned account's server; a DM to the
 * servers of its recipients; public and unlisted posts to follower servers and, on request, to
 * any server at all (https://docs.joinmastodon.org/spec/activitypub/, Mastodon's
 * StatusReachFinder). Derived from the snapshot only.
 */
import { blockFor, countByDomain, domainOfAccount, homeDomainOf, isTrusted } from '../checks/lib/domains';
import { ownPosts } from '../checks/lib/posts';
import type { CheckSettings } from '../checks/types';
import type { Status, Visibility } from '../mastodon/schemas';
import type { AccountSnapshot, SnapshotPart } from '../snapshot/types';

export interface HeldPosts {
  public: number;
  unlisted: number;
  followersOnly: number;
  direct: number;
  /** Posts (any visibility) that mention accounts on this server. */
  mentioning: number;
}

export interface ServerHolding {
  domain: string;
  isHome: boolean;
  /** Only the home server: every post, DM and setting, the e-mail address and sign-in IP addresses. */
  holdsEverything: boolean;
  /** Every server can hold the public profile; listed for completeness of the picture. */
  profile: true;
  posts: HeldPosts;
  /** Distinct own posts this server holds: the size in the picture and the sort key. */
  total: number;
  followers: number;
  following: number;
  /** Distinct accounts there the user mentioned or sent DMs to. */
  mentionedAccounts: number;
  trusted: boolean;
  /** How the home server treats it, from its published domain blocks. */
  block: 'silence' | 'suspend' | null;
}

export interface HolderMap {
  homeDomain: string;
  /** What any server (or person) can fetch: the profile and public and unlisted posts. */
  anyone: { profile: true; public: number; unlisted: number };
  /** Home first, then by how much each holds. */
  servers: ServerHolding[];
  totals: { posts: number; servers: number; untrustedServers: number; blockedServers: number };
  /** Parts of the snapshot that were not read completely: the counts may be low. */
  incomplete: SnapshotPart[];
}

const emptyPosts = (): HeldPosts => ({ public: 0, unlisted: 0, followersOnly: 0, direct: 0, mentioning: 0 });

function addVisibility(posts: HeldPosts, visibility: Visibility, n = 1): void {
  if (visibility === 'public') posts.public += n;
  else if (visibility === 'unlisted') posts.unlisted += n;
  else if (visibility === 'private') posts.followersOnly += n;
  else posts.direct += n;
}

export function computeHolders(snapshot: AccountSnapshot, settings: CheckSettings): HolderMap {
  const home = homeDomainOf(snapshot);
  const posts = ownPosts(snapshot);
  const followers = countByDomain(snapshot.followers, home);
  const following = countByDomain(snapshot.following, home);

  // Posts delivered to every follower server: everything but DMs.
  const delivered = emptyPosts();
  for (const s of posts) if (s.visibility !== 'direct') addVisibility(delivered, s.visibility);
  const deliveredTotal = delivered.public + delivered.unlisted + delivered.followersOnly;

  const entries = new Map<string, ServerHolding>();
  const entry = (domain: string): ServerHolding => {
    let e = entries.get(domain);
    if (!e) {
      const hasFollowers = domain !== home && (followers.get(domain) ?? 0) > 0;
      e = {
        domain,
        isHome: domain === home,
        holdsEverything: domain === home,
        profile: true,
        posts: hasFollowers ? { ...delivered } : emptyPosts(),
        total: hasFollowers ? deliveredTotal : 0,
        followers: followers.get(domain) ?? 0,
        following: following.get(domain) ?? 0,
        mentionedAccounts: 0,
        trusted: domain === home || isTrusted(domain, settings.trustedServers),
        block: domain === home ? null : (blockFor(domain, snapshot.domainBlocks)?.severity ?? null),
      };
      entries.set(domain, e);
    }
    return e;
  };

  const homeEntry = entry(home);
  for (const s of posts) {
    addVisibility(homeEntry.posts, s.visibility);
    homeEntry.total += 1;
  }
  for (const d of followers.keys()) entry(d);
  for (const d of following.keys()) entry(d);

  const mentioned = new Map<string, Set<string>>();
  for (const s of posts) {
    for (const d of mentionDomains(s, home)) {
      const e = entry(d);
      e.posts.mentioning += 1;
      if (d === home) continue;
      // Follower servers already hold every non-direct post; others receive it through the mention.
      if (e.followers === 0 || s.visibility === 'direct') {
        addVisibility(e.posts, s.visibility);
        e.total += 1;
      }
    }
    for (const m of s.mentions) {
      const d = domainOfAccount(m, home);
      const set = mentioned.get(d) ?? new Set<string>();
      set.add(m.acct.toLowerCase());
      mentioned.set(d, set);
    }
  }
  for (const [d, set] of mentioned) entry(d).mentionedAccounts = set.size;

  const servers = [...entries.values()].sort(
    (a, b) =>
      Number(b.isHome) - Number(a.isHome) ||
      b.total - a.total ||
      b.posts.direct - a.posts.direct ||
      b.followers - a.followers ||
      a.domain.localeCompare(b.domain),
  );
  const remote = servers.filter((s) => !s.isHome);
  return {
    homeDomain: home,
    anyone: { profile: true, public: delivered.public, unlisted: delivered.unlisted },
    servers,
    totals: {
      posts: posts.length,
      servers: servers.length,
      untrustedServers: remote.filter((s) => !s.trusted).length,
      blockedServers: remote.filter((s) => s.block !== null).length,
    },
    incomplete: [...snapshot.incomplete],
  };
}

function mentionDomains(status: Status, home: string): Set<string> {
  return new Set(status.mentions.map((m) => domainOfAccount(m, home)));
}
