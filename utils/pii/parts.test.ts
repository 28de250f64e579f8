import { describe, expect, it } from 'vitest';
import { detectPersonalInfo } from './detect';
import { detectInParts } from './parts';

const detect = (text: string) => detectPersonalInfo(text, { contextual: 'rules' });

describe('detectInParts', () => {
  it('reads a poll option with its question: the number is the poster’s', () => {
    const parts = ['Which number should I keep?', '+49 176 98765432', '+49 151 23456789'];
    expect(detect(parts[1]!).map((m) => m.kind)).not.toContain('phone');
    const found = detectInParts(parts, detect).filter((f) => f.match.kind === 'phone');
    expect(found.map((f) => f.part)).toEqual([1, 2]);
    for (const f of found) expect(parts[f.part]!.slice(f.match.start, f.match.end)).toMatch(/^\+49/);
  });

  it('gives offsets into each part and drops nothing inside a part', () => {
    const parts = ['', 'nothing here', 'mail me at jane.doe@posteo.de'];
    const found = detectInParts(parts, detect);
    expect(found).toHaveLength(1);
    expect(found[0]!.part).toBe(2);
    expect(parts[2]!.slice(found[0]!.match.start, found[0]!.match.end)).toBe('jane.doe@posteo.de');
  });

  it('has nothing to read in no parts or empty ones', () => {
    expect(detectInParts([], detect)).toEqual([]);
    expect(detectInParts(['', ''], detect)).toEqual([]);
  });
});
