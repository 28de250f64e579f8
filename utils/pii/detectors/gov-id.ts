/**
 * National identifiers, each with its own check rule: US SSN ranges, Spanish DNI/NIE letter,
 * French NIR key, UK NINO prefixes, German Steuer-ID and Japanese My Number check digits (those
 * two only with a label: 11- and 12-digit numbers are too common otherwise), passports by label.
 */
import type { PiiMatch } from '../types';
import { match, nearBefore, wordsRe } from '../text';
import { dniNieValid, myNumberValid, ninoValid, nirValid, ssnValid, steuerIdValid } from '../checksums';

const SSN = /(?<![A-Za-z0-9À-ÖØ-öø-ɏ_.-])(\d{3})([- ])(\d{2})\2(\d{4})(?![A-Za-z0-9À-ÖØ-öø-ɏ_]|[.-]\d)/g;
const SSN_BARE = /(?<![A-Za-z0-9À-ÖØ-öø-ɏ_.-])\d{9}(?![A-Za-z0-9À-ÖØ-öø-ɏ_]|[.-]\d)/g;
const SSN_CONTEXT = wordsRe(['SSN', 'social security', 'social security number', 'SS#', 'SSN#']);

const DNI = /(?<![A-Za-z0-9À-ÖØ-öø-ɏ_])(?:[XYZ][-\s]?\d{7}|\d{8})[-\s]?[A-Z](?![A-Za-z0-9À-ÖØ-öø-ɏ_])/g;
const NIR =
  /(?<![A-Za-z0-9À-ÖØ-öø-ɏ_])[12][\s.]?\d{2}[\s.]?(?:0[1-9]|1[0-2]|[2-9]\d)[\s.]?(?:\d{2}|2A|2B)[\s.]?\d{3}[\s.]?\d{3}[\s.]?\d{2}(?![A-Za-z0-9À-ÖØ-öø-ɏ_])/g;
const NINO = /(?<![A-Za-z0-9À-ÖØ-öø-ɏ_])[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D](?![A-Za-z0-9À-ÖØ-öø-ɏ_])/g;
const NINO_CONTEXT = wordsRe(['national insurance', 'NI number', 'NINO', 'NI no']);
const ID_CONTEXT = wordsRe(
  [
    'DNI',
    'NIE',
    'NIF',
    'documento',
    'identidad',
    'carnet',
    'numéro de sécu',
    'sécurité sociale',
    'sécu',
    'NIR',
    'carte vitale',
    'Steuer-ID',
    'Steuer-IdNr',
    'Steueridentifikationsnummer',
    'Steuernummer',
    'IdNr',
    'tax ID',
    'TIN',
    'ID number',
    'Ausweisnummer',
    'Personalausweis',
  ],
  ['マイナンバー', '個人番号'],
);
const STEUER = /(?<![A-Za-z0-9À-ÖØ-öø-ɏ_])[1-9]\d(?:\s?\d){9}(?![A-Za-z0-9À-ÖØ-öø-ɏ_])/g;
const STEUER_CONTEXT = wordsRe([
  'Steuer-ID',
  'Steuer-IdNr',
  'Steueridentifikationsnummer',
  'Steuer-Identifikationsnummer',
  'IdNr',
  'tax ID',
  'TIN',
  'Steuer ID',
]);
const MYNUMBER = /(?<![0-9])\d{4}[\s-]?\d{4}[\s-]?\d{4}(?![0-9])/g;
const MYNUMBER_CONTEXT = wordsRe(['My Number'], ['マイナンバー', '個人番号']);
const PASSPORT =
  /(?:passport (?:number|no\.?|#)|Reisepass(?:nummer)?|Passnummer|numéro de passeport|passeport|número de pasaporte|pasaporte|旅券番号|パスポート番号)\s*(?:is|ist|est|es|は)?\s*[:#]?\s*([A-Z0-9]{7,9})(?![A-Za-z0-9])/gi;

export function detectGovId(text: string): PiiMatch[] {
  const out: PiiMatch[] = [];
  const add = (m: RegExpExecArray, confidence: number, reason: string) =>
    out.push(match('gov-id', m.index, m.index + m[0].length, confidence, reason));
  SSN.lastIndex = 0;
  for (let m = SSN.exec(text); m; m = SSN.exec(text)) {
    const digits = `${m[1]}${m[3]}${m[4]}`;
    if (!ssnValid(digits)) continue;
    const ctx = nearBefore(text, m.index, SSN_CONTEXT, 50);
    add(m, ctx ? 0.95 : 0.6, ctx ? 'US SSN in valid ranges, labelled' : 'US SSN shape in valid ranges');
  }
  SSN_BARE.lastIndex = 0;
  for (let m = SSN_BARE.exec(text); m; m = SSN_BARE.exec(text)) {
    if (!ssnValid(m[0]) || !nearBefore(text, m.index, SSN_CONTEXT, 40)) continue;
    out.push(match('gov-id', m.index, m.index + 9, 0.85, 'nine digits labelled as an SSN'));
  }
  DNI.lastIndex = 0;
  for (let m = DNI.exec(text); m; m = DNI.exec(text)) {
    if (!dniNieValid(m[0])) continue;
    const ctx = nearBefore(text, m.index, ID_CONTEXT, 40);
    add(m, ctx ? 0.95 : 0.85, 'Spanish DNI/NIE with valid control letter');
  }
  NIR.lastIndex = 0;
  for (let m = NIR.exec(text); m; m = NIR.exec(text)) {
    if (!nirValid(m[0].replace(/\./g, ''))) continue;
    add(m, 0.9, 'French NIR with valid key');
  }
  NINO.lastIndex = 0;
  for (let m = NINO.exec(text); m; m = NINO.exec(text)) {
    if (!ninoValid(m[0])) continue;
    const ctx = nearBefore(text, m.index, NINO_CONTEXT, 50);
    add(m, ctx ? 0.95 : 0.7, 'UK National Insurance number format');
  }
  STEUER.lastIndex = 0;
  for (let m = STEUER.exec(text); m; m = STEUER.exec(text)) {
    const digits = m[0].replace(/\s/g, '');
    if (!nearBefore(text, m.index, STEUER_CONTEXT, 50)) continue;
    const valid = steuerIdValid(digits);
    add(m, valid ? 0.95 : 0.6, valid ? 'German Steuer-ID with valid check digit' : 'labelled German tax ID');
  }
  MYNUMBER.lastIndex = 0;
  for (let m = MYNUMBER.exec(text); m; m = MYNUMBER.exec(text)) {
    const digits = m[0].replace(/\D/g, '');
    if (!nearBefore(text, m.index, MYNUMBER_CONTEXT, 30)) continue;
    const valid = myNumberValid(digits);
    add(m, valid ? 0.95 : 0.6, valid ? 'Japanese My Number with valid check digit' : 'labelled My Number');
  }
  PASSPORT.lastIndex = 0;
  for (let m = PASSPORT.exec(text); m; m = PASSPORT.exec(text)) {
    const id = m[1] ?? '';
    if (!/\d/.test(id)) continue;
    const start = m.index + m[0].length - id.length;
    out.push(match('gov-id', start, start + id.length, 0.85, 'passport number after its label'));
  }
  return out;
}
