/**
 * Contextual kinds found from first-person phrases in English, German, French, Spanish and
 * Japanese. Someone writing about depression, a city or children in general is not disclosing
 * anything; "I was diagnosed with", "we live in", "my daughter Emma (7)" are. Japanese has no
 * spaces and usually drops the subject, so its rules key on verb endings (〜に住んでいます,
 * 〜と診断された) instead of word boundaries.
 */
import type { PiiKind, PiiMatch } from '../types';
import { match } from '../text';
import { requiredWords } from '../required-words';
import { WordScanner } from '../word-scan';

interface Rule {
  kind: PiiKind;
  /** Compiled on first use: most posts never need most rules (see `words`). */
  re: RegExp | null;
  source: string;
  flags: string;
  /** Lowercase words one of which every match contains; null when the rule always runs. */
  words: string[] | null;
  /** The match must open a sentence ("Diagnosed with …" with the subject dropped). */
  sentenceStart?: boolean;
  confidence: number;
  reason: string;
  /** Latin-script rule (skipped on text without Latin letters); otherwise Japanese. */
  latin: boolean;
  /** Languages of the rule, from its reason, to skip rules whose language the post is not in. */
  langs?: string[];
}

import { L, LL, LU, NAME, PLACE, PLACE_X, W, WE } from '../rules/fragments';
import { TOLD_PLAINLY } from '../rules/whereabouts';

const SP = String.raw`[\s\u00a0]+`;

/** Sentence starts are capitalised: make the first letter of every alternative case-insensitive. */
function ci(source: string): string {
  return source.replace(
    /(^|\(\?:|\||_\]\))([a-zà-ÿ])/g,
    (_, pre: string, c: string) => `${pre}[${c}${c.toUpperCase()}]`,
  );
}

/** Spaces in a rule match any whitespace run (" ?" any or none); spaces inside [...] stay literal. */
function spaces(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] ?? '';
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c === ' ' ? '\\s' : c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === ' ' && source[i + 1] === '?') {
      out += '[\\s\\u00a0]*';
      i++;
    } else {
      out += c === ' ' ? SP : c;
    }
  }
  return out;
}

/**
 * The word-start boundary is checked in code, not in the regex: a leading lookbehind stops V8
 * from scanning ahead for the rule's first literal, which made every rule several times slower.
 */
function rule(
  kind: PiiKind,
  confidence: number,
  reason: string,
  source: string,
  opts: { sentenceStart?: boolean } = {},
): Rule {
  const unbounded = source.split(W).join('');
  return {
    kind,
    confidence,
    reason,
    re: null,
    source: spaces(ci(unbounded)),
    flags: 'g',
    words: requiredWords(unbounded),
    latin: true,
    ...opts,
  };
}
const LATIN_WORD_CHAR = new RegExp(`[${L}0-9_]`);
/** Japanese rules: no boundaries, no case. */
function ja(kind: PiiKind, confidence: number, reason: string, source: string): Rule {
  return {
    kind,
    confidence,
    reason,
    re: null,
    source,
    flags: 'gu',
    words: requiredWords(source),
    latin: false,
  };
}

const DISEASES_EN =
  "depression|anxiety|cancer|breast cancer|leukemia|lymphoma|diabetes|type 1 diabetes|type 2 diabetes|ADHD|autism|epilepsy|MS|multiple sclerosis|HIV|long covid|Long Covid|long COVID|PTSD|C-PTSD|bipolar(?: disorder)?|OCD|endometriosis|fibromyalgia|migraines|asthma|Crohn's|lupus|an eating disorder|anorexia|bulimia|ME/CFS|chronic fatigue|chronic pain|a brain tumou?r|a tumou?r|Parkinson's|dementia|celiac disease|coeliac disease|COVID|covid|psoriasis|arthritis|rheumatoid arthritis|hypothyroidism|Hashimoto's|schizophrenia|a heart condition|tinnitus|sleep apnea|an autoimmune disease|POTS|EDS|insomnia|a heart attack|a stroke|a concussion|pneumonia|a blood clot|sepsis|a slipped disc|a herniated disc";
const DISEASES_DE =
  'Depressionen|Depression|Krebs|Brustkrebs|Diabetes|ADHS|Autismus|Epilepsie|Long Covid|Long-Covid|eine Angststörung|Angststörungen|Panikattacken|Endometriose|Migräne|MS|Multiple Sklerose|HIV|Burnout|einen Burnout|PTBS|eine bipolare Störung|Rheuma|Tinnitus|Corona|Covid|einen Tumor|Asthma|Morbus Crohn|Zöliakie|ME/CFS|eine Essstörung|Schlafstörungen|Fibromyalgie|einen Herzinfarkt|einen Schlaganfall|einen Hörsturz|einen Bandscheibenvorfall|eine Fehlgeburt|eine Lungenentzündung|Parkinson';
const DISEASES_FR =
  "une dépression|la dépression|un cancer|le cancer|du diabète|le diabète|un TDAH|le TDAH|un trouble anxieux|de l'anxiété|l'autisme|de l'épilepsie|un covid long|le covid|de l'endométriose|l'endométriose|des migraines|la sclérose en plaques|le VIH|un trouble bipolaire|un burn-out|un burnout|de l'asthme|une tumeur|la maladie de Crohn|de la fibromyalgie|un TOC|des crises d'angoisse|un infarctus|un AVC|une fausse couche|une pneumonie|une hernie discale|la maladie de Parkinson|une sclérose en plaques";
const DISEASES_ES =
  'depresión|cáncer|diabetes|TDAH|autismo|epilepsia|covid persistente|ansiedad|endometriosis|migrañas|esclerosis múltiple|VIH|trastorno bipolar|un trastorno bipolar|fibromialgia|asma|un tumor|la enfermedad de Crohn|ataques de pánico|un trastorno alimentario|burnout|covid|TOC|un infarto|un ictus|neumonía|una hernia discal|párkinson';

const TREATMENTS_EN =
  'insulin|chemo|chemotherapy|radiation|radiotherapy|immunotherapy|antidepressants|SSRIs|sertraline|metformin|methotrexate|lithium|HRT|testosterone|estrogen|oestrogen|dialysis|infusions|Ozempic|levothyroxine|ADHD meds|ADHD medication|Ritalin|Adderall|Vyvanse|hormone therapy|physio|physical therapy|IVF';
const CHILD_EN =
  'son|daughter|kid|child|boy|girl|little one|toddler|baby|grandson|granddaughter|stepson|stepdaughter|niece|nephew|twins|kids|children|sons|daughters';
const NUM_EN = String.raw`\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen`;
const DAYS_EN = 'Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';
const SCHOOL_EN =
  'School|Elementary|Primary|High|Academy|Kindergarten|Nursery|Daycare|Preschool|Montessori|Middle School';

