/**
 * Rules for what people tell plainly in posts: where they are sitting or waiting right now (a
 * café table, an airport gate, a train), being away, children by age, health told as a fact
 * (a broken leg, the flu, a hospital stay). One list per language; contextual.ts compiles them
 * with its own rules.
 */
import { L, NAME, PLACE, W, WE } from './fragments';
import type { RuleSpec } from './types';

const SPOTS_EN =
  "table|window seat|seat|booth|gate|platform|terrace|lobby|waiting room|departure lounge|lounge|café|cafe|coffee shop|pub|bar|Starbucks|Costa|Pret|McDonald's|library|station|airport|terminal|hotel|train|bus|tram|ferry|plane|gym|hospital|A&E|ER|dentist|dentist's|doctor's|GP|clinic|beach|park|mall|supermarket|laundromat|launderette";
const NUM_EN = String.raw`\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen`;
const KIDS_EN = 'twins|kids|children|boys|girls|son|daughter|eldest|youngest|oldest|toddler|little one|baby';
const GATE_WORDS =
  'boarding|flight|delayed|delay|plane|airport|embarquement|vol|avion|aéroport|retard|Flug|Abflug|Boarding|Flughafen|Verspätung|vuelo|embarque|aeropuerto|retraso';
const BODY_EN =
  'leg|arm|wrist|ankle|foot|hand|finger|toe|collarbone|hip|knee|back|nose|rib|ribs|shoulder|ACL|meniscus|elbow|jaw';
const ILL_EN =
  'the flu|flu|covid|COVID|Covid|a cold|norovirus|strep|strep throat|bronchitis|shingles|tonsillitis|a migraine|a fever|food poisoning|a chest infection|a kidney infection|a UTI|pneumonia|gastro|a stomach bug|the stomach flu|mono|chickenpox|measles|an ear infection|a sinus infection';

