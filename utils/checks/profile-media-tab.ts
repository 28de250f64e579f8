// Risk: since Mastodon 4.6 the profile can gather every picture and video the account posted, replies included, in one tab that is easy to scan for faces, homes and places.
// Detects: show_media and show_media_replies both on while the account has public or quiet-public posts with media.
// False positives: artists and photographers whose media is the point; servers before 4.6 send no profile options and are not flagged.
import { t, tn } from '../i18n';
import { findingId, isPublicish, ownPosts } from './lib/posts';
import type { Check } from './types';

export const profileMediaTab: Check = {
  id: 'profile-media-tab',
  since: '4.6.0',
  run({ snapshot }) {
    const a = snapshot.account;
    if (a.show_media !== true || a.show_media_replies !== true) return [];
    const withMedia = ownPosts(snapshot).filter((s) => isPublicish(s) && s.media_attachments.length > 0);
    // Only replies are new exposure here: top-level posts with media are on the profile anyway.
    const replies = withMedia.filter((s) => s.in_reply_to_id);
    if (replies.length === 0) return [];
    return [
      {
        id: findingId('profile-media-tab', undefined, 'show_media_replies'),
        check: 'profile-media-tab',
        severity: 'low',
        title: tn('checks_profileMediaTab_title', replies.length),
        detail: t('checks_profileMediaTab_detail'),
        statusIds: replies.map((s) => s.id),
        url: `${snapshot.server}/settings/profile`,
        // Only the replies are left out: the tab itself stays, as does the media of top-level posts.
        // The option exists only on 4.6+, where PATCH /api/v1/profile writes it (`since` above).
        fix: { type: 'update-profile', patch: { show_media_replies: false } },
      },
    ];
  },
};
