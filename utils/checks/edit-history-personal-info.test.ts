import { describe, expect, it } from 'vitest';
import { makeSnapshot, makeStatus, makeStatusEdit } from '../../test/factories';
import type { Visibility } from '../mastodon/schemas';
import { editHistoryPersonalInfo } from './edit-history-personal-info';
import { runCheck } from './lib/test-helpers';

const PHONE = '+49 151 23456789';
const EMAIL = 'jane.doe@posteo.de';

describe('edit-history-personal-info', () => {
  const cases: {
    name: string;
    visibility?: Visibility;
    versions: string[];
    kinds: string[] | null;
  }[] = [
    {
      name: 'phone removed by an edit stays in the public history',
      versions: [`<p>Call me on ${PHONE}</p>`, '<p>Call me (number removed)</p>'],
      kinds: ['phone'],
    },
    {
      name: 'email in the middle version only',
      versions: ['<p>Hi</p>', `<p>Hi, mail ${EMAIL}</p>`, '<p>Hi again</p>'],
      kinds: ['email'],
    },
    {
      name: 'value still in the current text is not "removed"',
      versions: [`<p>Call me on ${PHONE}</p>`, `<p>Call me on ${PHONE} after 6pm</p>`],
      kinds: null,
    },
    { name: 'never edited (one version)', versions: [`<p>Call me on ${PHONE}</p>`], kinds: null },
    {
      name: 'followers-only post history is not public',
      visibility: 'private',
      versions: [`<p>Call me on ${PHONE}</p>`, '<p>Call me</p>'],
      kinds: null,
    },
    { name: 'edits without personal info', versions: ['<p>teh</p>', '<p>the</p>'], kinds: null },
  ];

  it.each(cases)('$name', ({ visibility, versions, kinds }) => {
    const current = versions[versions.length - 1]!;
    const post = makeStatus({
      visibility: visibility ?? 'public',
      content: current,
      edited_at: versions.length > 1 ? '2024-05-02T12:00:00.000Z' : null,
    });
    const history = versions.map((content) => makeStatusEdit({ content }));
    const findings = runCheck(
      editHistoryPersonalInfo,
      makeSnapshot({ statuses: [post], histories: { [post.id]: history } }),
    );
    if (kinds === null) return expect(findings).toEqual([]);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f).toMatchObject({ statusId: post.id, kinds, fix: { type: 'rescope', statusIds: [post.id] } });
    expect(f.evidence?.every((e) => e.where === 'history')).toBe(true);
    expect(JSON.stringify(f)).not.toContain(PHONE);
    expect(JSON.stringify(f)).not.toContain(EMAIL);
  });
});
