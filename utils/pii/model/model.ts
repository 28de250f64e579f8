/**
 * The contextual model: one logistic regression per contextual kind over the hashed features of
 * `features.ts`, weights quantised to int8 with one scale per kind. A post's feature vector is
 * its feature counts divided by the square root of their total, so
 *
 *   logit(kind) = bias + scale * Σ weight[bucket] / √n
 *
 * and the same sum restricted to one sentence scores that sentence (its own n), which is how the
 * detector picks the span it shows. The trainer (`npm run pii:train`) writes the weights as
 * `weights.generated.ts` in the format checked by `decodeModel`.
 */
import type { PiiKind } from '../types';
import { FEATURE_VERSION, postFeatures } from './features';
import { MODEL_WEIGHTS } from './weights.generated';

/** Version of the weights file layout below (not of the features, see FEATURE_VERSION). */
export const MODEL_FORMAT = 2;

export const MODEL_KINDS = ['location', 'absence', 'family', 'health'] as const satisfies readonly PiiKind[];
export type ModelKind = (typeof MODEL_KINDS)[number];

/** The generated module's shape: plain JSON-able data, so the trainer can compare it byte for byte. */
export interface ModelWeightsFile {
  format: number;
  featureVersion: number;
  /** log2 of the number of buckets. */
  bits: number;
  kinds: readonly string[];
  /** Per kind: weight = level * scale. */
  scales: readonly number[];
  /** Per kind: the 16 levels (int8) a 4-bit weight code stands for. */
  levels: readonly (readonly number[])[];
  biases: readonly number[];
  /**
   * Per kind, chosen by cross-validation (scripts/pii/train.ts): the probability from which the
   * model reports the kind next to the rules (2: never), the probability a rule match needs to
   * be kept (0: always, 2: never), and the threshold when the model runs alone.
   */
  thresholds: readonly number[];
  ruleFloors: readonly number[];
  /** The rules run only where the model gives some kind at least this (they would find nothing). */
  ruleGate: number;
  modelOnlyThresholds: readonly number[];
  /**
   * Base64 of the 4-bit level codes, two per byte (low nibble first), bucket-major: the code of
   * bucket b for kind k is number b * kinds.length + k.
   */
  weights: string;
}

export interface Model {
  bits: number;
  kinds: readonly ModelKind[];
  scales: Float64Array;
  biases: Float64Array;
  thresholds: Float64Array;
  ruleFloors: Float64Array;
  ruleGate: number;
  modelOnlyThresholds: Float64Array;
  /**
   * Per bucket the four kinds' 4-bit level codes in one 16-bit number, kind k in bits 4k..4k+3:
   * 128 kB for 2^16 buckets. Read at random for every feature, the table must stay small: once
   * the rules and the other detectors have run, a table of int8 weights (256 kB) is mostly out of
   * the CPU cache, and the model took twice as long in the CLI as on its own.
   */
  codes: Uint16Array;
  /** levels[16 * k + code]: the int8 weight a code of kind k stands for. */
  levels: Int8Array;
}

/** Weight of `kind` (0..3) in bucket `bucket`. */
export function weightOf(model: Model, bucket: number, kind: number): number {
  return model.levels[16 * kind + ((model.codes[bucket]! >> (4 * kind)) & 15)]!;
}

export function decodeModel(file: ModelWeightsFile): Model {
  if (file.format !== MODEL_FORMAT)
    throw new Error(`model weights format ${file.format}, expected ${MODEL_FORMAT}`);
  if (file.featureVersion !== FEATURE_VERSION)
    throw new Error(
      `model weights use features v${file.featureVersion}, the featuriser is v${FEATURE_VERSION}`,
    );
  const k = file.kinds.length;
  // `score` is written for exactly these four kinds in this order.
  if (file.kinds.join() !== MODEL_KINDS.join()) throw new Error(`model kinds ${file.kinds.join()}`);
  for (const field of ['scales', 'biases', 'thresholds', 'ruleFloors', 'modelOnlyThresholds'] as const)
    if (file[field].length !== k) throw new Error(`model weights: ${field} needs one number per kind`);
  const codes = base64ToBytes(file.weights);
  if (codes.length * 2 !== k << file.bits)
    throw new Error(`model weights: ${codes.length * 2} weights, expected ${k << file.bits}`);
  if (
    file.levels.length !== k ||
    file.levels.some((l) => l.length !== 16 || l.some((v) => Math.abs(v) > 127))
  )
    throw new Error('model weights: 16 int8 levels per kind');
  // The file's codes are bucket-major, two per byte: bucket b's four are bytes 2b and 2b + 1.
  const packed = new Uint16Array(1 << file.bits);
  for (let b = 0; b < packed.length; b++) packed[b] = codes[2 * b]! | (codes[2 * b + 1]! << 8);
  return {
    bits: file.bits,
    kinds: MODEL_KINDS,
    scales: Float64Array.from(file.scales),
    biases: Float64Array.from(file.biases),
    thresholds: Float64Array.from(file.thresholds),
    ruleFloors: Float64Array.from(file.ruleFloors),
    ruleGate: file.ruleGate,
    modelOnlyThresholds: Float64Array.from(file.modelOnlyThresholds),
    codes: packed,
    levels: Int8Array.from(file.levels.flat()),
  };
}

