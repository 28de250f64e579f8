import { describe, expect, it } from 'vitest';
import { makeSnapshot, makeStatus } from '../../test/factories';
import { runCheck } from './lib/test-helpers';
import { quotablePersonalInfo } from './quotable-personal-info';

const PHONE = '<p>Call me on +49 151 23456789 tonight</p>';
const CARD = '<p>Pay rent to DE62 4306 0967 1149 2784 00</p>';
const anyone = { automatic: ['public'], manual: [], current_user: 'automatic' };
const followers = { automatic: ['followers'], manual: [], current_user: 'automatic' };
const nobody = { automatic: [], manual: [], current_user: 'automatic' };

describe('quotable-personal-info', () => {
  const cases = [
    {
      name: 'public, phone, anyone may quote',
      visibility: 'public',
      content: PHONE,
      quote: anyone,
      severity: 'medium',
    },
    {
      name: 'public, IBAN, anyone may quote',
      visibility: 'public',
      content: CARD,
      quote: anyone,
      severity: 'high',
    },
    {
      name: 'quiet public, anyone may quote',
      visibility: 'unlisted',
      content: PHONE,
      quote: anyone,
      severity: 'medium',
    },
    { name: 'followers may quote', visibility: 'public', content: PHONE, quote: followers, severity: null },
    { name: 'nobody may quote', visibility: 'public', content: PHONE, quote: nobody, severity: null },
    {
      name: 'no personal info',
      visibility: 'public',
      content: '<p>Nice weather</p>',
      quote: anyone,
      severity: null,
    },
    { name: 'followers-only post', visibility: 'private', content: PHONE, quote: anyone, severity: null },
    {
      name: 'server before 4.5 (no quote_approval)',
      visibility: 'public',
      content: PHONE,
      quote: undefined,
      severity: null,
    },
  ] as const;
  it.each(cases)('$name', ({ visibility, content, quote, severity }) => {
    const status = makeStatus({
      id: '100',
      visibility,
      content,
      quote_approval: quote ? { ...quote, automatic: [...quote.automatic], manual: [] } : undefined,
    });
    const findings = runCheck(quotablePersonalInfo, makeSnapshot({ statuses: [status] }));
    expect(findings.map((f) => f.severity)).toEqual(severity ? [severity] : []);
    if (severity) {
      expect(findings[0]?.fix).toEqual({ type: 'quote-policy', statusIds: ['100'], policy: 'nobody' });
      expect(findings[0]?.title).toBe('1 public post with personal info can be quoted by anyone');
    }
  });

  it('sums up many posts in one finding with a plural title', () => {
    const statuses = ['1', '2', '3'].map((id) =>
      makeStatus({ id, content: PHONE, quote_approval: { ...anyone, automatic: ['public'], manual: [] } }),
    );
    const [finding] = runCheck(quotablePersonalInfo, makeSnapshot({ statuses }));
    expect(finding?.statusIds).toEqual(['1', '2', '3']);
    expect(finding?.title).toBe('3 public posts with personal info can be quoted by anyone');
  });
});
