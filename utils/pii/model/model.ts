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
import { FEATURE_VERSION, featurize, maxFeatures, sentences } from './features';
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
  modelOnlyThresholds: Float64Array;
  weights: Int8Array;
}

export function decodeModel(file: ModelWeightsFile): Model {
  if (file.format !== MODEL_FORMAT)
    throw new Error(`model weights format ${file.format}, expected ${MODEL_FORMAT}`);
  if (file.featureVersion !== FEATURE_VERSION)
    throw new Error(
      `model weights use features v${file.featureVersion}, the featuriser is v${FEATURE_VERSION}`,
    );
  const k = file.kinds.length;
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
  const weights = new Int8Array(codes.length * 2);
  for (let i = 0; i < weights.length; i++)
    weights[i] = file.levels[i % k]![(codes[i >> 1]! >> ((i & 1) * 4)) & 15]!;
  return {
    bits: file.bits,
    kinds: MODEL_KINDS,
    scales: Float64Array.from(file.scales),
    biases: Float64Array.from(file.biases),
    thresholds: Float64Array.from(file.thresholds),
    ruleFloors: Float64Array.from(file.ruleFloors),
    modelOnlyThresholds: Float64Array.from(file.modelOnlyThresholds),
    weights,
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

let buffer = new Int32Array(4096);
function room(n: number): Int32Array {
  if (buffer.length < n) buffer = new Int32Array(Math.max(n, buffer.length * 2));
  return buffer;
}

export interface Scored {
  /** Post-level probability per kind, in MODEL_KINDS order. */
  probability: Float64Array;
  /** Per kind: the sentence with the highest score, as [start, end) into the text. */
  best: Array<[number, number]>;
}

/**
 * Probability per contextual kind for a whole post, and per kind the sentence that scores highest.
 * Pure and deterministic; allocation is one small result per call.
 */
export function score(text: string, model: Model = embeddedModel()): Scored {
  const k = model.kinds.length;
  const parts = sentences(text);
  const total = new Float64Array(k);
  const bestLogit = new Float64Array(k).fill(-Infinity);
  const best: Array<[number, number]> = Array.from({ length: k }, () => [0, text.length]);
  const sum = new Float64Array(k);
  const w = model.weights;
  let n = 0;
  for (const [a, b] of parts) {
    const piece = text.slice(a, b);
    const buf = room(maxFeatures(piece.length));
    const m = featurize(piece, model.bits, buf);
    if (m === 0) continue;
    sum.fill(0);
    for (let i = 0; i < m; i++) {
      const base = buf[i]! * k;
      for (let j = 0; j < k; j++) sum[j]! += w[base + j]!;
    }
    const inv = 1 / Math.sqrt(m);
    for (let j = 0; j < k; j++) {
      total[j]! += sum[j]!;
      const logit = model.biases[j]! + model.scales[j]! * sum[j]! * inv;
      if (logit > bestLogit[j]!) {
        bestLogit[j] = logit;
        best[j] = [a, b];
      }
    }
    n += m;
  }
  const probability = new Float64Array(k);
  const inv = n === 0 ? 0 : 1 / Math.sqrt(n);
  for (let j = 0; j < k; j++) probability[j] = sigmoid(model.biases[j]! + model.scales[j]! * total[j]! * inv);
  return { probability, best };
}

/** Post-level probability per contextual kind. */
export function classify(text: string, model: Model = embeddedModel()): Record<ModelKind, number> {
  const p = score(text, model).probability;
  return Object.fromEntries(model.kinds.map((kind, j) => [kind, p[j]!])) as Record<ModelKind, number>;
}
