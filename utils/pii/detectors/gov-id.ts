/**
 * National identifiers as data: one entry per format with its shape, its check rule and the
 * label words that announce it. Formats with a strong check (NIR key, DNI letter, PPSN letter,
 * Verhoeff) stand alone; plain 9- to 12-digit formats whose check passes for one random number in
 * ten or eleven (SIN, TFN, Aadhaar, Steuer-ID, My Number) need their label, since such numbers are common
 * (phones, orders). Passports are found by label only.
 */
import type { PiiMatch } from '../types';
import {
  EXAMPLE_CONTEXT,
  documentedSample,
  match,
  near,
  nearBefore,
  unchecked,
  wordsRe,
  type WordList,
} from '../text';
import {
  aadhaarValid,
  dniNieValid,
  germanDocumentValid,
  medicareValid,
  myNumberValid,
  ninoValid,
  nirValid,
  panValid,
  ppsnValid,
  sinValid,
  ssnValid,
  steuerIdValid,
  tfnValid,
} from '../checksums';

interface IdFormat {
  name: string;
  re: RegExp;
  /** The bare value (separators removed) passes the format's check. */
  valid(bare: string): boolean;
  context?: WordList;
  /** How far before the value the label may stand. */
  contextWindow?: number;
  /** Confidence with and without the label; without: null means the label is required. */
  labelled: number;
  bare: number | null;
  /** Shape fits but the check fails: reported only when labelled, at this confidence. */
  invalidLabelled?: number;
}

const B = '(?<![A-Za-z0-9À-ÖØ-öø-ɏ_])';
const E = '(?![A-Za-z0-9À-ÖØ-öø-ɏ_])';

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

