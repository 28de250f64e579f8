import { describe, expect, it } from 'vitest';
import { makeCredentialAccount, makeSnapshot } from '../../test/factories';
import { defaultQuotePolicyPublic } from './default-quote-policy-public';
import { runCheck } from './lib/test-helpers';

describe('default-quote-policy-public', () => {
  const cases = [
    { name: 'public quotes, public posts', quote: 'public', privacy: 'public', severity: 'medium' },
    { name: 'public quotes, quiet public posts', quote: 'public', privacy: 'unlisted', severity: 'medium' },
    { name: 'public quotes, followers-only posts', quote: 'public', privacy: 'private', severity: 'low' },
    { name: 'followers may quote', quote: 'followers', privacy: 'public', severity: null },
    { name: 'nobody may quote', quote: 'nobody', privacy: 'public', severity: null },
    { name: 'server before 4.5 (no policy)', quote: undefined, privacy: 'public', severity: null },
  ];
  it.each(cases)('$name', ({ quote, privacy, severity }) => {
    const snapshot = makeSnapshot({
      account: makeCredentialAccount({}, { privacy, quote_policy: quote }),
    });
    const findings = runCheck(defaultQuotePolicyPublic, snapshot);
    expect(findings.map((f) => f.severity)).toEqual(severity ? [severity] : []);
    if (severity)
      expect(findings[0]?.fix).toEqual({
        type: 'update-credentials',
        update: { source: { quote_policy: 'followers' } },
      });
  });
});
