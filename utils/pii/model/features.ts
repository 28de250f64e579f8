/**
 * Hashed text features for the contextual model. One function turns a piece of text into bucket
 * numbers; the trainer (scripts/pii/train.ts) and `classify` both call it, so a model is only
 * ever scored on the features it was trained on. Bump FEATURE_VERSION whenever anything here
 * changes the buckets a text produces: the weights file records the version it was trained with.
 *
 * - NFKC, then lower case; every digit becomes 0 (ages, times and dates generalise: "Mia (7)",
 *   "back on the 14th").
 * - Words of Latin, Greek or Cyrillic letters and digits: character 4-grams inside the word
 *   padded with boundary marks, plus word unigrams and bigrams. An apostrophe splits a word, so
 *   French "l'hôpital" yields "hôpital".
 * - Runs of Japanese/Chinese characters (no spaces between words): character 1-3-grams.
 * - Everything else (punctuation, emoji, spaces) only separates.
 *
 * Buckets come from FNV-1a over UTF-16 code units with a per-feature-type seed, mixed by
 * Fibonacci hashing, top `bits` bits kept. No strings are allocated per n-gram.
 */

export const FEATURE_VERSION = 4;

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

/** Fibonacci hashing: one multiplication spreads FNV's state into the top bits kept as the bucket. */
function mix(h: number): number {
  return Math.imul(h ^ (h >>> 15), 0x9e3779b1);
}

/** Normalised form the features are read from (also used by the trainer's tests). */
export function normaliseForModel(text: string): string {
  // ASCII is its own NFKC form; skipping ICU for it saves most of the normalisation's cost.
  const ascii = ASCII.test(text);
  return (ascii ? text : text.normalize('NFKC')).toLowerCase();
}
const ASCII = /^[^\u0080-\uffff]*$/;

/**
 * Writes the bucket of every feature occurrence of `text` into `out` from `offset` on and
 * returns the new end. `out` must have room: `maxFeatures(text.length)` more entries. A bucket
 * appears once per occurrence (counts, not a set).
 */
export function featurize(text: string, bits: number, out: Int32Array, offset = 0): number {
  const s = normaliseForModel(text);
  return featurizeRange(s, 0, s.length, bits, out, offset);
}

export interface PostFeatures {
  /** Sentences of the post, offsets into the original text (see `sentences`). */
  parts: Array<[number, number]>;
  /** Buckets of sentence p are buckets[ends[p - 1] ?? 0 .. ends[p]). Reused by the next call. */
  buckets: Int32Array;
  ends: number[];
}

let shared = new Int32Array(4096);

/**
 * The features of a post, sentence by sentence: what the trainer learns from and `score` reads.
 * The post is normalised once; only when NFKC changed its length (offsets would no longer line
 * up) is each sentence normalised on its own.
 */
export function postFeatures(text: string, bits: number): PostFeatures {
  const parts = sentences(text);
  const need = maxFeatures(text.length);
  if (shared.length < need) shared = new Int32Array(Math.max(need, shared.length * 2));
  const buckets = shared;
  const norm = normaliseForModel(text);
  const aligned = norm.length === text.length;
  const ends: number[] = [];
  let n = 0;
  for (const [a, b] of parts) {
    if (aligned) n = featurizeRange(norm, a, b, bits, buckets, n);
    else {
      const piece = normaliseForModel(text.slice(a, b));
      n = featurizeRange(piece, 0, piece.length, bits, buckets, n);
    }
    ends.push(n);
  }
  return { parts, buckets, ends };
}

let codeBuf = new Uint16Array(1024);
let classBuf = new Uint8Array(1024);
let wordBuf = new Uint16Array(64);

/**
 * `featurize` over s[start, end) of an already normalised string. The characters are first read
 * into typed arrays (digits as 0, with their class), so the n-gram loops touch no string.
 */
function featurizeRange(
  s: string,
  start: number,
  end: number,
  bits: number,
  out: Int32Array,
  offset: number,
): number {
  if (codeBuf.length < end) {
    codeBuf = new Uint16Array(Math.max(end, codeBuf.length * 2));
    classBuf = new Uint8Array(codeBuf.length);
  }
  const codes = codeBuf;
  const classes = classBuf;
  for (let k = start; k < end; k++) {
    const c = s.charCodeAt(k);
    codes[k] = c >= 0x30 && c <= 0x39 ? 0x30 : c;
    classes[k] = charClass(c);
  }
  const shift = 32 - bits;
  let n = offset;
  let prevWord = 0;
  let hasPrev = false;
  let i = start;
  while (i < end) {
    const cls = classes[i]!;
    if (cls === OTHER) {
      // Separators keep the bigram chain (sentences are featurised one at a time, so a bigram
      // never spans two of them).
      i++;
      continue;
    }
    let j = i + 1;
    while (j < end && classes[j] === cls) j++;
    if (cls === WORD) {
      // Word unigram and bigram.
      let hw = SEED_WORD;
      for (let k = i; k < j; k++) hw = Math.imul(hw ^ codes[k]!, FNV_PRIME);
      out[n++] = mix(hw) >>> shift;
      if (hasPrev) out[n++] = mix(Math.imul(prevWord ^ SEED_BIGRAM, FNV_PRIME) ^ hw) >>> shift;
      prevWord = hw;
      hasPrev = true;
      // Character 4-grams of "\x01word\x02" (the word is copied between its marks so the loop
      // has no branches). Trigrams and 5-grams added nothing in cross-validation and were 60% of
      // the features; a word of one or two letters is left to its unigram.
      const padded = j - i + 2;
      if (wordBuf.length < padded) wordBuf = new Uint16Array(padded * 2);
      const word = wordBuf;
      word[0] = WORD_START;
      for (let k = i; k < j; k++) word[k - i + 1] = codes[k]!;
      word[padded - 1] = WORD_END;
      for (let a = 0; a + 4 <= padded; a++) {
        let h = SEED_CHAR ^ word[a]!;
        h = Math.imul(h, FNV_PRIME) ^ word[a + 1]!;
        h = Math.imul(h, FNV_PRIME) ^ word[a + 2]!;
        h = Math.imul(h, FNV_PRIME) ^ word[a + 3]!;
        out[n++] = mix(Math.imul(h, FNV_PRIME)) >>> shift;
      }
    } else {
      hasPrev = false;
      for (let a = i; a < j; a++) {
        let h = SEED_CJK;
        const stop = Math.min(j, a + 3);
        for (let b = a; b < stop; b++) {
          h = Math.imul(h ^ codes[b]!, FNV_PRIME);
          out[n++] = mix(h) >>> shift;
        }
      }
    }
    i = j;
  }
  return n;
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
