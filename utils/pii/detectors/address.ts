/**
 * Street addresses in the usual shapes of the five languages: "221B Baker Street",
 * "Hauptstraße 12, 10115 Berlin", "12 rue de la Paix", "Calle Mayor 5", "東京都渋谷区神南1-2-3",
 * "〒150-0041". Venues, shops and offices are public places, not the poster's home.
 */
import type { PiiMatch } from '../types';
import { BUSINESS_CONTEXT, documentedSample, match, near, wordsRe } from '../text';

const CAP = "[A-ZÄÖÜÉÈÀÁÍÓÚÑÇ][\\p{L}'’.-]*";
/** A town name: capital then lowercase, so a US state code ("OR") is left for the state group. */
const CITY = "\\p{Lu}\\p{Ll}[\\p{L}'’.-]*";
/**
 * Street types and postcode shapes of the English-speaking countries, as data: the US and Canada
 * (state or province + ZIP or A1A 1A1), the UK (outward + inward code), Ireland (Eircode),
 * Australia (state + 4 digits). India's shape is its own rule below.
 */
const EN_STREET_TYPES = [
  'Street',
  'St',
  'Avenue',
  'Ave',
  'Road',
  'Rd',
  'Lane',
  'Ln',
  'Drive',
  'Dr',
  'Boulevard',
  'Blvd',
  'Court',
  'Ct',
  'Way',
  'Place',
  'Pl',
  'Terrace',
  'Tce',
  'Close',
  'Crescent',
  'Cres',
  'Gardens',
  'Grove',
  'Parkway',
  'Pkwy',
  'Highway',
  'Hwy',
  'Circle',
  'Cir',
  'Trail',
  'Row',
  'Mews',
  'Square',
  'Sq',
  'Parade',
  'Pde',
  'Esplanade',
  'Walk',
  'Rise',
  'Loop',
  'Alley',
  'Pike',
  'Quay',
  'Wynd',
  // Estates in Ireland and the UK are named like streets: "23 Glenageary Park", "22 Ashgrove Lawn".
  'Park',
  'Lawn',
  'Lawns',
  'View',
  'Green',
  'Heights',
  'Hill',
  'Vale',
  'Meadows',
  'Manor',
  'Glen',
  'Dale',
  'Brae',
  // Street words written first in Canada's French-speaking cities: "1192 Rue Beaudry".
];
/** "1192 Rue Beaudry", "318 Rue Saint-Ambroise": the number, then the street type and its name. */
const EN_TYPE_FIRST = ['Rue', 'Avenue', 'Boulevard', 'Chemin'];
const EN_POSTCODES = [
  String.raw`,?\s+[A-Z]{2}\s+\d{5}(?:-\d{4})?`,
  String.raw`,?\s+(?:[A-Z]{2},?\s+)?[ABCEGHJ-NPRSTVXY]\d[A-Z]\s?\d[A-Z]\d`,
  String.raw`,?\s+(?:NSW|VIC|QLD|SA|WA|TAS|NT|ACT)\s+\d{4}`,
  String.raw`,?\s+(?:Co\.?\s+[A-Z][a-z]+,?\s+)?(?:[AC-FHKNPRTV-Y]\d{2}|D6W)\s?[0-9AC-FHKNPRTV-Y]{4}`,
  String.raw`,?\s+[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}`,
];
const EN = new RegExp(
  `(?<![\\p{L}\\p{N}/])(?:\\d{1,4}\\/)?\\d{1,5}[A-Za-z]?,?\\s+(?:[NSEW]\\.?\\s+)?(?:(?:${CAP}|\\d{1,3}(?:st|nd|rd|th))\\s+){1,3}(?:${EN_STREET_TYPES.join('|')})\\.?(?![\\p{L}])(?:\\s+(?:NW|NE|SW|SE|N|S|E|W)\\.?(?![\\p{L}]))?(?:,?\\s+(?:Apt|Apartment|Unit|Suite|Flat|#)\\.?\\s*[A-Za-z0-9-]+)?(?:,\\s*${CITY}(?:\\s${CITY}){0,2}){0,3}(?:${EN_POSTCODES.join('|')})?`,
  'gu',
);
/** Canadian addresses with the street type first, then unit, city and province + postal code. */
const EN_CA_TYPE_FIRST = new RegExp(
  `(?<![\\p{L}\\p{N}/])\\d{1,5}[A-Za-z]?,?\\s+(?:${EN_TYPE_FIRST.join('|')})\\s+(?:de\\s+la\\s+|de\\s+|du\\s+|des\\s+)?${CAP}(?:[\\s-]${CAP}){0,2}(?:,?\\s+(?:apt|app|unit|suite|#)\\.?\\s*[A-Za-z0-9-]+)?(?:,\\s*${CITY}(?:\\s${CITY}){0,2}){0,2}(?:\\s*\\([^)]{2,20}\\))?(?:${EN_POSTCODES.join('|')})?`,
  'gu',
);
/** Indian addresses: a house or flat number, a road or locality, a city and the 6-digit PIN. */
const IN_ADDR = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?:Flat|House|H\\.?\\s?No\\.?|Plot|Door No\\.?|#)\\s*)?[0-9]{1,4}[A-Z]?(?:[/-][0-9A-Z]{1,4})?,\\s*(?:[\\p{L}0-9.'’-]+\\s+){0,4}(?:Road|Rd|Marg|Nagar|Colony|Layout|Street|Main|Cross|Sector|Block|Phase|Lane|Enclave|Vihar|Bagh|Puram)\\.?(?:,\\s*[\\p{L}0-9.'’ -]{2,30}){0,3}?,?\\s*(?:-\\s*)?[1-9]\\d{2}\\s?\\d{3}(?![\\p{N}])`,
  'gu',
);
/**
 * Indian addresses without a road word: a flat or house number, two to five comma-separated
 * parts (building, locality, city) and the 6-digit PIN at the end ("B-704, Lodha Palava,
 * Dombivli East, Thane 421204", "Flat 402, Sai Krupa Apartments, 14th Cross, …, Bengaluru 560038").
 */