const RULES: Rule[] = [
  // ---------- location: where the person lives or is right now ----------
  rule(
    'location',
    0.8,
    'says where they live (en)',
    String.raw`${W}(?:I|we|i) (?:live|lived|have lived|'ve lived|’ve lived|have been living|'ve been living|am living|'m living|are living|'re living) (?:right |just |directly |literally |pretty |really |very |quite )?(?:in|on|near|at|by|beside|behind|opposite|just outside|outside|next to|next door to|around the corner from|round the corner from|across from|across the street from|down the road from|up the road from|close to|a few (?:minutes|blocks|streets) from|walking distance from|within walking distance of) ${PLACE_X}`,
  ),
  rule(
    'location',
    0.8,
    'says where they moved (en)',
    String.raw`${W}(?:I|we|i) (?:just |finally |recently )?(?:moved|relocated) (?:to|into) (?:a (?:flat|house|apartment) in )?${PLACE}`,
  ),
  rule(
    'location',
    0.8,
    'says where their home is (en)',
    String.raw`${W}(?:my|our) (?:home|house|flat|apartment|place|street|building) (?:is |in )?(?:right |just |directly )?(?:in|on|near|at|next to|opposite|by|behind) ${PLACE}`,
  ),
  rule(
    'location',
    0.7,
    'says where they are right now (en)',
    String.raw`${W}(?:I'm|I am|we're|we are|I’m|we’re|im) (?:currently |now |right now |just |sitting |standing )?(?:in|at) ${PLACE}(?: [${L}'’]+){0,3} (?:right now|now|atm|at the moment|today|tonight|this week|until)`,
  ),
  rule(
    'location',
    0.75,
    'says where they just arrived (en)',
    String.raw`${W}(?:just )?(?:landed|arrived) (?:in|at) ${PLACE}`,
  ),
  rule(
    'location',
    0.7,
    'says where they are right now (en)',
    String.raw`${W}(?:currently|right now|rn) (?:in|at) ${PLACE}`,
  ),
  rule(
    'location',
    0.7,
    'locates their home by distance (en)',
    String.raw`${W}(?:\d+|a few|two|three|five|ten) (?:blocks|minutes|min|mins|streets|doors) (?:away )?from (?:my|our) (?:house|flat|place|home|apartment)`,
  ),
  rule(
    'location',
    0.75,
    'says where they live (de)',
    String.raw`${W}(?:ich wohne|wir wohnen|ich lebe|wir leben|wohne|wohnen) (?:jetzt |seit [${L}\\d]+(?: [${L}\\d]+)? |schon |mittlerweile |inzwischen )?(?:direkt |gleich |ganz |quasi |mitten )?(?:in der Nähe (?:vom|von der|von|des|der)|um die Ecke (?:vom|von der|von)|gegenüber (?:vom|von der|dem|der)|hinter dem|hinter der|neben dem|neben der|nahe (?:dem|der|am)|in der|in den|in|im|am|an der|auf der|bei|nahe|neben) ${PLACE_X}`,
  ),
  rule(
    'location',
    0.75,
    'says where they live (de)',
    String.raw`${W}(?:wohne ich|wohnen wir|lebe ich|leben wir) (?:jetzt |seit [${L}\\d]+(?: [${L}\\d]+)? |schon |mittlerweile |inzwischen )?(?:direkt |mitten )?(?:in der|in|im|am|bei) ${PLACE_X}|${W}(?:da|dort|hier) (?:wohne ich|wohnen wir)${WE}`,
  ),
  rule(
    'location',
    0.75,
    'says where they moved (de)',
    String.raw`${W}(?:ich bin|wir sind|bin|sind) (?:jetzt |endlich |gerade )?(?:nach|in die|in den) ${PLACE} (?:gezogen|umgezogen)`,
  ),
  rule(
    'location',
    0.7,
    'says where they are right now (de)',
    String.raw`${W}(?:ich bin|wir sind|bin|sind) (?:gerade|grad|jetzt|heute|momentan|aktuell|noch) (?:in|im|am|auf dem|auf der|bei) ${PLACE}`,
  ),
  rule(
    'location',
    0.75,
    'says where they just arrived (de)',
    String.raw`${W}(?:gerade |eben |endlich )?(?:in|am) ${PLACE} (?:gelandet|angekommen)`,
  ),
  rule(
    'location',
    0.75,
    'says where they live (fr)',
    String.raw`${W}(?:j'habite|j’habite|nous habitons|on habite|je vis|nous vivons|on vit|je réside|j'vis) (?:maintenant |désormais |depuis [${L}\\d]+ (?:[${L}\\d]+ )?)?(?:juste |tout |pas loin, |à deux pas, )?(?:à côté de|à côté du|à côté des|à deux pas de|à deux pas du|pas loin de|pas loin du|près de|près du|en face de|en face du|derrière|dans le quartier de|du côté de|à|au|aux|en|dans le|dans la|dans|rue|avenue|boulevard) ${PLACE_X}`,
  ),
  rule(
    'location',
    0.7,
    'says where they are right now (fr)',
    String.raw`${W}(?:je suis|on est|nous sommes|j'suis) (?:actuellement |en ce moment |là |maintenant |encore )(?:à|au|en|dans) ${PLACE}`,
  ),
  rule(
    'location',
    0.7,
    'says where they are right now (fr)',
    String.raw`${W}(?:en ce moment|actuellement|là),? (?:je suis|on est|nous sommes) (?:à|au|en|dans) ${PLACE}`,
  ),
  rule(
    'location',
    0.75,
    'says where they arrived or moved (fr)',
    String.raw`${W}(?:je viens d'|on vient d'|nous venons d'|je viens d’|on vient d’)(?:arriver|atterrir) (?:à|au|en) ${PLACE}|${W}(?:j'ai|j’ai|on a|nous avons) (?:enfin )?déménagé (?:à|au|en|dans) ${PLACE}`,
  ),
  rule(
    'location',
    0.75,
    'says where they live (es)',
    String.raw`${W}(?:vivo|vivimos|resido|residimos|vivo ahora) (?:ahora |desde hace [${L}\\d]+ (?:[${L}\\d]+ )?)?(?:justo |muy |aquí |aqui |ahí |pegado |pegada )?(?:al lado de|al lado del|cerca de|cerca del|junto a|junto al|enfrente de|enfrente del|frente a|frente al|detrás de|detrás del|a dos calles de|a dos calles del|en el barrio de|por|en) ${PLACE_X}`,
  ),
  rule(
    'location',
    0.7,
    'says where they are right now (es)',
    String.raw`${W}(?:estoy|estamos) (?:ahora mismo |ahora |ya |actualmente |todavía |en este momento )(?:en) ${PLACE}|${W}(?:ahora mismo|en este momento|ahora) (?:estoy|estamos) en ${PLACE}`,
  ),
  rule(
    'location',
    0.75,
    'says where they arrived or moved (es)',
    String.raw`${W}(?:acabo|acabamos) de (?:llegar|aterrizar) (?:a|en) ${PLACE}|${W}(?:me he mudado|nos hemos mudado|me mudé|nos mudamos|me mudo) (?:a|al) ${PLACE}`,
  ),
  ja(
    'location',
    0.75,
    'says where they live (ja)',
    String.raw`(?<=[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}A-Za-z0-9])(?:に住んで(?:い|る|ま)|在住|に住む|に住み|に引っ越し(?:ました|た|て)|へ引っ越し(?:ました|た|て)|に移住し)`,
  ),
  ja(
    'location',
    0.7,
    'says where they are right now (ja)',
    String.raw`(?:今|いま|現在|只今)[、,]?[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}A-Za-z0-9]{1,15}?(?:にいます|に来ています|にいる|に来てる|に来た|なう|に到着)`,
  ),
  ja(
    'location',
    0.7,
    'says where they just arrived (ja)',
    String.raw`(?<=[\p{Script=Han}\p{Script=Katakana}A-Za-z]{2})(?:に到着(?:しました|した)|に着きました|に着いた)`,
  ),
  ja(
    'location',
    0.7,
    'locates their home by distance (ja)',
    String.raw`(?:家|自宅|うち)から(?:徒歩|歩いて|自転車で)?\d{1,2}分`,
  ),

  // ---------- absence: away from home, travel dates, routines ----------
  rule(
    'absence',
    0.75,
    'says they will be away (en)',
    String.raw`${W}(?:we're|we are|I'm|I am|we'll be|I'll be|we will be|I will be|we’re|I’m|we’ll be|I’ll be|im) (?:away|out of town|on holiday|on vacation|abroad|travelling|traveling|gone|off) (?:for|until|till|from|all|next|this|over|the|on|in|to)`,
  ),
  rule(
    'absence',
    0.8,
    'says their home is empty (en)',
    String.raw`${W}(?:house|flat|apartment|place|home) (?:is|will be|'ll be|stays) (?:empty|unoccupied|vacant)|${W}(?:nobody|no one|no-one)(?:'s| is| will be|’s) (?:home|at home|at the house)`,
  ),
  rule(
    'absence',
    0.7,
    'announces a trip (en)',
    String.raw`${W}(?:I'm |we're |I’m |we’re |I am |we are )?(?:flying|leaving|heading|off|jetting|driving) (?:out )?to ${PLACE} (?:tomorrow|tonight|next|this|on|for|from|until|till|in the morning)`,
  ),
  rule(
    'absence',
    0.7,
    'says when they leave or return (en)',
    String.raw`${W}(?:back|home|returning|return) (?:on|next|by) (?:the \d{1,2}(?:st|nd|rd|th)?|${DAYS_EN}|\d{1,2}(?:st|nd|rd|th)? (?:of )?[${LU}][${LL}]+)`,
  ),
  rule(
    'absence',
    0.75,
    'shares a timed routine (en)',
    String.raw`${W}every (?:morning|evening|night|day|weekday|weekend|${DAYS_EN})s? (?:at|from|around|before|after) \d{1,2}(?::\d\d)?(?: ?[ap]\.?m\.?)?`,
  ),
  rule(
    'absence',
    0.7,
    'shares a timed routine (en)',
    String.raw`${W}(?:on|every) (?:${DAYS_EN})s?,? I (?:always |usually )?(?:go|run|jog|swim|walk|leave|train|drive)\w* (?:[${L}'’]+ ){0,4}(?:from|at|between) \d{1,2}`,
  ),
  rule(
    'absence',
    0.75,
    'says they will be away (de)',
    String.raw`${W}(?:wir sind|ich bin|wir fahren|ich fahre|wir fliegen|ich fliege|sind|bin) (?:[${L}\\d.]+ ){0,4}?(?:im Urlaub|in den Urlaub|in Urlaub|verreist|nicht zu Hause|nicht zuhause|nicht daheim|auf Reisen|weg)(?:[\s.,!]|$)`,
  ),
  rule(
    'absence',
    0.8,
    'says their home is empty (de)',
    String.raw`${W}(?:niemand|keiner) (?:ist |wird )?(?:zu Hause|zuhause|daheim)|${W}(?:die Wohnung|das Haus|unsere Wohnung|unser Haus) (?:ist|bleibt|steht) (?:[${L}]+ ){0,3}leer`,
  ),
  rule(
    'absence',
    0.75,
    'shares a timed routine (de)',
    String.raw`${W}(?:jeden|immer) (?:Morgen|Abend|Tag|Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|morgens|abends|montags|dienstags|mittwochs|donnerstags|freitags|samstags|sonntags) (?:um|ab|gegen|von|bis) \d{1,2}`,
  ),
  rule(
    'absence',
    0.75,
    'shares a timed routine (de)',
    String.raw`${W}(?:morgens|abends|montags|dienstags|mittwochs|donnerstags|freitags|samstags|sonntags) (?:um|ab|gegen|von) \d{1,2}(?:[.:]\d\d)? (?:Uhr )?(?:bin ich|gehe ich|laufe ich|jogge ich|fahre ich)`,
  ),
  rule(
    'absence',
    0.7,
    'announces a trip (de)',
    String.raw`${W}(?:ich fliege|wir fliegen|ich fahre|wir fahren|fliege|fliegen) (?:morgen|heute|übermorgen|nächste Woche|am [${LU}][${LL}]+|ab [${LU}][${LL}]+) (?:[${L}]+ )?(?:nach|in die|an die) ${PLACE}`,
  ),
  rule(
    'absence',
    0.75,
    'says they will be away (fr)',
    String.raw`${W}(?:nous sommes|je suis|on est|nous serons|je serai|on sera|on part|je pars|nous partons) (?:[${L}\\d']+ ){0,3}?(?:en vacances|absents?|absentes?|en voyage|loin de chez|pas à la maison|en déplacement)`,
  ),
  rule(
    'absence',
    0.8,
    'says their home is empty (fr)',
    String.raw`${W}personne (?:n'est |ne sera )?à la maison|${W}(?:la maison|l'appartement|l’appartement|l'appart) (?:est|sera|reste|restera) vide`,
  ),
  rule(
    'absence',
    0.75,
    'shares a timed routine (fr)',
    String.raw`${W}(?:tous les|chaque) (?:matins?|soirs?|jours?|lundis?|mardis?|mercredis?|jeudis?|vendredis?|samedis?|dimanches?) (?:à|vers|dès|de) \d{1,2}`,
  ),
  rule(
    'absence',
    0.7,
    'announces a trip (fr)',
    String.raw`${W}(?:je pars|on part|nous partons|je m'envole|on s'envole|je m’envole) (?:demain |ce soir |la semaine prochaine |samedi |dimanche |lundi )?(?:pour|à|en|au) ${PLACE}`,
  ),
  rule(
    'absence',
    0.75,
    'says they will be away (es)',
    String.raw`${W}(?:estaremos|estaré|estamos|estoy|nos vamos|me voy) (?:[${L}\\d]+ ){0,3}?(?:de vacaciones|fuera de casa|de viaje|fuera de la ciudad|fuera hasta|fuera del \d|fuera toda)`,
  ),
  rule(
    'absence',
    0.8,
    'says their home is empty (es)',
    String.raw`${W}no (?:hay|habrá) nadie en casa|${W}(?:la casa|el piso) (?:está|estará|queda|se queda) vací[oa]`,
  ),
  rule(
    'absence',
    0.75,
    'shares a timed routine (es)',
    String.raw`${W}(?:todos los|todas las|cada) (?:días?|lunes|martes|miércoles|jueves|viernes|sábados?|domingos?|mañanas?|tardes?|noches?) (?:a las|sobre las|desde las|hacia las) \d{1,2}`,
  ),
  rule(
    'absence',
    0.7,
    'announces a trip (es)',
    String.raw`${W}(?:vuelo|volamos|me voy|nos vamos|salgo|salimos) (?:mañana|hoy|esta noche|el (?:lunes|martes|miércoles|jueves|viernes|sábado|domingo)|la semana que viene) (?:a|para|hacia) ${PLACE}`,
  ),
  ja(
    'absence',
    0.75,
    'says they will be away (ja)',
    String.raw`(?:家を空け|留守に|留守で|不在に|不在で|旅行で家|帰省(?:中|します|する)|出張(?:中|で家)|旅行中|海外旅行に行って)`,
  ),
  ja(
    'absence',
    0.75,
    'shares a timed routine (ja)',
    String.raw`毎(?:朝|晩|日|週[月火水木金土日]曜日?|夕方)[^。！\n]{0,12}?\d{1,2}時`,
  ),

  // ---------- family: children identified by name, age or school ----------
  rule(
    'family',
    0.8,
    'names a child (en)',
    String.raw`${W}(?:my|our) (?:${CHILD_EN}),? (?!I${WE})${NAME}(?:,? \(\d{1,2}\))?`,
  ),
  rule(
    'family',
    0.8,
    "gives a child's age (en)",
    String.raw`${W}(?:my|our) (?:${CHILD_EN}) \(\d{1,2}\)|${W}(?:my|our) (?:${NUM_EN})[- ](?:year|yr|month)s?[- ]old|${W}(?:my|our) (?:${CHILD_EN}) (?:is|just turned|turns|turn|turned|will be) (?:${NUM_EN})${WE}`,
  ),
  rule(
    'family',
    0.75,
    "names a child's school (en)",
    String.raw`${W}(?:my|our) (?:${CHILD_EN})(?:'s|s'|’s)? (?:[${L}]+ ){0,3}?(?:goes to|go to|attends|attend|started at|starts at|start at|class at|teacher at|pick(?:ed)? (?:her|him|them) up (?:from|at)) ${NAME}(?: ${NAME}){0,3}`,
  ),
  rule(
    'family',
    0.75,
    "names a child's school (en)",
    String.raw`${W}(?:${NAME} ){1,3}(?:${SCHOOL_EN}) (?:[${L}'’]+ ){0,4}(?:my|our) (?:${CHILD_EN})`,
  ),
  rule(
    'family',
    0.8,
    'names a child (de)',
    String.raw`${W}(?:mein|meine|meinen|meinem|meiner|unser|unsere|unseren|unserem|unserer) (?:Sohn|Tochter|Kind|Kleine|Kleiner|Kleinen|Enkel|Enkelin|Nichte|Neffe|Jüngste|Jüngster|Älteste|Ältester|Große|Großer),? (?!(?:Ist|Hat|Und|Die|Der|Das|Heute|Gestern|Morgen|Schule|Kita)${WE})${NAME}(?:,? \(\d{1,2}\))?`,
  ),
  rule(
    'family',
    0.8,
    "gives a child's age (de)",
    String.raw`${W}(?:mein|meine|unser|unsere) (?:Sohn|Tochter|Kind|Kleine|Kleiner) \(\d{1,2}\)|${W}(?:mein|meine|meinen|unser|unsere|unseren) (?:\d{1,2}|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)[- ]?jährige[rn]? (?:Sohn|Tochter|Kind|Kinder|Enkel)|${W}(?:mein Sohn|meine Tochter|unser Sohn|unsere Tochter|unser Kind|mein Kind) (?:ist|wird) (?:jetzt |heute |bald |schon )?(?:\d{1,2}|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf)(?: Jahre| Monate)?${WE}`,
  ),
  rule(
    'family',
    0.75,
    "names a child's school (de)",
    String.raw`${W}(?:mein Sohn|meine Tochter|unser Sohn|unsere Tochter|unser Kind|mein Kind|unsere Kinder|meine Kinder|der Kleine|die Kleine) (?:geht|gehen|kommt|kommen) (?:jetzt |ab [${LU}][${LL}]+ |seit [${LU}][${LL}]+ )?(?:in die|auf die|in den|zur|an die|in) (?:[${LU}][${L}-]+[- ])?(?:Grundschule|Kita|Kindergarten|Schule|Gymnasium|Gesamtschule|Realschule|Krippe)(?: ${NAME})?`,
  ),
  rule(
    'family',
    0.8,
    'names a child (fr)',
    String.raw`${W}(?:mon fils|ma fille|mon petit|ma petite|notre fils|notre fille|mon bébé|mon neveu|ma nièce|mon petit-fils|ma petite-fille),? (?!(?:Je|Il|Elle)${WE})${NAME}(?:,? \(\d{1,2}(?: ans)?\))?`,
  ),
  rule(
    'family',
    0.8,
    "gives a child's age (fr)",
    String.raw`${W}(?:mon fils|ma fille|notre fils|notre fille|mon petit|ma petite) \(\d{1,2}(?: ans)?\)|${W}(?:mon fils|ma fille|notre fils|notre fille|mon bébé|mon petit|ma petite) (?:a|aura|vient d'avoir|vient d’avoir|va avoir|fête ses) \d{1,2} (?:ans|mois)|${W}(?:mon|ma|mes) (?:fils|fille|enfants?) de \d{1,2} ans`,
  ),
  rule(
    'family',
    0.75,
    "names a child's school (fr)",
    String.raw`${W}(?:mon fils|ma fille|notre fils|notre fille|mes enfants|nos enfants|mon petit|ma petite) (?:va|vont|entre|rentre|est) (?:[${L}]+ ){0,2}?(?:à l'école|à l’école|au collège|à la crèche|en maternelle|au lycée|en CP|en CE1|en CE2|en CM1|en CM2)(?: (?:primaire |maternelle )?(?:${NAME}|Jules|Jean)(?: ${NAME}){0,3})?`,
  ),
  rule(
    'family',
    0.8,
    'names a child (es)',
    String.raw`${W}(?:mi hijo|mi hija|nuestro hijo|nuestra hija|mi peque|mi niño|mi niña|mi bebé|mi sobrino|mi sobrina|mi nieto|mi nieta),? (?!(?:Ya|Es|Hoy)${WE})${NAME}(?:,? \(\d{1,2}\))?`,
  ),
  rule(
    'family',
    0.8,
    "gives a child's age (es)",
    String.raw`${W}(?:mi hijo|mi hija|nuestro hijo|nuestra hija|mi peque) \(\d{1,2}\)|${W}(?:mi hijo|mi hija|nuestro hijo|nuestra hija|mi peque|mi bebé|mi niño|mi niña) (?:tiene|cumple|cumplió|ha cumplido|ya tiene) \d{1,2} (?:años|meses)|${W}(?:mi|nuestro|nuestra) (?:hijo|hija) de \d{1,2} años`,
  ),
  rule(
    'family',
    0.75,
    "names a child's school (es)",
    String.raw`${W}(?:mi hijo|mi hija|nuestro hijo|nuestra hija|mis hijos|nuestros hijos|mi peque) (?:va|van|entra|empieza|empezó) (?:[${L}]+ ){0,2}?(?:al colegio|al cole|a la guardería|al instituto|a la escuela|a la guarde|en el colegio|en el cole|en la guardería|en el instituto|en la escuela)(?: (?:público |de )?${NAME}(?: ${NAME}){0,3})?`,
  ),
  ja(
    'family',
    0.8,
    'names a child (ja)',
    String.raw`(?:娘|息子|長男|長女|次男|次女|うちの子|孫)(?:の)?[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}]{1,5}(?:ちゃん|くん|君)`,
  ),
  ja(
    'family',
    0.8,
    "gives a child's age (ja)",
    String.raw`(?:娘|息子|長男|長女|次男|次女|うちの子|孫)(?:は|が|も)?(?:今年|もう|今日で|来月で)?\d{1,2}(?:歳|才|ヶ月|か月)`,
  ),
  ja(
    'family',
    0.75,
    "names a child's school (ja)",
    String.raw`(?:娘|息子|長男|長女|次男|次女|うちの子|子ども|子供)[^。！\n]{0,10}?[\p{Script=Han}\p{Script=Katakana}ヶ]{1,8}(?:小学校|中学校|幼稚園|保育園|高校)`,
  ),

  rule(
    'family',
    0.75,
    "gives a child's birth date (en)",
    String.raw`${W}(?:my|our) (?:${CHILD_EN}) (?:[${LU}][${LL}]+ )?(?:was|were) born (?:on|in) `,
  ),
  rule(
    'family',
    0.75,
    "gives a child's birth date (de/fr/es)",
    String.raw`${W}(?:(?:mein Sohn|meine Tochter|unser Sohn|unsere Tochter)(?: [${LU}][${LL}]+)? (?:ist|wurde) am \d|(?:mon fils|ma fille|notre fils|notre fille)(?: [${LU}][${LL}]+)? est née? le \d|(?:mi hijo|mi hija|nuestro hijo|nuestra hija)(?: [${LU}][${LL}]+)? nació el \d)`,
  ),

  // ---------- health ----------
  // A post that opens with the diagnosis drops the subject: "Diagnosed with type 1 diabetes last week."
  rule(
    'health',
    0.8,
    'discloses a diagnosis (en)',
    String.raw`${W}(?:just |finally |officially |recently |newly |got |been )*[Dd]iagnosed (?:with|as|today|yesterday|last)`,
    { sentenceStart: true },
  ),
  rule(
    'health',
    0.75,
    'mentions their treatment (en)',
    String.raw`${W}(?:I|I've|I’ve|I'm|I’m|I am|I have|I just|we) (?:just |finally |now |have to |had to |need to |started |start |began |am |'m |’m |been |back )*(?:started|starting|start|taking|on|injecting|inject|doing|finished|finishing|beginning|back on) (?:my |the |a |round \d+ of |cycle \d+ of |daily )?(?:${TREATMENTS_EN})${WE}`,
  ),
  rule(
    'health',
    0.75,
    'mentions their treatment (en)',
    String.raw`${W}(?:just |finally )?(?:started|starting|began|finished|back on|day \d+ of|week \d+ of|round \d+ of|cycle \d+ of|new routine with|first day (?:of|on)) (?:my |the )?(?:${TREATMENTS_EN})${WE}`,
    { sentenceStart: true },
  ),
  rule(
    'health',
    0.75,
    'mentions their treatment (en)',
    String.raw`${W}my (?:new |latest |first |next |last |recent |weekly |daily |monthly )(?:diagnosis|therapist|psychiatrist|oncologist|chemo|meds|medication|insulin|treatment|infusion|dialysis|prescription|scan results|biopsy)${WE}`,
  ),
  rule(
    'health',
    0.8,
    'discloses a diagnosis (de)',
    String.raw`${W}(?:Diagnose|Befund) ?: ?(?!negativ|unauffällig|keine|Fehlanzeige|unklar|offen)[${L}]`,
    { sentenceStart: true },
  ),
  rule(
    'health',
    0.75,
    'mentions their treatment (de)',
    String.raw`${W}(?:ich |wir )?(?:bekomme|kriege|beginne|starte|mache|spritze|muss|brauche|nehme) (?:jetzt |ab morgen |ab heute |ab [${LU}][${LL}]+ |seit [${L}\\d]+ (?:[${L}\\d]+ )?|täglich |wieder |nun )*(?:eine |die |meine |mit der |mit )?(?:Chemo|Chemotherapie|Insulin|Bestrahlung|Bestrahlungen|Dialyse|Immuntherapie|Antidepressiva|Strahlentherapie)${WE}`,
  ),
  rule(
    'health',
    0.75,
    'mentions their treatment (fr)',
    String.raw`${W}(?:je suis sous|je commence|je démarre|je prends|je fais|j'ai commencé|j’ai commencé|je viens de commencer|je me pique à|je suis sous traitement,?) (?:l'|l’|la |le |les |mes |mon |ma |de l'|de l’|des |une )?(?:insuline|chimio|chimiothérapie|radiothérapie|antidépresseurs|dialyse|immunothérapie|traitement)${WE}`,
  ),
  rule(
    'health',
    0.8,
    'discloses a diagnosis (fr)',
    String.raw`${W}(?:diagnostiquée?|on vient de me diagnostiquer|le médecin vient de me diagnostiquer|on m'a trouvé|on m’a trouvé) (?:avec |d'|d’|de |du |comme )?(?:une |un |le |la |l'|l’)?[${L}]`,
    { sentenceStart: true },
  ),
  rule(
    'health',
    0.8,
    'discloses a diagnosis (fr)',
    String.raw`${W}(?:on vient de me diagnostiquer|le médecin vient de me diagnostiquer|je viens d'apprendre que j'ai|je viens d’apprendre que j’ai|Diagnostic ?:)`,
  ),
  rule(
    'health',
    0.8,
    'discloses a diagnosis (es)',
    String.raw`${W}(?:diagnosticad[oa]|recién diagnosticad[oa]) (?:con|de|hace)`,
    { sentenceStart: true },
  ),
  rule(
    'health',
    0.8,
    'discloses a diagnosis (es)',
    String.raw`${W}(?:me (?:han|ha|acaba de|acaban de) (?:diagnosticado|detectado|encontrado)|Diagnóstico ?:)`,
  ),
  rule(
    'health',
    0.75,
    'mentions their treatment (es)',
    String.raw`${W}(?:empiezo|empecé|he empezado|empiezo mañana|estoy con|me pongo|me inyecto|tomo|sigo con|termino|terminé|acabo de empezar) (?:la |el |con |con la |con el |mi |mis |los |las )?(?:quimio|quimioterapia|insulina|radioterapia|antidepresivos|diálisis|inmunoterapia|tratamiento)${WE}`,
  ),
  ja(
    'health',
    0.8,
    'discloses a diagnosis (ja)',
    String.raw`(?<=[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}A-Za-z0-9]{2})(?:と診断され(?:ました|た|て)|の診断を受け(?:ました|た|て)|が見つかりました)`,
  ),
  ja(
    'health',
    0.75,
    'mentions their treatment (ja)',
    String.raw`(?:インスリン|抗がん剤|化学療法|透析|放射線治療|抗うつ薬)(?:注射|治療)?(?:を|が|の)(?:始め|始ま|打ち始め|開始|生活)|(?:インスリン|透析|抗がん剤)生活`,
  ),
  rule(
    'health',
    0.85,
    'discloses a diagnosis (en)',
    String.raw`${W}(?:I was|I've been|I’ve been|I got|I have been|I am|I'm|I’m|just got|finally got|was|got|been) (?:officially |finally |formally |just )?diagnosed (?:with|as)`,
  ),
  rule(
    'health',
    0.8,
    'discloses a condition (en)',
    String.raw`${W}(?:I have|I've got|I’ve got|I live with|I'm living with|I am living with|I suffer from|I'm recovering from|I am recovering from|I'm dealing with|i have|my) (?:severe |chronic |mild |clinical |stage \d |type \d )?(?:${DISEASES_EN})${WE}`,
  ),
  rule(
    'health',
    0.75,
    'mentions their treatment (en)',
    String.raw`${W}my (?:diagnosis|therapist|psychiatrist|psychologist|oncologist|chemo|chemotherapy|radiotherapy|radiation|surgery|operation|meds|medication|antidepressants|insulin|treatment|MRI|biopsy|prescription|infusion|dialysis|rehab|relapse|seizures|panic attacks|GP said|doctor said|neurologist|rheumatologist)${WE}`,
  ),
  rule(
    'health',
    0.8,
    'discloses a condition (en)',
    String.raw`${W}(?:I'm|I am|I’m|im) (?:\d+ weeks )?(?:pregnant|autistic|bipolar|diabetic|epileptic|HIV positive|HIV\+|on antidepressants|in recovery|in rehab|sober|in hospital|in the hospital|back in hospital|in the ER|immunocompromised|disabled|on chemo|on SSRIs|on HRT|on sick leave|going through chemo)${WE}`,
  ),
  rule(
    'health',
    0.75,
    'discloses a condition (en)',
    String.raw`${W}(?:I had|I've had|I’ve had|I'm having|I am having|had) (?:a|another|my first|my) (?:miscarriage|panic attack|seizure|stroke|heart attack|relapse|abortion|mastectomy|breakdown|manic episode)|${W}I (?:tested|just tested) positive for`,
  ),
  rule(
    'health',
    0.75,
    "discloses a relative's condition (en)",
    String.raw`${W}my (?:mom|mum|mother|dad|father|wife|husband|partner|son|daughter|sister|brother|grandma|grandpa) (?:has|was diagnosed with|got diagnosed with|is dying of|is battling|is fighting) (?:${DISEASES_EN})`,
  ),
  rule(
    'health',
    0.85,
    'discloses a diagnosis (de)',
    String.raw`${W}(?:bei mir wurde|wurde bei mir|bei mir wurden|mir wurde) (?:[${L}-]+ ){1,3}(?:diagnostiziert|festgestellt)|${W}(?:ich habe|ich hab|hab) (?:jetzt |offiziell |endlich )?(?:die )?Diagnose`,
  ),
  rule(
    'health',
    0.8,
    'discloses a condition (de)',
    String.raw`${W}(?:ich habe|ich hab|hab|ich leide an|ich leide unter|ich lebe mit|ich hatte) (?:seit [${L}\\d]+ (?:[${L}\\d]+ )?|schon lange |chronische |starke |wieder )?(?:${DISEASES_DE})${WE}`,
  ),
  rule(
    'health',
    0.75,
    'mentions their treatment (de)',
    String.raw`${W}(?:meine|meiner|meinen|mein|meinem) (?:Diagnose|Therapeutin|Therapeut|Therapie|Chemo|Chemotherapie|Bestrahlung|Psychiaterin|Psychiater|Medikamente|Antidepressiva|OP|Operation|Reha|Ärztin meint|Arzt meint|Neurologin|Neurologe|Krankschreibung)${WE}`,
  ),
  rule(
    'health',
    0.8,
    'discloses a condition (de)',
    String.raw`${W}(?:ich bin|bin) (?:jetzt |seit [${L}\\d]+ (?:[${L}\\d]+ )?|wieder |in der \d+\. Woche )?(?:schwanger|Autist|Autistin|depressiv|Diabetiker|Diabetikerin|in Therapie|krankgeschrieben|in der Klinik|im Krankenhaus|in der Psychiatrie|in Reha|trocken|clean|HIV-positiv|chronisch krank)${WE}|${W}ich nehme (?:jetzt |seit [${L}\\d]+ (?:[${L}\\d]+ )?)?(?:Antidepressiva|Insulin|Sertralin|Lithium|Ritalin|Methylphenidat|Escitalopram|Hormone)`,
  ),
  rule(
    'health',
    0.85,
    'discloses a diagnosis (fr)',
    String.raw`${W}(?:on m'a diagnostiqué|on m’a diagnostiqué|j'ai été diagnostiqué|j’ai été diagnostiqué|je viens d'être diagnostiqué|diagnostiquée? (?:avec|d'un|d'une|TDAH|autiste))`,
  ),
  rule(
    'health',
    0.8,
    'discloses a condition (fr)',
    String.raw`${W}(?:j'ai|j’ai|je souffre d'|je souffre de|je vis avec|je lutte contre|je me bats contre) ?(?:${DISEASES_FR}|endométriose|anxiété|épilepsie)${WE}`,
  ),
  rule(
    'health',
    0.75,
    'mentions their treatment (fr)',
    String.raw`${W}(?:ma|mon|mes) (?:psy|psychiatre|thérapeute|chimio|chimiothérapie|traitement|diagnostic|antidépresseurs|opération|séances de radiothérapie|médecin m'a dit|arrêt maladie)${WE}`,
  ),
  rule(
    'health',
    0.8,
    'discloses a condition (fr)',
    String.raw`${W}(?:je suis|j'suis) (?:[${L}]+ )?(?:enceinte|autiste|diabétique|dépressive?|à l'hôpital|à l’hôpital|hospitalisée?|en arrêt maladie|sous antidépresseurs|en chimio|séropositive?|bipolaire)${WE}`,
  ),
  rule(
    'health',
    0.85,
    'discloses a diagnosis (es)',
    String.raw`${W}(?:me diagnosticaron|me han diagnosticado|me acaban de diagnosticar|me detectaron|me han detectado)`,
  ),
  rule(
    'health',
    0.8,
    'discloses a condition (es)',
    String.raw`${W}(?:tengo|sufro de|sufro|vivo con|padezco|padezco de|lucho contra) (?:una |un |la |el )?(?:${DISEASES_ES})${WE}`,
  ),
  rule(
    'health',
    0.75,
    'mentions their treatment (es)',
    String.raw`${W}(?:mi|mis) (?:psicóloga|psicólogo|psiquiatra|terapeuta|quimio|quimioterapia|tratamiento|diagnóstico|antidepresivos|operación|médica me dijo|médico me dijo|baja médica|sesiones de radioterapia)${WE}`,
  ),
  rule(
    'health',
    0.8,
    'discloses a condition (es)',
    String.raw`${W}(?:estoy|estoy ya) (?:embarazada|en el hospital|hospitalizad[oa]|ingresad[oa]|de baja médica|de baja|en tratamiento|con quimio|en rehabilitación)${WE}|${W}(?:soy) (?:autista|diabétic[oa]|bipolar|seropositiv[oa])${WE}`,
  ),
  ja(
    'health',
    0.85,
    'discloses a diagnosis (ja)',
    String.raw`(?:うつ病|鬱病|適応障害|発達障害|ADHD|自閉症|自閉スペクトラム症|パニック障害|双極性障害|がん|癌|乳がん|糖尿病|不安障害|統合失調症|てんかん|パーキンソン病|線維筋痛症|子宮内膜症|コロナ)(?:と診断され|の診断を受け|で通院|で休職|で入院|を患って|になりました|になってしまい|が見つか|陽性)`,
  ),
  ja(
    'health',
    0.8,
    'mentions their treatment (ja)',
    String.raw`(?:心療内科|精神科|病院|婦人科|透析)に(?:通って|通院|行ってきた|入院)|(?:抗うつ薬|抗不安薬|睡眠薬|抗がん剤|インスリン)を(?:飲|服用|打|始め)|(?:入院中|通院中|闘病中|妊娠中|休職中|抗がん剤治療)|妊娠\d+(?:週|ヶ月|か月)|(?:手術|化学療法|放射線治療)を受け(?:ました|た|ることに|てきた)`,
  ),
  // ---------- stories: a diagnosis told through the doctor, a hospital stay, a routine without a clock ----------
  rule(
    'health',
    0.8,
    'tells their diagnosis through the doctor (en)',
    String.raw`${W}(?:doctor|doc|GP|neurologist|oncologist|consultant|specialist|cardiologist|psychiatrist|rheumatologist|gastroenterologist|gyno|gynecologist|gynaecologist|endocrinologist) (?:finally |just |has |then |now )?(?:told me|says|said|confirmed|thinks|reckons)(?: that)?,? (?:it'?s|it’s|it is|it was|it might be|I have|I've got|I’ve got|I had|I've had|I’ve had|I've|I’ve|I'm|I’m) (?:got |probably |definitely |likely )?(?:${DISEASES_EN}|autistic|diabetic|bipolar|pregnant)${WE}`,
  ),
  rule(
    'health',
    0.8,
    'tells of a hospital stay (en)',
    String.raw`${W}(?:(?:I|we) (?:spent|ended up|was|were|have been|'ve been|’ve been|got|was rushed|got rushed|was admitted|got admitted|just got out|got out|came home|am home|'m home|’m home|am back|'m back|’m back)|(?:spent|spending|ended up|landed|admitted|rushed|just got out|got out|discharged|released|home|back home|finally home)) (?:[${L}'’\d]+ ){0,4}?(?:in|to|into|from|out of) (?:the )?(?:hospital|ER|A&E|ICU|intensive care|emergency room|psych ward)${WE}(?! (?:car park|parking|cafe|café|canteen|lobby|shop|gift))`,
  ),
  rule(
    'health',
    0.75,
    'tells of a medical event (en)',
    String.raw`${W}(?:after|since|before|recovering from|following|because of) my (?:heart attack|stroke|surgery|operation|seizure|miscarriage|mastectomy|transplant|overdose|breakdown|concussion|c-section|hysterectomy|hip replacement|knee surgery|chemo|diagnosis|relapse|biopsy)${WE}`,
  ),
  rule(
    'health',
    0.8,
    'tells their diagnosis through the doctor (de)',
    String.raw`${W}(?:Arzt|Ärztin|Hausarzt|Hausärztin|Doc|Neurologe|Neurologin|Kardiologe|Kardiologin|Psychiater|Psychiaterin|Frauenärztin|Frauenarzt|Befund|MRT|Biopsie) (?:hat |hat mir |hat heute |hat jetzt )?(?:gesagt|sagt|meint|meinte|bestätigt|bestätigte|ergab|ergibt|zeigt|zeigte|festgestellt)(?: mir)?,? (?:dass |es |ich |es ist |es sei |ich habe |ich hätte |ich hab |dass ich |dass es )*(?:${DISEASES_DE})${WE}`,
  ),
  rule(
    'health',
    0.8,
    'tells of a hospital stay (de)',
    String.raw`${W}(?:ich (?:lag|liege|musste|wurde)|lag ich|musste ich|wurde ich|lag|liege) (?:[${L}\d]+ ){0,4}?(?:im Krankenhaus|im Spital|in der Klinik|auf der Intensivstation|auf Intensiv|in der Notaufnahme|ins Krankenhaus|in die Notaufnahme|in die Klinik)${WE}|${W}(?:nach meinem|seit meinem|wegen meinem|wegen meines|nach meiner|seit meiner) (?:Herzinfarkt|Schlaganfall|Hörsturz|Bandscheibenvorfall|Krampfanfall|Zusammenbruch|Fehlgeburt|Transplantation|Diagnose|Operation|OP|Chemo)${WE}|${W}(?:bin|wurde) (?:gestern |heute |endlich |gerade )?(?:aus dem Krankenhaus|aus der Klinik) entlassen`,
  ),
  rule(
    'health',
    0.8,
    'tells their diagnosis through the doctor (fr)',
    String.raw`${W}(?:médecin|docteur|doc|généraliste|neurologue|cardiologue|psychiatre|gynéco|gynécologue|IRM|biopsie|prise de sang|analyses|examens) (?:m'a dit|m’a dit|m'a annoncé|m’a annoncé|m'a confirmé|m’a confirmé|a confirmé|ont confirmé|confirme|pense|dit|a dit)(?: que)?,? (?:c'est|c’est|c'était|c’était|j'ai|j’ai|j'avais|j’avais|je fais|je suis) (?:${DISEASES_FR}|dépression|cancer|diabète|TDAH|sclérose en plaques|endométriose|épilepsie|burn-out|fibromyalgie|infarctus|AVC|tumeur|Parkinson|Alzheimer|asthme|diabétique|autiste|bipolaire|enceinte)${WE}`,
  ),
  rule(
    'health',
    0.8,
    'tells of a hospital stay (fr)',
    String.raw`${W}(?:j'ai passé|j’ai passé|j'étais|j’étais|je suis resté|je suis restée|je sors|je suis sorti|je suis sortie|on m'a|on m’a) (?:[${L}'’\d]+ ){0,4}?(?:à l'hôpital|à l’hôpital|de l'hôpital|de l’hôpital|aux urgences|des urgences|en réa|en réanimation|hospitalisée?)${WE}|${W}j['’]ai été (?:hospitalisée?|opérée?|admise? aux urgences)|${W}(?:après|depuis|avant) (?:mon|ma) (?:infarctus|AVC|opération|fausse couche|greffe|chimio|mastectomie|crise cardiaque|accouchement difficile|diagnostic)${WE}`,
  ),
  rule(
    'health',
    0.8,
    'tells their diagnosis through the doctor (es)',
    String.raw`${W}(?:médico|médica|doctor|doctora|neurólogo|neuróloga|cardiólogo|cardióloga|psiquiatra|ginecóloga|ginecólogo|análisis|pruebas|resonancia|biopsia) (?:me (?:dijo|ha dicho|dice|confirmó|ha confirmado)|confirmó|ha confirmado|confirman|dice|dijo)(?: que)?,? (?:es|era|tengo|tenía|padezco|estoy) (?:un |una |la |el )?(?:${DISEASES_ES}|infarto|ictus|esclerosis|párkinson|alzhéimer|diabétic[oa]|autista|embarazada)${WE}`,
  ),
  rule(
    'health',
    0.8,
    'tells of a hospital stay (es)',
    String.raw`${W}(?:he pasado|pasé|estuve|he estado|llevo|acabo de salir|salí|he salido) (?:[${L}\d]+ ){0,4}?(?:en el hospital|en urgencias|en la UCI|ingresad[oa]|del hospital|de urgencias)${WE}|${W}me (?:ingresaron|han ingresado|dieron el alta|han dado el alta|operaron|han operado)${WE}|${W}(?:después de|desde|tras) mi (?:infarto|ictus|operación|aborto|cirugía|trasplante|diagnóstico|quimio)${WE}`,
  ),
  ja(
    'health',
    0.8,
    'tells their diagnosis through the doctor (ja)',
    String.raw`(?:医者|医師|先生|主治医|ドクター)(?:に|から)[^。！\n]{0,12}?(?:うつ病|鬱病|適応障害|発達障害|ADHD|自閉症|パニック障害|双極性障害|がん|癌|糖尿病|不安障害|てんかん|パーキンソン病|多発性硬化症|MS|心筋梗塞|脳梗塞|ヘルニア|喘息|妊娠)(?:だ|です|の可能性が高い)?と(?:言われ|告げられ)`,
  ),
  ja(
    'health',
    0.75,
    'tells of a hospital stay (ja)',
    String.raw`(?<![がはも])(?:入院|退院)(?:しました|した|して(?:い|た|ま)|することに|してきました)|(?:心筋梗塞|脳梗塞|脳卒中|骨折|肺炎|盲腸|虫垂炎|ヘルニア)で(?:入院|手術|倒れ)`,
  ),
  rule(
    'absence',
    0.7,
    'shares a weekly or daily routine (en)',
    String.raw`${W}(?:(?:every|each) (?:${DAYS_EN}|morning|evening|weekend|weekday|Saturday morning|Sunday morning)|(?:on )?(?:${DAYS_EN})s),? (?:(?:I'm|I’m|I am|we're|we’re|we are) (?:usually |always |normally |still |basically )?(?:at|in|out|away|off to|down at|up at)|(?:I|we) (?:usually |always |normally |still |basically )?(?:go|walk|run|jog|swim|cycle|bike|ride|drive|head|leave|train|climb|volunteer|hike|teach|coach|work)(?: [${L}'’]+){0,3}? (?:to|at|in|into|around|along|by|down to|up to|over to|on the)${WE}(?! bed| sleep))`,
  ),
  rule(
    'absence',
    0.7,
    'shares a weekly or daily routine (en)',
    String.raw`${W}(?:(?:I|we) (?:usually |always |normally |still )?(?:walk|run|jog|swim|cycle|bike|ride|go|head|climb|train|volunteer|hike)(?: [${L}'’]+){0,3}? (?:to|at|in|into|around|along|by|down to|up to|over to|on the)${WE}(?! bed| sleep)|(?:I'm|I’m|I am|we're|we’re|we are) (?:usually |always )?(?:at|in|out at|down at)${WE})(?: [${L}'’]+){0,7}? (?:every|each) (?:${DAYS_EN}|morning|evening|weekend|Saturday morning|Sunday morning)s?${WE}`,
  ),
  rule(
    'absence',
    0.7,
    'shares a weekly or daily routine (de)',
    String.raw`${W}(?:jeden (?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Morgen|Abend|Vormittag|Nachmittag)|montags|dienstags|mittwochs|donnerstags|freitags|samstags|sonntags|morgens|abends|frühmorgens|am Wochenende)(?: immer| meistens| früh)?,? (?:(?:bin ich|sind wir) (?:immer |meistens |dann )?(?:im|in der|in den|beim|bei|am|auf dem|an der|unterwegs|weg|nicht da|nicht zu Hause)|(?:gehe|gehen|laufe|jogge|fahre|fahren|schwimme|trainiere|klettere|radle|bringe|führe) (?:ich|wir)(?: [${L}]+){0,3}? (?:im|in den|in die|ins|zum|zur|an den|an die|am|auf den|auf dem|mit dem Hund|beim|nach|in der)${WE})${WE}|${W}(?:ich|wir) (?:gehe|gehen|laufe|jogge|fahre|fahren|schwimme|trainiere|klettere|radle) (?:[${L}]+ ){0,5}?(?:jeden (?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Morgen|Abend)|montags|dienstags|mittwochs|donnerstags|freitags|samstags|sonntags|morgens|abends|frühmorgens)(?: [${L}]+){0,3}? (?:im|in den|in die|ins|zum|zur|an den|an die|am|auf den|auf dem|mit dem Hund|beim|nach|in der)${WE}|${W}(?:ich|wir) (?:gehe|gehen|laufe|jogge|fahre|fahren|schwimme|trainiere|klettere|radle) (?:jeden (?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Morgen|Abend)|montags|dienstags|mittwochs|donnerstags|freitags|samstags|sonntags|morgens|abends|frühmorgens) (?:immer )?(?:[${L}]+ ){0,4}?(?:im|in den|in die|ins|zum|zur|an den|an die|am|auf den|auf dem|beim|in der)${WE}|${W}(?:ich|wir) (?:gehe|gehen|laufe|jogge|fahre|fahren|schwimme|trainiere|klettere|radle)(?: [${L}]+){0,3}? (?:im|in den|in die|ins|zum|zur|an den|an die|am|auf den|auf dem|mit dem Hund|beim|nach|in der)${WE}(?: [${L}]+){0,4}? (?:jeden (?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Morgen|Abend)|montags|dienstags|mittwochs|donnerstags|freitags|samstags|sonntags|morgens|abends|frühmorgens)${WE}|${W}(?:ich bin|wir sind) (?:jeden (?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Morgen|Abend)|montags|dienstags|mittwochs|donnerstags|freitags|samstags|sonntags|morgens|abends|frühmorgens) (?:immer )?(?:im|in der|beim|am|auf dem)${WE}`,
  ),
  rule(
    'absence',
    0.7,
    'shares a weekly or daily routine (fr)',
    String.raw`${W}(?:tous les|chaque) (?:lundis?|mardis?|mercredis?|jeudis?|vendredis?|samedis?|dimanches?|matins?|soirs?|week-ends?|weekends?),? (?:(?:je suis|on est|nous sommes|j'suis) (?:toujours |souvent )?(?:à|au|aux|en|dans|chez|dehors|absente?s?)|(?:je|on|nous) (?:vais|va|allons|cours|court|nage|promène|promenons|sors|sort|pars|part|grimpe|m'entraîne|m’entraîne|emmène|marche)(?: [${L}'’]+){0,3}? (?:à|au|aux|en|dans|chez|sur|le long)${WE})${WE}|${W}(?:je|on|nous) (?:vais|va|allons|cours|nage|promène|promenons|sors|grimpe|m'entraîne|m’entraîne|marche|suis)(?: [${L}'’]+){0,3}? (?:à|au|aux|en|dans|chez|sur|le long)${WE}(?: [${L}'’]+){0,7}? (?:tous les|chaque) (?:lundis?|mardis?|mercredis?|jeudis?|vendredis?|samedis?|dimanches?|matins?|soirs?|week-ends?)${WE}`,
  ),
  rule(
    'absence',
    0.7,
    'shares a weekly or daily routine (es)',
    String.raw`${W}(?:(?:todos los|cada) (?:lunes|martes|miércoles|jueves|viernes|sábados?|domingos?|días|fines de semana|fin de semana)|(?:todas las|cada) (?:mañanas?|tardes?|noches?)|los (?:lunes|martes|miércoles|jueves|viernes|sábados|domingos)),? (?:(?:estoy|estamos) (?:siempre )?(?:en|fuera)|(?:voy|vamos|salgo|salimos|corro|nado|entreno|paseo|saco|escalo|bajo|subo|llevo)(?: [${L}]+){0,3}? (?:al|a la|a|en|por|hasta)${WE})${WE}|${W}(?:voy|vamos|salgo|salimos|corro|nado|entreno|paseo|saco|escalo|estoy|estamos)(?: [${L}]+){0,3}? (?:al|a la|a|en|por|hasta)${WE}(?: [${L}]+){0,6}? (?:(?:todos los|cada) (?:lunes|martes|miércoles|jueves|viernes|sábados?|domingos?|fines de semana)|(?:todas las|cada) (?:mañanas?|tardes?))${WE}`,
  ),
  ja(
    'absence',
    0.7,
    'shares a weekly or daily routine (ja)',
    String.raw`(?:毎(?:朝|晩|夕方|週末|週[月火水木金土日]曜日?)|[月火水木金土日]曜(?:日)?(?:は|の(?:朝|夜|夕方)は)(?:いつも|だいたい)?)[、,]?[^。！\n]{0,15}?(?:に行っ|に行きます|に通っ|にいます|にいる|で(?:散歩|ジョギング|ランニング|泳)|を散歩|の散歩|へ行|を走っ)`,
  ),
];

