/**
 * Unit tables for the format data, with values computed from the specifications here (check
 * digits worked out in this file, independently of checksums.ts), valid and invalid.
 */
import { describe, expect, it } from 'vitest';
import { IBAN_BBAN, compileBban } from './iban-registry';
import { CARD_BRANDS, cardBrand } from './card-brands';
import { IBAN_EXAMPLES } from './iban-registry';
import {
  aadhaarValid,
  abaChecksum,
  abaValid,
  germanDocumentValid,
  ibanValid,
  medicareValid,
  luhn,
  panValid,
  ppsnValid,
  sinValid,
  tfnValid,
  verhoeff,
} from '../checksums';
import { detectPersonalInfo } from '../detect';
import type { PiiKind } from '../types';

/** A deterministic pseudo-random source, so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

function bbanFor(structure: string, rand: () => number): string {
  let out = '';
  for (const [, count, type] of structure.matchAll(/(\d+)([nac])/g)) {
    for (let i = 0; i < Number(count); i++) {
      const digit = String(Math.floor(rand() * 10));
      const letter = String.fromCharCode(65 + Math.floor(rand() * 26));
      out += type === 'n' ? digit : type === 'a' ? letter : rand() < 0.5 ? digit : letter;
    }
  }
  return out;
}

/** ISO 13616 check digits: 98 - (BBAN + country + "00" as numbers) mod 97. */
function ibanFor(country: string, bban: string): string {
  const numeric = (bban + country + '00').replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  const rem = Number(BigInt(numeric) % 97n);
  return `${country}${String(98 - rem).padStart(2, '0')}${bban}`;
}

describe('IBAN registry', () => {
  const rand = rng(7);
  const countries = Object.keys(IBAN_BBAN);
  it('covers the registry countries', () => {
    expect(countries.length).toBeGreaterThanOrEqual(88);
    expect(compileBban('4a6n8n').length).toBe(18);
  });
  it.each(countries)('%s: a value built from its BBAN structure is valid, variants are not', (country) => {
    const structure = IBAN_BBAN[country]!;
    const iban = ibanFor(country, bbanFor(structure, rand));
    expect(ibanValid(iban), iban).toBe(true);
    // Grouped in fours as people write it.
    expect(ibanValid(iban.replace(/(.{4})/g, '$1 ').trim())).toBe(true);
    // One character short or long: the length is the country's.
    expect(ibanValid(ibanFor(country, iban.slice(4, -1)))).toBe(false);
    expect(ibanValid(ibanFor(country, `${iban.slice(4)}0`))).toBe(false);
    // Wrong check digits.
    const check = Number(iban.slice(2, 4));
    expect(
      ibanValid(`${country}${String(check === 2 ? 3 : check - 1).padStart(2, '0')}${iban.slice(4)}`),
    ).toBe(false);
    // A letter where the structure wants a digit (or a digit where it wants a letter).
    const firstType = /\d+([nac])/.exec(structure)![1];
    if (firstType !== 'c') {
      const bad = `${firstType === 'n' ? 'A' : '0'}${iban.slice(5)}`;
      expect(ibanValid(ibanFor(country, bad)), bad).toBe(false);
    }
  });
  it('registry examples', () => {
    for (const v of [
      'GB29 NWBK 6016 1331 9268 19',
      'FR14 2004 1010 0505 0001 3M02 606',
      'MT84 MALT 0110 0001 2345 MTLC AST0 01S',
      'BR18 0036 0305 0000 1000 9795 493C 1',
      'NO93 8601 1117 947',
      'LC55 HEMM 0001 0001 0012 0012 0002 3015',
    ])
      expect(ibanValid(v), v).toBe(true);
    expect(ibanValid('XX29 NWBK 6016 1331 9268 19')).toBe(false);
  });
  it('finds an IBAN with letters in the account part in a post', () => {
    const text = 'my IBAN: GB15 MIDL 4005 1512 3456 78, thanks!';
    const m = detectPersonalInfo(text).filter((x) => x.kind === 'bank-account');
    expect(m.map((x) => text.slice(x.start, x.end))).toEqual(['GB15 MIDL 4005 1512 3456 78']);
  });
});

function withLuhn(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhn(body + d)) return body + d;
  throw new Error('no check digit');
}