const IN_PIN = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?:Flat|House|H\\.?\\s?No\\.?|Plot|Door No\\.?|#)\\s*)?[A-Z]?-?[0-9]{1,4}[A-Z]?(?:[/-][0-9A-Z]{1,4})?,(?:\\s*[\\p{L}0-9.'’ -]{2,40},){1,5}\\s*\\p{Lu}[\\p{L}]{2,20}(?:\\s\\p{Lu}[\\p{L}]{2,20})?\\s*(?:-\\s*)?[1-9]\\d{2}\\s?\\d{3}(?![\\p{N}])`,
  'gu',
);
const PO_BOX =
  /(?<![\p{L}])P\.?\s?O\.?\s?Box\s+\d+|Postfach\s+\d+|Apartado(?: de correos)?\s+\d+|Boîte postale\s+\d+/gu;
const DE = new RegExp(
  `(?<![\\p{L}])(?:${CAP}(?:straße|strasse|str\\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|pfad)|${CAP}[\\s-](?:Straße|Strasse|Str\\.|Weg|Gasse|Platz|Allee|Ring|Damm|Ufer|Chaussee))\\s+\\d{1,4}\\s?[a-z]?(?:\\/\\d{1,3})?(?![\\p{L}\\p{N}])(?:,?\\s+\\d{4,5}\\s+${CAP}(?:\\s(?:an der|am|im)\\s${CAP})?)?`,
  'gu',
);
const FR = new RegExp(
  `(?<![\\p{L}\\p{N}])\\d{1,4}(?:\\s?(?:bis|ter))?,?\\s+(?:[Rr]ue|[Aa]venue|av\\.|[Bb]oulevard|bd|[Pp]lace|[Ii]mpasse|[Aa]llée|[Cc]hemin|[Qq]uai|[Rr]oute|[Cc]ours|[Pp]assage)\\s+(?:de\\s+la\\s+|de\\s+l['’]|du\\s+|des\\s+|de\\s+|d['’])?${CAP}(?:[\\s-](?:aux\\s|au\\s|des\\s|du\\s|de\\s)?${CAP}){0,3}(?:,\\s*(?:app\\.?|appt\\.?|apt\\.?|bât\\.?|bâtiment|esc\\.?|\\d{1,2}(?:e|er|ème))\\s*[A-Za-z0-9]*(?:\\s(?:gauche|droite|étage))?){0,2}(?:,?\\s+\\d{4,5}\\s+${CAP}|,\\s*${CITY}(?:\\s\\([^)]{2,20}\\))?\\s+[A-Z]\\d[A-Z]\\s?\\d[A-Z]\\d)?`,
  'gu',
);
const ES = new RegExp(
  `(?<![\\p{L}])(?:[Cc]alle|[Cc]/|[Aa]venida|[Aa]vda\\.?|[Aa]v\\.|[Pp]laza|[Pp]aseo|[Cc]amino|[Cc]arrer|[Rr]onda|[Tt]ravesía|[Rr]úa|[Pp]asaje|[Cc]arrera|[Jj]irón|[Dd]iagonal|[Tt]ransversal)\\s+(?:de\\s+(?:la\\s+|los\\s+|las\\s+)?|del\\s+|do\\s+|da\\s+|dos\\s+|das\\s+|d['’])?${CAP}(?:\\s${CAP}){0,3},?\\s*(?:n[º°o]\\.?\\s*)?\\d{1,5}[A-Z]?(?:\\s?#\\s?\\d{1,3}-\\d{1,3})?(?![\\p{N}])(?:,\\s*(?:\\d{1,2}[º°ªnra]{1,2}\\s?(?:\\d{1,2}[ªºa]|[A-Z])?|bajo|piso\\s\\d+|dep(?:to|a)?\\.?\\s?\\d+\\w?|dpto\\.?\\s?\\d+\\w?|apto\\.?\\s?\\d+\\w?|int\\.?\\s?\\d+|puerta\\s\\d+)){0,2}(?:,\\s*(?:Col\\.\\s)?${CAP}(?:\\s${CAP}){0,3}){0,3}?(?:,?\\s+\\d{5}(?:\\s+${CAP})?)?`,
  'gu',
);
const JA =
  /(?:〒\s?[0-9０-９]{3}[-－ー][0-9０-９]{4}\s*)?(?:東京都|北海道|大阪府|京都府|[\u4e00-\u9fff]{2,3}県)[\u4e00-\u9fff\u3040-\u30ff]{1,12}?[市区町村郡][\u4e00-\u9fff\u3040-\u30ff]{0,10}?[0-9０-９一二三四五六七八九十]{1,3}(?:丁目|[-－ー−])[0-9０-９]{1,4}(?:番地?|[-－ー−])?(?:[0-9０-９]{1,4}号?)?/gu;
