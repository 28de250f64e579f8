/** Check-digit rules for the structured kinds. Each takes the bare value (digits/letters only). */
import { bbanRule } from './formats/iban-registry';

export function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Remainder of a long decimal string modulo m, without BigInt (kept for older engines). */
function modString(numeric: string, m: number): number {
  let rem = 0;
  for (let i = 0; i < numeric.length; i += 7) {
    rem = Number(String(rem) + numeric.slice(i, i + 7)) % m;
  }
  return rem;
}

export function ibanValid(raw: string): boolean {
  const iban = raw.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false;
  const bban = bbanRule(iban.slice(0, 2));
  if (!bban || bban.length + 4 !== iban.length || !bban.re.test(iban.slice(4))) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  const numeric = moved.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  return modString(numeric, 97) === 1;
}

/** US SSN: area not 000, 666 or 9xx; group not 00; serial not 0000. */
export function ssnValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const area = digits.slice(0, 3);
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (digits.slice(3, 5) === '00' || digits.slice(5) === '0000') return false;
  // Numbers the SSA itself published in ads and never issued.
  return digits !== '078051120' && digits !== '219099999' && digits !== '123456789';
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI (8 digits + letter) and NIE (X/Y/Z + 7 digits + letter). */
export function dniNieValid(raw: string): boolean {
  const v = raw.replace(/[\s-]/g, '').toUpperCase();
  const m = /^([XYZ]?)(\d{7,8})([A-Z])$/.exec(v);
  if (!m) return false;
  const [, prefix = '', num = '', letter] = m;
  if (prefix === '' && num.length !== 8) return false;
  if (prefix !== '' && num.length !== 7) return false;
  // NIE: X, Y, Z stand for 0, 1, 2 in front of the seven digits.
  const value = prefix ? Number(String('XYZ'.indexOf(prefix)) + num) : Number(num);
  return DNI_LETTERS[value % 23] === letter;
}

/** French NIR (numéro de sécurité sociale): 13 characters + 2-digit key = 97 - (n mod 97). */
export function nirValid(raw: string): boolean {
  const v = raw.replace(/\s/g, '').toUpperCase();
  if (!/^[12]\d{4}(?:\d{2}|2A|2B)\d{6}\d{2}$/.test(v)) return false;
  const body = v.slice(0, 13).replace('2A', '19').replace('2B', '18');
  const key = Number(v.slice(13));
  return 97 - modString(body, 97) === key;
}

/** UK National Insurance number prefixes (HMRC rules: no D F I Q U V, second letter not O, some pairs barred). */
export function ninoValid(raw: string): boolean {
  const v = raw.replace(/\s/g, '').toUpperCase();
  if (!/^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(v)) return false;
  return !['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ'].includes(v.slice(0, 2));
}

