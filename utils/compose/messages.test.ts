import { afterEach, describe, expect, it } from 'vitest';
import en from '../../public/_locales/en/messages.json';
import de from '../../public/_locales/de/messages.json';
import { setFallbackLocale } from '../i18n';
import { PII_KINDS } from '../pii/types';
import { warningText } from './messages';
import type { ComposeWarning } from './types';

afterEach(() => setFallbackLocale(undefined));

const warnings: ComposeWarning[] = [
  ...PII_KINDS.map((kind): ComposeWarning => ({
    type: 'personal-info',
    visibility: 'public',
    items: [{ kind, masked: ['••42'], count: 1 }],
  })),
  {
    type: 'personal-info',
    visibility: 'unlisted',
    items: [{ kind: 'phone', masked: ['+49 ••• 78', '+49 ••• 12', '+49 ••• 99'], count: 5 }],
  },
  {
    type: 'personal-info',
    visibility: null,
    items: [{ kind: 'email', masked: ['j•••@example.org'], count: 1 }],
  },
  { type: 'followers-only-unlocked' },
  { type: 'untrusted-mentions', visibility: 'direct', servers: ['a.example', 'b.example'] },
  { type: 'untrusted-mentions', visibility: 'private', servers: ['a.example'] },
  { type: 'untrusted-mentions', visibility: 'direct', servers: ['a.example'], pageSaysUnencrypted: true },
  ...(['public', 'unlisted', 'private', 'direct'] as const).flatMap((visibility) =>
    [0, 1, 12].flatMap((serverCount) =>
      ([null, 'public', 'followers', 'nobody'] as const).map((quotePolicy): ComposeWarning => ({
        type: 'audience',
        visibility,
        serverCount,
        quotePolicy,
      })),
    ),
  ),
];

describe('warningText', () => {
  it.each(['en', 'de'])('every warning has real %s text, no raw keys or unfilled placeholders', (lang) => {
    setFallbackLocale(lang);
    for (const warning of warnings) {
      const text = warningText(warning);
      for (const s of [text.title, text.body, ...text.items.flatMap((i) => [i.line, i.tip])]) {
        expect(s).not.toMatch(/compose_|\$\d/);
      }
      expect(text.body.length).toBeGreaterThan(10);
    }
  });

  it('German differs from English (translated, not copied)', () => {
    const english = warnings.map((w) => JSON.stringify(warningText(w)));
    setFallbackLocale('de');
    const german = warnings.map((w) => JSON.stringify(warningText(w)));
    english.forEach((e, i) => expect(german[i]).not.toBe(e));
  });

  it('shows masked values, the hidden count and the month-not-date tip', () => {
    setFallbackLocale('en');
    const phones = warningText(warnings[PII_KINDS.length]!);
    expect(phones.items[0]?.line).toBe('Phone number: +49 ••• 78, +49 ••• 12, +49 ••• 99, 2 more');
    const birth = warningText({
      type: 'personal-info',
      visibility: 'public',
      items: [{ kind: 'birthdate', masked: ['••.••.••87'], count: 1 }],
    });
    expect(birth.items[0]?.tip).toBe('Share the month, not the date.');
  });

  it('names the servers and says DMs are not end-to-end encrypted', () => {
    setFallbackLocale('en');
    const dm = warningText({
      type: 'untrusted-mentions',
      visibility: 'direct',
      servers: ['a.example', 'b.example'],
    });
    expect(dm.title).toContain('a.example, b.example');
    expect(dm.body).toMatch(/not end-to-end encrypted/);
    // Where Mastodon's own notice says it, the panel says only what it adds.
    const quiet = warningText({
      type: 'untrusted-mentions',
      visibility: 'direct',
      servers: ['a.example'],
      pageSaysUnencrypted: true,
    });
    expect(quiet.body).toBe("Each mentioned person's server gets a copy, and its admins can read it.");
  });

  it('says how many servers a public post reaches', () => {
    setFallbackLocale('en');
    expect(
      warningText({ type: 'audience', visibility: 'public', serverCount: 12, quotePolicy: null }).body,
    ).toBe('Visible to everyone; delivered to about 12 servers.');
  });

  it('says who may quote a public post where the server has quotes', () => {
    setFallbackLocale('en');
    const body = (quotePolicy: 'public' | 'followers' | 'nobody') =>
      warningText({ type: 'audience', visibility: 'public', serverCount: 12, quotePolicy }).body;
    expect(body('public')).toBe(
      'Visible to everyone; delivered to about 12 servers. Anyone may quote it, copying it into their own post.',
    );
    expect(body('followers')).toContain('Only your followers may quote it.');
    expect(body('nobody')).toContain('No one else may quote it.');
  });

  it('every compose_ key exists in both languages', () => {
    const keys = (o: object) =>
      Object.keys(o)
        .filter((k) => k.startsWith('compose_'))
        .sort();
    expect(keys(de)).toEqual(keys(en));
  });
});
