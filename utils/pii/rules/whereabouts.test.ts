/** Table of the told-plainly rules: each language's positives and the near misses they must skip. */
import { describe, expect, it } from 'vitest';
import { detectPersonalInfo } from '../detect';
import { TOLD_PLAINLY } from './whereabouts';
import type { PiiKind } from '../types';

// The rules alone: the learned model beside them has its own tests (../model/model.test.ts).
const kindsOf = (text: string, lang: string): PiiKind[] => [
  ...new Set(detectPersonalInfo(text, { language: lang, contextual: 'rules' }).map((m) => m.kind)),
];

describe('told-plainly rules', () => {
  it('every rule names its language for the language gate', () => {
    for (const r of TOLD_PLAINLY) expect(r.reason, r.reason).toMatch(/\((?:[a-z]{2}\/)*[a-z]{2}\)$/);
  });

  it.each([
    ['Sitting at the window table at Bean There café on Main St.', 'en', 'location'],
    ['At gate B12 at Heathrow, flight delayed again.', 'en', 'location'],
    ["I'm at the Starbucks on 5th right now if anyone wants to say hi.", 'en', 'location'],
    ['Currently in the waiting room at the dentist.', 'en', 'location'],
    ['On the train to Manchester, arriving 6pm.', 'en', 'location'],
    ['Just checked in at the Hilton in Dublin, room 412.', 'en', 'location'],
    ['Out of office till Monday, in Portugal.', 'en', 'absence'],
    ['Home alone this weekend, the family is at grandma’s.', 'en', 'absence'],
    ['Picked up Sam (7) from school and he is already bored of summer.', 'en', 'family'],
    ['Our twins are 3 now and they never sleep.', 'en', 'family'],
    ['Back from the hospital, they kept me overnight for my heart.', 'en', 'health'],
    ['I broke my leg skiing, six weeks in a cast.', 'en', 'health'],
    ["I'm down with the flu, cancel everything.", 'en', 'health'],
    ['Sitze am Gate A23 in Frankfurt, Flug hat Verspätung.', 'de', 'location'],
    ['Wir sind ab Montag zwei Wochen auf Mallorca.', 'de', 'absence'],
    ['Unsere Tochter wird morgen 6.', 'de', 'family'],
    ['Ich liege mit Grippe im Bett.', 'de', 'health'],
    ['Hab mir das Handgelenk gebrochen.', 'de', 'health'],
    ['Je suis au café en bas de chez moi, terrasse.', 'fr', 'location'],
    ['Porte 34 à Roissy, embarquement dans 20 minutes.', 'fr', 'location'],
    ["J'ai la grippe depuis lundi.", 'fr', 'health'],
    ['Je me suis cassé le poignet au ski.', 'fr', 'health'],
    ['Estoy en la cafetería de la esquina, mesa del fondo.', 'es', 'location'],
    ['En la puerta B23 del aeropuerto de Barajas esperando.', 'es', 'location'],
    ['Estaré fuera hasta el lunes.', 'es', 'absence'],
    ['Me he roto el tobillo jugando al pádel.', 'es', 'health'],
    ['羽田空港の搭乗口にいます。', 'ja', 'location'],
    ['糖尿病です。', 'ja', 'health'],
    ['来週から一週間ハワイ旅行です。', 'ja', 'absence'],
  ])('%s (%s) -> %s', (text, lang, kind) => {
    expect(kindsOf(text, lang)).toContain(kind);
  });

  it.each([
    ['People sitting at the next table were so loud.', 'en'],
    ['Flight LH123 leaves from gate 23.', 'en'],
    ['Gate 5 of the festival opens at noon.', 'en'],
    ['Our kids are 3 minutes late to everything lol', 'en'],
    ['The train to Manchester was cancelled again, says the BBC.', 'en'],
    ['Out of office messages are the worst.', 'en'],
    ['I have the flu shot booked for Friday.', 'en'],
    ['If you have the flu, stay home.', 'en'],
    ['I broke my phone screen again.', 'en'],
    ['Home alone is a great movie.', 'en'],
    ['Der Zug nach Berlin ist wieder verspätet.', 'de'],
    ['Wir sind ab sofort auf Mastodon.', 'de'],
    ['Ich habe die Grippe-Impfung gemacht.', 'de'],
    ['Je suis au courant.', 'fr'],
    ['空港に行く予定です。', 'ja'],
    ['コロナ禍で大変でした。', 'ja'],
  ])('%s (%s) -> nothing contextual', (text, lang) => {
    expect(
      kindsOf(text, lang).filter((k) => ['location', 'absence', 'family', 'health'].includes(k)),
    ).toEqual([]);
  });

  it('a weekly routine is an absence, not where they are now', () => {
    expect(kindsOf("Every Tuesday I'm at the climbing gym until it closes.", 'en')).toEqual(['absence']);
  });
});
