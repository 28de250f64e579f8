import { describe, expect, it } from 'vitest';
import { makeCredentialAccount, makeSnapshot, makeStatus } from '../../test/factories';
import type { MediaAttachment } from '../mastodon/schemas';
import { runCheck } from './lib/test-helpers';
import { profileMediaTab } from './profile-media-tab';

const image: MediaAttachment = {
  id: 'm1',
  type: 'image',
  url: 'https://example.social/m1.jpg',
  preview_url: null,
  description: null,
};

describe('profile-media-tab', () => {
  const cases = [
    {
      name: 'media tab with replies, a public reply with a picture',
      media: true,
      replies: true,
      visibility: 'public',
      reply: true,
      flagged: true,
    },
    {
      name: 'quiet public reply',
      media: true,
      replies: true,
      visibility: 'unlisted',
      reply: true,
      flagged: true,
    },
    {
      name: 'replies left out of the media tab',
      media: true,
      replies: false,
      visibility: 'public',
      reply: true,
      flagged: false,
    },
    { name: 'no media tab', media: false, replies: true, visibility: 'public', reply: true, flagged: false },
    {
      name: 'only top-level posts have pictures',
      media: true,
      replies: true,
      visibility: 'public',
      reply: false,
      flagged: false,
    },
    {
      name: 'followers-only reply',
      media: true,
      replies: true,
      visibility: 'private',
      reply: true,
      flagged: false,
    },
    {
      name: 'server before 4.6',
      media: null,
      replies: null,
      visibility: 'public',
      reply: true,
      flagged: false,
    },
  ] as const;
  it.each(cases)('$name', ({ media, replies, visibility, reply, flagged }) => {
    const account = makeCredentialAccount({ show_media: media, show_media_replies: replies });
    const status = makeStatus({
      id: '7',
      visibility,
      media_attachments: [image],
      in_reply_to_id: reply ? '3' : null,
    });
    const findings = runCheck(profileMediaTab, makeSnapshot({ account, statuses: [status] }));
    expect(findings.length).toBe(flagged ? 1 : 0);
    if (flagged) {
      expect(findings[0]?.statusIds).toEqual(['7']);
      expect(findings[0]?.fix).toEqual({ type: 'update-profile', patch: { show_media_replies: false } });
      expect(findings[0]?.url).toBe('https://home.example/settings/profile');
    }
  });
});
