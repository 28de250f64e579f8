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
const GEO_CONTEXT = wordsRe(
  [
    'GPS',
    'coords',
    'coordinates',
    'location',
    'here',
    "I'm at",
    'I am at',
    'home',
    'my place',
    'my house',
    'pin',
    'maps',
    'geo',
    'lat',
    'Standort',
    'Koordinaten',
    'hier',
    'bei mir',
    'Zuhause',
    'ici',
    'chez moi',
    'position',
    'coordonnées',
    'aquí',
    'ubicación',
    'coordenadas',
    'mi casa',
    'estoy',
  ],
  ['現在地', '座標', '位置', '自宅', 'ここ'],
);
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

export function detectCoordinates(text: string): PiiMatch[] {
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
      ),
    );
  }
  LABELLED.lastIndex = 0;
  for (let m = LABELLED.exec(text); m; m = LABELLED.exec(text)) {
    const lat = Number((m[1] ?? '').replace('−', '-'));
    const lon = Number((m[2] ?? '').replace('−', '-'));
    if (Math.abs(lat) > 90 || Math.abs(lon) > 180) continue;
    out.push(score(text, m.index, m.index + m[0].length, 0.7, 'latitude/longitude with their labels'));
  }
  DMS.lastIndex = 0;
  for (let m = DMS.exec(text); m; m = DMS.exec(text)) {
    out.push(score(text, m.index, m.index + m[0].length, 0.7, 'degrees-minutes-seconds coordinates'));
  }
  return out;
}

function score(text: string, start: number, end: number, base: number, reason: string): PiiMatch {
  if (near(text, start, end, PUBLIC_PLACE, 70, 30) || near(text, start, end, BUSINESS_CONTEXT, 60, 20)) {
    return match('coordinates', start, end, 0.25, `${reason} of a public place`);
  }
  if (near(text, start, end, GEO_CONTEXT, 60, 20))
    return match('coordinates', start, end, base + 0.3, `${reason}, with location context`);
  return match('coordinates', start, end, base, reason);
}