/** "Am Markt 3, 04109 Leipzig": a street without a street-type word, so only with its postcode. */
const DE_PREP = new RegExp(
  `(?<![\\p{L}])(?:Am|An der|An den|Im|In der|Auf dem|Auf der|Zum|Zur|Unter den)\\s${CAP}(?:\\s${CAP})?\\s+\\d{1,4}\\s?[a-z]?,?\\s+\\d{5}\\s+${CAP}`,
  'gu',
);
/** Belgian and Swiss French put the number after the street: "Rue de la Paix 12, 1000 Bruxelles". */
const FR_AFTER = new RegExp(
  `(?<![\\p{L}])(?:[Rr]ue|[Aa]venue|[Bb]oulevard|[Pp]lace|[Cc]hemin|[Aa]llée|[Ii]mpasse|[Qq]uai|[Rr]oute)\\s+(?:de\\s+la\\s+|de\\s+l['’]|du\\s+|des\\s+|de\\s+|d['’])?${CAP}(?:[\\s-]${CAP}){0,3},?\\s+\\d{1,4}(?:\\s?(?:bis|ter))?(?![\\p{L}\\p{N}])(?:,?\\s+\\d{4,5}\\s+${CAP})?`,
  'gu',
);
/** A ward or city and a block number without the prefecture: "渋谷区神宮前1丁目2番3号", "大阪市北区梅田1-2-3". */
const JA_CITY =
  /[\u4e00-\u9fff]{1,4}[市区][\u4e00-\u9fff\u3040-\u30ff]{1,10}?(?:[0-9０-９]{1,2}丁目[0-9０-９]{1,3}(?:番地?|[-－ー−])(?:[0-9０-９]{1,4}号?)?|[0-9０-９]{1,2}[-－ー−][0-9０-９]{1,3}[-－ー−][0-9０-９]{1,4})/gu;
const JA_POSTAL = /〒\s?[0-9０-９]{3}[-－ー][0-9０-９]{4}/gu;