describe('card brands', () => {
  const rand = rng(11);
  const cases: Array<[string, string]> = [];
  for (const b of CARD_BRANDS)
    for (const [from, to] of b.ranges)
      for (const len of b.lengths) {
        const prefix = String(from + Math.floor(rand() * (to - from + 1)));
        let body = prefix;
        while (body.length < len - 1) body += String(Math.floor(rand() * 10));
        cases.push([b.brand, withLuhn(body)]);
      }
  it.each(cases)('%s %s has a brand and a valid Luhn', (_brand, number) => {
    // Overlapping ranges (co-badged cards) name the first brand in the table; any brand is fine.
    expect(cardBrand(number)).not.toBeNull();
    expect(luhn(number)).toBe(true);
    const last = Number(number.at(-1));
    expect(luhn(number.slice(0, -1) + String((last + 1) % 10))).toBe(false);
  });
  const grouped = (body: string, groups: number[]): string => {
    const n = withLuhn(body);
    let at = 0;
    return groups.map((g) => n.slice(at, (at += g))).join(' ');
  };
  it.each([
    ['American Express', grouped('37828224631001', [4, 6, 5])],
    ['American Express', grouped('34000000000071', [4, 6, 5])],
    ['Diners Club', grouped('3056930902590', [4, 6, 4])],
    ['JCB', grouped('353011133330001', [4, 4, 4, 4])],
    ['Mastercard', grouped('222100000000003', [4, 4, 4, 4])],
    ['Discover', grouped('601100099013942', [4, 4, 4, 4])],
    ['UnionPay', grouped('621234567890123', [4, 4, 4, 4])],
    ['Maestro', grouped('675964982643845', [4, 4, 4, 4])],
  ])('%s %s is found in a post with card context', (brand, number) => {
    const digits = number.replace(/\s/g, '');
    const text = `my card: ${number} exp 04/29`;
    expect(luhn(digits), 'test value must be Luhn-valid').toBe(true);
    expect(cardBrand(digits)?.brand).toBe(brand);
    const m = detectPersonalInfo(text).filter((x) => x.kind === 'payment-card');
    expect(m.map((x) => text.slice(x.start, x.end))).toEqual([number]);
  });
  it.each([
    ['Amex length 16', '3782822463100051'],
    ['Mastercard 2-series length 15', '222100000000009'],
    ['no brand starts 1', '1234567812345670'],
  ])('%s: no brand', (_what, number) => {
    expect(cardBrand(number)).toBeNull();
  });
});

/** Check digits computed here from each specification, to build valid values. */
const spec = {
  aba(body8: string): string {
    const w = [3, 7, 1, 3, 7, 1, 3, 7];
    const s = [...body8].reduce((a, c, i) => a + Number(c) * w[i]!, 0);
    return body8 + String((10 - (s % 10)) % 10);
  },
  sin(body8: string): string {
    return withLuhn(body8);
  },
  ppsn(body7: string, extra = ''): string {
    let s = [...body7].reduce((a, c, i) => a + Number(c) * (8 - i), 0);
    if (extra !== '' && extra !== 'W') s += (extra.charCodeAt(0) - 64) * 9;
    return body7 + 'WABCDEFGHIJKLMNOPQRSTUV'[s % 23]! + extra;
  },
  tfn(body8: string): string | null {
    const w = [1, 4, 3, 7, 5, 8, 6, 9, 10];
    const s = [...body8].reduce((a, c, i) => a + Number(c) * w[i]!, 0);
    for (let d = 0; d <= 9; d++) if ((s + d * 10) % 11 === 0) return body8 + d;
    return null;
  },
  aadhaar(body11: string): string {
    for (let d = 0; d <= 9; d++) if (verhoeff(body11 + d)) return body11 + d;
    throw new Error('no check digit');
  },
  /** ICAO 9303: weights 7 3 1, digits as themselves, A=10 … Z=35, sum mod 10. */
  germanDocument(body9: string): string {
    const value = (c: string) => (/\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55);
    const s = [...body9].reduce((a, c, i) => a + value(c) * [7, 3, 1][i % 3]!, 0);
    return body9 + String(s % 10);
  },
  /** Medicare: weights 1 3 7 9 1 3 7 9 over the first eight digits, mod 10, then the issue number. */
  medicare(body8: string, issue: string): string {
    const s = [...body8].reduce((a, c, i) => a + Number(c) * [1, 3, 7, 9][i % 4]!, 0);
    return body8 + String(s % 10) + issue;
  },
};

