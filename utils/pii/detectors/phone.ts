/**
 * Phone numbers. Candidates are runs of digits and separators; most are then ruled out as dates,
 * year ranges, versions, IPs, ISBNs, prices, tracking or order numbers. What is left is checked by
 * libphonenumber-js ("min" metadata: small enough for the compose content script) against the
 * region its format points to, not only the US.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';
import type { PiiMatch } from '../types';
import {
  BUSINESS_CONTEXT,
  EXAMPLE_CONTEXT,
  NOT_MINE,
  PERSON_CUE,
  match,
  near,
  nearBefore,
  wordsRe,
} from '../text';
import { isbnValid } from '../checksums';

const CANDIDATE =
  /(?<![A-Za-z0-9À-ÖØ-öø-ɏ_.,/#@+-])(?:(?:\+|00)\s?)?(?:\(\d{1,5}\)[ \u00a0.-]?)?\d[\d \u00a0.\-/()]{4,20}\d(?![A-Za-z0-9À-ÖØ-öø-ɏ_]|[.,/-]\d)/g;

const PHONE_CONTEXT = wordsRe(
  [
    'call',
    'call me',
    'phone',
    'tel',
    'tel.',
    'telephone',
    'mobile',
    'cell',
    'number',
    'text me',
    'txt',
    'whatsapp',
    'signal',
    'telegram',
    'sms',
    'ring me',
    'dial',
    'Handy',
    'Handynummer',
    'Telefon',
    'Telefonnummer',
    'Nummer',
    'anrufen',
    'ruf',
    'ruft',
    'erreichbar',
    'melde',
    'meldet',
    'téléphone',
    'tél',
    'portable',
    'numéro',
    'appelle',
    'appelez',
    'appeler',
    'joindre',
    'teléfono',
    'móvil',
    'movil',
    'celular',
    'número',
    'llámame',
    'llamadme',
    'llamar',
    'escríbeme',
  ],
  ['電話', '携帯', '番号', 'TEL', '☎', '📞', '📱', 'ＴＥＬ', 'ライン'],
);

/** Numbers that are something else: a parcel, an order, a book, a case file. */
const OTHER_NUMBER_CONTEXT = wordsRe(
  [
    'tracking',
    'track',
    'parcel',
    'package',
    'shipment',
    'order',
    'invoice',
    'ticket',
    'case',
    'ISBN',
    'DOI',
    'arXiv',
    'issue',
    'commit',
    'build',
    'version',
    'release',
    'firmware',
    'serial',
    'model',
    'postcode',
    'zip',
    'IBAN',
    'BIC',
    'account',
    'routing',
    'ABA',
    'sort code',
    'BLZ',
    'SWIFT',
    'UPS',
    'DHL',
    'USPS',
    'FedEx',
    'Hermes',
    'GLS',
    'DPD',
    'Sendungsnummer',
    'Sendungsverfolgung',
    'Sendung',
    'Paket',
    'Bestellung',
    'Bestellnummer',
    'Rechnung',
    'Rechnungsnummer',
    'Vorgang',
    'Aktenzeichen',
    'Kundennummer',
    'Auftragsnummer',
    'suivi',
    'colis',
    'commande',
    'facture',
    'seguimiento',
    'pedido',
    'paquete',
    'envío',
    'factura',
    'population',
    'views',
    'downloads',
    'followers',
    'steps',
    'km',
    'Einwohner',
    'habitants',
    'habitantes',
    'Schritte',
    'pasos',
    'pas',
  ],
  ['追跡', '注文', '伝票', 'お問い合わせ番号', '人口', '歩'],
);
const CURRENCY_BEFORE = /[$€£¥₹]\s?$|(?:USD|EUR|GBP|JPY|CHF)\s?$/;
const CURRENCY_AFTER = /^\s?(?:[$€£¥円]|USD|EUR|GBP|JPY|CHF|Euro|euros?|dollars?|yen)/i;

/** Free-phone and premium-rate prefixes belong to businesses. */
const BUSINESS_PREFIX =
  /^(?:(?:0120|0570|0800|0180\d?|0900)[\s-]|(?:\+?1[\s.-]?)?\(?8(?:00|88|77|66|55|44|33)\)?[\s.-])/;

