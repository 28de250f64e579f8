// Risk: every follower's server receives and stores the user's followers-only posts, readable by its admins.
// Detects: own followers-only posts while followers sit on servers not trusted, or limited/suspended by the home server.
// False positives: followers who joined after a post did not receive it when posted (they can still load it on the profile).
import { t } from '../i18n';
import { blockFor, countByDomain, isTrusted } from './lib/domains';
import { findingId, ownPosts, postUrl } from './lib/posts';
import type { Check, Finding } from './types';

/**
 * Servers named per finding. The finding repeats per post, so the list is capped (most
 * followers first) to keep stored results small; the title gives the full count and the
 * holders map lists every server.
 */
export const MAX_DOMAINS_LISTED = 20;

export const followersOnlyUntrustedServers: Check = {
  id: 'followers-only-untrusted-servers',
  run({ snapshot, settings, homeDomain }) {
    const posts = ownPosts(snapshot).filter((s) => s.visibility === 'private');
    if (posts.length === 0) return [];
    // Mastodon delivers a followers-only post to the inbox of every follower's server
    // (StatusReachFinder), so the current follower servers are where each post went.
    const blocked: string[] = [];
    const untrusted: string[] = [];
    const counts = countByDomain(snapshot.followers, homeDomain);
    const byFollowers = [...counts.keys()].sort(
      (a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || a.localeCompare(b),
    );
    for (const domain of byFollowers) {
      if (domain === homeDomain) continue;
      if (blockFor(domain, snapshot.domainBlocks)) blocked.push(domain);
      else if (!isTrusted(domain, settings.trustedServers)) untrusted.push(domain);
    }
    if (blocked.length === 0 && untrusted.length === 0) return [];
    const domains = [...blocked, ...untrusted].slice(0, MAX_DOMAINS_LISTED);
    const reviewed = untrusted.slice(0, MAX_DOMAINS_LISTED);
    // One finding per post, so each post can be judged (and dismissed) on its own; the score's
    // diminishing returns keep hundreds of them from outweighing other risks.
    // The same sentences for every post: looked up once, not once per finding.
    const title =
      blocked.length > 0
        ? t('checks_followersOnlyUntrustedServers_titleBlocked', blocked.join(', '))
        : t('checks_followersOnlyUntrustedServers_title', untrusted.length);
    const detail =
      blocked.length > 0
        ? t('checks_followersOnlyUntrustedServers_detailBlocked')
        : t('checks_followersOnlyUntrustedServers_detail');
    return posts.map((status): Finding => ({
      id: findingId('followers-only-untrusted-servers', status.id, 'servers'),
      check: 'followers-only-untrusted-servers',
      severity: blocked.length > 0 ? 'high' : 'medium',
      title,
      detail,
      statusId: status.id,
      url: postUrl(snapshot, status),
      domains,
      fix:
        blocked.length > 0
          ? { type: 'remove-followers', domains: blocked }
          : { type: 'trust-servers', domains: reviewed },
    }));
  },
};
