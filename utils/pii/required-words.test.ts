import { describe, expect, it } from 'vitest';
import { requiredWords } from './required-words';

describe('requiredWords', () => {
  it.each([
    [String.raw`(?<![a-z])(?:I|we) (?:live|lived|am living) (?:in|on) [A-Z]+`, ['live', 'living']],
    ['a tumou?r|cancer', ['tumo', 'cancer']],
    [String.raw`(?:一|二)に住んで(?:い|る)`, ['に住んで']],
    [String.raw`(?:I'm |we're )?(?:flying|leaving) to \d+`, ['flying', 'leaving']],
    [String.raw`my (?:son|daughter),? (?!Ian)[A-Z][a-z]+`, ['son', 'daughter']],
    [String.raw`(?:just )?(?:x|yz)`, null],
    [String.raw`(?:currently|rn) (?:in|at)`, ['rn', 'currently']],
    [String.raw`abc|[a-z]+`, null],
  ])('%s -> %j', (source, words) => {
    expect(requiredWords(source)).toEqual(words);
  });

  it('every returned word really occurs in a match', () => {
    const source = String.raw`(?:I've|I have) (?:started|begun) (?:my )?(?:insulin|chemo)s?`;
    const words = requiredWords(source) ?? [];
    for (const text of ["I've started insulin", 'I have begun my chemos'])
      expect(words.some((w) => new RegExp(source, 'i').exec(text)![0].toLowerCase().includes(w))).toBe(true);
  });
});