export const RULES_EN: readonly RuleSpec[] = [
  {
    kind: 'family',
    confidence: 0.8,
    reason: 'names a child’s school year or school (en)',
    pattern: String.raw`${W}(?:my|our) (?:${KIDS_EN})(?:'s|’s| is| are)? (?:now |just |finally )?(?:at|in|starting|started|starts|going into) (?:Year \d{1,2}|year \d{1,2}|\d{1,2}(?:st|nd|rd|th) grade|kindergarten|reception|nursery|preschool|pre-K|(?:${NAME} ){1,3}(?:Elementary|Primary|School|Academy|High|Middle|Nursery|Kindergarten|Montessori|Preschool))${WE}`,
  },
  {
    kind: 'family',
    confidence: 0.8,
    reason: 'names children with their ages (en)',
    pattern: String.raw`${W}${NAME} \(\d{1,2}\),? (?:and|&) ${NAME} \(\d{1,2}\)`,
  },
  {
    kind: 'family',
    confidence: 0.8,
    reason: 'tells a child’s age (en)',
    pattern: String.raw`${W}(?:my|our) (?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) ?(?:yo|y/o|yr old|year old|month old|mo old)${WE}`,
  },
  {
    kind: 'health',
    confidence: 0.75,
    reason: 'tells a condition as who they are (en)',
    pattern: String.raw`${W}(?:diabetic|epileptic|asthmatic|autistic|coeliac|celiac|T1D|type 1 diabetic) here${WE}|${W}as an? (?:diabetic|epileptic|asthmatic|autistic person|autistic woman|autistic man|cancer survivor|ADHDer|type 1 diabetic|wheelchair user|amputee)${WE}`,
  },
  {
    kind: 'health',
    confidence: 0.75,
    reason: 'says what they are recovering from (en)',
    pattern: String.raw`${W}(?:I'm |I’m |I am |still )?[Rr]ecovering from (?:my |a |an |the )?(?:surgery|an operation|operation|op|stroke|heart attack|chemo|COVID|covid|long covid|pneumonia|concussion|burnout|knee surgery|hip surgery|back surgery|a C-section|C-section|appendicitis|sepsis|the flu|flu|a broken|broken)${WE}`,
  },
  {
    kind: 'location',
    confidence: 0.7,
    reason: 'says where they are until a day (en)',
    pattern: String.raw`${W}(?:I'm |I’m |we're |we’re |I am |we are )?[Ii]n ${PLACE} (?:till|until|through|for the (?:week|weekend)|all week|this week|this weekend) `,
    sentenceStart: true,
  },
  {
    kind: 'absence',
    confidence: 0.7,
    reason: 'says where they will be for a while (en)',
    pattern: String.raw`${W}(?:I'll|we'll|I’ll|we’ll|I will|we will) be (?:away|at|in|staying) [^.!?\n]{1,30}? (?:all week|all weekend|for (?:a|the|two|three|\d+) (?:week|weeks|days|weekend|nights)|until|till|over (?:Christmas|Easter|the holidays|half term))${WE}`,
  },
  {
    kind: 'location',
    confidence: 0.7,
    reason: 'says which café or library they work from now (en)',
    pattern: String.raw`${W}(?:working|writing|studying|coding|posting) from (?:the |a )?(?:[${L}'’-]+ ){0,2}?(?:café|cafe|coffee shop|Starbucks|Costa|Pret|library|pub|hotel|airport|lounge|train|beach)${WE}`,
  },
  {
    kind: 'location',
    confidence: 0.65,
    reason: 'opens with where they are (en)',
    pattern: String.raw`${W}at the (?:dentist|dentist's|doctor's|doctors|hospital|airport|gym|vet|vet's|hairdresser's|hairdresser|DMV|GP|pub|café|cafe)(?=[,.!…]| (?:now|rn|again|today|right now))`,
    sentenceStart: true,
  },
  {
    kind: 'location',
    confidence: 0.7,
    reason: 'says where they are sitting or waiting right now (en)',
    pattern: String.raw`${W}(?:I'm|I’m|I am|we're|we’re|we are|currently|just) (?:currently |now |just )?(?:sitting|sat|waiting|standing|stuck|queuing|queueing|camped out|hanging out|parked) (?:at|in|by|outside|on) (?:the |a |my |our )?(?:[${L}'’-]+ ){0,3}?(?:${SPOTS_EN})${WE}`,
  },
  {
    kind: 'location',
    confidence: 0.7,
    reason: 'says where they are sitting or waiting right now (en)',
    pattern: String.raw`${W}(?:sitting|sat|waiting|standing|stuck|queuing|queueing|camped out) (?:at|in|by|outside|on) (?:the |a |my |our )?(?:[${L}'’-]+ ){0,3}?(?:${SPOTS_EN})${WE}`,
    sentenceStart: true,
  },
  {
    kind: 'location',
    confidence: 0.7,
    reason: 'says they are at a named kind of place now (en)',
    // "Every Tuesday I'm at the gym" is a routine (absence), not where they are now.
    pattern: String.raw`(?<!(?:[Ee]very|[Ee]ach|[Uu]sually|[Aa]lways) [A-Za-z]+,? )${W}(?:I'm|I’m|I am|we're|we’re|we are|currently|rn|right now) (?:currently |now |right now |just |still )?(?:at|in) (?:the )?(?:[${L}'’-]+ ){0,3}?(?:café|cafe|coffee shop|Starbucks|pub|bar|restaurant|library|gym|airport|station|hospital|waiting room|hotel|lobby|beach|mall|supermarket|dentist|dentist's|doctor's|terminal|departure lounge|lounge|laundromat|vet|vet's|DMV|post office)${WE}`,
  },
  {
    kind: 'location',
    confidence: 0.75,
    reason: 'says they are at an airport gate (en/de/fr/es)',
    pattern: String.raw`${W}(?:at|@|by|near|to|am|an|à la|en la) (?:gate|Gate|porte|puerta) [A-Z]?\d{1,3}[A-Z]?${WE}|${W}(?:gate|Gate|porte|puerta) [A-Z]?\d{1,3}[A-Z]?${WE}[^.!?\n]{0,40}?(?:${GATE_WORDS})${WE}`,
  },
  {
    kind: 'location',
    confidence: 0.7,
    reason: 'says which train, bus or flight they are on now (en)',
    pattern: String.raw`${W}(?:I'm|I’m|I am|we're|we’re|we are|currently|just got) (?:now |currently |just )?on (?:the )?(?:\d{1,2}[.:]\d{2} |\d{1,2}(?:am|pm) )?(?:train|bus|tram|ferry|plane|flight|coach|red-eye) (?:to|from|back to|into) ${PLACE}`,
  },
  {
    kind: 'location',
    confidence: 0.7,
    reason: 'says which train, bus or flight they are on now (en)',
    pattern: String.raw`${W}on (?:the )?(?:\d{1,2}[.:]\d{2} |\d{1,2}(?:am|pm) )?(?:train|bus|tram|ferry|plane|flight|coach) (?:to|from|back to|into) ${PLACE}`,
    sentenceStart: true,
  },
  {
    kind: 'location',
    confidence: 0.75,
    reason: 'says where they just checked in (en)',
    pattern: String.raw`${W}(?:just )?checked (?:in|into) (?:at |to )?(?:the )?${PLACE}`,
  },
  {
    kind: 'absence',
    confidence: 0.7,
    reason: 'says they are away until a date (en)',
    pattern: String.raw`${W}(?:out of (?:the )?office|OOO|away|out of town|out of the country|abroad|offline|off-grid|off grid) (?:until|till|til|through|thru|from (?:today|tomorrow|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|for the next|for (?:a|two|three|four|\d+) (?:days?|weeks?|months?)|all (?:week|month|summer))${WE}`,
  },
  {
    kind: 'absence',
    confidence: 0.7,
    reason: 'says the home is unattended (en)',
    pattern: String.raw`${W}(?:home alone|house to myself|flat to myself|place to myself) (?:this|tonight|all|for|until|till)${WE}`,
  },
  {
    kind: 'family',
    confidence: 0.8,
    reason: 'names a child with their age (en)',
    pattern: String.raw`${W}(?:picked up|dropped off|collected|took|taking|picking up|dropping off|bathed|putting) ${NAME} \(\d{1,2}\)`,
  },
  {
    kind: 'family',
    confidence: 0.8,
    reason: 'tells a child’s age (en)',
    pattern: String.raw`${W}(?:my|our) (?:${KIDS_EN})(?: [A-Z][a-z]+)? (?:are|is|just turned|turned|turns|will be|is turning) (?:${NUM_EN})${WE}(?! (?:minutes|hours|percent|%|days late))`,
  },
  {
    kind: 'health',
    confidence: 0.75,
    reason: 'says they were admitted to hospital (en)',
    pattern: String.raw`${W}(?:they kept me|kept me in|admitted me|discharged me|I was admitted|I got admitted|I've been admitted|I’ve been admitted|I was hospitali[sz]ed|I ended up in (?:the )?(?:hospital|A&E|ER))${WE}`,
  },
  {
    kind: 'health',
    confidence: 0.75,
    reason: 'says they broke a bone or tore something (en)',
    pattern: String.raw`${W}(?:I|I've|I’ve|I have) (?:just |finally )?(?:broke|broken|fractured|sprained|tore|torn|dislocated|busted) my (?:${BODY_EN})${WE}`,
  },
  {
    kind: 'health',
    confidence: 0.7,
    reason: 'says they are ill with something named (en)',
    pattern: String.raw`${W}(?:I have|I've got|I’ve got|I got|I caught|I'm down with|I’m down with|down with|in bed with|I'm off with|I’m off with|off work with|tested positive for) (?:${ILL_EN})${WE}(?!-| (?:shot|jab|jabs|vaccine|vaccination|booster|opinion|take|appointment))`,
  },
];

