import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { detectPersonalInfo } from './detect';
import { detectContextual } from './detectors/contextual';
import type { PiiKind } from './types';

/**
 * [text, kind, the exact matched value or null when nothing of that kind may be reported]. The
 * values are the rules' spans, so the table runs the contextual rules alone (the learned model
 * reports whole sentences; its own tests are in model/model.test.ts).
 */
type Case = [string, PiiKind, string | null, string?];

function found(text: string, kind: PiiKind, language?: string): string[] {
  return detectPersonalInfo(text, { language, contextual: 'rules' })
    .filter((m) => m.kind === kind)
    .map((m) => text.slice(m.start, m.end));
}

const STRUCTURED: Case[] = [
  ['mail me at jane.doe@posteo.de', 'email', 'jane.doe@posteo.de'],
  ['write to ben (at) ruddock (dot) org', 'email', 'ben (at) ruddock (dot) org'],
  ['schreibt an lukas [ät] hansen [punkt] de', 'email', 'lukas [ät] hansen [punkt] de'],
  ['Follow @alice@mastodon.social!', 'email', null],
  ['thanks rob@fosstodon.org and mira@tech.lgbt', 'email', null],
  ['press contact: press@eff.org', 'email', null],
  ['call me: +49 151 23456789', 'phone', '+49 151 23456789'],
  ['appelle-moi au 06 12 34 56 78', 'phone', '06 12 34 56 78', 'fr'],
  ['電話は 090-1234-5678 まで', 'phone', '090-1234-5678', 'ja'],
  ['電話は ０９０－１２３４－５６７８ まで', 'phone', '０９０－１２３４－５６７８', 'ja'],
  ['my cell is (415) 555-0132', 'phone', '(415) 555-0132'],
  ['Mastodon 4.2.1 and v1.2.3.4', 'phone', null],
  ['ISBN 978-3-16-148410-0', 'phone', null],
  ['from 2019-2024', 'phone', null],
  ['on 12.03.2025 at 10.00-18.00', 'phone', null],
  ['UPS tracking 1Z999AA10123456784', 'phone', null],
  ['costs $1,249.99', 'phone', null],
  ['city office hotline 030 1234567', 'phone', null],
  ['Ich wohne in der Lindenstraße 14, 04109 Leipzig', 'street-address', 'Lindenstraße 14, 04109 Leipzig'],
  [
    'send it to 742 Evergreen Terrace, Springfield OR 97403',
    'street-address',
    '742 Evergreen Terrace, Springfield OR 97403',
  ],
  ['chez moi, 12 rue des Lilas, 69003 Lyon', 'street-address', '12 rue des Lilas, 69003 Lyon'],
  ['住所は 東京都世田谷区北沢2-14-7 です', 'street-address', '東京都世田谷区北沢2-14-7'],
  ['Wir sind auf Tabellenplatz 3', 'street-address', null],
  ['I was born on 14 March 1991', 'birthdate', '14 March 1991'],
  ['Ich bin am 12.03.1990 geboren', 'birthdate', '12.03.1990'],
  ['Mozart was born on 27 January 1756', 'birthdate', null],
  ['my SSN is 536-22-1478', 'gov-id', '536-22-1478'],
  ['SSN 666-22-1478', 'gov-id', null],
  ['DNI 29855131G', 'gov-id', '29855131G'],
  ['DNI 29855131A', 'gov-id', null],
  ['NIR 1 87 11 14 668 879 77', 'gov-id', '1 87 11 14 668 879 77'],
  ['NINO JG 10 37 52 B', 'gov-id', 'JG 10 37 52 B'],
  ['Steuer-ID 41905447387', 'gov-id', '41905447387'],
  ['card 4272 3724 6257 7772', 'payment-card', '4272 3724 6257 7772'],
  ['card 4272 3724 6257 7773', 'payment-card', null],
  ['test with 4242 4242 4242 4242', 'payment-card', null],
  ['IBAN DE35 3704 0044 0532 0130 99 please', 'bank-account', 'DE35 3704 0044 0532 0130 99'],
  ['IBAN DE89 3704 0044 0532 0130 01', 'bank-account', null],
  ['Spendenkonto DE89 3704 0044 0532 0130 00', 'bank-account', null],
  ['my IP is 81.169.145.92', 'ip-address', '81.169.145.92'],
  ['router at 192.168.1.1', 'ip-address', null],
  ['bind to 127.0.0.1 or 0.0.0.0', 'ip-address', null],
  ['my IP is 2a01:4f8:c17:b8f::2', 'ip-address', '2a01:4f8:c17:b8f::2'],
  ['meeting at 12:30:45', 'ip-address', null],
  ["I'm here: 52.5200, 13.4050", 'coordinates', '52.5200, 13.4050'],
  ['the summit is at 46.5367, 7.9625', 'coordinates', null],
  ['oops AKIAZ7XYQ4HJKL2MN3PQ', 'secret', 'AKIAZ7XYQ4HJKL2MN3PQ'],
  ['docs: AKIAIOSFODNN7EXAMPLE', 'secret', null],
  ['the wifi password is Sunflower!2024', 'secret', 'Sunflower!2024'],
  ['Passwort: Kaffee-Tasse-77', 'secret', 'Kaffee-Tasse-77'],
  ['your password is required', 'secret', null],
  ['パスワードは Sakura2024! です', 'secret', 'Sakura2024'],
  // A private person collecting money: "my IBAN" outweighs "tickets" (a business word).
  [
    '@lena here is my IBAN for the concert tickets: DE75120300001020304050',
    'bank-account',
    'DE75120300001020304050',
  ],
  [
    'mon RIB pour le cadeau : FR76 3000 6000 0112 3456 7890 189',
    'bank-account',
    'FR76 3000 6000 0112 3456 7890 189',
  ],
  ["The IBAN on the charity's website is DE75120300001020304050", 'bank-account', null],
  ['born 2 Feb 1987 in Leeds', 'birthdate', '2 Feb 1987'],
  ['I was born on 2/2/87', 'birthdate', '2/2/87'],
  ['Mein Geburtsdatum ist der 7. Mai 1990.', 'birthdate', '7. Mai 1990'],
  ['Je suis née le 3 mars 1985 à Lyon', 'birthdate', '3 mars 1985'],
  ['nací el 5 de mayo de 1990', 'birthdate', '5 de mayo de 1990'],
  ['1990年5月7日生まれです', 'birthdate', '1990年5月7日'],
  ['夏目漱石は1867年2月9日生まれです', 'birthdate', null],
  ['I was born in 1987', 'birthdate', null],
  ['my birthday is on Friday', 'birthdate', null],
  ['Ada Lovelace, born 10 December 1815, wrote code', 'birthdate', null],
  ['Goethe wurde am 28. August 1749 geboren.', 'birthdate', null],
  [
    'send it to 550 W 45th St, Apt 4B, New York, NY 10036',
    'street-address',
    '550 W 45th St, Apt 4B, New York, NY 10036',
  ],
  ['Mon adresse : Rue de la Paix 12, 75002 Paris', 'street-address', 'Rue de la Paix 12, 75002 Paris'],
  ['Meine Adresse: Karl-Marx-Allee 90a, 10243 Berlin', 'street-address', 'Karl-Marx-Allee 90a, 10243 Berlin'],
  ['Mi dirección: Calle Mayor 5, 3º B, 28013 Madrid', 'street-address', 'Calle Mayor 5, 3º B, 28013 Madrid'],
  ['住所：渋谷区神宮前1丁目2番3号', 'street-address', '渋谷区神宮前1丁目2番3号'],
  ['〒150-0001 東京都渋谷区神宮前1-2-3', 'street-address', '〒150-0001 東京都渋谷区神宮前1-2-3'],
];