const FORMATS: readonly IdFormat[] = [
  {
    name: 'US SSN in valid ranges',
    re: new RegExp(
      `(?<![A-Za-z0-9À-ÖØ-öø-ɏ_.-])\\d{3}([- ])\\d{2}\\1\\d{4}(?![A-Za-z0-9À-ÖØ-öø-ɏ_]|[.-]\\d)`,
      'g',
    ),
    valid: ssnValid,
    context: wordsRe(['SSN', 'social security', 'social security number', 'SS#', 'SSN#']),
    contextWindow: 50,
    labelled: 0.95,
    bare: 0.6,
  },
  {
    name: 'nine digits labelled as an SSN',
    re: /(?<![A-Za-z0-9À-ÖØ-öø-ɏ_.-])\d{9}(?![A-Za-z0-9À-ÖØ-öø-ɏ_]|[.-]\d)/g,
    valid: ssnValid,
    context: wordsRe(['SSN', 'social security', 'social security number', 'SS#', 'SSN#']),
    contextWindow: 40,
    labelled: 0.85,
    bare: null,
  },
  {
    name: 'Spanish DNI/NIE with valid control letter',
    re: new RegExp(`${B}(?:[XYZ][-\\s]?\\d{7}|\\d{8})[-\\s]?[A-Z]${E}`, 'g'),
    valid: dniNieValid,
    context: ID_CONTEXT,
    contextWindow: 40,
    labelled: 0.95,
    bare: 0.85,
  },
  {
    name: 'French NIR with valid key',
    re: new RegExp(
      `${B}[12][\\s.]?\\d{2}[\\s.]?(?:0[1-9]|1[0-2]|[2-9]\\d)[\\s.]?(?:\\d{2}|2A|2B)[\\s.]?\\d{3}[\\s.]?\\d{3}[\\s.]?\\d{2}${E}`,
      'g',
    ),
    valid: (v) => nirValid(v.replace(/\./g, '')),
    labelled: 0.9,
    bare: 0.9,
  },
  {
    name: 'UK National Insurance number format',
    re: new RegExp(`${B}[A-Z]{2}\\s?\\d{2}\\s?\\d{2}\\s?\\d{2}\\s?[A-D]${E}`, 'g'),
    valid: ninoValid,
    context: wordsRe(['national insurance', 'NI number', 'NINO', 'NI no']),
    contextWindow: 50,
    labelled: 0.95,
    bare: 0.7,
  },
  {
    name: 'German Steuer-ID with valid check digit',
    re: new RegExp(`${B}[1-9]\\d(?:\\s?\\d){9}${E}`, 'g'),
    valid: steuerIdValid,
    context: wordsRe([
      'Steuer-ID',
      'Steuer-IdNr',
      'Steueridentifikationsnummer',
      'Steuer-Identifikationsnummer',
      'IdNr',
      'tax ID',
      'TIN',
      'Steuer ID',
    ]),
    contextWindow: 50,
    labelled: 0.95,
    bare: null,
    invalidLabelled: 0.6,
  },
  {
    name: 'Japanese My Number with valid check digit',
    re: /(?<![0-9])\d{4}[\s-]?\d{4}[\s-]?\d{4}(?![0-9])/g,
    valid: myNumberValid,
    context: wordsRe(['My Number'], ['マイナンバー', '個人番号']),
    contextWindow: 30,
    labelled: 0.95,
    bare: null,
    invalidLabelled: 0.6,
  },
  {
    name: 'Canadian SIN with valid Luhn check',
    re: new RegExp(`${B}\\d{3}([- ]?)\\d{3}\\1\\d{3}${E}`, 'g'),
    valid: sinValid,
    context: wordsRe([
      'SIN',
      'social insurance',
      'social insurance number',
      'NAS',
      "numéro d'assurance sociale",
    ]),
    contextWindow: 50,
    labelled: 0.95,
    bare: null,
  },
  {
    name: 'Irish PPS number with valid check letter',
    re: new RegExp(`${B}\\d{7}\\s?[A-W][ABHWTX]?${E}`, 'gi'),
    valid: ppsnValid,
    context: wordsRe(['PPS', 'PPSN', 'PPS number', 'personal public service']),
    contextWindow: 50,
    labelled: 0.95,
    bare: 0.8,
  },
  {
    name: 'Australian TFN with valid check digits',
    re: new RegExp(`${B}\\d{3}([- ]?)\\d{3}\\1\\d{2,3}${E}`, 'g'),
    valid: tfnValid,
    context: wordsRe(['TFN', 'tax file number', 'tax file no']),
    contextWindow: 50,
    labelled: 0.95,
    bare: null,
  },
  {
    name: 'Indian Aadhaar with valid Verhoeff check digit',
    re: new RegExp(`${B}[2-9]\\d{3}([- ]?)\\d{4}\\1\\d{4}${E}`, 'g'),
    valid: aadhaarValid,
    context: wordsRe(['Aadhaar', 'Aadhar', 'UIDAI', 'UID', 'Aadhaar number', 'Aadhaar card'], ['आधार']),
    contextWindow: 50,
    labelled: 0.95,
    bare: null,
  },
  {
    name: 'Australian Medicare number with valid check digit',
    re: new RegExp(`${B}[2-6]\\d{3}[\\s-]?\\d{5}[\\s-]?\\d(?:[\\s-]?\\d)?${E}`, 'g'),
    valid: medicareValid,
    context: wordsRe(['Medicare', 'Medicare card', 'Medicare number', 'Medicare no']),
    contextWindow: 100,
    labelled: 0.95,
    bare: null,
    invalidLabelled: 0.6,
  },
  {
    name: 'German ID card or passport number with valid check digit',
    re: new RegExp(`${B}(?=[0-9A-Z]*\\d)[0-9CFGHJKLMNPRTVWXYZ]{9}\\d?${E}`, 'g'),
    valid: germanDocumentValid,
    context: wordsRe([
      'Personalausweis',
      'Personalausweisnummer',
      'Ausweis',
      'Ausweisnummer',
      'Ausweis-Nr',
      'Perso',
      'Reisepass',
      'Reisepassnummer',
      'Passnummer',
      'Pass',
      'Dokumentennummer',
      'ID card',
    ]),
    contextWindow: 70,
    labelled: 0.95,
    bare: null,
    invalidLabelled: 0.7,
  },
  {
    name: 'Indian PAN in the format of a person’s card',
    re: new RegExp(`${B}[A-Z]{3}[PCHFATBLJG][A-Z]\\d{4}[A-Z]${E}`, 'g'),
    valid: panValid,
    context: wordsRe(['PAN', 'PAN card', 'PAN number', 'permanent account number']),
    contextWindow: 50,
    labelled: 0.95,
    bare: 0.6,
  },
];

