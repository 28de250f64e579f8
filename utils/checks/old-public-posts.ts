// Risk: old public posts stay readable, searchable and archived long after the user has forgotten them.
// Detects: own public and quiet-public posts older than the retention age the user chose (settings.retentionDays).
// False positives: posts kept on purpose (a pinned introduction); accept the risk per post.
import { t } from '../i18n';
import { findingId, isPublicish, ownPosts, postUrl } from './lib/posts';
import type { Check, Finding } from './types';

const DAY = 24 * 60 * 60 * 1000;

export const oldPublicPosts: Check = {
  id: 'old-public-posts',
  run({ snapshot, settings, now }) {
    if (settings.retentionDays === null) return [];
    const cutoff = now.getTime() - settings.retentionDays * DAY;
    const findings: Finding[] = [];
    // The same sentences for every post: looked up once, not once per finding.
    const title = t('checks_oldPublicPosts_title', settings.retentionDays);
    const detail = t('checks_oldPublicPosts_detail');
    for (const status of ownPosts(snapshot)) {
      if (!isPublicish(status)) continue;
      const created = Date.parse(status.created_at);
      if (!(created < cutoff)) continue;
      findings.push({
        id: findingId('old-public-posts', status.id, 'age'),
        check: 'old-public-posts',
        severity: 'low',
        title,
        detail,
        statusId: status.id,
        url: postUrl(snapshot, status),
        fix: { type: 'rescope', statusIds: [status.id] },
      });
    }
    return findings;
  },
};