/** German Steuer-ID: 11 digits, ISO 7064 MOD 11,10 check digit, one digit repeated 2-3 times in the first ten. */
export function steuerIdValid(digits: string): boolean {
  if (!/^[1-9]\d{10}$/.test(digits)) return false;
  const counts = new Array<number>(10).fill(0);
  for (let i = 0; i < 10; i++) counts[digits.charCodeAt(i) - 48]!++;
  const repeated = counts.filter((c) => c >= 2);
  if (repeated.length !== 1 || (repeated[0] ?? 0) > 3) return false;
  let product = 10;
  for (let i = 0; i < 10; i++) {
    let sum = (digits.charCodeAt(i) - 48 + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  let check = 11 - product;
  if (check === 10) check = 0;
  return check === digits.charCodeAt(10) - 48;
}

/** Japanese My Number (個人番号): 12 digits, mod-11 check digit. */
export function myNumberValid(digits: string): boolean {
  if (!/^\d{12}$/.test(digits)) return false;
  let sum = 0;
  for (let n = 1; n <= 11; n++) {
    const p = digits.charCodeAt(11 - n) - 48;
    const q = n <= 6 ? n + 1 : n - 5;
    sum += p * q;
  }
  const r = sum % 11;
  const check = r <= 1 ? 0 : 11 - r;
  return check === digits.charCodeAt(11) - 48;
}

/** ISBN-10 / ISBN-13, used to rule numbers out (an ISBN is never a phone or card). */
export function isbnValid(raw: string): boolean {
  const v = raw.replace(/[\s-]/g, '').toUpperCase();
  if (/^\d{13}$/.test(v) && /^97[89]/.test(v)) {
    let sum = 0;
    for (let i = 0; i < 13; i++) sum += (v.charCodeAt(i) - 48) * (i % 2 === 0 ? 1 : 3);
    return sum % 10 === 0;
  }
  if (/^\d{9}[\dX]$/.test(v)) {
    let sum = 0;
    for (let i = 0; i < 10; i++) sum += (v[i] === 'X' ? 10 : v.charCodeAt(i) - 48) * (10 - i);
    return sum % 11 === 0;
  }
  return false;
}

/** US ABA routing number: 9 digits, weights 3 7 1, a Federal Reserve prefix (00-12, 21-32, 61-72, 80). */
export function abaValid(digits: string): boolean {
  if (!abaChecksum(digits)) return false;
  const p = Number(digits.slice(0, 2));
  return p <= 12 || (p >= 21 && p <= 32) || (p >= 61 && p <= 72) || p === 80;
}

/** The ABA check digits alone (weights 3 7 1, sum divisible by 10), without the prefix rule. */
export function abaChecksum(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || /^0+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (digits.charCodeAt(i) - 48) * [3, 7, 1][i % 3]!;
  return sum % 10 === 0;
}

/** Canadian Social Insurance Number: 9 digits, Luhn, never starting with 0 or 8. */
export function sinValid(digits: string): boolean {
  return /^[1-79]\d{8}$/.test(digits) && luhn(digits);
}

/** Irish PPS number: 7 digits, a mod-23 check letter, optionally a second letter (A, B, H, W, T, X). */
export function ppsnValid(raw: string): boolean {
  const v = raw.replace(/\s/g, '').toUpperCase();
  const m = /^(\d{7})([A-W])([ABHWTX]?)$/.exec(v);
  if (!m) return false;
  const [, num = '', check = '', extra = ''] = m;
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += (num.charCodeAt(i) - 48) * (8 - i);
  // The second letter counts with weight 9 (A=1 … W=0).
  if (extra !== '' && extra !== 'W') sum += (extra.charCodeAt(0) - 64) * 9;
  return 'WABCDEFGHIJKLMNOPQRSTUV'[sum % 23] === check;
}

/** Australian Tax File Number: 9 digits (8 for old ones), weighted sum divisible by 11. */
export function tfnValid(digits: string): boolean {
  const w9 = [1, 4, 3, 7, 5, 8, 6, 9, 10];
  const w8 = [10, 7, 8, 4, 6, 3, 5, 1];
  const weights = digits.length === 9 ? w9 : digits.length === 8 ? w8 : null;
  if (!weights || !/^\d+$/.test(digits) || /^(\d)\1+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += (digits.charCodeAt(i) - 48) * weights[i]!;
  return sum % 11 === 0;
}

const VERHOEFF_D = [
  '0123456789',
  '1234067895',
  '2340178956',
  '3401289567',
  '4012395678',
  '5987604321',
  '6598710432',
  '7659821043',
  '8765932104',
  '9876543210',
].map((r) => [...r].map(Number));
const VERHOEFF_P = [
  '0123456789',
  '1576283094',
  '5803796142',
  '8916043527',
  '9453126870',
  '4286573901',
  '2793806415',
  '7046913258',
].map((r) => [...r].map(Number));

export function verhoeff(digits: string): boolean {
  let c = 0;
  const n = digits.length;
  for (let i = 0; i < n; i++) {
    const d = digits.charCodeAt(n - 1 - i) - 48;
    if (d < 0 || d > 9) return false;
    c = VERHOEFF_D[c]![VERHOEFF_P[i % 8]![d]!]!;
  }
  return n > 0 && c === 0;
}

/** Indian Aadhaar: 12 digits, not starting with 0 or 1, Verhoeff check digit. */
export function aadhaarValid(digits: string): boolean {
  return /^[2-9]\d{11}$/.test(digits) && !/^(\d)\1+$/.test(digits) && verhoeff(digits);
}

/**
 * Indian PAN: five letters, four digits, a letter; the fourth letter is the holder type (P for a
 * person, C company, H family, F firm, A association, T trust, B body, L local authority, J
 * juridical person, G government). There is no published check digit.
 */
export function panValid(raw: string): boolean {
  return /^[A-Z]{3}[PCHFATBLJG][A-Z]\d{4}[A-Z]$/.test(raw.toUpperCase());
}

/**
 * German ID card and passport document number (ICAO 9303 check digit): 9 characters from the
 * issuing alphabet (digits and the consonants C F G H J K L M N P R T V W X Y Z), then a check
 * digit: weights 7 3 1 repeating, letters count A=10 … Z=35, sum mod 10.
 */
export function germanDocumentValid(raw: string): boolean {
  const v = raw.toUpperCase();
  if (!/^[0-9CFGHJKLMNPRTVWXYZ]{9}\d$/.test(v)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const c = v.charCodeAt(i);
    const value = c <= 57 ? c - 48 : c - 55;
    sum += value * [7, 3, 1][i % 3]!;
  }
  return sum % 10 === v.charCodeAt(9) - 48;
}

/**
 * Australian Medicare card number: 10 digits (an 11th, the individual reference, may follow),
 * the first 2-6, the 9th a check digit: weights 1 3 7 9 1 3 7 9 over the first eight, mod 10.
 */
export function medicareValid(digits: string): boolean {
  if (!/^[2-6]\d{9,10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (digits.charCodeAt(i) - 48) * [1, 3, 7, 9][i % 4]!;
  return sum % 10 === digits.charCodeAt(8) - 48;
}
