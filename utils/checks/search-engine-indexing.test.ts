import { describe, expect, it } from 'vitest';
import { HOME, makeCredentialAccount, makeSnapshot } from '../../test/factories';
import { runCheck } from './lib/test-helpers';
import { searchEngineIndexing } from './search-engine-indexing';

describe('search-engine-indexing', () => {
  const cases = [
    { name: 'not opted out', noindex: false, flagged: true },
    { name: 'opted out', noindex: true, flagged: false },
    { name: 'not reported', noindex: null, flagged: false },
  ];
  it.each(cases)('$name', ({ noindex, flagged }) => {
    const snapshot = makeSnapshot({ account: makeCredentialAccount({ noindex }) });
    const findings = runCheck(searchEngineIndexing, snapshot);
    expect(findings.length).toBe(flagged ? 1 : 0);
    if (flagged) {
      // Read-only in the API: the only fix is the settings page on the home server.
      expect(findings[0]?.fix).toEqual({ type: 'open-settings', url: `${HOME}/settings/preferences/other` });
      expect(findings[0]?.url).toBe(`${HOME}/settings/preferences/other`);
    }
  });
});
