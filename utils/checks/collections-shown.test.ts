import { describe, expect, it } from 'vitest';
import { makeCredentialAccount, makeSnapshot } from '../../test/factories';
import { collectionsShown } from './collections-shown';
import { runCheck } from './lib/test-helpers';

describe('collections-shown', () => {
  const cases = [
    { name: 'shown', top: false, source: false, flagged: true },
    { name: 'hidden', top: true, source: true, flagged: false },
    { name: 'only source says shown', top: null, source: false, flagged: true },
    { name: 'not reported', top: null, source: null, flagged: false },
  ];
  it.each(cases)('$name', ({ top, source, flagged }) => {
    const snapshot = makeSnapshot({
      account: makeCredentialAccount({ hide_collections: top }, { hide_collections: source }),
    });
    const findings = runCheck(collectionsShown, snapshot);
    expect(findings.length).toBe(flagged ? 1 : 0);
    if (flagged)
      expect(findings[0]?.fix).toEqual({ type: 'update-credentials', update: { hide_collections: true } });
  });
});