/** German compounds ending like a street type that are rankings or spots, not streets. */
const NOT_A_STREET =
  /^(?:Tabellen|Listen|Start|Park|Sitz|Stell|Arbeits|Studien|Kita|Ausbildungs|Camping|Spiel|Zelt|Sport|Tor)platz/i;

/** The English words both lists below start from: someone saying where they live. */
const LIVE_HERE = [
  'I live',
  'we live',
  'my address',
  'our address',
  'my place',
  'my flat',
  'my apartment',
  'my house',
];

/** Said to be where the poster or a private person lives: enough against a business word nearby. */
const OWN_HOME = wordsRe(
  [
    ...LIVE_HERE,
    'at mine',
    'at ours',
    'mine is',
    "we've moved",
    'we moved',
    "I've moved",
    'new place',
    'new flat',
    'housewarming',
    'wohne',
    'wohn',
    'wohnen',
    'meine Adresse',
    'unsere Adresse',
    'bei mir',
    'bei uns',
    'zu mir',
    'zu uns',
    "j'habite",
    'j’habite',
    'nous habitons',
    'mon adresse',
    'notre adresse',
    'la mienne',
    'chez moi',
    'chez nous',
    'on déménage',
    'crémaillère',
    'vivo',
    'vivimos',
    'mi dirección',
    'nuestra dirección',
    'mi casa',
    'en casa',
    'la casa',
    'depa',
    'inauguración',
  ],
  ['自宅', '住んで', 'うち', '我が家', '実家'],
);
const HOME_CONTEXT = wordsRe(
  [
    ...LIVE_HERE,
    'come over',
    'send',
    'ship',
    'deliver',
    'post it',
    'mail it',
    'send it to',
    'ship to',
    'drop by',
    'at mine',
    'home',
    'moved to',
    'wohne',
    'wohnen',
    'meine Adresse',
    'unsere Adresse',
    'bei mir',
    'zu mir',
    'Wohnung',
    'schickt',
    'schick',
    'umgezogen',
    "j'habite",
    'nous habitons',
    'mon adresse',
    'chez moi',
    'chez nous',
    'envoyez',
    'vivo',
    'vivimos',
    'mi dirección',
    'mi casa',
    'en casa',
    'mandadlo',
    'mandadme',
    'mándame',
    'mandad',
    'envíalo',
    'enviad',
    'envíame',
    'mudé',
    'envoyez',
    'envoie',
    'schickt',
    'schick',
    // Directions to a door: a floor, a bell, "I'm in all day" (an address told in running text).
    "I'm in",
    'I’m in',
    'floor',
    'buzz me',
    'doorbell',
    'ring the bell',
    'drop it',
    'drop it off',
    'leave it',
    'come by',
    'swing by',
    'étage',
    'je suis au',
    'sonnez',
    'Stock',
    'Hinterhaus',
    'Vorderhaus',
    'klingel*',
    'piso',
    'planta',
    'estoy en',
    'timbre',
    'dejadlo',
    'déjalo',
    'déjamelo',
    'new address',
    'change of address',
    'address update',
    'moved',
    'moving',
    'porch',
    'packages',
    'parcel',
    'garage sale',
    'yard sale',
    'Christmas cards',
    'neue Adresse',
    'Wohnungsübergabe',
    'Lieferant',
    'nouvelle adresse',
    'livraison',
    'colis',
    'nueva dirección',
    'envíos',
    'repartidor',
    'paquete',
  ],
  ['住所', '自宅', '住んで', '引っ越し', '送って', 'うち', '階', '号室'],
);
const PUBLIC_CONTEXT = wordsRe([
  'meetup',
  'conference',
  'event',
  'concert',
  'exhibition',
  'festival',
  'workshop',
  'talk',
  'demo',
  'protest',
  'rally',
  'Demo',
  'Treffen',
  'Veranstaltung',
  'Konzert',
  'Ausstellung',
  'Stammtisch',
  'Kundgebung',
  'rencontre',
  'conférence',
  'manifestation',
  'exposition',
  'salon',
  'quedada',
  'concierto',
  'exposición',
  'manifestación',
  'charla',
  'Sherlock',
  'historic',
  'famous',
  'birthplace',
  'Geburtshaus',
  'museum',
  'where',
  'school',
  'école',
  'public',
  'Messe',
  'Halle',
  'Stand',
  'display homes',
  'open house',
  'registered office',
  'Büro',
  'Kanzlei',
  'Gîte',
  'Fromagerie',
  'Clínica',
  'Hôtel',
  'Librería',
  'Palais',
  'GmbH',
  '都庁',
  '庁',
  '代表',
  // Japanese venues, shops and offices.
  '会場',
  'オフィス',
  '薬局',
  '処',
  '営業',
  '予約',
  '入館',
  '入場',
  '駅',
  'お越しください',
  '公式',
  '店',
]);

