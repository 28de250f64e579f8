import { describe, expect, it } from 'vitest';
import { makeCredentialAccount, makeSnapshot } from '../../test/factories';
import { defaultVisibilityPublic } from './default-visibility-public';
import { runCheck } from './lib/test-helpers';

describe('default-visibility-public', () => {
  const cases = [
    { privacy: 'public', flagged: true },
    { privacy: 'unlisted', flagged: false },
    { privacy: 'private', flagged: false },
  ];
  it.each(cases)('default $privacy → flagged: $flagged', ({ privacy, flagged }) => {
    const snapshot = makeSnapshot({ account: makeCredentialAccount({}, { privacy }) });
    const findings = runCheck(defaultVisibilityPublic, snapshot);
    expect(findings.length).toBe(flagged ? 1 : 0);
    if (flagged)
      expect(findings[0]?.fix).toEqual({
        type: 'update-credentials',
        update: { source: { privacy: 'private' } },
      });
  });
});
