// Risk: the profile is featured in the directory and follow suggestions, leading strangers to it.
// Detects: account.discoverable (or source.discoverable) === true.
// False positives: people who want to be found by new readers can accept the risk.
import { t } from '../i18n';
import { findingId } from './lib/posts';
import type { Check } from './types';

export const discoverable: Check = {
  id: 'discoverable',
  run({ snapshot }) {
    const a = snapshot.account;
    if ((a.discoverable ?? a.source.discoverable) !== true) return [];
    return [
      {
        id: findingId('discoverable', undefined, 'discoverable'),
        check: 'discoverable',
        severity: 'low',
        title: t('checks_discoverable_title'),
        detail: t('checks_discoverable_detail'),
        url: `${snapshot.server}/settings/privacy`,
        fix: { type: 'update-credentials', update: { discoverable: false } },
      },
    ];
  },
};
