import { describe, expect, it } from 'vitest';
import { makeCredentialAccount, makeSnapshot } from '../../test/factories';
import { indexable } from './indexable';
import { runCheck } from './lib/test-helpers';

describe('indexable', () => {
  const cases = [
    { name: 'on', top: true, source: true, flagged: true },
    { name: 'off', top: false, source: false, flagged: false },
    { name: 'only source says on (4.2)', top: null, source: true, flagged: true },
    { name: 'not reported (before 4.2)', top: null, source: null, flagged: false },
  ];
  it.each(cases)('$name', ({ top, source, flagged }) => {
    const snapshot = makeSnapshot({
      account: makeCredentialAccount({ indexable: top }, { indexable: source }),
    });
    const findings = runCheck(indexable, snapshot);
    expect(findings.length).toBe(flagged ? 1 : 0);
    if (flagged)
      expect(findings[0]?.fix).toEqual({ type: 'update-credentials', update: { indexable: false } });
  });
});
