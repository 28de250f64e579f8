import { describe, expect, it } from 'vitest';
import { makeCredentialAccount, makeSnapshot } from '../../test/factories';
import { featuredInCollections } from './featured-in-collections';
import { runCheck } from './lib/test-helpers';

describe('featured-in-collections', () => {
  const cases = [
    { name: 'anyone, automatically', automatic: ['public'], manual: [], flagged: true },
    {
      name: 'followers automatically, others after review',
      automatic: ['followers'],
      manual: ['public'],
      flagged: false,
    },
    { name: 'only after review', automatic: [], manual: ['public'], flagged: false },
    { name: 'nobody', automatic: [], manual: [], flagged: false },
    { name: 'server before 4.6', automatic: null, manual: [], flagged: false },
  ];
  it.each(cases)('$name', ({ automatic, manual, flagged }) => {
    const account = makeCredentialAccount(
      automatic ? { feature_approval: { automatic, manual, current_user: 'automatic' } } : {},
    );
    const findings = runCheck(featuredInCollections, makeSnapshot({ account }));
    expect(findings.length).toBe(flagged ? 1 : 0);
    if (flagged)
      expect(findings[0]?.fix).toEqual({ type: 'update-credentials', update: { discoverable: false } });
  });
});
