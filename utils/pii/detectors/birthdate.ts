/**
 * Birth dates: a full date (day and month) tied to the poster's or their family's birth. A date
 * alone is an event date, and a famous person's birthday is public knowledge, so both need a
 * first-person (or "my child") phrase next to them.
 */
import type { PiiMatch } from '../types';
import { match } from '../text';

const MONTHS_EN =
  'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec';
const MONTHS_DE = 'Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember';
const MONTHS_FR = 'janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre';
const MONTHS_ES =
  'enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre';

const NUMERIC = String.raw`\d{1,2}[./-]\d{1,2}[./-](?:19|20)?\d{2}|(?:19|20)\d{2}-\d{2}-\d{2}`;
const DATE = [
  NUMERIC,
  String.raw`\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:${MONTHS_EN})\.?(?:,?\s+(?:19|20)\d{2})?`,
  String.raw`(?:${MONTHS_EN})\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d{2})?`,
  String.raw`\d{1,2}\.\s?(?:${MONTHS_DE})(?:\s+(?:19|20)\d{2})?`,
  String.raw`(?:1er|\d{1,2})\s+(?:${MONTHS_FR})(?:\s+(?:19|20)\d{2})?`,
  String.raw`\d{1,2}\s+de\s+(?:${MONTHS_ES})(?:\s+de\s+(?:19|20)\d{2})?`,
].join('|');

const SUBJECT_EN = String.raw`(?:I was|I'm|I am|my (?:son|daughter|kid|child|baby|twins|boy|girl)(?: \p{Lu}\p{L}+)? (?:was|is))`;
const RULES: Array<{ re: RegExp; reason: string; confidence: number }> = [
  {
    re: new RegExp(
      String.raw`(?<![\p{L}])(?:${SUBJECT_EN}\s+born\s+(?:on\s+)?(?:the\s+)?|my\s+(?:date of birth|birthday|DOB|birth date|b-day)\s*(?:is|was|:|=)?\s*(?:on\s+)?(?:the\s+)?|\bDOB\s*:\s*|date of birth\s*:\s*)(${DATE})`,
      'giu',
    ),
    reason: 'birth date (English phrase)',
    confidence: 0.9,
  },
  {
    re: new RegExp(
      String.raw`(?<![\p{L}])(?:(?:ich (?:bin|wurde)|mein (?:Sohn|Kind|Baby)(?: \p{Lu}\p{L}+)? (?:ist|wurde)|meine Tochter(?: \p{Lu}\p{L}+)? (?:ist|wurde))\s+(?:am\s+)?(${DATE})\s+geboren|(?:ich bin|geboren)\s+am\s+(${DATE})|(?:mein Geburtstag|mein Geburtsdatum|Geburtsdatum|geb\.)\s*(?:ist|:)?\s*(?:am\s+)?(${DATE}))`,
      'giu',
    ),
    reason: 'birth date (German phrase)',
    confidence: 0.9,
  },
  {
    re: new RegExp(
      String.raw`(?<![\p{L}])(?:je suis (?:né|née)|(?:mon fils|ma fille|mon bébé)(?: \p{Lu}\p{L}+)? est (?:né|née)|date de naissance\s*:?|mon anniversaire (?:est|c'est))\s+(?:le\s+)?(${DATE})`,
      'giu',
    ),
    reason: 'birth date (French phrase)',
    confidence: 0.9,
  },
  {
    re: new RegExp(
      String.raw`(?<![\p{L}])(?:nací|(?:mi hijo|mi hija|mi bebé)(?: \p{Lu}\p{L}+)? nació|fecha de nacimiento\s*:?|mi cumpleaños es)\s+(?:el\s+)?(${DATE})`,
      'giu',
    ),
    reason: 'birth date (Spanish phrase)',
    confidence: 0.9,
  },
  {
    re: /(?:生年月日(?:は|：|:)?\s*|(?:私|僕|俺|わたし|娘|息子)(?:の誕生日)?は)((?:19|20)?\d{2}年\d{1,2}月\d{1,2}日|\d{1,2}月\d{1,2}日|\d{4}[/.-]\d{1,2}[/.-]\d{1,2})(?:生まれ)?/gu,
    reason: 'birth date (Japanese phrase)',
    confidence: 0.9,
  },
  {
    re: /((?:19|20)\d{2}年\d{1,2}月\d{1,2}日)生まれ/gu,
    reason: 'birth date (Japanese 〜生まれ)',
    confidence: 0.85,
  },
  {
    // The post's own date reveals the day: "today is my birthday", "I turned 30 today".
    re: /(?<![\p{L}])(today is my birthday|it'?s my birthday(?: today)?|I turn(?:ed)? \d{1,2} today|heute ist mein Geburtstag|ich habe heute Geburtstag|ich werde heute \d{1,2}|c'est mon anniversaire(?: aujourd'hui)?|j'ai \d{1,2} ans aujourd'hui|hoy es mi cumpleaños|hoy cumplo \d{1,2}(?: años)?|今日は(?:私の)?誕生日|誕生日を迎えました|本日\d{1,2}歳になりました)/giu,
    reason: "the post's date is the poster's birthday",
    confidence: 0.7,
  },
];

const GATE =
  /born|birth|DOB|b-day|geboren|geb\.|Geburt|(?<![a-zà-ÿ])née?(?![a-zà-ÿ])|naissance|anniversaire|nací|nació|nacimiento|cumpleaños|cumplo|生年月日|生まれ|誕生日|歳になりました|turn(?:ed)? \d|werde heute|ans aujourd/i;

export function detectBirthdate(text: string): PiiMatch[] {
  const out: PiiMatch[] = [];
  if (!GATE.test(text)) return out;
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
      const value = m.slice(1).find((g) => g !== undefined) ?? m[0];
      const start = m.index + m[0].indexOf(value);
      out.push(match('birthdate', start, start + value.length, rule.confidence, rule.reason));
    }
  }
  return out;
}