function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

let embedded: Model | null = null;
/** The committed model, decoded on first use (a few ms, once per context). */
export function embeddedModel(): Model {
  return (embedded ??= decodeModel(MODEL_WEIGHTS));
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export interface Scored {
  /** Post-level probability per kind, in MODEL_KINDS order. */
  probability: Float64Array;
  /** Per kind: the sentence with the highest score, as [start, end) into the text. */
  best: Array<[number, number]>;
  /**
   * The highest probability of any kind, for the whole post or any one sentence read alone (a
   * disclosure in one sentence of a long post is diluted in the post's score, not in its own).
   */
  top: number;
}

/**
 * Probability per contextual kind for a whole post, and per kind the sentence that scores highest.
 * Pure and deterministic; allocation is one small result per call.
 */
export function score(text: string, model: Model = embeddedModel()): Scored {
  // Four kinds (decodeModel checks): one 16-bit load per feature, the sums in locals as integers.
  const { parts, buckets, ends } = postFeatures(text, model.bits);
  const codes = model.codes;
  const levels = model.levels;
  const [b0, b1, b2, b3] = model.biases as unknown as [number, number, number, number];
  const [c0, c1, c2, c3] = model.scales as unknown as [number, number, number, number];
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;
  let t3 = 0;
  let best0 = -Infinity;
  let best1 = -Infinity;
  let best2 = -Infinity;
  let best3 = -Infinity;
  let part0 = -1;
  let part1 = -1;
  let part2 = -1;
  let part3 = -1;
  let from = 0;
  for (let p = 0; p < parts.length; p++) {
    const to = ends[p]!;
    if (to === from) continue;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = from; i < to; i++) {
      const v = codes[buckets[i]!]!;
      s0 += levels[v & 15]!;
      s1 += levels[16 + ((v >> 4) & 15)]!;
      s2 += levels[32 + ((v >> 8) & 15)]!;
      s3 += levels[48 + (v >> 12)]!;
    }
    const inv = 1 / Math.sqrt(to - from);
    from = to;
    t0 += s0;
    t1 += s1;
    t2 += s2;
    t3 += s3;
    const l0 = b0 + c0 * s0 * inv;
    const l1 = b1 + c1 * s1 * inv;
    const l2 = b2 + c2 * s2 * inv;
    const l3 = b3 + c3 * s3 * inv;
    if (l0 > best0) [best0, part0] = [l0, p];
    if (l1 > best1) [best1, part1] = [l1, p];
    if (l2 > best2) [best2, part2] = [l2, p];
    if (l3 > best3) [best3, part3] = [l3, p];
  }
  const inv = from === 0 ? 0 : 1 / Math.sqrt(from);
  const probability = Float64Array.of(
    sigmoid(b0 + c0 * t0 * inv),
    sigmoid(b1 + c1 * t1 * inv),
    sigmoid(b2 + c2 * t2 * inv),
    sigmoid(b3 + c3 * t3 * inv),
  );
  const whole: [number, number] = [0, text.length];
  const best = [part0, part1, part2, part3].map((p) => (p < 0 ? whole : parts[p]!));
  const top = Math.max(
    probability[0]!,
    probability[1]!,
    probability[2]!,
    probability[3]!,
    sigmoid(Math.max(best0, best1, best2, best3)),
  );
  return { probability, best, top };
}

/** Post-level probability per contextual kind. */
export function classify(text: string, model: Model = embeddedModel()): Record<ModelKind, number> {
  const p = score(text, model).probability;
  return Object.fromEntries(model.kinds.map((kind, j) => [kind, p[j]!])) as Record<ModelKind, number>;
}
