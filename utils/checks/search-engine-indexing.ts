// Risk: search engines may list the profile and public posts, so a search for the user's name finds them.
// Detects: account.noindex === false (read-only in the API, so the fix opens the settings page).
// False positives: servers that do not report noindex (null) are not flagged; some people want to be found.
import { t } from '../i18n';
import { findingId } from './lib/posts';
import type { Check } from './types';

export const searchEngineIndexing: Check = {
  id: 'search-engine-indexing',
  run({ snapshot }) {
    if (snapshot.account.noindex !== false) return [];
    const url = `${snapshot.server}/settings/preferences/other`;
    return [
      {
        id: findingId('search-engine-indexing', undefined, 'noindex'),
        check: 'search-engine-indexing',
        severity: 'low',
        title: t('checks_searchEngineIndexing_title'),
        detail: t('checks_searchEngineIndexing_detail'),
        url,
        fix: { type: 'open-settings', url },
      },
    ];
  },
};