const RULES: Array<[RegExp, RegExp, string, number]> = [
  [EN, new RegExp(`(?:${EN_STREET_TYPES.join('|')})(?![a-z])`), 'street address', 0.45],
  [EN_CA_TYPE_FIRST, /(?:Rue|Avenue|Boulevard|Chemin) /, 'street address (Canada)', 0.45],
  [IN_PIN, /[1-9]\d{2}\s?\d{3}(?!\d)/, 'Indian address with PIN code', 0.5],
  [
    IN_ADDR,
    /Road|Rd|Marg|Nagar|Colony|Layout|Street|Main|Cross|Sector|Block|Phase|Lane|Enclave|Vihar|Bagh|Puram/,
    'Indian street address with PIN code',
    0.55,
  ],
  [
    DE,
    /(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|pfad)\s*\d/i,
    'German street address',
    0.45,
  ],
  [
    FR,
    /(?:rue|avenue|av\.|boulevard|bd|place|impasse|allée|chemin|quai|route|cours|passage)\s/i,
    'French street address',
    0.45,
  ],
  [
    ES,
    /(?:calle|c\/|avenida|avda\.?|plaza|paseo|camino|carrer|ronda|travesía)\s/i,
    'Spanish street address',
    0.45,
  ],
  [DE_PREP, /(?:Am|An|Im|In|Auf|Zum|Zur|Unter) \S+(?: \S+)? \d/, 'German street address', 0.45],
  [
    FR_AFTER,
    /(?:rue|avenue|boulevard|place|chemin|allée|impasse|quai|route)\s/i,
    'French street address',
    0.45,
  ],
  [JA, /[都道府県]/, 'Japanese address (prefecture, city, block)', 0.7],
  [JA_CITY, /[市区]/, 'Japanese address (city or ward, block)', 0.6],
  [JA_POSTAL, /〒/, 'Japanese postal code', 0.55],
  [PO_BOX, /Box|Postfach|Apartado|Boîte/, 'post office box', 0.65],
];

export function detectAddress(text: string): PiiMatch[] {
  const out: PiiMatch[] = [];
  // Every address has a number; each shape also has a cheap keyword gate.
  if (!/[0-9０-９一二三四五六七八九十]/.test(text)) return out;
  for (const [re, gate, reason, base] of RULES) {
    if (!gate.test(text)) continue;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].replace(/[\s.,]+$/, '').length;
      if (re === DE && NOT_A_STREET.test(m[0])) continue;
      let confidence = base;
      let why = reason;
      // A bare "10 Downing Street" is as often a landmark as a home; a postcode or flat number
      // after the street makes it a full postal address.
      if (
        /\d{5}|\d[A-Z]{2}$|(?:NSW|VIC|QLD|SA|WA|TAS|NT|ACT)\s+\d{4}$|[A-Z]\d[A-Z]\s?\d[A-Z]\d$|[A-Z]\d{2}\s?[0-9A-Z]{4}$|(?:Apt|Apartment|Unit|Suite|Flat|#)\.?\s*[A-Za-z0-9]|\d{1,2}º|^\d{1,4}\//.test(
          m[0].slice(6),
        ) ||
        /^\d{1,4}\//.test(m[0])
      )
        confidence += 0.15;
      if (near(text, start, end, OWN_HOME, 80, 40)) {
        confidence += 0.3;
        why += ', said to be a home';
      } else if (
        near(text, start, end, PUBLIC_CONTEXT, 80, 40) ||
        near(text, start, end, BUSINESS_CONTEXT, 80, 40) ||
        documentedSample(text, start, end)
      ) {
        confidence = 0.3;
        why += ' of a public venue or business';
      } else if (near(text, start, end, HOME_CONTEXT, 60, 20)) {
        confidence += 0.3;
        why += ', with home context';
      }
      out.push(match('street-address', start, end, Math.min(confidence, 0.95), why));
    }
  }
  return out;
}
