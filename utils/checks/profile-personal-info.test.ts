import { describe, expect, it } from 'vitest';
import { HOME, makeCredentialAccount, makeSnapshot } from '../../test/factories';
import type { CredentialAccount } from '../mastodon/schemas';
import { runCheck } from './lib/test-helpers';
import { profilePersonalInfo } from './profile-personal-info';

const PHONE = '+49 151 23456789';
const EMAIL = 'jane.doe@posteo.de';

describe('profile-personal-info', () => {
  const cases: {
    name: string;
    account?: Partial<CredentialAccount>;
    source?: Partial<CredentialAccount['source']>;
    expected: [string, string][];
  }[] = [
    { name: 'clean profile', source: { note: 'I like trains.' }, expected: [] },
    { name: 'phone in the bio', source: { note: `Reach me at ${PHONE}` }, expected: [['phone', 'note']] },
    {
      name: 'email in the display name',
      account: { display_name: `Jane ${EMAIL}` },
      expected: [['email', 'display_name']],
    },
    {
      name: 'profile fields, one finding per kind',
      source: {
        fields: [
          { name: 'Phone', value: PHONE, verified_at: null },
          { name: 'Mail', value: EMAIL, verified_at: null },
          { name: 'Web', value: 'https://jane.example', verified_at: null },
        ],
      },
      expected: [
        ['email', 'field'],
        ['phone', 'field'],
      ],
    },
    {
      name: 'a handle in the bio is not an email',
      source: { note: 'Also @jane@fosstodon.org' },
      expected: [],
    },
  ];
  it.each(cases)('$name', ({ account, source, expected }) => {
    const snapshot = makeSnapshot({ account: makeCredentialAccount(account ?? {}, source ?? {}) });
    const findings = runCheck(profilePersonalInfo, snapshot);
    expect(findings.map((f) => [f.kinds?.[0], f.evidence?.[0]?.where])).toEqual(expected);
    for (const f of findings) {
      expect(f.id).toBe(`profile-personal-info::${f.kinds?.[0]}`);
      expect(f.fix).toEqual({ type: 'open-settings', url: `${HOME}/settings/profile` });
      expect(JSON.stringify(f)).not.toContain(PHONE);
      expect(JSON.stringify(f)).not.toContain(EMAIL);
    }
  });
});