describe('document numbers with check digits (ICAO 9303, Medicare, ABA weights)', () => {
  const doc = spec.germanDocument('L7X9K4R21');
  const docWrong = doc.slice(0, 9) + String((Number(doc[9]) + 1) % 10);
  const medicare = spec.medicare('29531874', '1');
  const medicareWrong = medicare.slice(0, 8) + String((Number(medicare[8]) + 1) % 10) + '1';
  it.each([
    [germanDocumentValid, doc, true],
    [germanDocumentValid, docWrong, false],
    [germanDocumentValid, spec.germanDocument('T22000129').slice(0, 9) + 'A', false], // check is a digit
    [germanDocumentValid, spec.germanDocument('LAX9K4R21'), false], // A is not in the issuing alphabet
    [medicareValid, medicare, true],
    [medicareValid, medicareWrong, false],
    [medicareValid, spec.medicare('79531874', '1'), false], // the first digit is 2-6
    [abaChecksum, spec.aba('13405970'), true],
    [abaValid, spec.aba('13405970'), false], // 13 is no Federal Reserve prefix
  ] as const)('%o(%s) = %s', (fn, value, expected) => {
    expect((fn as (v: string) => boolean)(value)).toBe(expected);
  });
  it.each([
    [`Personalausweis verloren, die Nummer war ${doc}.`, doc],
    [`Neuer Perso ist da, Nummer ${docWrong}, was für ein Foto`, docWrong], // labelled shape
    [
      `Medicare card ${medicare.slice(0, 4)} ${medicare.slice(4, 9)} ${medicare.slice(9)} is in my wallet`,
      `${medicare.slice(0, 4)} ${medicare.slice(4, 9)} ${medicare.slice(9)}`,
    ],
    ['Passport renewed. Number K4471902, writing it down here', 'K4471902'],
    ['my passport got renewed, the new number is 581204937', '581204937'],
    [`Order ${doc} shipped`, null], // no label
    ['Auf dem Muster-Personalausweis steht T22000129, kein echter Ausweis', null],
    ['Passport control took 45 minutes, flight BA2490 late', null],
  ])('%s', (text, value) => {
    const m = detectPersonalInfo(text).filter((x) => x.kind === 'gov-id');
    expect(m.map((x) => text.slice(x.start, x.end))).toEqual(value === null ? [] : [value]);
  });
});

describe('domestic bank formats from the label rules', () => {
  it.each([
    [
      'direct deposit: transit 07311, institution 004, account 6620391',
      '07311, institution 004, account 6620391',
    ],
    ['e-transfer bounced, so: transit 33021 inst 001 acct 1994-402', '33021 inst 001 acct 1994-402'],
    ['rent to BSB 062-914, account 1093 4471', '062-914, account 1093 4471'],
    ['BSB 733 102 acc 418 927 660 thanks', '733 102 acc 418 927 660'],
    ['transfer to A/c 50100234871165, IFSC HDFC0001234 please', '50100234871165, IFSC HDFC0001234'],
    ['IFSC SBIN0004271, account 38291047765', 'SBIN0004271, account 38291047765'],
    ['振込先：京都支店 普通 6018273 です', '普通 6018273'],
    [`routing ${spec.aba('13405970')}, acct 4830219957`, `${spec.aba('13405970')}, acct 4830219957`],
    // Precision guards: a sort code or routing number alone, all-zero placeholders, samples.
    ['every UK bank example uses sort code 12-34-56', null],
    [`the routing number of the branch is ${spec.aba('13405970')}`, null],
    ['the RBI guide shows account 000000000000 and IFSC ABCD0123456', null],
    ['IFSC HDFC1001234, account 38291047765', null], // the 5th IFSC character is always 0
  ])('%s', (text, value) => {
    const m = detectPersonalInfo(text).filter((x) => x.kind === 'bank-account');
    expect(m.map((x) => text.slice(x.start, x.end))).toEqual(value === null ? [] : [value]);
  });
  it('every published example IBAN is valid, and reported only when the poster calls it theirs', () => {
    for (const iban of IBAN_EXAMPLES) {
      expect(ibanValid(iban), iban).toBe(true);
      const grouped = iban.replace(/(.{4})(?=.)/g, '$1 ');
      expect(
        detectPersonalInfo(`Sample from the docs: ${grouped}`).filter((m) => m.kind === 'bank-account'),
      ).toEqual([]);
      expect(
        detectPersonalInfo(`Rent goes to ${grouped}`).filter((m) => m.kind === 'bank-account'),
        iban,
      ).toEqual([]);
      expect(
        detectPersonalInfo(`my IBAN is ${grouped}`).filter((m) => m.kind === 'bank-account').length,
        iban,
      ).toBe(1);
    }
  });
});

