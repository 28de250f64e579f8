import { describe, expect, it } from 'vitest';
import { makeCredentialAccount, makeSnapshot, makeStatus } from '../../test/factories';
import { accountNotLocked } from './account-not-locked';
import { runCheck } from './lib/test-helpers';

describe('account-not-locked', () => {
  const cases = [
    { name: 'locked account', account: { locked: true }, statuses: [], expected: null },
    {
      name: 'open account, no followers-only posts',
      account: { locked: false },
      statuses: ['public'],
      expected: 'low',
    },
    {
      name: 'open account with followers-only posts',
      account: { locked: false },
      statuses: ['private'],
      expected: 'medium',
    },
  ] as const;
  it.each(cases)('$name', ({ account, statuses, expected }) => {
    const snapshot = makeSnapshot({
      account: makeCredentialAccount(account),
      statuses: statuses.map((visibility) => makeStatus({ visibility })),
    });
    const findings = runCheck(accountNotLocked, snapshot);
    if (expected === null) return expect(findings).toEqual([]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      id: 'account-not-locked::locked',
      severity: expected,
      fix: { type: 'update-credentials', update: { locked: true } },
    });
  });
});
