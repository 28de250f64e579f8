import { describe, expect, it } from 'vitest';
import { ArchiveError } from '../../utils/archive/errors';
import { JsonObjectStream } from '../../utils/archive/json-stream';

function run(text: string, chunk: number) {
  const items: unknown[] = [];
  const values: Record<string, unknown> = {};
  const parser = new JsonObjectStream({
    name: 'test.json',
    streamKeys: ['orderedItems'],
    onArrayStart: () => (items.length = 0),
    onItem: (_key, item) => items.push(item),
    onValue: (key, value) => (values[key] = value),
  });
  const bytes = new TextEncoder().encode(text);
  for (let at = 0; at < bytes.length; at += chunk) parser.write(bytes.slice(at, at + chunk));
  parser.end();
  return { ...values, orderedItems: items };
}

const tricky = {
  '@context': ['https://www.w3.org/ns/activitystreams', { toot: 'http://joinmastodon.org/ns#' }],
  totalItems: 3,
  empty: {},
  nothing: null,
  yes: true,
  pi: -3.25e2,
  text: 'quote " backslash \\ both \\" brackets ] } [ { unicode ü 😜 \u2028 \u0000',
  orderedItems: [
    { content: '<p>a "quoted" \\ word</p>', n: [1, [2, [3]]], s: '\\\\' },
    'a bare string item with ] and }',
    42,
    null,
    [],
    { deep: { deeper: { deepest: ['x', { y: '\\"' }] } } },
  ],
};

describe('JsonObjectStream', () => {
  it.each([1, 2, 3, 5, 7, 64, 100_000])('matches JSON.parse with %i-byte chunks', (chunk) => {
    const text = JSON.stringify(tricky, null, chunk % 2 ? 0 : 2);
    expect(run(text, chunk)).toEqual(JSON.parse(text));
  });

  it('keeps the last of duplicated keys, as JSON.parse does', () => {
    const text = '{"orderedItems":[{"a":1}],"type":"x","orderedItems":[{"b":2},{"c":3}],"type":"y"}';
    expect(run(text, 4)).toEqual(JSON.parse(text));
    expect(run('{"orderedItems":[],"orderedItems":[1,2]}', 3).orderedItems).toEqual([1, 2]);
  });

  it.each([
    ['missing brace', '"orderedItems":[]'],
    ['unclosed', '{"orderedItems":[{"a":1}'],
    ['bad item', '{"orderedItems":[{"a":}]}'],
    ['bad separator', '{"orderedItems":[1;2]}'],
    ['garbage after', '{"a":1}x'],
    ['bad primitive', '{"a":nul}'],
  ])('rejects %s with bad-json', (_name, text) => {
    expect(() => run(text, 3)).toThrow(ArchiveError);
    try {
      run(text, 3);
    } catch (error) {
      expect((error as ArchiveError).code).toBe('bad-json');
    }
  });

  it('refuses an item larger than the limit', () => {
    const parser = new JsonObjectStream({
      name: 'x',
      streamKeys: ['orderedItems'],
      onItem: () => undefined,
      maxValueBytes: 100,
    });
    expect(() => parser.write(new TextEncoder().encode(`{"orderedItems":["${'a'.repeat(200)}"]}`))).toThrow(
      /larger than 100/,
    );
  });
});
