// Risk: private mentions are not end-to-end encrypted; the admins of the sender's and each recipient's server can read them.
// Detects: personal info in own private mentions (text, content warning, poll, media descriptions).
// False positives: details sent on purpose to a trusted person; fraud-enabling kinds stay high, the rest are low.
import { t } from '../i18n';
import { kindList } from './lib/labels';
import { findingId, ownPosts, postUrl } from './lib/posts';
import { directSeverity, maxSeverity } from './lib/severity';
import { evidenceOf, kindsOf, statusHits } from './lib/texts';
import { domainOfAccount } from './lib/domains';
import type { Check, Finding } from './types';

export const dmPersonalInfo: Check = {
  id: 'dm-personal-info',
  run({ snapshot, homeDomain }) {
    const findings: Finding[] = [];
    // t() per finding adds up over thousands of messages: look each sentence up once.
    const detail = t('checks_dmPersonalInfo_detail');
    const titles = new Map<string, string>();
    for (const status of ownPosts(snapshot)) {
      if (status.visibility !== 'direct') continue;
      const hits = statusHits(status);
      if (hits.length === 0) continue;
      const kinds = kindsOf(hits);
      const titleKey = kinds.join('+');
      let title = titles.get(titleKey);
      if (title === undefined) {
        title = t('checks_dmPersonalInfo_title', kindList(kinds));
        titles.set(titleKey, title);
      }
      const domains = [
        ...new Set([homeDomain, ...status.mentions.map((m) => domainOfAccount(m, homeDomain))]),
      ];
      findings.push({
        id: findingId('dm-personal-info', status.id, kinds.join('+')),
        check: 'dm-personal-info',
        severity: maxSeverity(kinds.map(directSeverity)),
        title,
        detail,
        statusId: status.id,
        url: postUrl(snapshot, status),
        kinds,
        evidence: evidenceOf(hits),
        domains,
      });
    }
    return findings;
  },
};
