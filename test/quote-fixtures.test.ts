/**
 * The 4.5/4.6 checks read fields in the shape Mastodon's own documentation examples have
 * (../shared/mastodon-fixtures): quote_approval on a Status, feature_approval on an Account.
 * Skipped with a notice when the folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { featuredInCollections } from '../utils/checks/featured-in-collections';
import { runCheck } from '../utils/checks/lib/test-helpers';
import { quotablePersonalInfo } from '../utils/checks/quotable-personal-info';
import { AccountSchema, ApprovalPolicySchema, StatusSchema } from '../utils/mastodon/schemas';
import { makeCredentialAccount, makeSnapshot } from './factories';

const FIXTURES = path.resolve(__dirname, '../../shared/mastodon-fixtures');
const present = existsSync(path.join(FIXTURES, 'index.json'));
if (!present) console.warn(`[quote-fixtures.test] ${FIXTURES} not found: skipping the fixture checks.`);
const read = (file: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8'));

describe.skipIf(!present)('4.5/4.6 fields in Mastodon’s documented shapes', () => {
  it('reads QuoteApproval and FeatureApproval', () => {
    expect(ApprovalPolicySchema.parse(read('entities/QuoteApproval.json')).automatic).toEqual(['public']);
    expect(ApprovalPolicySchema.parse(read('entities/FeatureApproval.json')).automatic).toEqual(['public']);
  });

  const status = () => read('entities/Status.json') as Record<string, unknown>;
  const own = (raw: Record<string, unknown>) => {
    const parsed = StatusSchema.parse({ ...raw, content: '<p>Call me on +49 151 23456789</p>' });
    return makeSnapshot({ account: makeCredentialAccount({ id: parsed.account.id }), statuses: [parsed] });
  };
  const cases = [
    { name: 'the documented Status (nobody may quote automatically)', approval: undefined, flagged: false },
    {
      name: 'with the documented QuoteApproval (anyone may quote)',
      approval: 'entities/QuoteApproval.json',
      flagged: true,
    },
  ];
  it.each(cases)('quotable-personal-info on $name', ({ approval, flagged }) => {
    const raw = approval ? { ...status(), quote_approval: read(approval) } : status();
    expect(runCheck(quotablePersonalInfo, own(raw))).toHaveLength(flagged ? 1 : 0);
  });

  it('featured-in-collections on the documented Account (automatic for anyone)', () => {
    const account = AccountSchema.parse(read('entities/Account.json'));
    const snapshot = makeSnapshot({ account: makeCredentialAccount(account) });
    expect(runCheck(featuredInCollections, snapshot).map((f) => f.check)).toEqual([
      'featured-in-collections',
    ]);
  });
});
