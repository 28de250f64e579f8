import { describe, expect, it } from 'vitest';
import { makeRemoteAccount, makeSnapshot, makeStatus } from '../../test/factories';
import type { Status } from '../mastodon/schemas';
import { runCheck } from './lib/test-helpers';
import { publicPostPersonalInfo } from './public-post-personal-info';

const PHONE = '+49 151 23456789';
const IBAN = 'DE62 4306 0967 1149 2784 00';
const EMAIL = 'jane.doe@posteo.de';

const media = (description: string) => ({
  id: 'm1',
  type: 'image' as const,
  url: 'https://home.example/m1.png',
  preview_url: 'https://home.example/m1s.png',
  description,
});
const poll = (titles: string[]) => ({
  id: 'p1',
  expires_at: null,
  expired: false,
  multiple: false,
  votes_count: 0,
  voters_count: 0,
  options: titles.map((title) => ({ title, votes_count: 0 })),
  emojis: [],
});

describe('public-post-personal-info', () => {
  const cases: {
    name: string;
    status: Partial<Status>;
    kinds: string[] | null;
    severity?: string;
    where?: string;
  }[] = [
    {
      name: 'public post with a phone number',
      status: { content: `<p>Call me on ${PHONE} tonight</p>` },
      kinds: ['phone'],
      severity: 'medium',
      where: 'content',
    },
    {
      name: 'unlisted post with an IBAN in the content warning',
      status: { visibility: 'unlisted', spoiler_text: `Pay rent to ${IBAN}` },
      kinds: ['bank-account'],
      severity: 'high',
      where: 'spoiler',
    },
    {
      name: 'email in a poll option',
      status: { poll: poll([`write to ${EMAIL}`, 'no thanks']) },
      kinds: ['email'],
      severity: 'medium',
      where: 'poll',
    },
    {
      name: 'phone in a media description',
      status: { media_attachments: [media(`A sign saying call ${PHONE}`)] },
      kinds: ['phone'],
      where: 'media',
    },
    {
      name: 'two kinds in one post give one finding',
      status: { content: `<p>Mail ${EMAIL} or IBAN ${IBAN}</p>` },
      kinds: ['bank-account', 'email'],
      severity: 'high',
    },
    {
      name: 'followers-only post is not public',
      status: { visibility: 'private', content: `<p>Call me on ${PHONE}</p>` },
      kinds: null,
    },
    {
      name: 'private mention is not public',
      status: { visibility: 'direct', content: `<p>Call me on ${PHONE}</p>` },
      kinds: null,
    },
    {
      name: 'a fediverse handle is not an email',
      status: { content: '<p>Say hi to @alice@mastodon.social</p>' },
      kinds: null,
    },
    { name: 'nothing personal', status: { content: '<p>Lovely weather for a walk.</p>' }, kinds: null },
  ];

  it.each(cases)('$name', ({ status, kinds, severity, where }) => {
    const post = makeStatus(status);
    const findings = runCheck(publicPostPersonalInfo, makeSnapshot({ statuses: [post] }));
    if (kinds === null) return expect(findings).toEqual([]);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(f.statusId).toBe(post.id);
    expect(f.id).toBe(`public-post-personal-info:${post.id}:${kinds.join('+')}`);
    expect(f.kinds).toEqual(kinds);
    expect(f.url).toBe(post.url);
    expect(f.fix).toEqual({ type: 'rescope', statusIds: [post.id] });
    if (severity) expect(f.severity).toBe(severity);
    if (where) expect(f.evidence?.map((e) => e.where)).toContain(where);
    // Evidence is masked: the full raw value never lands in a finding.
    const stored = JSON.stringify(f);
    for (const raw of [PHONE, IBAN, EMAIL]) expect(stored).not.toContain(raw);
  });

  it("skips boosts: someone else's post is not the user's content", () => {
    const other = makeStatus({
      account: makeRemoteAccount('bob', 'far.example'),
      content: `<p>Call ${PHONE}</p>`,
    });
    const boost = makeStatus({ reblog: other, content: '' });
    expect(runCheck(publicPostPersonalInfo, makeSnapshot({ statuses: [boost] }))).toEqual([]);
  });
});
