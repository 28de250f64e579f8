// Risk: every follower's server receives and stores the user's followers-only posts, readable by its admins.
// Detects: own followers-only posts while followers sit on servers not trusted, or limited/suspended by the home server.
// False positives: followers who joined after a post did not receive it when posted (they can still load it on the profile).
import { t, tn } from '../i18n';
import { blockFor, countByDomain, isTrusted } from './lib/domains';
import { findingId, ownPosts } from './lib/posts';
import type { Check } from './types';

/**
 * Servers named in the finding, capped (most followers first) to keep it readable; the title
 * gives the full count and the holders map lists every server.
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
    // One summary finding for all followers-only posts: each went to the same follower servers,
    // and per-post copies of it drowned the report.
    const title =
      blocked.length > 0
        ? tn('checks_followersOnlyUntrustedServers_titleBlocked', posts.length, blocked.join(', '))
        : tn(
            'checks_followersOnlyUntrustedServers_title',
            posts.length,
            tn('checks_untrustedServers', untrusted.length),
          );
    const detail =
      blocked.length > 0
        ? t('checks_followersOnlyUntrustedServers_detailBlocked')
        : t('checks_followersOnlyUntrustedServers_detail');
    return [
      {
        id: findingId('followers-only-untrusted-servers', undefined, 'servers'),
        check: 'followers-only-untrusted-servers',
        severity: blocked.length > 0 ? 'high' : 'medium',
        title,
        detail,
        statusIds: posts.map((status) => status.id),
        domains,
        fix:
          blocked.length > 0
            ? { type: 'remove-followers', domains: blocked }
            : { type: 'trust-servers', domains: reviewed },
      },
    ];
  },
};
