/**
 * Latitude/longitude pairs (decimal with at least three decimals, ~100 m, or degrees-minutes-
 * seconds). Public places (summits, landmarks, venues) are not where the poster lives.
 */
import type { PiiMatch } from '../types';
import { BUSINESS_CONTEXT, match, near, wordsRe } from '../text';

const DECIMAL =
  /(?<![A-Za-z0-9À-ÖØ-öø-ɏ_.])([-+−]?\d{1,2}\.\d{3,})\s*°?\s*([NS])?\s*[,;/\s]\s*([-+−]?\d{1,3}\.\d{3,})\s*°?\s*([EWO])?(?![A-Za-z0-9À-ÖØ-öø-ɏ_]|\.\d)/g;
/** `lat 52.5200 lon 13.4050`, `latitude: 52.52, longitude: 13.405` */
const LABELLED =
  /(?<![A-Za-z])lat(?:itude)?\s*[:=]?\s*([-+−]?\d{1,2}\.\d{2,})\s*[,;/]?\s*(?:lon|lng|long|longitude)\s*[:=]?\s*([-+−]?\d{1,3}\.\d{2,})/gi;
const DMS =
  /\d{1,2}°\s?\d{1,2}['′]\s?(?:\d{1,2}(?:\.\d+)?["″]\s?)?[NS][,\s]+\d{1,3}°\s?\d{1,2}['′]\s?(?:\d{1,2}(?:\.\d+)?["″]\s?)?[EWO]/g;
const PUBLIC_PLACE = wordsRe(
  [
    'summit',
    'peak',
    'mount',
    'lighthouse',
    'landmark',
    'monument',
    'observatory',
    'cathedral',
    'airport',
    'station',
    'wreck',
    'crater',
    'epicenter',
    'epicentre',
    'earthquake',
    'Gipfel',
    'Berg',
    'Leuchtturm',
    'Denkmal',
    'Flughafen',
    'Bahnhof',
    'Erdbeben',
    'sommet',
    'phare',
    'aéroport',
    'gare',
    'séisme',
    'cumbre',
    'faro',
    'aeropuerto',
    'estación',
    'terremoto',
    'tower',
    'Eiffel',
    'bridge',
    'castle',
    'palace',
    'stadium',
    'temple',
    'shrine',
    'volcano',
    'waterfall',
    'national park',
    'Turm',
    'Brücke',
    'Schloss',
    'Burg',
    'Stadion',
    'tour',
    'pont',
    'château',
    'palais',
    'torre',
    'puente',
    'castillo',
    'palacio',
    'estadio',
    'Wikipedia',
    'festival',
    'meetup',
    'conference',
  ],
  ['山頂', '灯台', '空港', '駅', '地震', '震源', '塔', '城', '神社', '寺'],
);

export function detectCoordinates(text: string, aboutAuthor = false): PiiMatch[] {
  const out: PiiMatch[] = [];
  if (!/\d\.\d{2}|\d°/.test(text)) return out;
  DECIMAL.lastIndex = 0;
  for (let m = DECIMAL.exec(text); m; m = DECIMAL.exec(text)) {
    const lat = Number((m[1] ?? '').replace('−', '-'));
    const lon = Number((m[3] ?? '').replace('−', '-'));
    if (Math.abs(lat) > 90 || Math.abs(lon) > 180) continue;
    // "52.520 13.405" with only whitespace between needs a hemisphere letter or context.
    const separatedBySpaceOnly = !/[,;/]/.test(m[0].slice((m[1] ?? '').length));
    out.push(
      score(
        text,
        m.index,
        m.index + m[0].length,
        separatedBySpaceOnly ? 0.45 : 0.6,
        'decimal latitude/longitude pair',
        aboutAuthor,
      ),
    );
  }
  LABELLED.lastIndex = 0;
  for (let m = LABELLED.exec(text); m; m = LABELLED.exec(text)) {
    const lat = Number((m[1] ?? '').replace('−', '-'));
    const lon = Number((m[2] ?? '').replace('−', '-'));
    if (Math.abs(lat) > 90 || Math.abs(lon) > 180) continue;
    out.push(
      score(text, m.index, m.index + m[0].length, 0.7, 'latitude/longitude with their labels', aboutAuthor),
    );
  }
  DMS.lastIndex = 0;
  for (let m = DMS.exec(text); m; m = DMS.exec(text)) {
    out.push(
      score(text, m.index, m.index + m[0].length, 0.7, 'degrees-minutes-seconds coordinates', aboutAuthor),
    );
  }
  return out;
}

/**
 * What makes a pair the poster's: the clause before it says who is there or whose place it is.
 * A dwelling, vehicle or plot ("hut is at", "van's pulled in at", "das Grundstück liegt bei"), a
 * stay or camp verb ("camped up at", "anchored at", "on dort ce soir à") or a possessive
 * ("our cabin", "notre chalet"). A named landmark ("Delicate Arch is at", "Das Brandenburger Tor
 * liegt bei") has none of these: coordinates of public places are public.
 */
const OWN_PLACE = wordsRe(
  [
    'my',
    'our',
    'mine',
    'home',
    'cottage',
    'cabin',
    'chalet',
    'hut',
    'shack',
    'van',
    'campervan',
    'camper',
    'RV',
    'caravan',
    'motorhome',
    'tent',
    'boat',
    'yacht',
    'sailboat',
    'mooring',
    'moored',
    'anchored',
    'camped',
    'camping',
    'campsite',
    'wild camping',
    'parked',
    'pulled in',
    'plot',
    'allotment',
    'farm',
    'block',
    'land',
    'property',
    'garden',
    'backyard',
    'dock',
    'bivvy',
    'staying',
    'sleeping',
    'live',
    'living',
    'boondocking',
    'camp',
    'we are',
    "we're",
    'we’re',
    "I'm",
    'I’m',
    'I am',
    'mein*',
    'unser*',
    'bei uns',
    'bei mir',
    'Haus',
    'Wohnung',
    'Hütte',
    'Grundstück',
    'Hof',
    'Garten',
    'Schrebergarten',
    'Parzelle',
    'Zelt',
    'zelten',
    'Wohnmobil',
    'Camper',
    'Boot',
    'Liegeplatz',
    'geparkt',
    'stehen',
    'übernachten',
    'wir sind',
    'wohnen',
    'wohne',
    'ankern',
    'vor Anker',
    'ich bin',
    'mon',
    'ma',
    'notre',
    'nos',
    'chez moi',
    'chez nous',
    'maison',
    'cabane',
    'camping-car',
    'tente',
    'bivouac',
    'bateau',
    'voilier',
    'mouillage',
    'garé',
    'garée',
    'on dort',
    'on est',
    'nous sommes',
    'je suis',
    'on vit',
    'nous vivons',
    'j’habite',
    "j'habite",
    'on habite',
    'terrain',
    'ferme',
    'jardin',
    'mi',
    'nuestro',
    'nuestra',
    'casa',
    'cabaña',
    'furgo',
    'furgoneta',
    'autocaravana',
    'tienda',
    'velero',
    'barco',
    'fondeado',
    'fondeados',
    'aparcado',
    'aparcados',
    'acampados',
    'acampada',
    'finca',
    'parcela',
    'huerto',
    'estoy',
    'estamos',
    'vivo',
    'vivimos',
    'caravana',
    'aparcada',
    'bivac',
    'acampo',
  ],
  [
    '自宅',
    '実家',
    'うち',
    '我が家',
    '私',
    '僕',
    '自分',
    '住んで',
    '滞在',
    '泊',
    '車中泊',
    'キャンプ',
    'キャンピングカー',
    'テント',
    'テン場',
    'ヨット',
    '船',
    '係留',
    '停め',
    '畑',
    '山林',
    '小屋',
    '別荘',
    '家で',
  ],
);

const SENTENCE_ENDS = ['. ', '! ', '? ', '\n', '。', '！'];
/** The pair's own sentence: up to 80 characters before it and 25 after, cut at sentence ends. */
function ownSentence(text: string, start: number, end: number): string {
  const left = text.slice(Math.max(0, start - 80), start);
  // After the pair only "… is my garden" counts: "on my bucket list" is not about the place.
  const right = /^\W{0,3}(?:is|=|:)?\s*(?:my|our|mein\w*|unser\w*|mon|ma|notre|mi|nuestr\w*)\s/i.test(
    text.slice(end, end + 12),
  )
    ? text.slice(end, end + 25)
    : '';
  const cut = Math.max(...SENTENCE_ENDS.map((b) => left.lastIndexOf(b)));
  const stop = Math.min(...SENTENCE_ENDS.map((b) => (right.includes(b) ? right.indexOf(b) : 25)));
  return `${cut < 0 ? left : left.slice(cut + 1)} ${right.slice(0, stop)}`;
}

function score(
  text: string,
  start: number,
  end: number,
  base: number,
  reason: string,
  aboutAuthor: boolean,
): PiiMatch {
  const own = aboutAuthor || OWN_PLACE.test(ownSentence(text, start, end));
  if (
    !own &&
    (near(text, start, end, PUBLIC_PLACE, 70, 30) || near(text, start, end, BUSINESS_CONTEXT, 60, 20))
  ) {
    return match('coordinates', start, end, 0.25, `${reason} of a public place`);
  }
  if (own) return match('coordinates', start, end, base + 0.3, `${reason} of the poster's place`);
  // Without anyone's place around it a pair is a point on a map: a landmark, a trailhead.
  return match('coordinates', start, end, Math.min(base, 0.45), reason);
}
