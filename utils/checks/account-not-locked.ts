// Risk: with "require follow requests" off, anyone can follow at once and then reads every followers-only post.
// Detects: account.locked === false.
// False positives: public figures who post nothing followers-only and want open follows can accept the risk.
import { t } from '../i18n';
import { findingId } from './lib/posts';
import type { Check } from './types';

export const accountNotLocked: Check = {
  id: 'account-not-locked',
  run({ snapshot }) {
    if (snapshot.account.locked) return [];
    const hasPrivatePosts = snapshot.statuses.some((s) => !s.reblog && s.visibility === 'private');
    return [
      {
        id: findingId('account-not-locked', undefined, 'locked'),
        check: 'account-not-locked',
        // Followers-only posts make open follows a real leak; without them it is a weaker habit.
        severity: hasPrivatePosts ? 'medium' : 'low',
        title: t('checks_accountNotLocked_title'),
        detail: t('checks_accountNotLocked_detail'),
        url: `${snapshot.server}/settings/profile`,
        fix: { type: 'update-credentials', update: { locked: true } },
      },
    ];
  },
};
