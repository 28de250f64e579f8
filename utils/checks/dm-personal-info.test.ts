import { describe, expect, it } from 'vitest';
import { makeSnapshot, makeStatus } from '../../test/factories';
import type { Visibility } from '../mastodon/schemas';
import { dmPersonalInfo } from './dm-personal-info';
import { runCheck } from './lib/test-helpers';

const CARD = '4539 1488 0343 6467';
const PHONE = '+49 151 23456789';

describe('dm-personal-info', () => {
  const cases: { name: string; visibility: Visibility; content: string; severity: string | null }[] = [
    {
      name: 'card number in a private mention',
      visibility: 'direct',
      content: `<p>my card is ${CARD} exp 12/27</p>`,
      severity: 'high',
    },
    {
      name: 'phone number in a private mention',
      visibility: 'direct',
      content: `<p>call me on ${PHONE}</p>`,
      severity: 'low',
    },
    {
      name: 'private mention without personal info',
      visibility: 'direct',
      content: '<p>see you at the concert</p>',
      severity: null,
    },
    {
      name: 'public post is another check',
      visibility: 'public',
      content: `<p>call me on ${PHONE}</p>`,
      severity: null,
    },
  ];
  it.each(cases)('$name', ({ visibility, content, severity }) => {
    const post = makeStatus({
      visibility,
      content,
      mentions: [{ id: '9', username: 'eve', acct: 'eve@far.example', url: 'https://far.example/@eve' }],
    });
    const findings = runCheck(dmPersonalInfo, makeSnapshot({ statuses: [post] }));
    if (severity === null) return expect(findings).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      statusId: post.id,
      severity,
      domains: ['home.example', 'far.example'],
    });
    expect(JSON.stringify(findings[0])).not.toContain(CARD);
  });
});