export const RULES_DE: readonly RuleSpec[] = [
  {
    kind: 'family',
    confidence: 0.8,
    reason: 'names a child’s class or school (de)',
    pattern: String.raw`${W}(?:mein|meine|unser|unsere) (?:Sohn|Tochter|Kind|Kleine|Kleiner|Große|Großer)(?: [A-Z][a-zäöüß]+)?(?: \(\d{1,2}\))? (?:ist|geht|kommt) (?:jetzt |schon |bald |ab August |nach den Ferien )?(?:in die|in der|auf die|auf der|in den|in|aufs) (?:\d{1,2}\. Klasse|Kita|Grundschule|Kindergarten|Krippe|Schule|Gymnasium|Realschule|Gesamtschule|[A-Z][a-zäöüß]+schule)${WE}`,
  },
  {
    kind: 'absence',
    confidence: 0.7,
    reason: 'says when they travel away (de)',
    pattern: String.raw`${W}(?:ich fliege|wir fliegen|ich fahre|wir fahren|fliege|fliegen|fahre|fahren) (?:morgen|übermorgen|heute|am (?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|Wochenende)|nächste Woche|nächsten (?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag)) (?:[${L}]+ ){0,4}?nach ${PLACE}`,
  },
  {
    kind: 'location',
    confidence: 0.7,
    reason: 'says where they are sitting or waiting right now (de)',
    pattern: String.raw`${W}(?:ich sitze|ich warte|ich stehe|wir sitzen|wir warten|sitze|warte|stehe|sitzen|bin|sind) (?:gerade |grad |jetzt |noch |schon )?(?:am|an|im|in der|in einem|auf dem|vorm|vor dem|beim) (?:[${L}-]+ )?(?:Gate|Flughafen|Bahnhof|Bahnsteig|Gleis|Café|Kaffee|Restaurant|Wartezimmer|Hotel|Zug|ICE|Bus|Terminal|Biergarten|Fitnessstudio|Krankenhaus|Park|Fenster|Tisch|Strand|Waschsalon|Wartebereich|Kneipe|Bar)${WE}`,
  },
  {
    kind: 'absence',
    confidence: 0.7,
    reason: 'says when they are away (de)',
    pattern: String.raw`${W}(?:ich bin|wir sind|bin|sind) (?:(?:ab|bis|von|über) (?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag|morgen|übermorgen|nächste[rn]? Woche|Ostern|Pfingsten|Weihnachten|dem \d{1,2}\.|\d{1,2}\.)|die ganze Woche|nächste Woche|kommende Woche|diese Woche|übers Wochenende|zwei Wochen|drei Wochen|\d+ Tage) (?:[${L}0-9.]+ ){0,4}?(?:weg|verreist|im Urlaub|nicht da|nicht zu Hause|nicht zuhause|nicht daheim|unterwegs|auf|in|an der|am)${WE}`,
  },
  {
    kind: 'family',
    confidence: 0.8,
    reason: 'tells a child’s age (de)',
    pattern: String.raw`${W}(?:mein|meine|unser|unsere) (?:Sohn|Tochter|Kind|Kinder|Zwillinge|Große|Kleine|Kleiner|Jüngste|Jüngster|Älteste|Ältester)(?: [A-Z][a-zäöüß]+)? (?:wird|werden|ist|sind) (?:heute |morgen |jetzt |schon |bald |gerade |gestern )?\d{1,2}${WE}`,
  },
  {
    kind: 'health',
    confidence: 0.75,
    reason: 'says they are ill or injured (de)',
    pattern: String.raw`${W}(?:ich liege|liege|lag|ich lag) (?:seit [${L}0-9]+ (?:[${L}]+ )?)?(?:mit|wegen) [${L}-]+ (?:im Bett|flach|im Krankenhaus)|${W}(?:ich habe|ich hab|hab|habe) mir (?:das|den|die|ein|einen) (?:[${L}]+ )?(?:Bein|Arm|Handgelenk|Knöchel|Fuß|Schlüsselbein|Knie|Rippe|Rippen|Hand|Finger|Zeh|Band|Bänder|Kreuzband) (?:gebrochen|verstaucht|gerissen|angebrochen)|${W}(?:ich habe|ich hab|hab|habe|ich hatte|hatte) (?:die |eine |einen |gerade |seit [${L}0-9]+ [${L}]+ )?(?:Grippe|Corona|Covid|Magen-Darm|Bronchitis|Mandelentzündung|Gürtelrose|Blasenentzündung|Lungenentzündung|Migräne|Fieber|Scharlach|Windpocken)${WE}(?!-)|${W}(?:ich bin|ich war|ich lag|war|lag) (?:seit [${L}0-9]+ (?:[${L}]+ )?|gestern |letzte Woche )?(?:im Krankenhaus|in der Notaufnahme|in der Klinik|in der Reha)${WE}`,
  },
];

