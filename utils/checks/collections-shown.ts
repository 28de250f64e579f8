// Risk: the lists of followers and follows reveal friends, family, workplace and interests.
// Detects: hide_collections (top level or source) explicitly false.
// False positives: servers before 4.1 do not report the setting (null) and are not flagged.
import { t } from '../i18n';
import { findingId } from './lib/posts';
import type { Check } from './types';

export const collectionsShown: Check = {
  id: 'collections-shown',
  run({ snapshot }) {
    const a = snapshot.account;
    if ((a.hide_collections ?? a.source.hide_collections) !== false) return [];
    return [
      {
        id: findingId('collections-shown', undefined, 'hide_collections'),
        check: 'collections-shown',
        severity: 'low',
        title: t('checks_collectionsShown_title'),
        detail: t('checks_collectionsShown_detail'),
        url: `${snapshot.server}/settings/privacy`,
        fix: { type: 'update-credentials', update: { hide_collections: true } },
      },
    ];
  },
};
