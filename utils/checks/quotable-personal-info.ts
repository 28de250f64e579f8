// Risk: a public post with personal info that anyone may quote can be re-broadcast with commentary to audiences the author never chose.
// Detects: own public and quiet-public posts with personal info whose quote_approval lets anyone quote automatically (4.5+).
// False positives: posts meant to be shared; posts made before 4.5 report no public quote approval and are not flagged.
import { t, tn } from '../i18n';
import { findingId, isPublicish, ownPosts } from './lib/posts';
import { maxSeverity, publicSeverity } from './lib/severity';
import { kindsOf, statusHits } from './lib/texts';
import type { Check, Severity } from './types';

export const quotablePersonalInfo: Check = {
  id: 'quotable-personal-info',
  since: '4.5.0',
  run({ snapshot }) {
    const ids: string[] = [];
    const severities: Severity[] = [];
    const kinds = new Set<string>();
    for (const status of ownPosts(snapshot)) {
      if (!isPublicish(status) || !status.quote_approval?.automatic.includes('public')) continue;
      const hits = statusHits(status);
      if (hits.length === 0) continue;
      ids.push(status.id);
      for (const kind of kindsOf(hits)) {
        kinds.add(kind);
        severities.push(publicSeverity(kind));
      }
    }
    if (ids.length === 0) return [];
    // The posts themselves are reported by public-post-personal-info; this is the amplification
    // on top (a quote carries the value to the quoter's followers), as severe as the worst kind,
    // and its fix (who may quote) loses nothing.
    const worst = maxSeverity(severities);
    return [
      {
        id: findingId('quotable-personal-info', undefined, 'quotes'),
        check: 'quotable-personal-info',
        severity: worst,
        title: tn('checks_quotablePersonalInfo_title', ids.length),
        detail: t('checks_quotablePersonalInfo_detail'),
        statusIds: ids,
        kinds: [...kinds].sort() as never,
        fix: { type: 'quote-policy', statusIds: ids, policy: 'nobody' },
      },
    ];
  },
};
