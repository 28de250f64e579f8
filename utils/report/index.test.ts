import { describe, expect, it } from 'vitest';
import {
  makeCredentialAccount,
  makeRemoteAccount,
  makeSnapshot,
  makeStatus,
  makeStatusEdit,
} from '../../test/factories';
import { checkContext, runCheckup } from '../checks/index';
import { NOW } from '../checks/lib/test-helpers';
import { computeHolders } from '../holders/index';
import { mdEscape, reportData, reportHoldersSvg, reportJson, reportMarkdown } from './index';

const PHONE = '+49 151 23456789';
const OLD_PHONE = '+49 152 11223344';
const IBAN = 'DE62 4306 0967 1149 2784 00';

function fixture() {
  const edited = makeStatus({
    content: '<p>Selling my bike, send me a DM</p>',
    edited_at: '2024-05-02T00:00:00.000Z',
  });
  const snapshot = makeSnapshot({
    instance: { domain: 'home.example', title: 'Home', version: '4.3.0' },
    account: makeCredentialAccount({}, { fields: [{ name: 'Phone', value: PHONE, verified_at: null }] }),
    statuses: [
      makeStatus({ content: `<p>Rent to ${IBAN} please</p>` }),
      edited,
      makeStatus({ visibility: 'private' }),
    ],
    histories: {
      [edited.id]: [
        makeStatusEdit({ content: `<p>Selling my bike, text me at ${OLD_PHONE}</p>` }),
        makeStatusEdit({ content: '<p>Selling my bike, send me a DM</p>' }),
      ],
    },
    followers: [makeRemoteAccount('ann', 'far.example')],
  });
  const context = checkContext(snapshot, undefined, NOW);
  const result = runCheckup(context);
  const holders = computeHolders(snapshot, context.settings);
  return { snapshot, result, holders };
}

describe('report export', () => {
  it('masks personal values by default, in JSON and Markdown', () => {
    const { snapshot, result, holders } = fixture();
    const json = reportJson(result, holders, snapshot);
    const md = reportMarkdown(result, holders, snapshot);
    for (const out of [json, md]) {
      for (const raw of [PHONE, OLD_PHONE, IBAN]) expect(out).not.toContain(raw);
      expect(out).not.toMatch(/token/i);
    }
    const data = JSON.parse(json);
    expect(data).toMatchObject({
      format: 'fediprint-report',
      masked: true,
      account: { acct: 'owner@home.example' },
    });
    expect(data.findings.length).toBe(result.findings.length);
    expect(
      data.findings
        .flatMap((f: { evidence?: { value?: string }[] }) => f.evidence ?? [])
        .some((e: { value?: string }) => 'value' in e),
    ).toBe(false);
    expect(md).toContain('## Who holds your data');
    expect(md).toContain('| far.example |');
  });

  it('includes the raw values, re-derived from the snapshot, only when asked', () => {
    const { snapshot, result, holders } = fixture();
    const data = reportData(result, holders, snapshot, { unmasked: true });
    expect(data.masked).toBe(false);
    const values = data.findings.flatMap((f) => f.evidence ?? []).map((e) => e.value);
    expect(values).toContain(PHONE);
    expect(values).toContain(IBAN);
    expect(values).toContain(OLD_PHONE);
    // The findings themselves stay masked.
    expect(JSON.stringify(result.findings)).not.toContain(PHONE);
    const md = reportMarkdown(result, holders, snapshot, { unmasked: true });
    expect(md).toContain(IBAN);
    expect(md).toContain('unmasked');
  });

  it('lists dismissed findings apart', () => {
    const { snapshot, result, holders } = fixture();
    const first = result.findings[0]!;
    const md = reportMarkdown(result, holders, snapshot, { dismissed: new Set([first.id]) });
    expect(md).toContain('### Dismissed or accepted (1)');
    expect(
      reportData(result, holders, snapshot, { dismissed: new Set([first.id]) }).findings[0]!.dismissed,
    ).toBe(true);
  });

  it('puts the holders groups and counts in the JSON, and the picture beside the Markdown', () => {
    const { snapshot, result, holders } = fixture();
    const data = JSON.parse(reportJson(result, holders, snapshot));
    expect(data.holders.groups.map((g: { id: string; domains: string[] }) => [g.id, g.domains])).toEqual([
      ['home', ['home.example']],
      ['direct', []],
      ['followersOnly', ['far.example']],
      ['public', []],
    ]);
    expect(data.holders.groups[2]).toMatchObject({
      standings: { untrusted: 1, trusted: 0 },
      held: { direct: 0, followersOnly: 1, public: 2 },
    });
    expect(data.holders.facts).toEqual([
      { kind: 'followers-only-untrusted', domains: ['far.example'], followersOnly: 1 },
    ]);

    const md = reportMarkdown(result, holders, snapshot, { holdersImage: 'report 1-holders.svg' });
    expect(md).toContain('](report%201-holders.svg)');
    expect(md).toContain(
      '- **Your followers-only posts \\(1\\) reach 1 servers you have not trusted.** Fix: ',
    );
    expect(md).toContain(
      '- **Servers holding your followers-only posts**: Servers: 1; not trusted: 1; Followers-only posts: 1; Public posts: 2',
    );
    expect(md).toContain(
      '| far.example | not trusted | Servers holding your followers-only posts | 0 | 1 | 2 | 1 |',
    );
    expect(reportMarkdown(result, holders, snapshot)).not.toContain('![');

    const svg = reportHoldersSvg(holders);
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')).toBe(true);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('far.example');
  });

  it('escapes hostile text so it cannot inject links or HTML', () => {
    expect(mdEscape('[click](https://evil) <img src=x>\n# x')).toBe(
      '\\[click\\]\\(https://evil\\) \\<img src=x\\> \\# x',
    );
  });
});
