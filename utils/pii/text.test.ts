import { describe, expect, it } from 'vitest';
import { detectPersonalInfo } from './detect';
import { EXAMPLE_CONTEXT, wordsRe } from './text';

describe('context word lists', () => {
  it.each([
    ['for example', true],
    ['zum Beispiel', true],
    ['e.g. this one', true],
    ['@bob@sketchy.example', false],
    ['write to example.org', false],
    ['https://www.example.com/x', false],
  ])('the example guard in %j: %s', (text, hit) => {
    expect(EXAMPLE_CONTEXT.test(text)).toBe(hit);
  });

  it('other lists still count a word inside a host name', () => {
    expect(wordsRe(['shop']).test('info@shop.de')).toBe(true);
  });

  it('a mention of a server whose name holds "example" does not hide a phone number', () => {
    const kinds = (t: string) => detectPersonalInfo(t).map((m) => m.kind);
    expect(kinds('@bob@sketchy.example call me at +49 30 12345678')).toContain('phone');
    expect(kinds('For example call +49 30 12345678')).not.toContain('phone');
  });
});
