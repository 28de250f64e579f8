/**
 * Hashed text features for the contextual model. One function turns a piece of text into bucket
 * numbers; the trainer (scripts/pii/train.ts) and `classify` both call it, so a model is only
 * ever scored on the features it was trained on. Bump FEATURE_VERSION whenever anything here
 * changes the buckets a text produces: the weights file records the version it was trained with.
 *
 * - NFKC, then lower case; every digit becomes 0 (ages, times and dates generalise: "Mia (7)",
 *   "back on the 14th").
 * - Words of Latin, Greek or Cyrillic letters and digits: character 3-5-grams inside the word
 *   padded with boundary marks, plus word unigrams and bigrams. An apostrophe splits a word, so
 *   French "l'hôpital" yields "hôpital".
 * - Runs of Japanese/Chinese characters (no spaces between words): character 1-3-grams.
 * - Everything else (punctuation, emoji, spaces) only separates.
 *
 * Buckets come from FNV-1a over UTF-16 code units with a per-feature-type seed, mixed by the
 * murmur3 finaliser, top `bits` bits kept. No strings are allocated per n-gram.
 */

export const FEATURE_VERSION = 1;

const FNV_PRIME = 0x01000193;
const SEED_CHAR = 0x811c9dc5;
const SEED_WORD = 0x9747b28c;
const SEED_BIGRAM = 0x3c6ef372;
const SEED_CJK = 0x5bd1e995;
const WORD_START = 0x01;
const WORD_END = 0x02;

const OTHER = 0;
const WORD = 1;
const CJK = 2;

function charClass(c: number): number {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) ? WORD : OTHER;
  if (c < 0xc0) return c === 0xaa || c === 0xb5 || c === 0xba ? WORD : OTHER;
  if (c < 0x2000) return c === 0xd7 || c === 0xf7 ? OTHER : WORD;
  if (c >= 0x3040 && c <= 0x30ff) return c === 0x30fb ? OTHER : CJK; // kana, not the middle dot
  if (c >= 0x3400 && c <= 0x9fff) return CJK;
  if (c >= 0xf900 && c <= 0xfaff) return CJK;
  return OTHER;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Normalised form the features are read from (also used by the trainer's tests). */
export function normaliseForModel(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * Writes the bucket of every feature occurrence of `text` into `out` from `offset` on and
 * returns the new end. `out` must have room: `maxFeatures(text.length)` more entries. A bucket
 * appears once per occurrence (counts, not a set).
 */
export function featurize(text: string, bits: number, out: Int32Array, offset = 0): number {
  const s = normaliseForModel(text);
  const shift = 32 - bits;
  let n = offset;
  const len = s.length;
  let prevWord = 0;
  let hasPrev = false;
  let i = 0;
  while (i < len) {
    const cls = charClass(s.charCodeAt(i));
    if (cls === OTHER) {
      // Separators keep the bigram chain (sentences are featurised one at a time, so a bigram
      // never spans two of them).
      i++;
      continue;
    }
    let j = i + 1;
    while (j < len && charClass(s.charCodeAt(j)) === cls) j++;
    if (cls === WORD) {
      // Word unigram and bigram.
      let hw = SEED_WORD;
      for (let k = i; k < j; k++) hw = Math.imul(hw ^ code(s, k), FNV_PRIME);
      out[n++] = fmix(hw) >>> shift;
      if (hasPrev) out[n++] = fmix(Math.imul(prevWord ^ SEED_BIGRAM, FNV_PRIME) ^ hw) >>> shift;
      prevWord = hw;
      hasPrev = true;
      // Character 3-5-grams of "\x01word\x02".
      const padded = j - i + 2;
      // A word of one letter still gives its single padded trigram.
      for (let a = 0; padded - a >= 3; a++) {
        let h = SEED_CHAR;
        const stop = Math.min(padded, a + 5);
        for (let b = a; b < stop; b++) {
          const c = b === 0 ? WORD_START : b === padded - 1 ? WORD_END : code(s, i + b - 1);
          h = Math.imul(h ^ c, FNV_PRIME);
          if (b - a >= 2) out[n++] = fmix(h) >>> shift;
        }
      }
    } else {
      hasPrev = false;
      for (let a = i; a < j; a++) {
        let h = SEED_CJK;
        const stop = Math.min(j, a + 3);
        for (let b = a; b < stop; b++) {
          h = Math.imul(h ^ s.charCodeAt(b), FNV_PRIME);
          out[n++] = fmix(h) >>> shift;
        }
      }
    }
    i = j;
  }
  return n;
}

/** Digits read as 0. */
function code(s: string, k: number): number {
  const c = s.charCodeAt(k);
  return c >= 0x30 && c <= 0x39 ? 0x30 : c;
}

/** Upper bound of the features `featurize` writes for a text of `length` code units. */
export function maxFeatures(length: number): number {
  // Per word character: up to 3 n-grams (+2 for the padding), plus unigram and bigram per word;
  // CJK: 3 per character. NFKC can expand a character (e.g. ㍿ to 4), so allow for that.
  return 6 * (length * 4 + 4);
}

/**
 * Sentences and clauses of `text` as [start, end) offsets into it: split after . ! ? … and
 * Japanese 。！？, at line breaks and at semicolons. Each piece keeps its own characters only,
 * so offsets point into the original text (normalisation happens per piece).
 */
export function sentences(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = 0;
  const len = text.length;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    let cut = false;
    if (c === 0x0a || c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0x3b) cut = true;
    else if (c === 0x2e || c === 0x21 || c === 0x3f || c === 0x2026) {
      const next = i + 1 < len ? text.charCodeAt(i + 1) : 0x20;
      cut = next === 0x20 || next === 0x0a || next === 0xa0;
    }
    if (cut) {
      if (hasContent(text, start, i + 1)) out.push(trim(text, start, i + 1));
      start = i + 1;
    }
  }
  if (hasContent(text, start, len)) out.push(trim(text, start, len));
  return out;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0xa0 || c === 0x3000;
}

function hasContent(text: string, a: number, b: number): boolean {
  for (let i = a; i < b; i++) if (!isSpace(text.charCodeAt(i))) return true;
  return false;
}

function trim(text: string, a: number, b: number): [number, number] {
  while (a < b && isSpace(text.charCodeAt(a))) a++;
  while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
  return [a, b];
}
