/**
 * Birth dates: a date tied to the poster's or their family's birth. A date alone is an event
 * date, and a famous person's birthday is public knowledge, so each date needs a birth phrase next
 * to it whose subject is the poster ("I was born", "my DOB", a bare "born 2 Feb 1987" at the start
 * of a sentence or bio, "née le …") or their child.
 *
 * Two stages keep this cheap: one date regex (no `u` flag, compiled on first use and only when the
 * post has a birth word), then small phrase tests on the text around each date.
 */
import type { PiiMatch } from '../types';
import { documentedSample, match } from '../text';

const MONTHS_EN =
  'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec';
const MONTHS_DE = 'Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember';
const MONTHS_FR = 'janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre';
const MONTHS_ES =
  'enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre';

const YEAR = String.raw`(?:1[89]|20)\d{2}`;
/** A month word must end there: "Mar" must not stop halfway through "mars". */
const ME = String.raw`(?![a-zà-ÿ])`;
const DATE_SOURCE = [
  String.raw`\d{1,2}[./-]\d{1,2}[./-](?:${YEAR}|\d{2})(?!\d)`,
  String.raw`${YEAR}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)`,
  String.raw`\d{1,2}\.\d{1,2}\.(?!\d)`,
  String.raw`${YEAR}年\d{1,2}月\d{1,2}日`,
  String.raw`(?:令和|平成|昭和)\d{1,2}年\d{1,2}月\d{1,2}日`,
  String.raw`\d{1,2}月\d{1,2}日`,
  String.raw`\d{1,2}\.\s?(?:${MONTHS_DE})${ME}\.?(?:\s+${YEAR})?`,
  String.raw`(?:1er|\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?:${MONTHS_FR}|${MONTHS_EN})${ME}\.?(?:,?\s+${YEAR})?`,
  String.raw`(?:${MONTHS_EN})${ME}\.?\s+\d{1,2}(?:st|nd|rd|th)?(?!\d)(?:,?\s+${YEAR})?`,
  String.raw`\d{1,2}\s+de\s+(?:${MONTHS_ES})${ME}(?:\s+(?:de|del)\s+${YEAR})?`,
].join('|');
let dateRe: RegExp | null = null;

/*
 * Left context, tested on the text of the date's own sentence before it (anchored at its end).
 * "label" phrases are personal by themselves (a form field quoted by its owner); "born" phrases need
 * a first-person or my-child subject, or nothing at all before them in the sentence (a bio line).
 */