/** Public-information framing: news, awareness days, research. Phrases quoted from others. */
const REPORTED =
  /(?:awareness|study|studies|research|article|report|according to|Studie|Artikel|étude|article|estudio|artículo|研究|記事)\s/iu;

const DAY = String.raw`(?:mon|tues|wednes|thurs|fri|satur|sun)day`;
const DAY_DE = '(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)';
const DAY_FR = '(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)';
const DAY_ES = '(?:lunes|martes|miércoles|jueves|viernes|sábados?|domingos?)';
/**
 * A recurring day and a clock time in one sentence ("every Thursday 6-8pm", "Wednesday nights 7
 * till 10", "martes y jueves de 17 a 19", 毎週金曜の夜7時): being at a place then is a routine,
 * i.e. predictable time away from home, not where the poster is now.
 */
const RECURRING = new RegExp(
  [
    String.raw`\b(?:every|each) (?:${DAY}|morning|evening|night|weekday|weekend)`,
    String.raw`\b${DAY}s\b`,
    String.raw`\b${DAY} (?:nights|mornings|evenings|afternoons)\b`,
    String.raw`\bjede[nr]? (?:${DAY_DE}|morgen|abend|woche)`,
    String.raw`\b${DAY_DE}s\b`,
    String.raw`\b(?:tous les|chaque) (?:${DAY_FR}|matin|soir|semaine)`,
    String.raw`\bles ${DAY_FR}s\b`,
    String.raw`\b(?:todos los|todas las|cada|los) ${DAY_ES}`,
    String.raw`\b${DAY_ES} y ${DAY_ES}`,
    String.raw`\ble ${DAY_FR} (?:soir|matin|midi)`,
    String.raw`\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.? ?[-/,] ?(?:mon|tue|wed|thu|fri|sat|sun)`,
    String.raw`\b(?:twice|three times) a week\b`,
    '毎(?:週|朝|晩|日)',
  ].join('|'),
  'iu',
);
const CLOCK =
  /\d{1,2}(?:[:.h]\d\d)?\s?(?:[ap]\.?m\.?\b|h\b|uhr\b|時)|\b\d{1,2}(?:[:.]\d\d)?\s?(?:-|–|till|until|to|bis|à|a)\s?\d{1,2}\b/iu;

