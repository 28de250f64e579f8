import { describe, expect, it } from 'vitest';
import { WordScanner } from './word-scan';

/** What the scanner replaces: one `includes` per word. */
function byIncludes(text: string, words: readonly string[], ids: readonly number[], size: number): number[] {
  const found = new Array<number>(size).fill(0);
  words.forEach((w, i) => {
    if (text.includes(w)) found[ids[i]!] = 1;
  });
  return found;
}

function byScanner(scanner: WordScanner, text: string, size: number): number[] {
  const found = new Uint8Array(size);
  scanner.scan(text, found);
  return [...found];
}

describe('WordScanner', () => {
  it('finds words inside other words, suffixes of words and overlapping words', () => {
    const words = ['live', 'lived', 'delivery', 'ive', 'in', 'ing', 'living', 'ring', 'string'];
    const scanner = new WordScanner(words);
    for (const text of ['delivering', 'strings living', 'i lived', 'xyz', '', 'ringing', 'deliver']) {
      expect(byScanner(scanner, text, words.length), text).toEqual(
        byIncludes(
          text,
          words,
          words.map((_, i) => i),
          words.length,
        ),
      );
    }
  });

  it('reports every id of a repeated word, and Japanese words without spaces', () => {
    const words = ['に住んで', '住ん', 'diagnosed', 'diagnosed', 'と診断され', 'adhd'];
    const ids = [0, 1, 2, 3, 4, 5];
    const scanner = new WordScanner(words, ids);
    const text = '大阪に住んでいます。adhdと診断されました';
    expect(byScanner(scanner, text, 6)).toEqual([1, 1, 0, 0, 1, 1]);
    expect(byScanner(scanner, 'just diagnosed', 6)).toEqual([0, 0, 1, 1, 0, 0]);
  });

  it('agrees with includes on random texts, scan after scan', () => {
    // A small alphabet makes overlaps and shared prefixes frequent.
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = 'abcé 住ん';
    const str = (len: number) => Array.from({ length: len }, () => alphabet[rand(alphabet.length)]).join('');
    const words = Array.from({ length: 60 }, () => str(1 + rand(5)));
    const ids = words.map(() => rand(20));
    const scanner = new WordScanner(words, ids);
    for (let i = 0; i < 300; i++) {
      const text = str(rand(40));
      expect(byScanner(scanner, text, 20), text).toEqual(byIncludes(text, words, ids, 20));
    }
  });

  it('refuses an empty word, which would occur everywhere', () => {
    expect(() => new WordScanner(['a', ''])).toThrow(/empty word/);
  });
});
