// Risk: old public posts stay readable, searchable and archived long after the user has forgotten them.
// Detects: own public and quiet-public posts older than the retention age the user chose (settings.retentionDays).
// False positives: posts kept on purpose (a pinned introduction); accept the risk per post.
import { t, tn } from '../i18n';
import { findingId, isPublicish, ownPosts } from './lib/posts';
import type { Check } from './types';

const DAY = 24 * 60 * 60 * 1000;

export const oldPublicPosts: Check = {
  id: 'old-public-posts',
  run({ snapshot, settings, now }) {
    if (settings.retentionDays === null) return [];
    const cutoff = now.getTime() - settings.retentionDays * DAY;
    // One summary finding: hundreds of identical per-post findings drown the report (and the
    // stored result); the re-scope planner lists the posts.
    const old = ownPosts(snapshot)
      .filter((status) => isPublicish(status) && Date.parse(status.created_at) < cutoff)
      .map((status) => status.id);
    if (old.length === 0) return [];
    return [
      {
        id: findingId('old-public-posts', undefined, 'age'),
        check: 'old-public-posts',
        severity: 'low',
        title: tn('checks_oldPublicPosts_title', old.length, settings.retentionDays),
        detail: t('checks_oldPublicPosts_detail'),
        statusIds: old,
        fix: { type: 'rescope', statusIds: old },
      },
    ];
  },
};