function sentenceAround(text: string, start: number, end: number): string {
  let a = start;
  while (a > 0 && !/[.!?。！？\n]/.test(text[a - 1] ?? '')) a--;
  let b = end;
  while (b < text.length && !/[.!?。！？\n]/.test(text[b] ?? '')) b++;
  return text.slice(a, b);
}

/**
 * A routine is the poster's only when they are in the post: "every night at 2am" of a broadband
 * outage or a guided tour "tous les dimanches à 15h" are schedules, not absences.
 */
const FIRST_PERSON =
  /\b(?:i|i'm|i’m|me|my|we|we're|we’re|us|our|ich|wir|mich|mir|mein\w*|unser\w*|je|j['’]|m['’]|nous|on|mon|ma|mes|notre|nos|moi)\b/iu;
const ROUTINE_REASON = /routine \((?:en|de|fr)\)$/;
/**
 * German "sind …weg" / "bin …weg" is the poster's when it opens the sentence ("Sind bis Sonntag
 * weg") or the pronoun follows ("da bin ich dann weg"), not after another subject ("Die Haare
 * sind weg").
 */
const BARE_VERB_DE = /^(?:sind|bin)\s(?!(?:ich|wir)\b)/i;

/** Japanese hypotheticals: もし (if) before or inside the match, 仮の話 (a hypothetical) in the sentence. */
const JA_HYPOTHETICAL = /もし|仮の話|仮に/;
/** 〜なら / 〜としたら right after the match: "if (you) live in …". */
const JA_IF_AFTER = /^(?:なら|ならば|とした|とすれば)/;
/**
 * "In Lanzarote till the 19th": a trip told with its end is an absence (the home is empty until
 * then), not where the poster lives or can be found.
 */