interface Shape {
  re: RegExp;
  region: CountryCode;
  score: number;
  what: string;
}

/**
 * National formats as people write them, per region (the number plans' published shapes). The
 * shape picks the region libphonenumber validates against and sets how confident a number without
 * a context word is. Order matters where shapes overlap: the post's language hint is tried first.
 */
const SHAPES: Shape[] = [
  { re: /^01[5-7]\d[\s/-]?\d{3,4}[\s-]?\d{3,5}$/, region: 'DE', score: 0.7, what: 'German mobile number' },
  { re: /^0[67](?:[\s.-]?\d{2}){4}$/, region: 'FR', score: 0.7, what: 'French mobile number' },
  { re: /^0[1-59](?:[\s.-]?\d{2}){4}$/, region: 'FR', score: 0.5, what: 'French landline number' },
  { re: /^0[789]0[\s-]?\d{4}[\s-]?\d{4}$/, region: 'JP', score: 0.7, what: 'Japanese mobile number' },
  { re: /^0\d{1,4}-\d{1,4}-\d{4}$/, region: 'JP', score: 0.5, what: 'Japanese phone number' },
  { re: /^07\d{3}[\s-]?\d{3}[\s-]?\d{3}$/, region: 'GB', score: 0.7, what: 'UK mobile number' },
  {
    re: /^(?:\(0\d{2,4}\)\s?|0[1-3]\d{1,3}[\s-])\d{3,4}[\s-]?\d{3,4}$/,
    region: 'GB',
    score: 0.5,
    what: 'UK landline number',
  },
  {
    re: /^(?:1[\s.-])?(?:\(\d{3}\)\s?|\d{3}[-.\s])\d{3}[-.\s]\d{4}$/,
    region: 'US',
    score: 0.6,
    what: 'North American phone number',
  },
  { re: /^08[35-9][\s-]?\d{3}[\s-]?\d{4}$/, region: 'IE', score: 0.6, what: 'Irish mobile number' },
  { re: /^04\d{2}[\s-]?\d{3}[\s-]?\d{3}$/, region: 'AU', score: 0.6, what: 'Australian mobile number' },
  {
    re: /^(?:\(0[2378]\)\s?|0[2378][\s-])\d{4}[\s-]?\d{4}$/,
    region: 'AU',
    score: 0.5,
    what: 'Australian landline number',
  },
  { re: /^0?[6-9]\d{4}[\s-]?\d{5}$/, region: 'IN', score: 0.55, what: 'Indian mobile number' },
  {
    re: /^[67]\d{2}(?:[\s.-]?\d{3}[\s.-]?\d{3}|(?:\s\d{2}){3})$/,
    region: 'ES',
    score: 0.5,
    what: 'Spanish mobile number',
  },
  { re: /^\(?0\d{1,2}\)?[\s-]?\d{3}[\s-]?\d{4}$/, region: 'IE', score: 0.45, what: 'Irish landline number' },
  {
    re: /^0\d{2,4}[\s/-]\d{3,9}(?:[\s-]\d{1,5})?$/,
    region: 'DE',
    score: 0.45,
    what: 'phone number with area code',
  },
];

/** English is written in all these regions: an English post's number is tried in each. */
const ENGLISH_REGIONS: readonly CountryCode[] = ['US', 'GB', 'CA', 'IE', 'AU', 'IN', 'NZ'];

/**
 * Ranges set aside for fiction and documentation (Ofcom's drama numbers, NANP 555-01xx, ACMA's
 * 0491 570 …): libphonenumber calls them invalid, yet in a post they stand for a real number the
 * way any example does, so the shape decides; the example words below still lower them.
 */