export const RULES_FR: readonly RuleSpec[] = [
  {
    kind: 'location',
    confidence: 0.7,
    reason: 'says where they are until a day (fr)',
    pattern: String.raw`${W}(?:je suis|on est|nous sommes|suis) à ${PLACE} (?:jusqu['’](?:à|au)|pour (?:la semaine|le week-end|quelques jours)|toute la semaine|cette semaine|ce week-end)${WE}`,
  },
  {
    kind: 'location',
    confidence: 0.7,
    reason: 'says which train or plane they are on now (fr)',
    pattern: String.raw`${W}(?:je suis |on est |nous sommes )?[Dd]ans le (?:train|TGV|bus|car|avion|RER|métro) (?:pour|vers|de|direction) ${PLACE}`,
    sentenceStart: true,
  },
  {
    kind: 'location',
    confidence: 0.7,
    reason: 'says which train or plane they are on now (fr)',
    pattern: String.raw`${W}(?:je suis|on est|nous sommes) dans le (?:train|TGV|bus|car|avion|RER|métro) (?:pour|vers|de|direction) ${PLACE}`,
  },
  {
    kind: 'location',
    confidence: 0.7,
    reason: 'says where they are right now (fr)',
    pattern: String.raw`${W}(?:je suis|on est|nous sommes|suis|j'attends|j’attends|je patiente) (?:actuellement |en ce moment |encore |déjà |assise? |installée? )?(?:au|à la|à l'|à l’|dans le|dans la|dans un|dans une|en) (?:[${L}'’-]+ )?(?:café|bar|resto|restaurant|gare|aéroport|terrasse|salle d'attente|salle d’attente|hôpital|hôtel|parc|plage|bibliothèque|médiathèque|train|TGV|bus|porte|cinéma|salle de sport|urgences|laverie|quai)${WE}`,
  },
  {
    kind: 'absence',
    confidence: 0.7,
    reason: 'says when they are away (fr)',
    pattern: String.raw`${W}(?:je serai |je suis |nous serons |on sera |on est |nous sommes )?(?:absente?s?|pas là|en déplacement|loin de chez (?:moi|nous)) (?:jusqu['’]au|jusqu['’]à|du (?:\d|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)|à partir du|à partir de (?:demain|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)|pendant (?:deux|trois|quinze|\d+|une|la)|toute la semaine|cette semaine|la semaine prochaine|tout le mois)${WE}`,
  },
  {
    kind: 'health',
    confidence: 0.75,
    reason: 'says they are ill or injured (fr)',
    pattern: String.raw`${W}(?:j['’]ai|j['’]ai attrapé|j['’]ai chopé) (?:la grippe|le covid|le Covid|une angine|une bronchite|une gastro|une migraine|une otite|le zona|une pneumonie|une infection urinaire|de la fièvre)${WE}|${W}je me suis (?:cassé|fracturé|foulé|tordu|déchiré) (?:la |le |les |l['’])(?:jambe|bras|poignet|cheville|pied|main|doigt|genou|clavicule|côte|côtes|dos|ligaments)${WE}|${W}(?:je suis|j['’]ai été) (?:hospitalisée?|opérée?|aux urgences|à l['’]hôpital)${WE}|${W}je sors (?:de l['’]hôpital|des urgences)${WE}`,
  },
];

