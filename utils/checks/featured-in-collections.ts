// Risk: since Mastodon 4.6 anyone may feature the account in their public collections without asking, tying it to lists and people it never chose.
// Detects: account.feature_approval.automatic includes 'public' (anyone's request to feature the account is approved at once).
// False positives: people who want to be recommended; servers before 4.6 send no feature_approval and are not flagged.
import { t } from '../i18n';
import { findingId } from './lib/posts';
import type { Check } from './types';

export const featuredInCollections: Check = {
  id: 'featured-in-collections',
  since: '4.6.0',
  run({ snapshot }) {
    const approval = snapshot.account.feature_approval;
    if (!approval?.automatic.includes('public')) return [];
    return [
      {
        id: findingId('featured-in-collections', undefined, 'feature_approval'),
        check: 'featured-in-collections',
        severity: 'low',
        title: t('checks_featuredInCollections_title'),
        detail: t('checks_featuredInCollections_detail'),
        url: `${snapshot.server}/settings/privacy`,
        // Mastodon ties being featured to discoverability: turning discovery off ends automatic approval.
        fix: { type: 'update-credentials', update: { discoverable: false } },
      },
    ];
  },
};