const FICTION_RANGE =
  /^(?:07700[\s-]?900\d{3}|0(?:20[\s-]?7946|113[\s-]?496|114[\s-]?496|115[\s-]?496|116[\s-]?496|117[\s-]?496|118[\s-]?496|121[\s-]?496|131[\s-]?496|141[\s-]?496|151[\s-]?496|161[\s-]?496|191[\s-]?498)[\s-]?0?\d{3,4}|(?:1[\s.-])?\(?\d{3}\)?[\s.-]?555[\s.-]?01\d\d|04[\s-]?91[\s-]?57[\s-]?0\d{3}|0491[\s-]?57[01][\s-]?\d{3})$/;

/**
 * The poster gives the number as theirs or a contact's: "text me on", "my cell", "erreichst du
 * mich unter", "mon portable", "mi móvil", 私の番号. This outweighs an order or business word
 * nearby ("for the meetup pizza order, text me on …").
 */
const PERSONAL_PHONE = wordsRe(
  [
    'call me',
    'text me',
    'ring me',
    'phone me',
    'message me',
    'reach me',
    'whatsapp me',
    'me on',
    'me at',
    'my number',
    'my cell',
    'my mobile',
    'my phone',
    'my new number',
    'mich unter',
    'mich auf',
    'mir unter',
    'meine Nummer',
    'meine Handynummer',
    'mein Handy',
    'meine neue Nummer',
    'ruf mich',
    'ruft mich',
    'schreib mir',
    'erreichst du mich',
    'erreicht ihr mich',
    'appelle-moi',
    'appelez-moi',
    'écris-moi',
    'me joindre',
    'mon numéro',
    'mon portable',
    'mon nouveau numéro',
    'moi au',
    'llámame',
    'escríbeme',
    'mi número',
    'mi móvil',
    'mi teléfono',
    'mi nuevo número',
  ],
  ['私の番号', '私の携帯', '僕の番号', '僕の携帯', '連絡は', '電話して', '携帯は'],
);

const LANG_REGION: Record<string, CountryCode> = { en: 'US', de: 'DE', fr: 'FR', es: 'ES', ja: 'JP' };

