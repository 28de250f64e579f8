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

/** What a server (or a group of servers) holds, by how private it is. `public` counts public and quiet public posts. */
export interface HeldCounts {
  direct: number;
  followersOnly: number;
  public: number;
}

/**
 * How the user and their server regard a server. A limit or suspension by the home server wins
 * over trust: it is what the home server's moderators found.
 */
export type HolderStanding = 'home' | 'trusted' | 'untrusted' | 'limited' | 'suspended';
/** Worst first: the order of marks in the picture and of rows in lists. */
export const STANDINGS: readonly HolderStanding[] = ['suspended', 'limited', 'untrusted', 'trusted', 'home'];

/**
 * The shape of who holds what. Each server is in the most private group it qualifies for: a
 * server holding a DM usually holds the followers-only posts too, and is counted once, there.
 */
export type HolderGroupId = 'home' | 'direct' | 'followersOnly' | 'public';
export const GROUPS: readonly HolderGroupId[] = ['home', 'direct', 'followersOnly', 'public'];

export interface HolderGroup {
  id: HolderGroupId;
  /** Its servers, worst standing first, then by how much each holds. */
  domains: string[];
  /** How many of its servers have each standing. */
  standings: Record<HolderStanding, number>;
  /** Distinct posts held by at least one of its servers. */
  held: HeldCounts;
}

/** The few facts that matter most, worst first. Each lists the servers its fixes apply to. */
export type HolderFact =
  /** Servers not trusted (and not limited by the home server) that hold DMs. */
  | { kind: 'direct-untrusted'; domains: string[]; direct: number }
  /** Servers the home server limits or suspends that hold DMs or followers-only posts. */
  | { kind: 'blocked-holding'; domains: string[]; direct: number; followersOnly: number }
  /** Servers not trusted (and not limited) that hold followers-only posts. */
  | { kind: 'followers-only-untrusted'; domains: string[]; followersOnly: number };

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
  standing: HolderStanding;
  group: HolderGroupId;
  held: HeldCounts;
}

export interface HolderMap {
  homeDomain: string;
  /** What any server (or person) can fetch: the profile and public and unlisted posts. */
  anyone: { profile: true; public: number; unlisted: number };
  /** Home first, then by how much each holds. */
  servers: ServerHolding[];
  /** Every group, in GROUPS order, also when empty. */
  groups: HolderGroup[];
  facts: HolderFact[];
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
      const block = domain === home ? null : (blockFor(domain, snapshot.domainBlocks)?.severity ?? null);
      const trusted = domain === home || isTrusted(domain, settings.trustedServers);
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
        trusted,
        block,
        standing: standingOf(domain === home, trusted, block),
        group: 'public',
        held: { direct: 0, followersOnly: 0, public: 0 },
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
  // Posts each remote server receives because they mention someone there, follower or not.
  const byMention = new Map<string, Set<Status>>();
  for (const s of posts) {
    for (const d of mentionDomains(s, home)) {
      const e = entry(d);
      e.posts.mentioning += 1;
      if (d === home) continue;
      const set = byMention.get(d) ?? new Set<Status>();
      set.add(s);
      byMention.set(d, set);
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

  for (const e of entries.values()) {
    e.held = heldOf(e.posts);
    e.group = e.isHome
      ? 'home'
      : e.held.direct > 0
        ? 'direct'
        : e.held.followersOnly > 0
          ? 'followersOnly'
          : 'public';
  }

  const servers = [...entries.values()].sort(
    (a, b) =>
      Number(b.isHome) - Number(a.isHome) ||
      b.total - a.total ||
      b.posts.direct - a.posts.direct ||
      b.followers - a.followers ||
      a.domain.localeCompare(b.domain),
  );
  const remote = servers.filter((s) => !s.isHome);

  /** Distinct posts held by at least one of `holders`: a post is counted once however many hold it. */
  const heldByAny = (holders: readonly ServerHolding[]): HeldCounts => {
    if (holders.some((h) => h.isHome)) return heldOf(homeEntry.posts);
    const viaFollowers = holders.some((h) => h.followers > 0);
    const held = new Set<Status>();
    for (const h of holders) for (const s of byMention.get(h.domain) ?? []) held.add(s);
    const counts = emptyPosts();
    for (const s of posts)
      if (held.has(s) || (viaFollowers && s.visibility !== 'direct')) addVisibility(counts, s.visibility);
    return heldOf(counts);
  };

  const groups: HolderGroup[] = GROUPS.map((id) => {
    const members = servers
      .filter((s) => s.group === id)
      .sort((a, b) => STANDINGS.indexOf(a.standing) - STANDINGS.indexOf(b.standing));
    const standings = Object.fromEntries(STANDINGS.map((k) => [k, 0])) as Record<HolderStanding, number>;
    for (const m of members) standings[m.standing] += 1;
    return { id, domains: members.map((m) => m.domain), standings, held: heldByAny(members) };
  });

  const facts: HolderFact[] = [];
  const untrustedDm = remote.filter((s) => s.standing === 'untrusted' && s.held.direct > 0);
  if (untrustedDm.length > 0)
    facts.push({
      kind: 'direct-untrusted',
      domains: untrustedDm.map((s) => s.domain),
      direct: heldByAny(untrustedDm).direct,
    });
  const blocked = remote.filter(
    (s) =>
      (s.standing === 'limited' || s.standing === 'suspended') && s.held.direct + s.held.followersOnly > 0,
  );
  if (blocked.length > 0) {
    const held = heldByAny(blocked);
    facts.push({
      kind: 'blocked-holding',
      domains: blocked.map((s) => s.domain),
      direct: held.direct,
      followersOnly: held.followersOnly,
    });
  }
  const untrustedFo = remote.filter((s) => s.standing === 'untrusted' && s.held.followersOnly > 0);
  if (untrustedFo.length > 0)
    facts.push({
      kind: 'followers-only-untrusted',
      domains: untrustedFo.map((s) => s.domain),
      followersOnly: heldByAny(untrustedFo).followersOnly,
    });

  return {
    homeDomain: home,
    anyone: { profile: true, public: delivered.public, unlisted: delivered.unlisted },
    servers,
    groups,
    facts,
    totals: {
      posts: posts.length,
      servers: servers.length,
      untrustedServers: remote.filter((s) => !s.trusted).length,
      blockedServers: remote.filter((s) => s.block !== null).length,
    },
    incomplete: [...snapshot.incomplete],
  };
}

function standingOf(isHome: boolean, trusted: boolean, block: ServerHolding['block']): HolderStanding {
  if (isHome) return 'home';
  if (block === 'suspend') return 'suspended';
  if (block === 'silence') return 'limited';
  return trusted ? 'trusted' : 'untrusted';
}

function heldOf(posts: HeldPosts): HeldCounts {
  return { direct: posts.direct, followersOnly: posts.followersOnly, public: posts.public + posts.unlisted };
}

function mentionDomains(status: Status, home: string): Set<string> {
  return new Set(status.mentions.map((m) => domainOfAccount(m, home)));
}
