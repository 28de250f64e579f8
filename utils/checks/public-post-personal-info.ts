// Risk: anyone can read a public or quiet-public post, servers keep copies, and its visibility cannot be changed.
// Detects: personal info in the text, content warning, poll options and media descriptions of own public/unlisted posts (boosts skipped).
// False positives: details the user shares on purpose (a business phone, a city); detector misses are possible too.
import { t } from '../i18n';
import { kindList } from './lib/labels';
import { findingId, isPublicish, ownPosts, postUrl } from './lib/posts';
import { maxSeverity, publicSeverity } from './lib/severity';
import { evidenceOf, kindsOf, statusHits } from './lib/texts';
import type { Check, Finding } from './types';

export const publicPostPersonalInfo: Check = {
  id: 'public-post-personal-info',
  run({ snapshot }) {
    const findings: Finding[] = [];
    // t() per finding adds up over tens of thousands of posts: look each sentence up once.
    const detail = t('checks_publicPostPersonalInfo_detail');
    const titles = new Map<string, string>();
    for (const status of ownPosts(snapshot)) {
      if (!isPublicish(status)) continue;
      const hits = statusHits(status);
      if (hits.length === 0) continue;
      const kinds = kindsOf(hits);
      const titleKey = `${status.visibility}|${kinds.join('+')}`;
      let title = titles.get(titleKey);
      if (title === undefined) {
        title =
          status.visibility === 'public'
            ? t('checks_publicPostPersonalInfo_title', kindList(kinds))
            : t('checks_publicPostPersonalInfo_titleUnlisted', kindList(kinds));
        titles.set(titleKey, title);
      }
      findings.push({
        id: findingId('public-post-personal-info', status.id, kinds.join('+')),
        check: 'public-post-personal-info',
        severity: maxSeverity(kinds.map(publicSeverity)),
        title,
        detail,
        statusId: status.id,
        url: postUrl(snapshot, status),
        kinds,
        evidence: evidenceOf(hits),
        fix: { type: 'rescope', statusIds: [status.id] },
      });
    }
    return findings;
  },
};