const PASSPORT =
  /(?:passport (?:number|no\.?|#)|Reisepass(?:nummer)?|Passnummer|numéro de passeport|passeport|número de pasaporte|pasaporte|旅券番号|パスポート番号)\s*(?:is|ist|est|es|は)?\s*[:#]?\s*([A-Z0-9]{7,9})(?![A-Za-z0-9])/gi;

/**
 * A passport number told in a sentence about a passport ("Passport renewal done. Number V9614580",
 * "my passport got renewed, new number is 567213904"): the passport word up to 100 characters
 * before, and a value of the shapes passports are numbered in (one or two letters and 6-8
 * digits, 8-9 digits, or 9 letters and digits with at least four digits).
 */
const PASSPORT_WORD = /passport|pasaporte|passeport|Reisepass|パスポート|旅券/i;
const PASSPORT_NEAR =
  /(?:passport|pasaporte|passeport|Reisepass|パスポート|旅券)[^]{0,100}?(?<![A-Za-z0-9À-ÖØ-öø-ɏ_.,:/-])([A-Z]{1,2}\d{6,8}|\d{8,9}|(?=(?:[A-Z]*\d){4})[A-Z0-9]{9})(?![A-Za-z0-9À-ÖØ-öø-ɏ_]|[.,:/-]\d)/gi;

/** Documentation and sample values published by the issuers: nobody's number. */
const SAMPLE_IDS = new Set([
  '046454286',
  '123456782',
  '1234567T',
  '1234567TW',
  '999999999',
  'ABCDE1234F',
  // The specimen German ID cards (Erika Mustermann) of the old and the current design.
  'T22000129',
  'L01X00T47',
]);

/** Every label of the formats that need one, in one cheap test: most posts have none. */
const ANY_LABEL =
  /SSN|SS#|social|SIN|NAS|assurance|TFN|tax|Aadhaa?r|UID|आधार|Steuer|IdNr|TIN|My Number|マイナンバー|個人番号|Medicare|Ausweis|Perso|pass|Dokument|ID card/i;

export function detectGovId(text: string): PiiMatch[] {
  const out: PiiMatch[] = [];
  const anyLabel = ANY_LABEL.test(text);
  for (const f of FORMATS) {
    if (f.bare === null && !anyLabel) continue;
    // A format that needs its label cannot match in a post without it: one word-list pass over
    // the post is cheaper than the digit regex plus a look-behind at every candidate.
    // (Valid or not, such a format is only reported with its label.)
    if (f.bare === null && !f.context!.test(text)) continue;
    f.re.lastIndex = 0;
    for (let m = f.re.exec(text); m; m = f.re.exec(text)) {
      const bare = m[0].replace(/[\s-]/g, '');
      const labelled = f.context !== undefined && nearBefore(text, m.index, f.context, f.contextWindow ?? 50);
      const valid = f.valid(bare);
      let confidence: number | null;
      let reason = f.name;
      if (valid) confidence = labelled ? f.labelled : f.bare;
      else if (labelled && f.invalidLabelled !== undefined) {
        confidence = f.invalidLabelled;
        reason = `labelled ${f.name.replace(/ with valid.*$/, '')}, check digit wrong`;
      } else confidence = null;
      if (confidence === null) continue;
      if (SAMPLE_IDS.has(bare.toUpperCase())) {
        confidence = 0.2;
        reason += ' (published sample value)';
      } else if (
        near(text, m.index, m.index + m[0].length, EXAMPLE_CONTEXT, 40, 25) ||
        documentedSample(text, m.index, m.index + m[0].length)
      ) {
        confidence = 0.3;
        reason += ' (shown as an example)';
      } else if (labelled && f.bare !== null && f.bare !== f.labelled) reason += ', labelled';
      const found = match('gov-id', m.index, m.index + m[0].length, confidence, reason);
      out.push(valid ? found : unchecked(found));
    }
  }
  if (PASSPORT_WORD.test(text)) {
    PASSPORT_NEAR.lastIndex = 0;
    for (let m = PASSPORT_NEAR.exec(text); m; m = PASSPORT_NEAR.exec(text)) {
      const id = m[1] ?? '';
      const start = m.index + m[0].length - id.length;
      if (/^(?:19|20)\d\d$/.test(id) || /^(\d)\1+$/.test(id)) continue;
      const sample = documentedSample(text, start, start + id.length);
      out.push(
        unchecked(
          match(
            'gov-id',
            start,
            start + id.length,
            sample ? 0.3 : 0.75,
            sample
              ? 'passport-shaped number shown as an example'
              : 'passport number in a sentence about a passport',
          ),
        ),
      );
    }
  }
  PASSPORT.lastIndex = 0;
  for (let m = PASSPORT.exec(text); m; m = PASSPORT.exec(text)) {
    const id = m[1] ?? '';
    if (!/\d/.test(id)) continue;
    const start = m.index + m[0].length - id.length;
    out.push(unchecked(match('gov-id', start, start + id.length, 0.85, 'passport number after its label')));
  }
  return out;
}
