// Risk: every new post is public unless the user remembers to change it, and visibility cannot be edited later.
// Detects: source.privacy === 'public' (the default post visibility).
// False positives: accounts meant to be public (projects, organisations) can accept the risk.
import { t } from '../i18n';
import { findingId } from './lib/posts';
import type { Check } from './types';

export const defaultVisibilityPublic: Check = {
  id: 'default-visibility-public',
  run({ snapshot }) {
    if (snapshot.account.source.privacy !== 'public') return [];
    return [
      {
        id: findingId('default-visibility-public', undefined, 'privacy'),
        check: 'default-visibility-public',
        severity: 'medium',
        title: t('checks_defaultVisibilityPublic_title'),
        detail: t('checks_defaultVisibilityPublic_detail'),
        url: `${snapshot.server}/settings/preferences/other`,
        fix: { type: 'update-credentials', update: { source: { privacy: 'private' } } },
      },
    ];
  },
};
