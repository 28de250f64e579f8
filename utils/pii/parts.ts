/**
 * The parts of one post or profile (text, content warning, poll options, media descriptions;
 * name, bio, fields) read as one text. Whose a value is is often said in another part: a poll's
 * question ("Which number should I keep?") makes its options the poster's, a field's name says
 * what its value is. Each match is given back with the part it lies in; one that would run
 * across two parts is dropped.
 */
import type { PiiMatch } from './types';

/** Between parts: a paragraph break, so no sentence or value runs from one into the next. */
const SEPARATOR = '\n\n';

export interface PartMatch {
  /** Index into the parts given. */
  part: number;
  /** Offsets into that part's own text. */
  match: PiiMatch;
}

export function detectInParts(parts: readonly string[], detect: (text: string) => PiiMatch[]): PartMatch[] {
  const starts: number[] = [];
  let text = '';
  for (const part of parts) {
    if (text !== '') text += SEPARATOR;
    starts.push(text.length);
    text += part;
  }
  if (text === '') return [];
  const out: PartMatch[] = [];
  let part = 0;
  for (const m of detect(text)) {
    // Matches come sorted by start, so the part index only moves forward.
    while (part + 1 < starts.length && starts[part + 1]! <= m.start) part++;
    const start = starts[part]!;
    if (m.end > start + parts[part]!.length) continue;
    out.push({ part, match: { ...m, start: m.start - start, end: m.end - start } });
  }
  return out;
}
