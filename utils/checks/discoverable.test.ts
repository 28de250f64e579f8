import { describe, expect, it } from 'vitest';
import { makeCredentialAccount, makeSnapshot } from '../../test/factories';
import { discoverable } from './discoverable';
import { runCheck } from './lib/test-helpers';

describe('discoverable', () => {
  const cases = [
    { name: 'on', top: true, source: true, flagged: true },
    { name: 'off', top: false, source: false, flagged: false },
    { name: 'unknown at top level, on in source', top: null, source: true, flagged: true },
    { name: 'unknown everywhere', top: null, source: null, flagged: false },
  ];
  it.each(cases)('$name', ({ top, source, flagged }) => {
    const snapshot = makeSnapshot({
      account: makeCredentialAccount({ discoverable: top }, { discoverable: source }),
    });
    const findings = runCheck(discoverable, snapshot);
    expect(findings.length).toBe(flagged ? 1 : 0);
    if (flagged)
      expect(findings[0]?.fix).toEqual({ type: 'update-credentials', update: { discoverable: false } });
  });
});
