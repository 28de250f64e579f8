// Risk: the home server's moderators limit or suspend these servers (spam, harassment, no moderation), yet accounts there follow the user.
// Detects: followers whose server matches the home server's published domain blocks, one finding per server.
// False positives: none known for the match; servers that do not publish their blocks cannot be checked at all.
import { t, tn } from '../i18n';
import { blockFor, countByDomain } from './lib/domains';
import { findingId } from './lib/posts';
import type { Check, Finding } from './types';

export const followersOnBlockedServers: Check = {
  id: 'followers-on-blocked-servers',
  run({ snapshot, homeDomain }) {
    if (!snapshot.domainBlocks) return [];
    const findings: Finding[] = [];
    const counts = countByDomain(snapshot.followers, homeDomain);
    for (const [domain, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
      const block = blockFor(domain, snapshot.domainBlocks);
      if (!block) continue;
      const suspended = block.severity === 'suspend';
      findings.push({
        id: findingId('followers-on-blocked-servers', undefined, domain),
        check: 'followers-on-blocked-servers',
        // Suspension cuts deliveries but a follow surviving it means data already went there.
        severity: suspended ? 'high' : 'medium',
        title: suspended
          ? tn('checks_followersOnBlockedServers_titleSuspended', count, domain)
          : tn('checks_followersOnBlockedServers_titleLimited', count, domain),
        detail: t('checks_followersOnBlockedServers_detail'),
        url: `${snapshot.server}/@${snapshot.account.username}/followers`,
        domains: [domain],
        fix: { type: 'remove-followers', domains: [domain] },
      });
    }
    return findings;
  },
};
