/**
 * Small text helpers shared by the detectors. JavaScript's `\b` only knows ASCII letters, so
 * "café" or "Straße" would break at the accent; these build Unicode-aware boundaries instead.
 * Japanese has no spaces at all, so CJK terms are matched without any boundary.
 */
import type { PiiKind, PiiMatch } from './types';

/** Not preceded by a letter, digit or underscore (Unicode-aware `\b` before a word; needs the `u` flag). */
export const WB = '(?<![\\p{L}\\p{N}_])';
/** Not followed by a letter, digit or underscore. */
export const WE = '(?![\\p{L}\\p{N}_])';
/**
 * The same boundaries spelled out for Latin scripts, for regexes without the `u` flag (V8 runs
 * those about three times faster; context lists run on every candidate).
 */
const LATIN = 'A-Za-z0-9_À-ÖØ-öø-ɏ';
const WE_LATIN = `(?![${LATIN}])`;

export function countDigits(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A context word list. Latin words get Unicode-aware word boundaries, a trailing `*` allows any
 * word ending (`diagnos*`), spaces match any run of whitespace; CJK terms are plain substrings.
 * The start boundary is checked in code rather than by a leading lookbehind, which would stop V8
 * from scanning ahead for the words' first letters (these lists run on every candidate value).
 */
export class WordList {
  private readonly re: RegExp;
  /**
   * @param inHostnames whether a word inside a host name counts (`sketchy.example`, `@example.org`):
   * for the example guard it must not, or every mention of a server named so hides a real value.
   */
  constructor(
    latin: readonly string[],
    cjk: readonly string[] = [],
    private readonly inHostnames = true,
  ) {
    const parts: string[] = [];
    if (latin.length > 0) {
      const alts = latin
        .map((w) => {
          const open = w.endsWith('*');
          const body = escape(open ? w.slice(0, -1) : w).replace(/ /g, '\\s+');
          return open ? `${body}[A-Za-zÀ-ÖØ-öø-ɏ]*` : body;
        })
        .join('|');
      parts.push(`(?:${alts})${WE_LATIN}`);
    }
    if (cjk.length > 0) parts.push(`(?:${cjk.map(escape).join('|')})`);
    this.re = new RegExp(parts.join('|'), 'gi');
  }

  test(s: string): boolean {
    this.re.lastIndex = 0;
    for (let m = this.re.exec(s); m; m = this.re.exec(s)) {
      const before = s.charCodeAt(m.index - 1);
      const inHostname =
        !this.inHostnames &&
        (/[.@]/.test(s.charAt(m.index - 1)) || /^\.[A-Za-z]/.test(s.slice(m.index + m[0].length)));
      if (
        !inHostname &&
        (m.index === 0 ||
          !LATIN_CHAR.test(String.fromCharCode(before)) ||
          !/^[A-Za-zÀ-ÖØ-öø-ɏ0-9_]/.test(m[0]))
      )
        return true;
      this.re.lastIndex = m.index + 1;
    }
    return false;
  }
}

const LATIN_CHAR = new RegExp(`[${LATIN}]`);

export function wordsRe(latin: readonly string[], cjk: readonly string[] = [], inHostnames = true): WordList {
  return new WordList(latin, cjk, inHostnames);
}

/** Tests `re` against the text just before `start` and just after `end`. */
export function near(
  text: string,
  start: number,
  end: number,
  re: { test(s: string): boolean },
  before = 60,
  after = 30,
): boolean {
  const left = text.slice(Math.max(0, start - before), start);
  if (re.test(left)) return true;
  if (after <= 0) return false;
  return re.test(text.slice(end, end + after));
}

/** Only the text before a match (context words almost always precede the value). */
export function nearBefore(
  text: string,
  start: number,
  re: { test(s: string): boolean },
  before = 60,
): boolean {
  return re.test(text.slice(Math.max(0, start - before), start));
}

export function clamp01(n: number): number {
  return Math.max(0, Math.min(1, Math.round(n * 100) / 100));
}

export function match(
  kind: PiiKind,
  start: number,
  end: number,
  confidence: number,
  reason: string,
): PiiMatch {
  return { kind, start, end, confidence: clamp01(confidence), reason };
}

/**
 * Structured matches found by shape and label alone, without a check digit or number-plan check
 * (a labelled account number, a tax ID whose check digit is wrong, a passport). When such a
 * match and a validated one of another kind claim the same digits, the validated one wins: a
 * valid German mobile number next to the word "Steuer-ID" is a phone number.
 */
const UNCHECKED = new WeakSet<PiiMatch>();
export function unchecked(m: PiiMatch): PiiMatch {
  UNCHECKED.add(m);
  return m;
}
export function isUnchecked(m: PiiMatch): boolean {
  return UNCHECKED.has(m);
}

/** Full-width digits (common in Japanese text) to ASCII, keeping the string length. */
export function asciiDigits(s: string): string {
  return s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

export function digitsOnly(s: string): string {
  return asciiDigits(s).replace(/\D/g, '');
}

/**
 * Public business and institution contacts: the issue asks us to decide how to treat quotes of
 * them. Rule (README): they are not the poster's personal info, so any value whose nearby
 * context names an organisation, office, shop, hotline or venue drops below the default threshold.
 */
export const BUSINESS_CONTEXT = wordsRe(
  [
    'office',
    'hotline',
    'helpline',
    'customer service',
    'customer support',
    'support team',
    'reception',
    'front desk',
    'city hall',
    'town hall',
    'council',
    'embassy',
    'consulate',
    'clinic',
    'hospital',
    'restaurant',
    'shop',
    'store',
    'bakery',
    'company',
    'headquarters',
    'press contact',
    'press office',
    'opening hours',
    'open daily',
    'venue',
    'museum',
    'library',
    'bookshop',
    'box office',
    'tickets',
    'booking',
    'reservations',
    'orders',
    'for orders',
    'complaints',
    'switchboard',
    'info line',
    'information line',
    'emergency line',
    'status line',
    'booking line',
    'appointment line',
    'reservation line',
    'truck line',
    'catering',
    'food truck',
    'plumbing',
    'pharmacy',
    'tearoom',
    'tourist info',
    'tourist office',
    'DMV',
    'Manufaktur',
    'Apotheke',
    'Touristinfo',
    'Tourist-Info',
    'Hausarztpraxis',
    'Arztpraxis',
    'Zahnarztpraxis',
    'Werkstatt',
    'atelier',
    'pharmacie',
    'office de tourisme',
    'farmacia',
    'taller',
    'oficina de turismo',
    'commandes',
    'réclamations',
    'pedidos',
    'reclamaciones',
    'Bestellungen',
    'Beschwerden',
    'pizza',
    'pizzeria',
    'takeaway',
    'they deliver',
    'delivery service',
    'hotel',
    'salon',
    'barber',
    'plumber',
    'taxi',
    'charity',
    'donations',
    'donate',
    'foundation',
    'association',
    'non-profit',
    'nonprofit',
    'Rathaus',
    'Bürgeramt',
    'Bürgerbüro',
    'Amt',
    'Behörde',
    'Kundenservice',
    'Kundendienst',
    'Praxis',
    'Geschäft',
    'Laden',
    'Firma',
    'Verein',
    'Öffnungszeiten',
    'Zentrale',
    'Pressestelle',
    'Spendenkonto',
    'Spenden',
    'Veranstaltungsort',
    'Stadtverwaltung',
    'mairie',
    'bureau',
    'service client',
    'accueil',
    'boutique',
    'magasin',
    'entreprise',
    'cabinet',
    'horaires',
    'association',
    'dons',
    'ayuntamiento',
    'oficina',
    'atención al cliente',
    'tienda',
    'empresa',
    'consultorio',
    'horario',
    'donaciones',
    'asociación',
  ],
  [
    '窓口',
    '受付',
    '事務所',
    '市役所',
    '区役所',
    '店舗',
    'お問い合わせ',
    '問い合わせ',
    '営業時間',
    '診療時間',
    '予約制',
    '歯医者',
    'クリニック',
    '医院',
    'カスタマー',
    '会社',
    '公式',
  ],
);

/** "Not mine, relax", "Public number, not mine!", "pas la mienne": the poster disowns the value. */
export const NOT_MINE = wordsRe([
  'not mine',
  'nicht meine',
  'nicht meins',
  'pas la mienne',
  'pas le mien',
  'pas à moi',
  'no es mía',
  'no es mío',
  'no es la mía',
  'no es el mío',
  'public number',
  'not a real',
  'not real',
  'keine echte',
  'kein echter',
  'kein echtes',
  'pas une vraie',
  'no es real',
]);

/** A value shown as an example or a placeholder is nobody's (the structured kinds share this guard). */
const EXAMPLE_WORDS = [
  'example',
  'for example',
  'e.g.',
  'sample',
  'placeholder',
  'dummy',
  'fake',
  'fictional',
  'test number',
  'Beispiel',
  'z.B.',
  'zum Beispiel',
  'Beispielnummer',
  'exemple',
  'par exemple',
  'ejemplo',
  'por ejemplo',
];
const EXAMPLE_CJK = ['例', '例えば', 'サンプル', 'ダミー'];
export const EXAMPLE_CONTEXT = wordsRe(EXAMPLE_WORDS, EXAMPLE_CJK, false);

/**
 * Documentation and test words: with a checksummed value (card, IBAN, national ID) they say the
 * value is a published sample ("Sample IBAN from the bank's help page is …", "their docs list …
 * as a test Visa", "Testdaten laut Doku", "numéro de sécu d'exemple … Fictif").
 */
/** Fiction and tutorials: a character's password or a tutorial's key is nobody's. */
const FICTION_WORDS = [
  'fiction',
  'novel',
  'ficción',
  'novela',
  'roman policier',
  'Krimi',
  'thriller',
  'tutorial',
  'tuto',
];
const EXAMPLE_OR_FICTION = wordsRe([...EXAMPLE_WORDS, ...FICTION_WORDS], EXAMPLE_CJK, false);

/**
 * An example or a story, in the value's sentence: for secrets, where test and staging words do
 * not help (a test server's password is still a secret).
 */
export function exampleOrFiction(text: string, start: number, end: number): boolean {
  const [before, after] = sentenceAround(text, start, end);
  return EXAMPLE_OR_FICTION.test(`${before} ${after}`);
}

const DOC_WORDS = [
  'test',
  'testing',
  'tests',
  'sandbox',
  'staging',
  'docs',
  'documentation',
  'developer',
  'help page',
  'tutorial',
  'template',
  'Vorlage',
  'modèle',
  'plantilla',
  'fictitious',
  'fictional',
  'made-up',
  'made up',
  'Test*',
  'Doku',
  'Muster*',
  'Dokumentation',
  'Anleitung',
  'fiktiv',
  'erfunden',
  'fictif',
  'fictive',
  'exemple',
  'prueba',
  'pruebas',
  'muestra',
  'documentación',
  'ficticio',
  'ficticia',
  ...FICTION_WORDS,
];
/** The example and the documentation words in one list: one pass over a value's sentence. */
const DOC_CONTEXT = wordsRe(
  [...EXAMPLE_WORDS, ...DOC_WORDS],
  [...EXAMPLE_CJK, 'テスト', '架空', 'ドキュメント', 'サンドボックス'],
  false,
);

/** The sentence around a value (80 characters before, 40 after, cut at sentence ends). */
function sentenceAround(text: string, start: number, end: number): [string, string] {
  const left = text.slice(Math.max(0, start - 100), start);
  const right = text.slice(end, end + 60);
  // A full stop ends a sentence only before a capital ("geb. 12.08.1983" is one phrase).
  let cut = -1;
  for (let i = left.length - 1; i >= 0 && cut < 0; i--) {
    const c = left[i]!;
    if ('!?。！？\n'.includes(c) || (c === '.' && /^\s+\p{Lu}/u.test(left.slice(i + 1, i + 4)))) cut = i;
  }
  const stop = right.search(/[!?。！？\n]|\.(?=\s+\p{Lu}|\s*$)/u);
  return [cut < 0 ? left : left.slice(cut + 1), stop < 0 ? right : right.slice(0, stop + 1)];
}

/**
 * A published sample or test value: an example word anywhere in the value's sentence, a
 * documentation word there, or a disowning remark ("Not mine, relax.") right after it.
 */
export function documentedSample(text: string, start: number, end: number): boolean {
  const [before, after] = sentenceAround(text, start, end);
  // One pass over the sentence (the value itself replaced by a space keeps the two sides apart).
  const sentence = `${before} ${after}`;
  if (DOC_CONTEXT.test(sentence)) return true;
  return near(text, start, end, NOT_MINE, 0, 60);
}

/**
 * Somebody private is in the post: the poster (first person) or a relative. A number in a post
 * without either is an organisation's or a story's ("The DMV's number …", "Info line is …",
 * "Die Apotheke am Markt hat die Nummer …").
 */
export const PERSON_CUE = wordsRe(
  [
    'I',
    "I'm",
    'I’m',
    "I'll",
    'I’ll',
    'me',
    'my',
    'mine',
    'we',
    "we're",
    'we’re',
    'our',
    'us',
    'ich',
    'mich',
    'mir',
    'mein*',
    'wir',
    'uns',
    'unser*',
    'je',
    "j'",
    'j’',
    'moi',
    'mon',
    'ma',
    'mes',
    'nous',
    'notre',
    'nos',
    'yo',
    'mi',
    'mis',
    'nuestro',
    'nuestra',
    'estoy',
    'mum',
    'mom',
    'dad',
    'nan',
    'nana',
    'grandma',
    'grandpa',
    'sister',
    'brother',
    'wife',
    'husband',
    'partner',
    'son',
    'daughter',
    'Mama',
    'Papa',
    'Oma',
    'Opa',
    'Schwester',
    'Bruder',
    'Frau',
    'Mann',
    'maman',
    'papa',
    'mamie',
    'papi',
    'sœur',
    'frère',
    'mamá',
    'papá',
    'abuela',
    'abuelo',
    'hermana',
    'hermano',
    // The reader is asked to get in touch, or a new number is announced: a private contact.
    'text',
    'txt',
    'ring',
    'call',
    'whatsapp',
    'message',
    'new number',
    'new mobile',
    'new phone',
    'meldet euch',
    'melde dich',
    'meldet',
    'ruft',
    'ruf',
    'schreibt',
    'neue Nummer',
    'neue Handynummer',
    'Handy',
    'appelez',
    'appelle',
    'contactez',
    'écrivez',
    'nouveau numéro',
    'llamad',
    'llama',
    'escribid',
    'escribime',
    'escríbeme',
    'nuevo número',
  ],
  [
    '私',
    '僕',
    '俺',
    'うち',
    '母',
    '父',
    '妹',
    '弟',
    '姉',
    '兄',
    '夫',
    '妻',
    '娘',
    '息子',
    '実家',
    'ください',
    'お願いします',
    'まで',
    '新しい',
    '個人',
  ],
);