const CONTEXTUAL: Case[] = [
  ['I live in Leeds now', 'location', 'I live in Leeds'],
  ['Ich wohne jetzt in Kassel', 'location', 'Ich wohne jetzt in Kassel'],
  ["J'habite à Nantes", 'location', "J'habite à Nantes"],
  ['Vivo en Valencia', 'location', 'Vivo en Valencia'],
  ['横浜に住んでいます', 'location', '横浜に住んでい'],
  ['If you live in Berlin, visit', 'location', null],
  ["We're away until the 24th", 'absence', "We're away until"],
  ['Niemand zu Hause bis Sonntag', 'absence', 'Niemand zu Hause'],
  ['来週まで留守にします', 'absence', '留守に'],
  ['The museum is closed every Monday', 'absence', null],
  ['My son Leo started school', 'family', 'My son Leo'],
  ['Ma fille Chloé (5 ans) dessine', 'family', 'Ma fille Chloé (5 ans)'],
  ['息子は今年8歳になりました', 'family', '息子は今年8歳'],
  ['My son and I went fishing', 'family', null],
  ['Got diagnosed with ADHD at 34', 'health', 'Got diagnosed with'],
  ['Me diagnosticaron TDAH', 'health', 'Me diagnosticaron'],
  ['うつ病と診断されました', 'health', 'うつ病と診断され'],
  ['New study shows long covid affects many', 'health', null],
  ['I live right by Görlitzer Park in Kreuzberg', 'location', 'I live right by Görlitzer'],
  ['I live for pizza', 'location', null],
  ['I live in the moment', 'location', null],
  ['Ich wohne direkt am Görlitzer Park', 'location', 'Ich wohne direkt am Görlitzer'],
  ["J'habite juste à côté du Canal Saint-Martin", 'location', "J'habite juste à côté du Canal"],
  ['Vivo justo al lado del Retiro', 'location', 'Vivo justo al lado del Retiro'],
  ['代々木公園の近くに住んでいます', 'location', '代々木公園の近くに住んでい'],
  ['Diagnosed with type 1 diabetes last week.', 'health', 'Diagnosed with'],
  ['Started chemo today.', 'health', 'Started chemo'],
  ["my doctor's office is closed", 'health', null],
  ['people diagnosed with diabetes in a study', 'health', null],
  ['Diagnose: Diabetes Typ 1.', 'health', 'Diagnose: D'],
  ["Diagnostiquée d'une endométriose", 'health', "Diagnostiquée d'un"],
  ['Diagnosticada con fibromialgia hace dos años', 'health', 'Diagnosticada con'],
  ['1型糖尿病と診断されました', 'health', '糖尿病と診断され'],
];