const UNTIL = /\b(?:till|until|til|through|thru|jusqu|hasta)\b/i;

for (const spec of TOLD_PLAINLY)
  RULES.push(
    spec.script === 'ja'
      ? ja(spec.kind, spec.confidence, spec.reason, spec.pattern)
      : rule(spec.kind, spec.confidence, spec.reason, spec.pattern, { sentenceStart: spec.sentenceStart }),
  );

for (const r of RULES) r.langs = /\(([a-z/]+)\)$/.exec(r.reason)?.[1]?.split('/') ?? [];

/**
 * Cheap language gates: common words of each language. A post runs the rules of every language
 * whose gate it passes (usually one or two), which halves the work without guessing one language.
 */
const LANG_GATES: Record<string, RegExp> = {
  en: /(?<![A-Za-z])(?:I|I'm|I’m|im|we|my|our|the|and|to|is|at|in|on|every|nobody|no one|back|just|currently|right now|rn|with|of|for|a|an|today|new|last|got|was|been|since|after)(?![A-Za-z])/i,
  de: /(?<![A-Za-zäöüß])(?:ich|wir|mein|meine|meinen|meinem|meiner|unser|unsere|unseren|bin|sind|und|der|die|das|ist|nicht|jeden|immer|niemand|keiner|bei|mir|wurde|habe|hab|gerade|jetzt|heute|seit|mit|ein|eine|es|auch|für|ab|Diagnose|Befund|morgens|abends|montags|dienstags|mittwochs|donnerstags|freitags|samstags|sonntags)(?![A-Za-zäöüß])/i,
  fr: /(?<![A-Za-zàâçéèêëîïôûù])(?:je|j'|j’|d'|d’|l'|l’|un|une|du|des|de|depuis|nous|on|mon|ma|mes|notre|nos|est|et|le|la|les|à|tous|chaque|personne|suis|en ce moment|actuellement)(?![A-Za-zàâçéèêëîïôûù])/i,
  es: /(?<![A-Za-záéíóúñü])(?:yo|mi|mis|estoy|estamos|vivo|tengo|nuestro|nuestra|nuestros|el|la|los|las|y|es|en|de|que|me|nos|todos|todas|cada|no hay|ahora|soy|sufro|padezco|acabo|acabamos|vuelo|salgo|estaré|estaremos|con|hace|hoy|años|por|para|un|una)(?![A-Za-záéíóúñü])/i,
};

/**
 * The prefilter's words of all rules, found in one pass per post instead of one `includes` per
 * word and rule. Built on the first call. Japanese words get their own scanner (run only on text
 * with Japanese characters), so the Latin one keeps a small alphabet.
 */
interface Prefilter {
  latin: WordScanner;
  japanese: WordScanner;
  /** Per rule: 1 when one of its words occurs in the post (set by the scanners). */
  found: Uint8Array;
  /** Per rule: 1 when it has no words and always runs; copied into `found` before a scan. */
  always: Uint8Array;
  /** Per rule: 1 for Latin-script rules. */
  latinRule: Uint8Array;
  /** Per rule: its languages as bits of LANG_BITS; -1 when it names none (no language gate). */
  langMask: Int8Array;
}
let prefilter: Prefilter | null = null;

const LANG_BITS = Object.keys(LANG_GATES);

function buildPrefilter(): Prefilter {
  const latinWords: string[] = [];
  const latinIds: number[] = [];
  const japaneseWords: string[] = [];
  const japaneseIds: number[] = [];
  const always = new Uint8Array(RULES.length);
  const latin = new Uint8Array(RULES.length);
  const langMask = new Int8Array(RULES.length);
  RULES.forEach((r, i) => {
    latin[i] = r.latin ? 1 : 0;
    const langs = r.langs ?? [];
    // A language without a gate can never pass it: such a rule keeps mask 0 and never runs.
    langMask[i] =
      langs.length === 0
        ? -1
        : langs.reduce((m, l) => (LANG_BITS.includes(l) ? m | (1 << LANG_BITS.indexOf(l)) : m), 0);
    if (r.words === null) always[i] = 1;
    else
      for (const w of r.words) {
        if (JAPANESE.test(w)) {
          japaneseWords.push(w);
          japaneseIds.push(i);
        } else {
          latinWords.push(w);
          latinIds.push(i);
        }
      }
  });
  return {
    latin: new WordScanner(latinWords, latinIds),
    japanese: new WordScanner(japaneseWords, japaneseIds),
    found: new Uint8Array(RULES.length),
    always,
    latinRule: latin,
    langMask,
  };
}

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/** Text before a match that only holds a sentence end, punctuation, emoji or nothing. */
const SENTENCE_OPEN = /(?:^|[.!?…:;\n。！？])[\s\p{P}\p{S}]*$/u;

/**
 * `ungated` runs every rule whatever its required words (tests compare both paths on the corpus).
 */
export function detectContextual(text: string, ungated = false): PiiMatch[] {
  const out: PiiMatch[] = [];
  const hasLatin = /[A-Za-z]/.test(text);
  const hasJapanese = JAPANESE.test(text);
  if (!hasLatin && !hasJapanese) return out;
  const lower = text.toLowerCase();
  const pre = (prefilter ??= buildPrefilter());
  const found = pre.found;
  found.set(pre.always);
  pre.latin.scan(lower, found);
  // A Japanese word needs a Japanese character, and lower-casing never makes one.
  if (hasJapanese) pre.japanese.scan(lower, found);
  // Language gates are run on first need only (bit set in `tested`, result in `passed`).
  let tested = 0;
  let passed = 0;
  for (let i = 0; i < RULES.length; i++) {
    if (!ungated && found[i] === 0) continue;
    const latin = pre.latinRule[i] === 1;
    if (latin ? !hasLatin : !hasJapanese) continue;
    if (latin) {
      const mask = pre.langMask[i]!;
      if (mask !== -1) {
        let untested = mask & ~tested;
        for (let bit = 0; untested !== 0; bit++, untested >>= 1)
          if (untested & 1 && LANG_GATES[LANG_BITS[bit]!]!.test(text)) passed |= 1 << bit;
        tested |= mask;
        if ((mask & passed) === 0) continue;
      }
    }
    const r = RULES[i]!;
    r.re ??= new RegExp(r.source, r.flags);
    const re = r.re;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      if (r.latin && m.index > 0 && LATIN_WORD_CHAR.test(text[m.index - 1] ?? '')) {
        re.lastIndex = m.index + 1;
        continue;
      }
      if (r.sentenceStart && !SENTENCE_OPEN.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
      let start = m.index;
      const end = start + m[0].length;
      // Japanese rules anchored on the verb: take in the place name written just before it.
      if (!r.latin && r.kind === 'location') {
        let back = 0;
        while (
          back < 12 &&
          start > 0 &&
          /[\p{Script=Han}\p{Script=Katakana}\p{Script=Hiragana}A-Za-z]/u.test(text[start - 1] ?? '')
        ) {
          start--;
          back++;
        }
      }
      // A quotation ("she said 'I was diagnosed with…'") or a hypothetical ("if you live in") is not the poster's.
      const left = text.slice(Math.max(0, start - 30), start);
      let confidence = r.confidence;
      // … also two words later ("si algún día me mudo a …") and negated ("no vivo en Cádiz").
      if (/(?:\bif|\bwhen you|\bwenn|\bfalls|\bsi|\bcuando)(?:\s+[^\s.!?]+){0,2}\s+$/iu.test(left))
        confidence -= 0.35;
      else if (/(?:\bnot|\bdon['’]t|\bnicht|\bno|\bne)\s+$/iu.test(left)) confidence -= 0.35;
      if (REPORTED.test(left) && r.kind === 'health') confidence -= 0.2;
      let kind = r.kind;
      let reason = r.reason;
      // "auf dem Weg zum Arzt" is on the way somewhere, not away.
      if (reason === 'says they will be away (de)' && /\b(?:dem|den|meinem|unserem) weg\W*$/i.test(m[0]))
        continue;
      // "the tours are back on Wednesdays": a weekly schedule, not a return.
      if (reason === 'says when they leave or return (en)' && /day$/i.test(m[0]) && text[end] === 's')
        continue;
      // "my 87-year-old neighbour": an age of 18 or more is no child's.
      if (kind === 'family' && /(?<!\d)(?:1[89]|[2-9]\d|\d{3})[- ](?:year|yr)/i.test(m[0])) continue;
      if (r.latin && ROUTINE_REASON.test(reason) && !FIRST_PERSON.test(text)) continue;
      if (
        reason === 'says they will be away (de)' &&
        BARE_VERB_DE.test(m[0]) &&
        !SENTENCE_OPEN.test(text.slice(Math.max(0, start - 12), start))
      )
        continue;
      if (kind === 'location' || !r.latin) {
        const sentence = sentenceAround(text, start, end);
        if (!r.latin && (JA_HYPOTHETICAL.test(sentence) || JA_IF_AFTER.test(text.slice(end, end + 4))))
          confidence -= 0.35;
        if (kind === 'location' && r.latin && UNTIL.test(m[0])) {
          kind = 'absence';
          reason = `is away until a day: ${reason}`;
        }
        if (
          kind === 'location' &&
          !/live|stay/.test(reason) &&
          RECURRING.test(sentence) &&
          CLOCK.test(sentence)
        ) {
          kind = 'absence';
          reason = `is at a place at set times: ${reason}`;
        }
      }
      out.push(match(kind, start, end, confidence, reason));
    }
  }
  return out;
}