describe('national IDs and domestic accounts', () => {
  it.each([
    [abaValid, spec.aba('02100002'), true],
    [abaValid, spec.aba('32227407'), true],
    [abaValid, spec.aba('13000000'), false], // prefix 13 is not a Federal Reserve district
    [abaValid, '021000022', false],
    [sinValid, spec.sin('13069254'), true],
    [sinValid, spec.sin('83069254'), false], // 8 is not issued
    [sinValid, '130692545', false],
    [ppsnValid, spec.ppsn('1234567'), true],
    [ppsnValid, spec.ppsn('8765432', 'A'), true],
    [ppsnValid, spec.ppsn('8765432', 'W'), true],
    [ppsnValid, '8765432Z', false],
    [tfnValid, '123456782', true],
    [tfnValid, '123456783', false],
    [aadhaarValid, spec.aadhaar('23412341234'), true],
    [aadhaarValid, spec.aadhaar('13412341234'), false], // never starts with 0 or 1
    [aadhaarValid, '234123412347', false],
    [panValid, 'AFZPK7190K', true],
    [panValid, 'AFZXK7190K', false], // X is no holder type
    [panValid, 'AFZPK719OK', false],
  ] as const)('%o(%s) = %s', (fn, value, expected) => {
    expect((fn as (v: string) => boolean)(value)).toBe(expected);
  });

  const tfn = spec.tfn('86541408')!;
  const aadhaar = spec.aadhaar('56781234987');
  const sin = spec.sin('27304961');
  const ppsn = spec.ppsn('7654321', 'A');
  it.each([
    [
      `my SIN is ${sin.slice(0, 3)} ${sin.slice(3, 6)} ${sin.slice(6)}`,
      `${sin.slice(0, 3)} ${sin.slice(3, 6)} ${sin.slice(6)}`,
    ],
    [`PPS number: ${ppsn}`, ppsn],
    [
      `my TFN is ${tfn.slice(0, 3)} ${tfn.slice(3, 6)} ${tfn.slice(6)}`,
      `${tfn.slice(0, 3)} ${tfn.slice(3, 6)} ${tfn.slice(6)}`,
    ],
    [
      `Aadhaar ${aadhaar.slice(0, 4)} ${aadhaar.slice(4, 8)} ${aadhaar.slice(8)}`,
      `${aadhaar.slice(0, 4)} ${aadhaar.slice(4, 8)} ${aadhaar.slice(8)}`,
    ],
    ['my PAN card says AFZPK7190K', 'AFZPK7190K'],
    ['mon numéro de sécu : 2 94 03 75 120 005 22', null],
    ['NIR 1 87 11 14 668 879 77', '1 87 11 14 668 879 77'],
  ])('%s', (text, value) => {
    const m = detectPersonalInfo(text).filter((x) => x.kind === 'gov-id');
    expect(m.map((x) => text.slice(x.start, x.end))).toEqual(value === null ? [] : [value]);
  });
  it.each([
    // Nine digits that pass Luhn without a SIN label are not reported (phones, orders).
    [`order ${sin}`, 'gov-id'],
    [`ticket ${tfn}`, 'gov-id'],
    [`ref ${aadhaar}`, 'gov-id'],
  ])('%s: no %s without its label', (text, kind) => {
    expect(detectPersonalInfo(text).filter((x) => x.kind === kind)).toEqual([]);
  });
  it.each([
    [
      `pay me: routing ${spec.aba('02100002')} account 123456789012`,
      `${spec.aba('02100002')} account 123456789012`,
    ],
    ['routing 021000022 account 123456789012', null],
    ['My sort code is 20-00-00 and account number 55779911', '20-00-00 and account number 55779911'],
    ['sort code 40-47-84 acc 12345678', '40-47-84 acc 12345678'],
  ])('%s', (text, value) => {
    const m = detectPersonalInfo(text).filter((x) => x.kind === 'bank-account');
    expect(m.map((x) => text.slice(x.start, x.end))).toEqual(value === null ? [] : [value]);
  });
});

describe('kinds that collide: the validated one wins', () => {
  it.each([
    ['Steuer-ID? Nein, Handy: 0176 12345678', 'de', 'phone', '0176 12345678'],
    ['Kontonummer? Nein, meine Handynummer 0176 12345678', 'de', 'phone', '0176 12345678'],
    ['card 4272 3724 6257 7772', 'en', 'payment-card', '4272 3724 6257 7772'],
    ['my SSN is 536-22-1478', 'en', 'gov-id', '536-22-1478'],
    [
      `routing ${spec.aba('02100002')} account 2025550143`,
      'en',
      'bank-account',
      `${spec.aba('02100002')} account 2025550143`,
    ],
    ['IBAN DE35 3704 0044 0532 0130 99', 'de', 'bank-account', 'DE35 3704 0044 0532 0130 99'],
    // An Indian account number that passes Luhn is an account with its IFSC, not a card.
    ['A/c 50100234871165, IFSC HDFC0001234', 'en', 'bank-account', '50100234871165, IFSC HDFC0001234'],
    // A passport number starting with PW is not "pw" followed by a password.
    ['Passport renewed, new number PW8329064', 'en', 'gov-id', 'PW8329064'],
    [`Medicare number ${spec.medicare('29531874', '1')}`, 'en', 'gov-id', spec.medicare('29531874', '1')],
  ])('%s -> only %s', (text, lang, kind, value) => {
    const m = detectPersonalInfo(text, { language: lang });
    expect(m.map((x) => [x.kind, text.slice(x.start, x.end)])).toEqual([[kind, value]]);
  });
});

