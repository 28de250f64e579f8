// Risk: Mastodon keeps every earlier version of an edited post in a history anyone can read for public posts.
// Detects: personal info in earlier versions of own public/unlisted posts that the current version no longer contains.
// False positives: info reworded rather than removed (the value changed shape) may be reported as removed.
import { t } from '../i18n';
import { kindList } from './lib/labels';
import { findingId, isPublicish, ownPosts, postUrl } from './lib/posts';
import { maxSeverity, publicSeverity } from './lib/severity';
import { evidenceOf, kindsOf, postTexts, scanTexts, statusHits, valueKey, type PiiHit } from './lib/texts';
import type { Check, Finding } from './types';

const compact = (text: string) => text.toLowerCase().replace(/[\s\-./()]+/g, '');

export const editHistoryPersonalInfo: Check = {
  id: 'edit-history-personal-info',
  run({ snapshot }) {
    const findings: Finding[] = [];
    for (const status of ownPosts(snapshot)) {
      if (!isPublicish(status)) continue;
      const history = snapshot.histories[status.id];
      // The history's last entry is the current version; one entry means never edited.
      if (!history || history.length < 2) continue;
      const currentParts = postTexts(status);
      const currentKeys = new Set(statusHits(status).map((h) => valueKey(h.kind, h.value)));
      // Also compare against the raw current text: a value still present but no longer
      // recognised (context words edited away) has not been removed.
      const currentText = compact(currentParts.map((p) => p.text).join('\n'));
      const removed: PiiHit[] = [];
      for (const version of history.slice(0, -1)) {
        for (const hit of scanTexts(postTexts(version), status.language)) {
          if (currentKeys.has(valueKey(hit.kind, hit.value))) continue;
          const c = compact(hit.value);
          if (c.length > 0 && currentText.includes(c)) continue;
          removed.push(hit);
        }
      }
      if (removed.length === 0) continue;
      const kinds = kindsOf(removed);
      findings.push({
        id: findingId('edit-history-personal-info', status.id, kinds.join('+')),
        check: 'edit-history-personal-info',
        severity: maxSeverity(kinds.map(publicSeverity)),
        title: t('checks_editHistoryPersonalInfo_title', kindList(kinds)),
        detail: t('checks_editHistoryPersonalInfo_detail'),
        statusId: status.id,
        url: postUrl(snapshot, status),
        kinds,
        evidence: evidenceOf(removed, 'history'),
        // Deleting and re-drafting is the only way to drop the edit history.
        fix: { type: 'rescope', statusIds: [status.id] },
      });
    }
    return findings;
  },
};