const LABEL_BEFORE =
  /(?:\bmy (?:date of birth|birthday|birth ?date|DOB|b-?day)|\b(?:DOB|D\.O\.B\.?|date of birth|birth ?date)\s*[:=(-]?|\bmein(?:e)? (?:Geburtstag|Geburtsdatum)|\bGeburtsdatum\s*:?|\bgeb\.|\bmon anniv(?:ersaire)?|\bdate de naissance\s*[:(]?|\bmi cumpleaños|\bfecha de nacimiento\s*[:(]?|(?:^|[。！\s])誕生日は|(?:母|父|妹|弟|姉|兄|夫|妻|娘|息子|祖母|祖父|私|僕|俺)の誕生日[（(]|\bmi cumple|\bsoy del|\bfecha de nacimiento|生年月日|(?:私|僕|俺|わたし|娘|息子)の誕生日は)(?:\s*(?:is|was|ist|war|est|c'est|c’est|es|fue|am|der|den|le|el|on|the|,|:|：|=|-|–))*\s*$/i;
const BORN_BEFORE =
  /(?:^|[^\p{L}])(born|née?|geboren|nac[ií]|nació|nacida?|nacido)(?:\s+(?:on|the|in|am|le|el|den|un|:))*\s*[:,]?\s*$/iu;
/** Who was born: the sentence text before the birth word. */
const FIRST_PERSON_SUBJECT =
  /(?:\b(?:I was|I am|I'm|I’m|was I|we were|ich bin|ich wurde|je suis|yo)|\b(?:my|our) (?:son|daughter|kid|child|baby|twins|boy|girl|little one|youngest|eldest|oldest|middle one)(?:,? [A-Z][a-z]+,?)?(?: (?:was|is))?|\b(?:mein|meine|unser|unsere) (?:Sohn|Tochter|Kind|Baby)(?: [A-Z][a-zäöüß]+)? (?:ist|wurde)|\b(?:mon fils|ma fille|mon bébé|notre fils|notre fille)(?: [A-Z][a-zé]+)? est|\b(?:mi hijo|mi hija|mi bebé|nuestro hijo|nuestra hija)(?: [A-Z][a-záéíóú]+)?)\s*$/i;
/** "Ich bin am 12.03.1990 geboren", "私は1990年3月12日生まれ": the birth word follows the date. */
const BORN_AFTER = /^\s*(?:geboren|生まれ)/;
const SUBJECT_BEFORE_DATE =
  /(?:\b(?:ich bin|ich wurde)|\b(?:mein|meine|unser|unsere) (?:Sohn|Tochter|Kind|Baby)(?: [A-Z][a-zäöüß]+)? (?:ist|wurde)|(?:私|僕|俺|わたし|自分|娘|息子|長男|長女|次男|次女|三男|三女|子供|子ども|うちの子)(?:の[^\s、。]{1,6})?は)(?:\s+am)?\s*$/i;

/**
 * The coming birthday told by age: "I turn 40 on 3 May", "ich werde am 3. Mai 40", "j'aurai 40 ans
 * le 3 mai", "cumplo 40 el 3 de mayo". A bare "Birthday: 3 May" or "Jahrgang 1986, Geburtstag am
 * 3.5." opening a sentence, a bio line or a list item is the poster's own.
 */
const TURN_BEFORE =
  /(?:\bI(?: turn|'ll turn|’ll turn| will turn|'ll be|’ll be| will be)|\bI(?:'m|’m| am) turning|^\s*turning|\bmy (?:son|daughter|kid|baby|boy|girl)(?: [A-Z][a-z]+)? (?:turns|will turn|will be|is turning)) \d{1,3}(?: years old)?(?: on)?(?: the)?\s*$|\bj['’](?:aurai|vais avoir) \d{1,3} ans (?:le\s*)?$|\bje vais avoir \d{1,3} ans (?:le\s*)?$|\b(?:je fête|on fête) mes \d{1,3} ans (?:le\s*)?$|\bcumpl(?:o|í|iré)(?: \d{1,3})?(?: años)? (?:el\s*)?$|\b(?:unser|unsere|mein|meine) (?:Sohn |Tochter )?[a-zäöüß]+ hat am\s*$|\b(?:ich werde|werde ich|werde) (?:am\s*)?$|\b(?:ich )?(?:habe|hab) (?:ich )?am\s*$/i;
const TURN_AFTER =
  /^\.?\s*(?:\d{1,3}(?!\d)(?! ?(?:Uhr|h|%))|Geburtstag|で\d{1,3}歳|(?:が|は)(?:私の|僕の|俺の)?誕生日)/;
const BIRTHDAY_OPEN =
  /(?:^|[,;(–—]|\b(?:and|und|et|y))\s*(?:birthday|b-?day|Geburtstag|anniversaire|cumpleaños|cumple)\s*(?::|is|ist|am|on|le|el|est|es|the)?(?:\s*(?:the|am|on|le|el))?\s*$/i;

/**
 * The post's own date reveals the day: "today is my birthday", "30 today", "my son turns 6
 * today", "ich werde morgen 40", "j'ai 30 ans aujourd'hui", "hoy cumplo 30", "今日で30歳". One
 * entry per language; the age is the poster's or their child's.
 */
const WHEN_EN =
  '(?:today|tomorrow|tonight|yesterday|this week|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))';
/** Ages written out, as in "Thirty-five today!". */
const AGE_WORDS_EN =
  '(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen';
/** Small ages written out, for a child: "Our Cian is three tomorrow". */
const SMALL_AGE_WORDS =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen';
const KID_EN =
  '(?:my|our) (?:son|daughter|kid|child|baby|boy|girl|little one|eldest|youngest|oldest|twins|toddler|grandson|granddaughter)(?: [A-Z][a-z]+)?|(?:[A-Z][a-z]+ \\(my (?:son|daughter)\\))';
const AGE_TODAY: Readonly<Record<string, string>> = {
  en: [
    "today is my birthday|it'?s my (?:\\d{1,3}(?:st|nd|rd|th) )?birthday|happy birthday to me|my (?:\\d{1,3}(?:st|nd|rd|th) )?birthday is (?:today|tomorrow)",
    `I turn(?:ed)? \\d{1,3} ${WHEN_EN}`,
    `(?:I'm|I’m|I am|I'll be|I’ll be|I will be) (?:turning |officially )?\\d{1,3} ${WHEN_EN}`,
    `(?:^|(?<=[.!?,;:]\\s{1,3}))(?:turning |turned |officially )?(?:\\d{1,3}|${AGE_WORDS_EN}) ${WHEN_EN}(?!\\s*(?:km|miles|mi|k|steps|%|degrees|°|points|goals|runs|times|hours|minutes))`,
    `happy \\d{1,2}(?:st|nd|rd|th)(?: birthday)? to (?:my|our) `,
    `(?:celebrating|celebrate) my \\d{1,3}(?:st|nd|rd|th)`,
    `today,? (?:I'm|I’m|I am|I turn(?:ed)?) \\d{1,3}(?!\\d)`,
    `it['’]?s (?:my|me) (?:\\d{1,3}(?:st|nd|rd|th) )?(?:birthday|bday|b-day) (?:today|tomorrow)|it['’]?s (?:my|me) \\d{1,3}(?:st|nd|rd|th) (?:today|tomorrow)|it['’]?s me (?:birthday|bday)`,
    `(?:${KID_EN}) (?:turns|turn|turned|is turning|will be|is|are|will turn) \\d{1,3}(?: years old)? ${WHEN_EN}`,
    `(?:${KID_EN})(?:'s|’s) (?:\\d{1,3}(?:st|nd|rd|th) )?birthday (?:is )?${WHEN_EN}`,
  ].join('|'),
  de: [
    'heute ist mein Geburtstag|ich habe (?:heute|morgen) Geburtstag|hab (?:heute|morgen) Geburtstag|mein \\d{1,3}\\. Geburtstag (?:ist )?(?:heute|morgen)',
    '(?:ich )?werde? (?:heute|morgen|am (?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)) \\d{1,3}|(?:heute|morgen) werde? ich \\d{1,3}|(?:ich )?bin (?:heute|gestern) \\d{1,3} geworden|(?<!wäre )heute \\d{1,3} geworden|(?:^|(?<=[.!?]\\s{1,3}))heute \\d{1,3}(?=\\s*(?:[!.,]|und|🎂|🎉|🥳|$))',
    '[A-ZÄÖÜ][a-zäöüß]+s \\d{1,2}\\. Geburtstag (?:heute|morgen)',
    '(?:heute|morgen) ist mein (?:\\d{1,3}\\. )?Geburtstag|(?:heute|morgen),? (?:an|zu) meinem (?:\\d{1,3}\\. )?Geburtstag|meine[mn]? \\d{1,3}\\. Geburtstag (?:ist )?(?:heute|morgen|am (?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Wochenende|\\d{1,2}\\.))',
    '(?:mein|meine|unser|unsere) (?:Sohn|Tochter|Kind|Kleine|Kleiner|Große|Großer|Jüngste|Älteste|Zwillinge)(?: [A-Z][a-zäöüß]+)? (?:wird|werden|ist|sind) (?:heute|morgen|gestern) \\d{1,3}(?: Jahre alt)?(?: geworden)?',
    '(?:mein|meine|unser|unsere) (?:Sohn|Tochter|Kind|Kleine|Kleiner)(?: [A-Z][a-zäöüß]+)? hat (?:heute|morgen) Geburtstag',
  ].join('|'),
  fr: [
    "c'est mon anniversaire|c’est mon anniversaire|joyeux anniversaire à moi",
    "(?:^|(?<=[.!?,;:]\\s{1,3}))\\d{1,3} ans aujourd['’]hui|j['’]ai (?:eu )?\\d{1,3} ans (?:aujourd['’]hui|hier|demain|depuis ce matin)|(?:ma|mon|notre) [^.!?]{1,25}? qui (?:a|aura|fête ses) \\d{1,2} ans (?:aujourd['’]hui|demain)|j['’]aurai \\d{1,3} ans demain|je fête mes \\d{1,3} ans (?:aujourd['’]hui|demain|ce soir)|(?:aujourd['’]hui|demain),? j['’](?:ai|aurai) \\d{1,3} ans",
    "(?:mon fils|ma fille|mon bébé|notre fils|notre fille|ma petite|mon petit|mon aîné|ma cadette|ma puce|ma grande|mon grand|notre bébé)(?: [A-Z][a-zéèï]+)? (?:a eu|a|aura|fête ses) \\d{1,3} ans (?:aujourd['’]hui|demain|hier)",
    "(?:aujourd['’]hui|demain),? (?:mon|ma|notre) (?:fils|fille|bébé|puce|petit|petite|grand|grande) (?:a|aura|fête ses) \\d{1,2} ans",
    "mes \\d{1,3} ans (?:aujourd['’]hui|demain|ce soir|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)|(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche),? j['’]aurai \\d{1,3} ans|j['’]aurai \\d{1,3} ans (?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)",
  ].join('|'),
  es: [
    'hoy es mi cumple(?:años)?|mañana es mi cumple(?:años)?|feliz cumpleaños a mí',
    '(?:hoy|mañana) cumplo \\d{1,3}|cumplo \\d{1,3}(?: años)? (?:hoy|mañana)|cumpliendo hoy \\d{1,3}',
    '(?:el )?(?:lunes|martes|miércoles|jueves|viernes|sábado|domingo) cumplo \\d{1,3}|cumplo \\d{1,3}(?: años)? el (?:lunes|martes|miércoles|jueves|viernes|sábado|domingo)',
    '(?:^|(?<=[.!?,;:]\\s{1,3}))\\d{1,3} (?:años|añitos|tacos) hoy|(?:celebrando|festejando) mis \\d{1,3}|los \\d{1,2} de [A-ZÁÉÍÓÚÑ][a-záéíóúñ]+ hoy',
    '(?:mi hijo|mi hija|mi peque|nuestro hijo|nuestra hija|mi bebé)(?: [A-Z][a-záéíóú]+)? (?:(?:hoy|mañana) )?cumple \\d{1,3}(?: años)?(?: (?:hoy|mañana))?',
  ].join('|'),
  ja: '(?:今日|明日|本日)[^。！\\s]{0,12}?\\d{1,3}歳になりました|\\d{1,3}歳の誕生日(?:会|だから|なので|を病院で|に)|(?:今日|明日|本日)は[^。！\\s]{0,8}?の\\d{1,3}歳の誕生日|(?:今日|明日|本日)は(?:私の|僕の|俺の)?\\d{1,3}歳の誕生日|\\d{1,3}歳の誕生日(?:の今日|を迎え|当日)|今日は(?:私の)?誕生日|誕生日を迎えました|本日\\d{1,2}歳になりました|(?:今日|明日|本日)で\\d{1,3}歳|(?:息子|娘|長男|長女|次男|次女|子供|子ども)(?:が|は)(?:今日|明日|本日)\\d{1,2}歳',
};
// Without the `u` flag (slower to compile and run in V8): the boundary spells out Latin letters.
/** Each language's rules run only when one of its day words is in the post. */
const TODAY_LANG_GATE: Readonly<Record<string, RegExp>> = {
  en: /today|tomorrow|tonight|yesterday|this week|day\b|birthday|b-?day/i,
  de: /heute|morgen|gestern|geburtstag/i,
  fr: /aujourd|demain|hier|ce soir|anniversaire|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|mes \d/i,
  es: /hoy|mañana|cumpl|lunes|martes|miércoles|jueves|viernes|sábado|domingo|mis \d|los \d/i,
  ja: /今日|明日|本日|誕生日|歳/,
};
const todayRes = new Map<string, RegExp>();
const AGE_OR_BIRTHDAY = new RegExp(
  `\\d|birthday|b-?day|geburtstag|anniv|cumple|誕生日|歳|${AGE_WORDS_EN}|${SMALL_AGE_WORDS}`,
  'i',
);
function todayRe(lang: string): RegExp {
  let re = todayRes.get(lang);
  // Without the `u` flag (slower to compile and run in V8): the boundary spells out Latin letters.
  if (!re) todayRes.set(lang, (re = new RegExp(`(?<![A-Za-z0-9À-ÖØ-öø-ɏ_])(?:${AGE_TODAY[lang]})`, 'gi')));
  return re;
}

const GATE =
  /born|birth|DOB|b-?day|geboren|geb\.|Geburt|(?<![a-zà-ÿ])née?(?![a-zà-ÿ])|naissance|anniversaire|nac[ií]|nacimiento|cumpl|soy del|生年月日|生まれ|誕生日|歳になりました|turn(?:ed|ing)? \d|(?:I'll|I’ll|I will) be \d|werde|aurai \d|avoir \d|fête mes|歳に|ans aujourd/i;
/**
 * A child named by first name, alone or with "our"/"unser"/"notre"/"nuestro", and the age they
 * turn today or tomorrow: "Our Theo turns 4 today", "Harriet is 9 tomorrow", "Morgen wird unser
 * Luis 7", "Notre Léo a 6 ans aujourd'hui", "Mi peque Lucía cumple 5 hoy". A bare first name
 * (no possessive) counts only for a child's age: a famous person's or a project's birthday is
 * public, and those are told with a full name or a larger age.
 */
const NAME = "\\p{Lu}[\\p{Ll}'’-]+";
const KIDNAME: Readonly<Record<string, string>> = {
  en: `(?<own>(?:my|our|My|Our) (?:(?:little|youngest|eldest|oldest|middle|baby) )?(?:(?:son|daughter|boy|girl|twins|kids?),? )?)?(?<little>(?:[Ll]ittle|[Bb]aby) )?(?<name>${NAME}),? (?:turns|turned|is turning|is|will be|will turn) (?<age>\\d{1,2}|${SMALL_AGE_WORDS})(?: years old)? (?:today|tomorrow|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))`,
  de: `(?<own>(?:[Uu]nser|[Uu]nsere|[Uu]nseren|[Mm]ein|[Mm]eine|[Mm]einen) (?:(?:Kleine[rs]?|Große[rs]?|Jüngste[rs]?|Älteste[rs]?|Sohn|Tochter) )?)?(?<name>${NAME})(?:,? (?:der|die))? (?:wird|ist)? ?(?:heute|morgen) (?<age>\\d{1,2})(?! ?(?:Uhr|km|h|%))(?: wird)?|(?:[Hh]eute|[Mm]orgen) wird (?<own2>(?:unser|unsere|mein|meine) )?(?<name2>${NAME}) (?<age2>\\d{1,2})(?! ?(?:Uhr|km|h|%))`,
  fr: `(?<own>(?:[Nn]otre|[Mm]on|[Mm]a) (?:(?:petit|petite|grand|grande|fils|fille) )?)?(?<name>${NAME}) (?:a eu|a|aura|fête ses|va avoir|souffle ses) (?<age>\\d{1,2}) (?:ans?|bougies) (?:aujourd['’]hui|demain)|(?:[Aa]ujourd['’]hui|[Dd]emain),? (?<own2>(?:notre|mon|ma) (?:(?:petit|petite|fils|fille) )?)?(?<name2>${NAME}) (?:a|aura|fête ses|va avoir) (?<age2>\\d{1,2}) ans?`,
  es: `(?<own>(?:[Nn]uestro|[Nn]uestra|[Mm]i) (?:(?:peque|pequeño|pequeña|hijo|hija) )?)?(?<name>${NAME}),?(?: que)? (?:(?:hoy|mañana) )?(?:cumple|cumplirá|hace) (?:(?:hoy|mañana) (?<age>\\d{1,2})|(?<age2>\\d{1,2})(?: años)? (?:hoy|mañana))|(?:[Hh]oy|[Mm]añana),? (?<own2>(?:nuestro|nuestra|mi) (?:(?:peque|pequeño|pequeña|hijo|hija) )?)?(?<name2>${NAME}) (?:cumple|cumplirá) (?<age3>\\d{1,2})`,
  ja: `(?:今日|明日|本日)[、,]?(?:で|は)?(?<name>[^\\s、。！!]{1,8}?)(?:が|の)(?<age>\\d{1,2})歳|(?<=[^\\s、。！!]が)(?:今日|明日|本日)で(?<age2>\\d{1,2})歳`,
};
const KID_AGE_GATE = new RegExp(`\\d|\\b(?:${SMALL_AGE_WORDS})\\b`, 'i');
/** Sentence openers and pronouns that look like a first name at the start of a sentence. */
const NOT_A_NAME =
  /^(?:It|This|That|There|Today|Tomorrow|Everyone|Everybody|Nobody|Who|What|Es|Das|Heute|Morgen|Wer|Il|Elle|Ce|Cela|Qui|Aujourd|Hoy|Mañana|Quién|Esto)$/;

/** The words each language's rule needs: only the languages present in the post run. */
const KIDNAME_GATE: Readonly<Record<string, RegExp>> = {
  en: /today|tomorrow|day\b/i,
  de: /heute|morgen/i,
  fr: /aujourd|demain|hier/i,
  es: /hoy|mañana/i,
  ja: /今日|明日|本日/,
};
const kidNameRes = new Map<string, RegExp>();

function findKidNames(text: string, out: PiiMatch[], langs: readonly string[]): void {
  for (const lang of langs) {
    if (!KIDNAME_GATE[lang]!.test(text)) continue;
    let re = kidNameRes.get(lang);
    if (!re)
      kidNameRes.set(
        lang,
        (re = new RegExp(KIDNAME[lang]!.replace(/\(\?<(own|little|name|age)(\d?)>/g, '(?<$1$2_0>'), 'gu')),
      );
    findKidNamesWith(re, text, out);
  }
}

function findKidNamesWith(kidNameRe: RegExp, text: string, out: PiiMatch[]): void {
  kidNameRe.lastIndex = 0;
  for (let m = kidNameRe.exec(text); m; m = kidNameRe.exec(text)) {
    const g = m.groups ?? {};
    const pick = (name: string): string | undefined =>
      Object.entries(g).find(([k, v]) => v !== undefined && k.replace(/\d?_\d+$/, '') === name)?.[1];
    const own = pick('own');
    const name = pick('name') ?? '';
    const ageText = pick('age') ?? '99';
    const age = /^\d+$/.test(ageText) ? Number(ageText) : 1;
    // Japanese has no capitals: "今日で蓮が5歳" names the child; the child's age rule holds.
    const ja = !/\p{Lu}/u.test(name);
    if (NOT_A_NAME.test(name)) continue;
    // A bare name after another capitalised word is a full name ("Dolly Parton turns 79 today").
    const before = text.slice(Math.max(0, m.index - 20), m.index);
    if (own === undefined && (age > 17 || (!ja && /\p{Lu}[\p{Ll}'’-]+\s$/u.test(before)))) continue;
    out.push(
      match(
        'birthdate',
        m.index,
        m.index + m[0].length,
        0.7,
        "a child's birthday, told by the age they turn",
      ),
    );
  }
}

/** Words one of which every TODAY match contains: the age-today rules run only then. */
const TODAY_GATE =
  /today|tomorrow|tonight|yesterday|this week|on (?:mon|tues|wednes|thurs|fri|satur|sun)day|birthday|heute|morgen|gestern|geburtstag|anniversaire|aujourd|demain|hier|ce soir|hoy|mañana|cumple|誕生日|歳|今日|明日|本日/i;

/** The start of the date's sentence (a bio line "born 2 Feb 1987 · Leeds" has nothing before). */
function sentenceBefore(text: string, start: number): string {
  const left = text.slice(Math.max(0, start - 80), start);
  // A full stop ends a sentence only before a capital ("geb. 7.5.1990" is one phrase).
  let cut = -1;
  for (const b of left.matchAll(SENTENCE_END)) cut = b.index + b[0].length;
  return cut < 0 ? left : left.slice(cut);
}
const SENTENCE_END = /[!?。！？\n|•·]|\.(?=\s+\p{Lu})|\p{Extended_Pictographic}/gu;

function hasYear(value: string): boolean {
  return /(?:1[89]|20)\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2}$|^(?:令和|平成|昭和)/.test(value);
}

/**
 * The languages whose phrase rules run: the post's language (Mastodon's hint) and English, which
 * turns up in posts of every language; all five when the language is unknown.
 */
function languagesFor(language: string | null | undefined): readonly string[] {
  const lang = language?.slice(0, 2).toLowerCase();
  if (lang === undefined || !(lang in AGE_TODAY)) return ALL_LANGUAGES;
  return lang === 'en' ? ['en'] : [lang, 'en'];
}
const ALL_LANGUAGES = ['en', 'de', 'fr', 'es', 'ja'];

export function detectBirthdate(text: string, language?: string | null): PiiMatch[] {
  const out: PiiMatch[] = [];
  if (GATE.test(text)) findDates(text, out);
  if (TODAY_GATE.test(text)) {
    const langs = languagesFor(language);
    // A child's age is a number (or a small number word): most posts with "today" have neither.
    if (KID_AGE_GATE.test(text)) findKidNames(text, out, langs);
    // Every age-today rule has an age (digits or a number word) or a birthday word.
    if (AGE_OR_BIRTHDAY.test(text))
      for (const lang of langs) {
        if (!TODAY_LANG_GATE[lang]!.test(text)) continue;
        findToday(todayRe(lang), text, out);
      }
  }
  return out;
}

function findToday(re: RegExp, text: string, out: PiiMatch[]): void {
  re.lastIndex = 0;
  {
    for (let m = re.exec(text); m; m = re.exec(text)) {
      // "Happy birthday to Bono, 64 today": a bare age after someone else's name is theirs.
      if (
        /^(?:turning |turned |officially )?[\dA-Za-z-]+ (?:today|tomorrow|tonight|yesterday|this week|on \w+day)$/i.test(
          m[0],
        )
      ) {
        const clause = sentenceBefore(text, m.index);
        if (/\S\s+\p{Lu}\p{Ll}/u.test(clause) || /birthday to|happy birthday/i.test(clause)) continue;
      }
      out.push(
        match(
          'birthdate',
          m.index,
          m.index + m[0].length,
          0.7,
          "the post's date is the poster's or their child's birthday",
        ),
      );
    }
  }
}

function findDates(text: string, out: PiiMatch[]): void {
  dateRe ??= new RegExp(DATE_SOURCE, 'gi');
  dateRe.lastIndex = 0;
  for (let m = dateRe.exec(text); m; m = dateRe.exec(text)) {
    const value = m[0].replace(/[\s.,]+$/, '');
    const start = m.index;
    const end = start + value.length;
    if (start > 0 && /[A-Za-z0-9À-ɏ]/.test(text[start - 1] ?? '')) continue;
    const before = sentenceBefore(text, start);
    const after = text.slice(end, end + 14);
    let reason: string | null = null;
    let confidence = 0.9;
    if (LABEL_BEFORE.test(before)) reason = 'birth date after a personal birth-date label';
    else {
      const born = BORN_BEFORE.exec(before);
      if (born) {
        const subject = before.slice(0, born.index + (born[0].length - born[0].trimStart().length));
        // "nací" is first person by itself.
        if (/^nac[ií]$/i.test(born[1] ?? '') || FIRST_PERSON_SUBJECT.test(subject))
          reason = 'birth date of the poster or their child';
        else if (/^[\s\p{P}\p{S}]*$/u.test(subject) && hasYear(value)) {
          // "born 2 Feb 1987" opening a sentence or a bio line: nobody else is named.
          reason = 'birth date opening a sentence (a bio line)';
          confidence = 0.8;
        }
      } else if (BIRTHDAY_OPEN.test(before)) {
        reason = 'birth date after a birthday label opening the sentence';
        confidence = 0.75;
      } else if (
        TURN_BEFORE.test(before) &&
        (!/(?:werde|habe|hab|hat) (?:ich )?(?:am\s*)?$/i.test(before) || TURN_AFTER.test(after))
      ) {
        reason = 'birthday of the poster or their child, told by the age they turn';
        confidence = 0.75;
      } else if (
        /^\s*$/.test(before.replace(/^.*[,;:]/, '')) &&
        /^\s*(?:で\d{1,3}歳|(?:が|は)(?:私の|僕の|俺の)?誕生日|が[^\s、。！!]{1,8}?の誕生日|の誕生日)/.test(
          after,
        )
      ) {
        reason = 'birthday of the poster (ja)';
        confidence = 0.75;
      } else if (BORN_AFTER.test(after)) {
        const subject = before.trimEnd();
        if (SUBJECT_BEFORE_DATE.test(subject)) reason = 'birth date of the poster or their child';
        else if (/^[\s\p{P}\p{S}]*$/u.test(subject) && hasYear(value)) {
          reason = 'birth date opening a sentence (a bio line)';
          confidence = 0.8;
        }
      }
    }
    if (!reason) continue;
    // Nobody alive was born 110 years ago: a historical figure's birthday.
    const year = /(?:1[89]|20)\d{2}/.exec(value);
    if (year && Number(year[0]) < new Date().getFullYear() - 110) continue;
    if (documentedSample(text, start, end)) continue;
    out.push(match('birthdate', start, end, confidence, reason));
  }
}