describe('phone numbers in regional formats', () => {
  it.each([
    ['reach me at 202.555.0143 after 6', 'en', '202.555.0143'],
    ['text me 1.416.555.0199', 'en', '1.416.555.0199'],
    ['Call me: 020 7946 0958', 'en', '020 7946 0958'],
    ['my landline is 0161 496 0000', 'en', '0161 496 0000'],
    ['ring me on 07700 900123', 'en', '07700 900123'],
    ['ring me on 087 123 4567', 'en', '087 123 4567'],
    ['my number is (01) 234 5678', 'en', '(01) 234 5678'],
    ['my mobile 0412 345 678', 'en', '0412 345 678'],
    ['call me on (02) 9876 5432', 'en', '(02) 9876 5432'],
    ['call me on 98765 43210', 'en', '98765 43210'],
    ['whatsapp +91 98765 43210', 'en', '+91 98765 43210'],
    ["I'm on 416 555 0199", 'en', '416 555 0199'],
    ['Meine Nummer: 030 12345678', 'de', '030 12345678'],
    ['mi móvil es 612 34 56 78', 'es', '612 34 56 78'],
    // Precision guards: versions, a business line, a number shown as an example.
    ['Released v2.3.4 on 1.2.2024', 'en', null],
    ['Our office number is 020 7946 0958', 'en', null],
    ['the format is e.g. 020 7946 0958', 'en', null],
    ['population 1.234.567', 'en', null],
  ])('%s', (text, lang, value) => {
    const m = detectPersonalInfo(text, { language: lang }).filter((x) => x.kind === 'phone');
    expect(m.map((x) => text.slice(x.start, x.end))).toEqual(value === null ? [] : [value]);
  });
});

describe('secrets in prose and URIs, coordinates in brackets', () => {
  it.each([
    ['my router password is Tr0ub4dor&3', 'en', 'secret', 'Tr0ub4dor&3'],
    ["my password's hunter2 lol", 'en', 'secret', 'hunter2'],
    ['the password for my router is Tr0ub4dor&3', 'en', 'secret', 'Tr0ub4dor&3'],
    ['wifi pw: CoffeeBeans42', 'en', 'secret', 'CoffeeBeans42'],
    ['door code is 4821#', 'en', 'secret', '4821#'],
    ['Unser Türcode ist 4711', 'de', 'secret', '4711'],
    ['mon mot de passe Gmail : Chaton!99', 'fr', 'secret', 'Chaton!99'],
    ['la clave del wifi es Paella_2024', 'es', 'secret', 'Paella_2024'],
    ['Wi-Fiのパスワードはsakura1234です', 'ja', 'secret', 'sakura1234'],
    ['DATABASE_URL=postgres://admin:s3cretPw@db.internal:5432/app', 'en', 'secret', 'admin:s3cretPw'],
    ['mongodb+srv://alice:Xk29sLp0@cluster0.ab1cd.mongodb.net/test', 'en', 'secret', 'alice:Xk29sLp0'],
    ['use postgres://user:password@localhost:5432/db as in the docs', 'en', 'secret', null],
    ['git clone git@github.com:me/repo.git', 'en', 'email', null],
    ['DATABASE_URL=postgres://admin:s3cretPw@db.internal:5432/app', 'en', 'email', null],
    ['your password is required', 'en', 'secret', null],
    ['pin: [51.5072,-0.1276] is home', 'en', 'secret', null],
    ["we're at (40.7128, -74.0060) come find us", 'en', 'coordinates', '40.7128, -74.0060'],
    ['home is at [52.5200,13.4050]', 'en', 'coordinates', '52.5200,13.4050'],
    ['lat 52.5200 lon 13.4050 is my garden', 'en', 'coordinates', 'lat 52.5200 lon 13.4050'],
  ])('%s (%s) -> %s %s', (text, lang, kind, value) => {
    const m = detectPersonalInfo(text, { language: lang }).filter((x) => x.kind === kind);
    expect(m.map((x) => text.slice(x.start, x.end))).toEqual(value === null ? [] : [value]);
  });
});