export const RULES_ES: readonly RuleSpec[] = [
  {
    kind: 'family',
    confidence: 0.8,
    reason: 'names a child’s school year or school (es)',
    pattern: String.raw`${W}(?:mi|nuestro|nuestra) (?:hijo|hija|peque|niño|niña|hijos|hijas)(?: [A-Z][a-záéíóú]+)? (?:está|va|empieza|entra) (?:ya |este año )?(?:en|a) (?:primero|segundo|tercero|cuarto|quinto|sexto|\d+º|infantil|la guardería|el colegio|el cole|la escuela|el instituto|primaria|secundaria)${WE}`,
  },
  {
    kind: 'location',
    confidence: 0.7,
    reason: 'says where they are until a day (es)',
    pattern: String.raw`${W}(?:estoy|estamos) en ${PLACE} (?:hasta|toda la semana|esta semana|este fin de semana|unos días)${WE}`,
  },
  {
    kind: 'location',
    confidence: 0.7,
    reason: 'says which train or plane they are on now (es)',
    pattern: String.raw`${W}(?:voy|vamos|estoy|estamos) en el (?:tren|AVE|autobús|bus|avión|metro|Alvia) (?:a|hacia|de camino a|para|rumbo a) ${PLACE}`,
  },
  {
    kind: 'location',
    confidence: 0.7,
    reason: 'says where they are right now (es)',
    pattern: String.raw`${W}(?:estoy|estamos|sigo|seguimos|ando) (?:ahora |ahora mismo |ya |todavía |sentad[oa]s? |esperando )?(?:en|en el|en la|en un|en una) (?:[${L}-]+ )?(?:cafetería|café|bar|terraza|restaurante|aeropuerto|estación|andén|puerta|sala de espera|hospital|hotel|parque|playa|biblioteca|gimnasio|tren|AVE|autobús|bus|metro|urgencias|lavandería)${WE}`,
  },
  {
    kind: 'absence',
    confidence: 0.7,
    reason: 'says when they are away (es)',
    pattern: String.raw`${W}(?:estaré|estaremos|estoy|estamos) (?:fuera|de viaje|lejos de casa|sin conexión) (?:hasta|del|desde|toda la semana|todo el mes|esta semana|la semana que viene|unos días|dos semanas|\d+ días)${WE}|${W}no (?:estoy|estamos|estaré|estaremos) en casa (?:hasta|del|desde|esta semana|este fin de semana|la semana que viene)${WE}`,
  },
  {
    kind: 'health',
    confidence: 0.75,
    reason: 'says they are ill or injured (es)',
    pattern: String.raw`${W}(?:tengo|he pillado|pillé|cogí|tuve) (?:la gripe|gripe|covid|el covid|COVID|una gastroenteritis|gastroenteritis|anginas|bronquitis|una migraña|fiebre|neumonía|una infección de orina|herpes zóster)${WE}|${W}me (?:he roto|rompí|fracturé|he fracturado|torcí|he torcido|esguincé) (?:la|el|un|una) (?:pierna|brazo|muñeca|tobillo|pie|mano|dedo|rodilla|clavícula|costilla|espalda)${WE}|${W}(?:estoy|estuve|me han) (?:ingresad[oa]|hospitalizad[oa]|operad[oa]|en urgencias|ingresado)${WE}`,
  },
];

