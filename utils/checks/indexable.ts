// Risk: anyone on Mastodon can find the user's public posts, old ones included, by full-text search.
// Detects: account.indexable (or source.indexable) === true (Mastodon 4.2+; docs mislabel it as search engines).
// False positives: people who want their posts found by topic can accept the risk.
import { t } from '../i18n';
import { findingId } from './lib/posts';
import type { Check } from './types';

export const indexable: Check = {
  id: 'indexable',
  run({ snapshot }) {
    const a = snapshot.account;
    if ((a.indexable ?? a.source.indexable) !== true) return [];
    return [
      {
        id: findingId('indexable', undefined, 'indexable'),
        check: 'indexable',
        severity: 'low',
        title: t('checks_indexable_title'),
        detail: t('checks_indexable_detail'),
        url: `${snapshot.server}/settings/privacy`,
        fix: { type: 'update-credentials', update: { indexable: false } },
      },
    ];
  },
};