describe('postal addresses of the English-speaking countries', () => {
  it.each([
    [
      'I live at 1600 Pennsylvania Ave NW, Washington, DC 20500',
      '1600 Pennsylvania Ave NW, Washington, DC 20500',
    ],
    ['Send it to 10 Downing Street, London SW1A 2AA', '10 Downing Street, London SW1A 2AA'],
    ['mail it to 123 Main St, Toronto, ON M5V 2T6', '123 Main St, Toronto, ON M5V 2T6'],
    [
      'post it to 14 Main Street, Ballincollig, Co. Cork P31 KX29',
      '14 Main Street, Ballincollig, Co. Cork P31 KX29',
    ],
    ['we live at 12 Smith St, Fitzroy VIC 3065', '12 Smith St, Fitzroy VIC 3065'],
    ['send to 4/12 Smith St, Fitzroy VIC 3065', '4/12 Smith St, Fitzroy VIC 3065'],
    [
      'My address: Flat 12B, 3rd Cross Road, Indiranagar, Bengaluru 560038',
      'Flat 12B, 3rd Cross Road, Indiranagar, Bengaluru 560038',
    ],
    ['send it: 221, MG Road, Pune - 411001', '221, MG Road, Pune - 411001'],
    ['Visit the museum at 1000 Fifth Avenue, New York, NY 10028', null],
  ])('%s', (text, value) => {
    const m = detectPersonalInfo(text, { language: 'en' }).filter((x) => x.kind === 'street-address');
    expect(m.map((x) => text.slice(x.start, x.end))).toEqual(value === null ? [] : [value]);
  });
});

describe('birthdays told by age, five languages', () => {
  it.each([
    ['Turning 30 today!', 'en', 'Turning 30 today'],
    ['30 today. Feeling ancient.', 'en', '30 today'],
    ["I'm 30 today, cake time", 'en', "I'm 30 today"],
    ['My son turns 6 today', 'en', 'My son turns 6 today'],
    ['happy birthday to me 🎂', 'en', 'happy birthday to me'],
    ['Ich werde heute 40!', 'de', 'Ich werde heute 40'],
    ['Bin gestern 35 geworden', 'de', 'Bin gestern 35 geworden'],
    ["J'ai 30 ans aujourd'hui", 'fr', "J'ai 30 ans aujourd'hui"],
    ['Hoy cumplo 30', 'es', 'Hoy cumplo 30'],
    ['息子が今日6歳になりました', 'ja', '息子が今日6歳'],
    ['The build turns 5 today', 'en', null],
    ['I scored 5 today and 3 yesterday', 'en', null],
    ['My birthday is on Friday, party at mine!', 'en', null],
  ])('%s', (text, lang, value) => {
    const m = detectPersonalInfo(text, { language: lang }).filter((x) => x.kind === 'birthdate');
    expect(m.map((x) => text.slice(x.start, x.end))).toEqual(value === null ? [] : [value]);
  });
});

describe('precision guards: public, example and test values are nobody’s', () => {
  it.each([
    ['Pizza place on 5th: (212) 555-0187, they deliver till 2am.', 'en'],
    ['Example IBAN from the docs: GB82 WEST 1234 5698 7654 32', 'en'],
    ['Beispiel-IBAN: DE89 3704 0044 0532 0130 00', 'de'],
    ['The Eiffel Tower is at 48.8584, 2.2945.', 'en'],
    ['The routing number for Chase in NY is 021000021.', 'en'],
    ['The British Museum is at Great Russell St, London WC1B 3DG.', 'en'],
    ['Use the test Amex 3782 822463 10005 in staging.', 'en'],
    ['AWS docs example key AKIAIOSFODNN7EXAMPLE, never use it.', 'en'],
    ['git remote add origin git@gitlab.com:team/app.git', 'en'],
    ['Connection string template: postgres://USER:PASSWORD@HOST:5432/DB', 'en'],
    ['SSN format is 123-45-6789 on the form.', 'en'],
    ['Customer service: 1-800-555-0199.', 'en'],
    ['お問い合わせ: 03-1234-5678（受付 9時〜17時）', 'ja'],
  ])('%s', (text, lang) => {
    expect(detectPersonalInfo(text, { language: lang })).toEqual([]);
  });
});

describe('an account introduced as the poster’s own outweighs an example word', () => {
  it.each([
    [
      'Zum Beispiel für die Miete: meine IBAN DE75 1203 0000 1020 3040 50',
      'de',
      'DE75 1203 0000 1020 3040 50',
    ],
    ['e.g. just pay me: my IBAN is GB02 NWBK 6016 1331 9268 20', 'en', 'GB02 NWBK 6016 1331 9268 20'],
  ])('%s', (text, lang, value) => {
    const m = detectPersonalInfo(text, { language: lang }).filter((x) => x.kind === 'bank-account');
    expect(m.map((x) => text.slice(x.start, x.end))).toEqual([value]);
  });
});

