// Risk: since Mastodon 4.5 anyone may quote, and so amplify, every new public post unless the default quote policy says otherwise.
// Detects: source.quote_policy 'public' (Mastodon's default when unset) while new posts default to public or quiet public.
// False positives: accounts that want to be quoted widely (projects, public figures) can keep it.
import { t } from '../i18n';
import { findingId } from './lib/posts';
import type { Check } from './types';

export const defaultQuotePolicyPublic: Check = {
  id: 'default-quote-policy-public',
  since: '4.5.0',
  run({ snapshot }) {
    const { source } = snapshot.account;
    // Servers before 4.5 send no quote_policy; a 4.5+ server sends it, 'public' unless set.
    if (source.quote_policy !== 'public') return [];
    // Followers-only posts are never quotable by others (Mastodon forces `nobody` on them).
    const publicDefault = source.privacy === 'public' || source.privacy === 'unlisted';
    return [
      {
        id: findingId('default-quote-policy-public', undefined, 'quote_policy'),
        check: 'default-quote-policy-public',
        severity: publicDefault ? 'medium' : 'low',
        title: t('checks_defaultQuotePolicyPublic_title'),
        detail: t('checks_defaultQuotePolicyPublic_detail'),
        url: `${snapshot.server}/settings/preferences/other`,
        fix: { type: 'update-credentials', update: { source: { quote_policy: 'followers' } } },
      },
    ];
  },
};