export const RULES_JA: readonly RuleSpec[] = [
  {
    kind: 'location',
    confidence: 0.7,
    reason: 'says how they are travelling right now (ja)',
    pattern: String.raw`(?:新幹線|電車|飛行機|バス|特急)で[^。！\n]{0,10}?(?:に向かって|へ向かって|に移動中|移動中|向かってます)`,
    script: 'ja',
  },
  {
    kind: 'location',
    confidence: 0.7,
    reason: 'says where they stay until a day (ja)',
    pattern: String.raw`(?:[月火水木金土日]曜日?|明日|明後日|来週|週末|[0-9０-９]+日)まで[^。！\n]{0,10}?に(?:います|いる|滞在)`,
    script: 'ja',
  },
  {
    kind: 'location',
    confidence: 0.7,
    reason: 'says where they are right now (ja)',
    pattern: String.raw`(?:空港|駅|カフェ|スタバ|ホテル|病院|搭乗口|ゲート|ホーム|待合室|図書館|公園|喫茶店|ファミレス|コンビニ|新幹線|電車)(?:の[^\s。、！]{0,8})?(?:に(?:います|いる|来ています|来てる|着きました|到着しました)|で(?:待って|作業中|仕事中))`,
    script: 'ja',
  },
  {
    kind: 'health',
    confidence: 0.75,
    reason: 'tells a diagnosis or illness plainly (ja)',
    pattern: String.raw`(?:糖尿病|うつ病|鬱病|がん|癌|喘息|発達障害|適応障害|双極性障害|パニック障害|インフルエンザ|コロナ|骨折|ヘルニア|肺炎|胃腸炎)(?:です|なんです|になりました|になった|にかかりました|にかかった|で入院|しました|した|と言われ)`,
    script: 'ja',
  },
  {
    kind: 'absence',
    confidence: 0.7,
    reason: 'says when they are away (ja)',
    pattern: String.raw`(?:来週|明日|今週末|週末|来月|[0-9０-９]+日)から[^。！\n]{0,12}?(?:旅行|出張|帰省|留守|海外)`,
    script: 'ja',
  },
];

export const TOLD_PLAINLY: readonly RuleSpec[] = [
  ...RULES_EN,
  ...RULES_DE,
  ...RULES_FR,
  ...RULES_ES,
  ...RULES_JA,
];
