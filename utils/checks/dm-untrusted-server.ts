// Risk: a private mention is stored in plain text on every recipient's server, whose admins can read it.
// Detects: own private mentions addressed to accounts on servers not in the trusted list (a bare `user` acct is local).
// False positives: servers the user does trust but has not added to the list yet; adding them clears the finding.
import { t } from '../i18n';
import { blockFor, domainOfAccount, isTrusted } from './lib/domains';
import { findingId, ownPosts, postUrl } from './lib/posts';
import type { Check, Finding } from './types';

export const dmUntrustedServer: Check = {
  id: 'dm-untrusted-server',
  run({ snapshot, settings, homeDomain }) {
    const findings: Finding[] = [];
    for (const status of ownPosts(snapshot)) {
      if (status.visibility !== 'direct') continue;
      const domains = [
        ...new Set(
          status.mentions
            .map((m) => domainOfAccount(m, homeDomain))
            .filter((d) => !isTrusted(d, settings.trustedServers)),
        ),
      ].sort();
      if (domains.length === 0) continue;
      // A server the home server itself limits or suspends is a worse place for a private message.
      const blocked = domains.some((d) => blockFor(d, snapshot.domainBlocks));
      findings.push({
        id: findingId('dm-untrusted-server', status.id, 'servers'),
        check: 'dm-untrusted-server',
        severity: blocked ? 'high' : 'medium',
        title: t('checks_dmUntrustedServer_title', domains.join(', ')),
        detail: t('checks_dmUntrustedServer_detail'),
        statusId: status.id,
        url: postUrl(snapshot, status),
        domains,
        fix: { type: 'trust-servers', domains },
      });
    }
    return findings;
  },
};