/** [text, language, kind, the one value reported, or null for none of that kind] */
type RuleCase = [string, string, PiiKind, string | null];
function only(text: string, lang: string, kind: PiiKind): string[] {
  return detectPersonalInfo(text, { language: lang })
    .filter((m) => m.kind === kind)
    .map((m) => text.slice(m.start, m.end));
}

describe('whose value it is: the poster or a private person, not an organisation or a landmark', () => {
  it.each<RuleCase>([
    // A number in a post where nobody private appears is an organisation's.
    ['Die Touristeninformation am See: 08821 180700, werktags', 'de', 'phone', null],
    ['Die Apotheke am Markt hat die Nummer 0711 2268430', 'de', 'phone', null],
    ['Le cabinet est joignable au 04 78 62 19 40 du mardi au samedi', 'fr', 'phone', null],
    ['St Mary’s switchboard is 020 7188 7188. Public number, not mine!', 'en', 'phone', null],
    // … unless someone asks to be reached, whatever else the post mentions.
    ['For the pizza order tonight, text me on 087 442 9130', 'en', 'phone', '087 442 9130'],
    ['erreichst du mich abends im Ferienhaus unter 04651 837 219', 'de', 'phone', '04651 837 219'],
    // Coordinates of a landmark are public; of the poster's van, boat or plot they are not.
    ['Delicate Arch is at 38.7436° N, 109.4993° W for sunrise', 'en', 'coordinates', null],
    ['Das Brandenburger Tor liegt bei 52.5163, 13.3777', 'de', 'coordinates', null],
    ['The van is parked at -28.6474, 153.6020 for the week', 'en', 'coordinates', '-28.6474, 153.6020'],
    ['Le bateau est au mouillage à 43.2871, 5.3420 ce soir', 'fr', 'coordinates', '43.2871, 5.3420'],
    ['Bivac montado en 42.7330, -0.2440 esta noche', 'es', 'coordinates', '42.7330, -0.2440'],
    // Role mailboxes and public bodies, template addresses.
    ['Pour les factures : facturation@atelier-dufour.be', 'fr', 'email', null],
    ['Reclamaciones a atencion.cliente@trenes.es, suerte', 'es', 'email', null],
    ['Questions about the grant go to becas@educacion.gob.es', 'en', 'email', null],
    ['Im Bewerbungsmuster steht max.mustermann@example.de', 'de', 'email', null],
    [
      'login curling.club.sk@outlook.com, password Hammer&Button44',
      'en',
      'email',
      'curling.club.sk@outlook.com',
    ],
  ])('%s (%s) -> %s %s', (text, lang, kind, value) => {
    expect(only(text, lang, kind)).toEqual(value === null ? [] : [value]);
  });
});

describe('secrets told in prose', () => {
  it.each<RuleCase>([
    ['Coworking: Türcode 3917#, bitte nicht weitergeben', 'de', 'secret', '3917#'],
    ['WLAN „Werkbank-Gast“, Passwort „Brezel-Zeit-2026“', 'de', 'secret', 'Brezel-Zeit-2026'],
    ['the wifi password at Nan’s is now "Marmalade1947!"', 'en', 'secret', 'Marmalade1947!'],
    ['keypad code got changed to 4471 because of my brother', 'en', 'secret', '4471'],
    ['The code for the key safe at the cottage is 4719', 'en', 'secret', '4719'],
    ['Schlüsselkasten am Ferienhaus, Code 3817', 'de', 'secret', '3817'],
    ['gym locker combo is 24-11-37', 'en', 'secret', '24-11-37'],
    ['the shared login is admin / `Mumb@iRains2025`', 'en', 'secret', 'Mumb@iRains2025'],
    ['VPN: user: share01 / pass: Kame-Usagi_0412', 'en', 'secret', 'Kame-Usagi_0412'],
    ['NASの管理者パスワードが「koumuten1234」だった', 'ja', 'secret', 'koumuten1234'],
    // Placeholders and password rules are not secrets.
    ['Example config: `REDIS_PASSWORD=changeme`', 'en', 'secret', null],
    ['En la guía: `DB_PASSWORD=pon_aqui_tu_password`', 'es', 'secret', null],
    ['mysql://root:TU_CONTRASEÑA@localhost:3306/club', 'es', 'secret', null],
    ['submit a password "with at least one special character and a haiku"', 'en', 'secret', null],
    ['the day pass is 12 euros and passes sell out', 'en', 'secret', null],
    ['「このパスワードは以前使用されています」って言われた', 'ja', 'secret', null],
  ])('%s (%s) -> %s %s', (text, lang, kind, value) => {
    expect(only(text, lang, kind)).toEqual(value === null ? [] : [value]);
  });
});

