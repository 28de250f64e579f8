/**
 * The one i18n layer: every locale has every key (plural keys in the forms its language uses),
 * placeholders match, no UI string is hard-coded in components or entrypoints, plural rules
 * follow Intl.PluralRules, and every finding title reads right in every locale for every kind.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeCredentialAccount, makeSnapshot, makeStatus, makeStatusEdit } from './factories';
import { formatMessage, setFallbackLocale, t, tn } from '../utils/i18n';
import { kindLabel } from '../utils/checks/lib/labels';
import { runCheck } from '../utils/checks/lib/test-helpers';
import { dmPersonalInfo } from '../utils/checks/dm-personal-info';
import { editHistoryPersonalInfo } from '../utils/checks/edit-history-personal-info';
import { profilePersonalInfo } from '../utils/checks/profile-personal-info';
import { publicPostPersonalInfo } from '../utils/checks/public-post-personal-info';
import { PII_KINDS } from '../utils/pii/types';

const ROOT = path.resolve(__dirname, '..');
type Catalog = Record<string, { message: string }>;
const load = (lang: string) =>
  JSON.parse(readFileSync(path.join(ROOT, `public/_locales/${lang}/messages.json`), 'utf8')) as Catalog;

/** The detector's five languages; the UI speaks each of them. */
const LOCALES = ['en', 'de', 'fr', 'es', 'ja'] as const;
const catalogs = Object.fromEntries(LOCALES.map((l) => [l, load(l)])) as Record<string, Catalog>;
const en = catalogs.en!;

const pluralBase = (key: string) => {
  const m = /^(.*)_(zero|one|two|few|many|other)$/.exec(key);
  return m && `${m[1]}_other` in en ? m[1]! : null;
};
const pluralBases = [
  ...new Set(
    Object.keys(en)
      .map(pluralBase)
      .filter((b): b is string => b !== null),
  ),
];

/**
 * The forms a language needs. `many` is left to `_other`: in French and Spanish it only marks
 * round millions ("1 000 000 de …"), where the `_other` sentence is still understood.
 */
function formsOf(lang: string): string[] {
  return new Intl.PluralRules(lang).resolvedOptions().pluralCategories.filter((c) => c !== 'many');
}