describe('detectPersonalInfo', () => {
  it.each([...STRUCTURED, ...CONTEXTUAL])('%s -> %s', (text, kind, value, lang) => {
    const values = found(text, kind, lang);
    if (value === null) expect(values).toEqual([]);
    else expect(values).toContain(value);
  });

  it('returns matches sorted by start, non-overlapping per kind, within the offsets of the text', () => {
    const text =
      'Call +49 151 23456789 or 0151 23456789, mail a.b@posteo.de. I live in Leeds. Card 4272 3724 6257 7772.';
    const ms = detectPersonalInfo(text);
    expect(ms.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < ms.length; i++) expect(ms[i]!.start).toBeGreaterThanOrEqual(ms[i - 1]!.start);
    for (const a of ms) {
      expect(a.start).toBeGreaterThanOrEqual(0);
      expect(a.end).toBeLessThanOrEqual(text.length);
      expect(a.confidence).toBeGreaterThanOrEqual(0.5);
      expect(a.reason.length).toBeGreaterThan(3);
      for (const b of ms)
        if (a !== b && a.kind === b.kind) expect(a.end <= b.start || b.end <= a.start).toBe(true);
    }
  });

  it('does not report a Luhn-valid card number again as a phone number', () => {
    const kinds = detectPersonalInfo('card 4272 3724 6257 7772').map((m) => m.kind);
    expect(kinds).toEqual(['payment-card']);
  });

  it('honours kinds and minConfidence', () => {
    const text = 'router 192.168.1.1, mail me at jane@posteo.de';
    expect(detectPersonalInfo(text, { kinds: ['ip-address'] })).toEqual([]);
    expect(
      detectPersonalInfo(text, { kinds: ['ip-address'], minConfidence: 0.1 }).map((m) => m.kind),
    ).toEqual(['ip-address']);
    expect(detectPersonalInfo(text, { kinds: ['email'] }).map((m) => m.kind)).toEqual(['email']);
  });

  it('skips rules by their required words without changing any result on the corpus', () => {
    const lines = readFileSync(new URL('../../test/pii/corpus.jsonl', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    let compared = 0;
    for (const line of lines) {
      const { text } = JSON.parse(line) as { text: string };
      expect(detectContextual(text), text).toEqual(detectContextual(text, true));
      compared++;
    }
    expect(compared).toBeGreaterThan(400);
  });

  it('is pure: the same input gives the same output, with global regexes reused', () => {
    const text = 'mail me at jane@posteo.de, call +49 151 23456789';
    expect(detectPersonalInfo(text)).toEqual(detectPersonalInfo(text));
    expect(detectPersonalInfo('')).toEqual([]);
  });
});

describe('aboutAuthor: a profile describes its owner', () => {
  const kinds = (text: string, aboutAuthor: boolean) =>
    detectPersonalInfo(text, { aboutAuthor, contextual: 'rules' }).map((m) => m.kind);

  it('keeps a bare phone number or coordinates in a profile field, which in a post read as public', () => {
    for (const text of ['Phone: +49 151 23456789', 'Location: 52.520008, 13.404954']) {
      const kind = text.startsWith('Phone') ? 'phone' : 'coordinates';
      expect(kinds(text, false)).not.toContain(kind);
      expect(kinds(text, true)).toContain(kind);
    }
  });

  it('still leaves test values and business prefixes to the other rules', () => {
    expect(kinds('Card: 4242 4242 4242 4242', true)).not.toContain('payment-card');
    expect(kinds('Hotline: 0800 123 4567', true)).not.toContain('phone');
  });
});