export function detectPhone(text: string, language: string | null, aboutAuthor = false): PiiMatch[] {
  const out: PiiMatch[] = [];
  let personCue: boolean | undefined;
  CANDIDATE.lastIndex = 0;
  for (let m = CANDIDATE.exec(text); m; m = CANDIDATE.exec(text)) {
    let value = m[0];
    // A candidate may swallow a trailing ")" or "(": keep brackets balanced.
    while (/[\s(/.-]$/.test(value)) value = value.slice(0, -1);
    if (value.endsWith(')') && !value.includes('(')) value = value.slice(0, -1);
    const start = m.index;
    const end = start + value.length;
    const digits = value.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) continue;
    if (isNotAPhone(value, digits)) continue;
    if (CURRENCY_BEFORE.test(text.slice(Math.max(0, start - 4), start))) continue;
    if (CURRENCY_AFTER.test(text.slice(end, end + 8))) continue;
    const other = near(text, start, end, OTHER_NUMBER_CONTEXT, 40, 15);
    const personal = nearBefore(text, start, PERSONAL_PHONE, 45);
    if (other && !personal) continue;

    const international = /^(?:\+|00)/.test(value);
    const context = personal || nearBefore(text, start, PHONE_CONTEXT, 45);
    // Parsing costs ~15 µs, far more than everything else here: decide first whether the result
    // could matter. Business numbers are reported low without validation; unshaped national
    // digits without phone context could never pass the threshold.
    if (BUSINESS_PREFIX.test(value) || (!personal && near(text, start, end, BUSINESS_CONTEXT, 70, 40))) {
      out.push(match('phone', start, end, 0.3, 'phone-like number of a public business contact'));
      continue;
    }
    const hinted = language ? LANG_REGION[language.slice(0, 2).toLowerCase()] : undefined;
    // The post's language wins when several countries' formats fit (06-… is French and Japanese).
    const shape = international
      ? undefined
      : (SHAPES.find((s) => s.region === hinted && s.re.test(value)) ?? SHAPES.find((s) => s.re.test(value)));
    if (!international && !shape && !context) continue;
    // A weak shape without a context word stays under the threshold whatever the parse says.
    if (!international && shape && !context && shape.score < 0.5) continue;
    // In a post where nobody private appears the number is an organisation's, whatever the
    // parse says (so it is not parsed: ~15 µs saved).
    personCue ??= aboutAuthor || PERSON_CUE.test(text);
    if (!personal && !personCue) {
      out.push(match('phone', start, end, 0.3, 'phone-like number in a post where nobody private appears'));
      continue;
    }
    let confidence: number;
    let reason: string;
    if (international) {
      const parsed = parsePhoneNumberFromString(value.replace(/^00\s?/, '+'));
      if (!parsed || !parsed.isValid()) continue;
      confidence = 0.8;
      reason = `international phone number (${parsed.country ?? parsed.countryCallingCode})`;
    } else {
      const first =
        shape?.region === 'DE' && hinted && shape.score < 0.5 ? hinted : (shape?.region ?? hinted ?? 'US');
      // English is written in many regions: try the others whose national shape fits the value
      // (each parse costs ~15 µs), or, for a number with only a context word, the UK's.
      const english = !language || language.slice(0, 2).toLowerCase() === 'en';
      const regions = [first];
      if (english) {
        for (const sh of SHAPES)
          if (ENGLISH_REGIONS.includes(sh.region) && !regions.includes(sh.region) && sh.re.test(value))
            regions.push(sh.region);
        // With the US as default region, libphonenumber already places Canadian and other +1
        // numbers by their area code.
        if (!shape && !regions.includes('GB')) regions.push('GB');
      }
      let region: CountryCode | null = null;
      // Each parse costs ~15 µs: only numbers with a shape or a context word get here.
      for (const r of regions) {
        const parsed = parsePhoneNumberFromString(value, r);
        if (parsed && parsed.isValid()) {
          region = r;
          break;
        }
      }
      const fiction = region === null && shape !== undefined && FICTION_RANGE.test(value);
      if (region === null && !fiction) continue;
      region ??= shape!.region;
      confidence = shape ? shape.score : 0.3;
      if (shape?.region === 'ES' && hinted === 'ES') confidence += 0.1;
      reason = shape ? shape.what : `digits valid as a ${region} phone number`;
    }
    if (context) {
      confidence += 0.3;
      reason += ', with phone context';
    }
    if (near(text, start, end, EXAMPLE_CONTEXT, 40, 25)) {
      confidence = Math.min(confidence, 0.3);
      reason += ' (shown as an example)';
    } else if (near(text, start, end, NOT_MINE, 60, 60)) {
      confidence = Math.min(confidence, 0.3);
      reason += ' (said not to be the poster’s)';
    }
    out.push(match('phone', start, end, Math.min(confidence, 0.95), reason));
  }
  return out;
}

function isNotAPhone(value: string, digits: string): boolean {
  // Dates 12.03.1990, 2024-05-01, 3/14/2023; ranges 2019-2024, 10.00-18.00.
  if (/^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/.test(value)) return true;
  if (/^(?:19|20)\d\d\s?[-/–]\s?(?:19|20)?\d\d$/.test(value)) return true;
  if (/^\d{1,2}[.:]\d{2}\s?-\s?\d{1,2}[.:]\d{2}$/.test(value)) return true;
  // Versions and IPs: dots only, no spaces, not the French 06.12.34.56.78 style.
  // The US dotted style 202.555.0143 is a phone shape, not a version.
  if (
    /^\d+(?:\.\d+)+$/.test(value) &&
    !/^0\d(?:\.\d\d){4}$/.test(value) &&
    !/^(?:1\.)?\d{3}\.\d{3}\.\d{4}$/.test(value)
  )
    return true;
  // Thousands groupings: 1.234.567 or 1 234 567 (counts, amounts).
  if (
    /^\d{1,3}(?:[.,\u00a0 ]\d{3}){2,}$/.test(value) &&
    !/^0/.test(value) &&
    !/^\d{3} \d{3} \d{3}$/.test(value)
  )
    return true;
  if ((digits.length === 13 || digits.length === 10) && isbnValid(digits) && /^97[89]/.test(digits))
    return true;
  return false;
}