function requiredKeys(lang: string): string[] {
  const plain = Object.keys(en).filter((k) => pluralBase(k) === null);
  return [...plain, ...pluralBases.flatMap((b) => formsOf(lang).map((form) => `${b}_${form}`))];
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sources(full);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

afterEach(() => setFallbackLocale('en'));

describe('locales', () => {
  it.each(LOCALES.filter((l) => l !== 'en'))('%s has every key English has', (lang) => {
    const catalog = catalogs[lang]!;
    const missing = requiredKeys(lang)
      .filter((k) => !(k in catalog))
      .sort();
    // Listed by name so whoever translates sees exactly what to add.
    expect(missing, `${lang} is missing ${missing.length} keys:\n${missing.join('\n')}`).toEqual([]);
  });

  it.each(LOCALES)('%s has no keys English lacks', (lang) => {
    const extra = Object.keys(catalogs[lang]!).filter((k) => !(k in en) && !(pluralBase(k) ?? '' in en));
    const stale = extra.filter((k) => {
      const m = /^(.*)_(zero|one|two|few|many|other)$/.exec(k);
      return !(m && pluralBases.includes(m[1]!));
    });
    expect(stale, `${lang} has keys English no longer has:\n${stale.join('\n')}`).toEqual([]);
  });

  it('English has both forms of every plural key', () => {
    for (const base of pluralBases) expect(`${base}_one` in en, base).toBe(true);
  });

  it.each(LOCALES)('%s: valid key names, the placeholders English uses, no empty messages', (lang) => {
    const placeholders = (s: string) => [...new Set([...s.matchAll(/\$([1-9])/g)].map((m) => m[1]))].sort();
    const problems: string[] = [];
    for (const [key, entry] of Object.entries(catalogs[lang]!)) {
      if (!/^[A-Za-z0-9_]+$/.test(key)) problems.push(`${key}: invalid name`);
      if (!entry.message.trim() && key !== 'checks_listSeparator') problems.push(`${key}: empty`);
      const base = pluralBase(key);
      const source = en[key] ?? (base ? en[`${base}_other`] : undefined);
      if (!source) continue;
      // A plural form may leave the count out ("one post"), never add a placeholder.
      const want = placeholders(source.message).filter((p) => !(base && p === '1'));
      const got = placeholders(entry.message).filter((p) => !(base && p === '1'));
      if (JSON.stringify(want) !== JSON.stringify(got))
        problems.push(`${key}: has $${got.join(',$')}, wants $${want.join(',$')}`);
    }
    expect(problems).toEqual([]);
  });

  it.each(LOCALES)('%s names itself in i18n_locale', (lang) => {
    expect(catalogs[lang]!.i18n_locale?.message).toBe(lang);
  });
});

describe('the code', () => {
  it('defines every key it asks for with a literal', () => {
    const missing: string[] = [];
    for (const file of ['utils', 'components', 'entrypoints'].flatMap((d) => sources(path.join(ROOT, d)))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)) {
        if (!(m[1]! in en)) missing.push(`${path.relative(ROOT, file)}: ${m[1]}`);
      }
      for (const m of text.matchAll(/\btn\(\s*'([A-Za-z0-9_]+)'/g)) {
        if (!pluralBases.includes(m[1]!)) missing.push(`${path.relative(ROOT, file)}: plural ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('hard-codes no UI string in components or entrypoints', () => {
    const found: string[] = [];
    for (const file of ['components', 'entrypoints'].flatMap((d) => sources(path.join(ROOT, d)))) {
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, '');
      const where = path.relative(ROOT, file);
      if (file.endsWith('.tsx')) {
        // Text between JSX tags. Type annotations and expressions (parentheses, colons,
        // operators) are code, not text.
        for (const m of code.matchAll(/>([^<>{}]*\p{L}{2,}[^<>{}]*)</gu)) {
          if (/[():;=&|?]/.test(m[1]!)) continue;
          found.push(`${where}: text "${m[1]!.trim()}"`);
        }
      }
      for (const m of code.matchAll(
        /\b(aria-label|title|placeholder|alt|label)=["']([^"']*\p{L}{2,}[^"']*)["']/gu,
      )) {
        const value = m[2]!;
        // Message keys handed to a component, and example host names, are not prose.
        if (/^[a-z]+_[A-Za-z0-9_]+$/.test(value) || /^[a-z0-9.-]+\.[a-z]{2,}$/.test(value)) continue;
        found.push(`${where}: ${m[1]}="${value}"`);
      }
      for (const m of code.matchAll(
        /\.(textContent|innerText|title|placeholder)\s*=\s*['"`]([^'"`]*\p{L}{2,}[^'"`]*)['"`]/gu,
      )) {
        found.push(`${where}: .${m[1]} = "${m[2]}"`);
      }
    }
    expect(found).toEqual([]);
  });
});

describe('t and tn', () => {
  it('formats substitutions as browser.i18n does', () => {
    expect(formatMessage('$1 of $2, $$5', ['3', '7'])).toBe('3 of 7, $5');
    expect(t('progress_count', 3, 7)).toBe('3 of 7');
    setFallbackLocale('de');
    expect(t('progress_count', 3, 7)).toBe('3 von 7');
  });

  const cases = [
    { lang: 'en', count: 1, want: '1 public post is older than 365 days' },
    { lang: 'en', count: 0, want: '0 public posts are older than 365 days' },
    { lang: 'en', count: 1200, want: '1,200 public posts are older than 365 days' },
    { lang: 'de', count: 1, want: '1 öffentlicher Beitrag ist älter als 365 Tage' },
    { lang: 'de', count: 3, want: '3 öffentliche Beiträge sind älter als 365 Tage' },
    // French counts 0 and 1 as singular.
    { lang: 'fr', count: 0, form: 'one' },
    { lang: 'fr', count: 1, form: 'one' },
    { lang: 'fr', count: 2, form: 'other' },
    { lang: 'es', count: 1, form: 'one' },
    { lang: 'es', count: 5, form: 'other' },
    // Japanese has one form for every count.
    { lang: 'ja', count: 1, form: 'other' },
    { lang: 'ja', count: 7, form: 'other' },
  ];
  it('says "1 follower", not "1 followers"', () => {
    expect(tn('checks_followersOnBlockedServers_titleLimited', 1, 'spam.example')).toBe(
      '1 follower on spam.example, a server your server limits',
    );
    expect(tn('checks_followersOnBlockedServers_titleLimited', 2, 'spam.example')).toBe(
      '2 followers on spam.example, a server your server limits',
    );
  });

  it.each(cases)('$lang, $count', ({ lang, count, want, form }) => {
    setFallbackLocale(lang);
    const text = tn('checks_oldPublicPosts_title', count, 365);
    if (want) expect(text).toBe(want);
    if (form) {
      const entry = catalogs[lang]![`checks_oldPublicPosts_title_${form}`]!;
      const shown = new Intl.NumberFormat(lang).format(count);
      expect(text).toBe(formatMessage(entry.message, [shown, '365']));
    }
  });
});

describe('finding titles in every locale', () => {
  // One text per kind the detector finds, each in a public post, a profile field, a DM and an
  // edit history; the title names the kind in the locale's words, with nothing left over.
  const SAMPLES: Record<(typeof PII_KINDS)[number], string> = {
    email: 'New email since I left Google: sam.okafor@posteo.net, the old one bounces now.',
    phone: 'Call me on +49 151 23456789',
    'street-address': 'I live at 221B Baker Street, London NW1 6XE',
    birthdate: 'I was born on 14 March 1990',
    'gov-id': 'HR asked me to post my SSN 536-22-1478 in the team chat',
    'payment-card': 'I pasted my card number in the wrong window: 4272 3724 6257 7772.',
    'bank-account': 'Pay rent to DE62 4306 0967 1149 2784 00',
    'ip-address': 'Home server is up again at 81.169.145.92 if you want to test federation',
    coordinates: 'We are at 52.520008, 13.404954',
    secret: 'password: hunter2hunter2',
    location: 'I live in Leipzig',
    absence: 'We are away on holiday until Sunday, the flat is empty',
    family: 'My daughter Emma starts at Rosenschule tomorrow',
    health: 'I was diagnosed with diabetes last year',
  };

  it.each(LOCALES)('%s', (lang) => {
    setFallbackLocale(lang);
    const problems: string[] = [];
    const seenKinds = new Set<string>();
    for (const kind of PII_KINDS) {
      const text = SAMPLES[kind];
      const findings = [
        ...runCheck(
          publicPostPersonalInfo,
          makeSnapshot({ statuses: [makeStatus({ content: `<p>${text}</p>` })] }),
        ),
        ...runCheck(
          publicPostPersonalInfo,
          makeSnapshot({ statuses: [makeStatus({ visibility: 'unlisted', content: `<p>${text}</p>` })] }),
        ),
        ...runCheck(
          dmPersonalInfo,
          makeSnapshot({ statuses: [makeStatus({ visibility: 'direct', content: `<p>${text}</p>` })] }),
        ),
        ...runCheck(
          profilePersonalInfo,
          makeSnapshot({ account: makeCredentialAccount({}, { note: text }) }),
        ),
        ...runCheck(
          editHistoryPersonalInfo,
          makeSnapshot({
            statuses: [
              makeStatus({ id: '9', content: '<p>Fixed.</p>', edited_at: '2024-05-02T00:00:00.000Z' }),
            ],
            histories: {
              '9': [
                makeStatusEdit({ content: `<p>${text}</p>` }),
                makeStatusEdit({ content: '<p>Fixed.</p>' }),
              ],
            },
          }),
        ),
      ];
      for (const f of findings) {
        for (const k of f.kinds ?? []) seenKinds.add(k);
        const labels = (f.kinds ?? []).map(kindLabel);
        if (/\$\d|checks_|undefined/.test(f.title)) problems.push(`${f.check}/${kind}: "${f.title}"`);
        // The kinds follow the title's colon, as a list: a label never has to fit into a sentence.
        const tail = f.title.slice(f.title.search(/[:：]\s*/) + 1).trim();
        if (tail !== labels.join(t('checks_listSeparator')))
          problems.push(`${f.check}/${kind}: "${f.title}"`);
      }
    }
    expect(problems).toEqual([]);
    // Every kind was rendered at least once, so no kind label goes untested.
    expect([...seenKinds].sort()).toEqual([...PII_KINDS].sort());
  });

  it('fixes "A public post shows your when you are away from home"', () => {
    const [f] = runCheck(
      publicPostPersonalInfo,
      makeSnapshot({ statuses: [makeStatus({ content: `<p>${SAMPLES.absence}</p>` })] }),
    );
    expect(f?.title).toBe('A public post reveals: when you are away from home');
  });
});