describe('birthdays of children named by first name, five languages; public birthdays are not', () => {
  it.each<RuleCase>([
    ['Our Theo turns 4 today!! Dinosaur cake', 'en', 'birthdate', 'Our Theo turns 4 today'],
    ['Harriet is 9 tomorrow and wants a guinea pig', 'en', 'birthdate', 'Harriet is 9 tomorrow'],
    ['Our Cian is three tomorrow', 'en', 'birthdate', 'Our Cian is three tomorrow'],
    ['Morgen wird unser Luis 7!', 'de', 'birthdate', 'Morgen wird unser Luis 7'],
    ['Notre Léo a 6 ans aujourd’hui !', 'fr', 'birthdate', 'Notre Léo a 6 ans aujourd’hui'],
    ['¡Martina cumple hoy 3 años!', 'es', 'birthdate', 'Martina cumple hoy 3'],
    ['今日で蓮が5歳になりました', 'ja', 'birthdate', '今日で蓮が5歳'],
    ['Thirty-five today! New fell shoes.', 'en', 'birthdate', 'Thirty-five today'],
    ['40 tomorrow. Cake ordered.', 'en', 'birthdate', '40 tomorrow'],
    ['DOB 06/22/2007, why does the form reset', 'en', 'birthdate', '06/22/2007'],
    ['長男は令和2年4月17日生まれ', 'ja', 'birthdate', '令和2年4月17日'],
    // Somebody public, or a product.
    ['Happy birthday to Hugh Jackman, 56 today', 'en', 'birthdate', null],
    ['Dolly Parton turns 79 today', 'en', 'birthdate', null],
    ['Firefox turns 20 today', 'en', 'birthdate', null],
    ['Karl Lagerfeld wäre heute 93 geworden', 'de', 'birthdate', null],
    ['Born 13 June 1865, W.B. Yeats.', 'en', 'birthdate', null],
    ['I ran 5 today and 3 yesterday', 'en', 'birthdate', null],
  ])('%s (%s) -> %s %s', (text, lang, kind, value) => {
    expect(only(text, lang, kind)).toEqual(value === null ? [] : [value]);
  });
});

describe('postal addresses in more national formats', () => {
  it.each<RuleCase>([
    [
      'New address: 23 Glenageary Park, Dún Laoghaire, Co. Dublin A96 R2X8',
      'en',
      'street-address',
      '23 Glenageary Park, Dún Laoghaire, Co. Dublin A96 R2X8',
    ],
    [
      "we've moved! 27 Ashdown Road, Kingsthorpe, Northampton NN2 7HP",
      'en',
      'street-address',
      '27 Ashdown Road, Kingsthorpe, Northampton NN2 7HP',
    ],
    [
      'new place! 1192 Rue Beaudry, apt 4, Montréal QC H2L 3E5',
      'en',
      'street-address',
      '1192 Rue Beaudry, apt 4, Montréal QC H2L 3E5',
    ],
    [
      'New flat: B-704, Lodha Palava, Dombivli East, Thane 421204',
      'en',
      'street-address',
      'B-704, Lodha Palava, Dombivli East, Thane 421204',
    ],
    [
      'Wohnungsübergabe: Neubaugasse 44/12, 1070 Wien',
      'de',
      'street-address',
      'Neubaugasse 44/12, 1070 Wien',
    ],
    [
      'Livraison à : 5 rue du Marché aux Herbes, app. 3, 1000 Bruxelles',
      'fr',
      'street-address',
      '5 rue du Marché aux Herbes, app. 3, 1000 Bruxelles',
    ],
    [
      'mi dirección es Calle Pizarro 9, bajo, 10600 Plasencia',
      'es',
      'street-address',
      'Calle Pizarro 9, bajo, 10600 Plasencia',
    ],
    // A business said so, or a template.
    ['Unser Büro ist umgezogen: Hafenstraße 12, 20359 Hamburg', 'de', 'street-address', null],
    ['Impressum-Beispiel im Tutorial: Musterstraße 1, 12345 Musterstadt', 'de', 'street-address', null],
    ['Fromagerie Dubois, 3 place du Marché, 21000 Dijon, fermé le lundi', 'fr', 'street-address', null],
  ])('%s (%s) -> %s %s', (text, lang, kind, value) => {
    expect(only(text, lang, kind)).toEqual(value === null ? [] : [value]);
  });
});
