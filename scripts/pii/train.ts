/**
 * Trains the contextual model: `npm run pii:train` (writes utils/pii/model/weights.generated.ts),
 * `npm run pii:train -- --check` (retrains and fails when the committed weights differ).
 *
 * Data: test/pii/corpus.jsonl and test/pii/train/*.jsonl (PII_TRAIN_DIR overrides the folder),
 * read in id order. Never the evaluation or holdout sets: they measure what this produces.
 *
 * One logistic regression per contextual kind, trained jointly by AdaGrad SGD over the hashed
 * features of utils/pii/model/features.ts, in a fixed order from a seeded generator, then
 * quantised to int8. Each kind's threshold comes from cross-validation: the posts are split by
 * source file (the corpus and each training author are one fold each, so every fold is scored by
 * a model that never saw its author; random folds when there is only one file), each fold is
 * scored by a model trained on the others, and the threshold is the lowest probability from which
 * the pooled out-of-fold precision stays at or above TARGET_PRECISION. The same out-of-fold
 * scores give the table printed for rules only, model only and rules ∪ model.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { detectPersonalInfo } from '../../utils/pii';
import { postFeatures, FEATURE_VERSION } from '../../utils/pii/model/features';
import {
  decodeModel,
  bytesToBase64,
  MODEL_FORMAT,
  MODEL_KINDS,
  score,
  type Model,
  type ModelKind,
  type ModelWeightsFile,
} from '../../utils/pii/model/model';
import { loadCorpus, type CorpusPost } from '../../test/pii/score';

export const TARGET_PRECISION = 0.95;

export interface TrainConfig {
  bits: number;
  epochs: number;
  /** AdaGrad base learning rate. */
  rate: number;
  /** L2 penalty applied to the weights a post touches. */
  l2: number;
  /** Loss weight of a positive post (positives are rarer than negatives). */
  positiveWeight: number;
  seed: number;
}

export const CONFIG: TrainConfig = {
  bits: 16,
  epochs: 12,
  rate: 0.5,
  l2: 0.01,
  positiveWeight: 1.5,
  seed: 20261204,
};

const root = new URL('../../', import.meta.url).pathname;
const WEIGHTS_PATH = join(root, 'utils/pii/model/weights.generated.ts');

export interface Sample {
  post: CorpusPost;
  source: string;
  /** Distinct buckets and their values (count / √total). */
  index: Int32Array;
  value: Float64Array;
  labels: Uint8Array;
}

export function loadTrainingPosts(): Array<{ post: CorpusPost; source: string }> {
  const out: Array<{ post: CorpusPost; source: string }> = [];
  for (const post of loadCorpus(join(root, 'test/pii/corpus.jsonl'))) out.push({ post, source: 'corpus' });
  const dir = process.env.PII_TRAIN_DIR ?? join(root, 'test/pii/train');
  if (existsSync(dir)) {
    for (const f of readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort())
      for (const post of loadCorpus(join(dir, f))) out.push({ post, source: f.replace(/\.jsonl$/, '') });
  }
  const seen = new Set<string>();
  for (const { post } of out) {
    if (seen.has(post.id)) throw new Error(`duplicate post id ${post.id}`);
    seen.add(post.id);
  }
  return out.sort((a, b) => (a.post.id < b.post.id ? -1 : a.post.id > b.post.id ? 1 : 0));
}

export function vectorise(text: string, bits: number): { index: Int32Array; value: Float64Array } {
  const { buckets: buf, ends } = postFeatures(text, bits);
  const n = ends.length === 0 ? 0 : ends[ends.length - 1]!;
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) counts.set(buf[i]!, (counts.get(buf[i]!) ?? 0) + 1);
  const keys = [...counts.keys()].sort((a, b) => a - b);
  const inv = n === 0 ? 0 : 1 / Math.sqrt(n);
  return {
    index: Int32Array.from(keys),
    value: Float64Array.from(keys, (key) => counts.get(key)! * inv),
  };
}

export function samples(posts: Array<{ post: CorpusPost; source: string }>, bits: number): Sample[] {
  return posts.map(({ post, source }) => ({
    post,
    source,
    ...vectorise(post.text, bits),
    labels: Uint8Array.from(MODEL_KINDS, (k) => (post.kinds.includes(k) ? 1 : 0)),
  }));
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Float weights (bucket-major like the file) and biases. */
export function trainFloat(
  data: readonly Sample[],
  config: TrainConfig,
): { weights: Float64Array; biases: Float64Array } {
  const k = MODEL_KINDS.length;
  const size = k << config.bits;
  const weights = new Float64Array(size);
  const g2 = new Float64Array(size);
  const biases = new Float64Array(k);
  const bg2 = new Float64Array(k);
  const random = mulberry32(config.seed);
  const order = data.map((_, i) => i);
  const z = new Float64Array(k);
  for (let epoch = 0; epoch < config.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const o of order) {
      const s = data[o]!;
      z.set(biases);
      for (let f = 0; f < s.index.length; f++) {
        const base = s.index[f]! * k;
        const v = s.value[f]!;
        for (let j = 0; j < k; j++) z[j]! += weights[base + j]! * v;
      }
      for (let j = 0; j < k; j++) {
        const y = s.labels[j]!;
        const p = 1 / (1 + Math.exp(-z[j]!));
        const g = (p - y) * (y === 1 ? config.positiveWeight : 1);
        bg2[j]! += g * g;
        biases[j]! -= (config.rate * g) / Math.sqrt(bg2[j]! + 1e-8);
        for (let f = 0; f < s.index.length; f++) {
          const at = s.index[f]! * k + j;
          const gw = g * s.value[f]! + config.l2 * weights[at]!;
          g2[at]! += gw * gw;
          weights[at]! -= (config.rate * gw) / Math.sqrt(g2[at]! + 1e-8);
        }
      }
    }
  }
  return { weights, biases };
}

/** Six significant digits: enough for the model, and stable across machines. */
function round6(x: number): number {
  return Number(x.toPrecision(6));
}

/**
 * 16 levels per kind by 1-D k-means (Lloyd, started at the quantiles, a fixed number of rounds):
 * the weights are far from uniform (most sit near the class prior), so 16 well-placed levels lose
 * less than 16 evenly spaced ones, and 4 bits per weight halve the module against int8.
 */
export function codebook(values: Float64Array, levels = 16, rounds = 25): number[] {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let centres = Array.from(
    { length: levels },
    (_, i) => sorted[Math.min(n - 1, Math.floor(((i + 0.5) * n) / levels))]!,
  );
  for (let round = 0; round < rounds; round++) {
    const sum = new Float64Array(levels);
    const count = new Float64Array(levels);
    let c = 0;
    for (let i = 0; i < n; i++) {
      const v = sorted[i]!;
      while (c + 1 < levels && Math.abs(v - centres[c + 1]!) <= Math.abs(v - centres[c]!)) c++;
      sum[c]! += v;
      count[c]!++;
    }
    centres = centres.map((old, i) => (count[i]! > 0 ? sum[i]! / count[i]! : old)).sort((x, y) => x - y);
  }
  return centres;
}

export function quantise(
  float: { weights: Float64Array; biases: Float64Array },
  bits: number,
  choice: ReadonlyArray<Pick<KindReport, 'threshold' | 'ruleFloor' | 'modelThreshold'>>,
  ruleGate = 0,
): ModelWeightsFile {
  const k = MODEL_KINDS.length;
  const scales: number[] = [];
  const levels: number[][] = [];
  const packed = new Uint8Array(float.weights.length >> 1);
  for (let j = 0; j < k; j++) {
    const mine = new Float64Array(float.weights.length / k);
    for (let b = 0; b < mine.length; b++) mine[b] = float.weights[b * k + j]!;
    const centres = codebook(mine);
    const max = Math.max(...centres.map(Math.abs));
    const scale = round6(max === 0 ? 1 : max / 127);
    scales.push(scale);
    const book = centres.map((c) => Math.round(c / scale));
    levels.push(book);
    for (let b = 0; b < mine.length; b++) {
      const w = mine[b]! / scale;
      let best = 0;
      for (let l = 1; l < book.length; l++) if (Math.abs(w - book[l]!) < Math.abs(w - book[best]!)) best = l;
      const at = b * k + j;
      packed[at >> 1]! |= best << ((at & 1) * 4);
    }
  }
  return {
    format: MODEL_FORMAT,
    featureVersion: FEATURE_VERSION,
    bits,
    kinds: [...MODEL_KINDS],
    scales,
    biases: Array.from(float.biases, round6),
    thresholds: choice.map((c) => c.threshold),
    ruleFloors: choice.map((c) => c.ruleFloor),
    ruleGate,
    modelOnlyThresholds: choice.map((c) => c.modelThreshold),
    levels,
    weights: bytesToBase64(packed),
  };
}

export function train(data: readonly Sample[], config: TrainConfig): Model {
  const choice = MODEL_KINDS.map(() => ({ threshold: 0.5, ruleFloor: 0, modelThreshold: 0.5 }));
  const file = quantise(trainFloat(data, config), config.bits, choice);
  return decodeModel(file);
}

/** Fold of each sample: its source file, or a hash of its id when there is one source only. */
export function folds(data: readonly Sample[], random = 5): number[] {
  const sources = [...new Set(data.map((s) => s.source))].sort();
  if (sources.length >= 3) return data.map((s) => sources.indexOf(s.source));
  return data.map((s) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.post.id.length; i++) h = Math.imul(h ^ s.post.id.charCodeAt(i), 0x01000193);
    return (h >>> 0) % random;
  });
}

/** Out-of-fold probability per sample and kind (sample-major). */
export function outOfFold(
  data: readonly Sample[],
  config: TrainConfig,
  fold: readonly number[],
): { probability: Float64Array; top: Float64Array } {
  const k = MODEL_KINDS.length;
  const out = new Float64Array(data.length * k);
  const top = new Float64Array(data.length);
  const ids = [...new Set(fold)].sort((a, b) => a - b);
  for (const f of ids) {
    const model = train(
      data.filter((_, i) => fold[i] !== f),
      config,
    );
    data.forEach((s, i) => {
      if (fold[i] !== f) return;
      const scored = score(s.post.text, model);
      for (let j = 0; j < k; j++) out[i * k + j] = scored.probability[j]!;
      top[i] = scored.top;
    });
  }
  return { probability: out, top };
}

export interface PR {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}
export function pr(predicted: ArrayLike<boolean>, labels: ArrayLike<number>): PR {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    if (predicted[i] && labels[i]) tp++;
    else if (predicted[i]) fp++;
    else if (labels[i]) fn++;
  }
  return {
    tp,
    fp,
    fn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
  };
}

/**
 * The lowest threshold (in steps of 0.01) from which the precision of `base || p >= t` stays at or
 * above the target for every higher threshold that predicts at least MIN_SUPPORT posts, so a
 * lucky dip in the curve is not chosen and a single error among the first few does not decide.
 * 0.99 when none qualifies.
 */
const MIN_SUPPORT = 20;
export function chooseThreshold(
  probability: ArrayLike<number>,
  labels: ArrayLike<number>,
  base: ArrayLike<boolean> | null,
  target = TARGET_PRECISION,
): number {
  let chosen = 0.99;
  for (let step = 99; step >= 5; step--) {
    const t = step / 100;
    const predicted = Array.from(
      { length: labels.length },
      (_, i) => (base?.[i] ?? false) || probability[i]! >= t,
    );
    const s = pr(predicted, labels);
    if (s.tp + s.fp >= MIN_SUPPORT && s.precision < target) break;
    if (s.precision >= target) chosen = t;
  }
  return chosen;
}

export function rulesKinds(post: CorpusPost): Set<ModelKind> {
  return new Set(
    detectPersonalInfo(post.text, { language: post.lang, kinds: MODEL_KINDS, contextual: 'rules' }).map(
      (m) => m.kind as ModelKind,
    ),
  );
}

export interface KindReport {
  kind: ModelKind;
  n: number;
  rules: PR;
  model: PR;
  both: PR;
  /** What the detector ships: rule matches kept where p >= ruleFloor, or the model alone from threshold. */
  chosen: PR;
  modelThreshold: number;
  bothThreshold: number;
  threshold: number;
  ruleFloor: number;
}

/** Rule floors tried: 0 keeps every rule match (rules ∪ model), NEVER drops them (model only). */
export const NEVER = 2;
const RULE_FLOORS = [0, NEVER];

/**
 * Gates tried (largest first): the rules run only where the model gives some kind at least this,
 * in the whole post or in one of its sentences.
 */
const RULE_GATES = [0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2, 0.15, 0.1, 0.05, 0];
/** A gate may cost at most this share of the shipped combination's true positives. */
const GATE_LOSS = 0.01;

export interface CrossValidation {
  reports: KindReport[];
  /** The rules run only on posts where the model's highest probability reaches this. */
  ruleGate: number;
  /** Per gate tried: the share of posts whose rules it skips and the true positives it costs. */
  gates: Array<{ gate: number; skipped: number; lost: number; of: number }>;
}

/**
 * Per kind, rules / model / rules ∪ model from out-of-fold scores, thresholds chosen on the same
 * scores; then the combination the detector uses: for each rule floor (a rule match counts only
 * where the model gives at least that probability), the threshold that keeps precision at the
 * target, and of those the one with the highest recall (ties: the lowest floor). When none
 * reaches the target, the rules alone.
 *
 * Then the gate: the phrase rules cost more than the model, and on posts where the model gives
 * every kind a low probability they almost never find anything, so the largest gate that loses
 * at most GATE_LOSS of the combination's true positives (pooled) is shipped; `chosen` is scored
 * with it.
 */
export function crossValidate(
  data: readonly Sample[],
  config: TrainConfig,
  fold: readonly number[],
): CrossValidation {
  const k = MODEL_KINDS.length;
  const { probability: oof, top } = outOfFold(data, config, fold);
  const rules = data.map((s) => rulesKinds(s.post));
  const reports = MODEL_KINDS.map((kind, j) => {
    const labels = data.map((s) => s.labels[j]!);
    const p = data.map((_, i) => oof[i * k + j]!);
    const r = rules.map((set) => set.has(kind));
    const modelThreshold = chooseThreshold(p, labels, null);
    const bothThreshold = chooseThreshold(p, labels, r);
    const rulesOnly = pr(r, labels);
    let chosen = { pr: rulesOnly, threshold: NEVER, ruleFloor: 0 };
    let feasible = rulesOnly.precision >= TARGET_PRECISION;
    for (const floor of RULE_FLOORS) {
      const base = r.map((hit, i) => hit && p[i]! >= floor);
      const threshold = chooseThreshold(p, labels, base);
      const s = pr(
        p.map((x, i) => base[i]! || x >= threshold),
        labels,
      );
      if (s.precision < TARGET_PRECISION) continue;
      if (!feasible || s.recall > chosen.pr.recall) chosen = { pr: s, threshold, ruleFloor: floor };
      feasible = true;
    }
    return {
      kind,
      n: labels.reduce((a, b) => a + b, 0),
      rules: rulesOnly,
      model: pr(
        p.map((x) => x >= modelThreshold),
        labels,
      ),
      both: pr(
        p.map((x, i) => r[i]! || x >= bothThreshold),
        labels,
      ),
      chosen: chosen.pr,
      modelThreshold,
      bothThreshold,
      threshold: chosen.threshold,
      ruleFloor: chosen.ruleFloor,
    };
  });
  const gated = (gate: number): PR[] =>
    reports.map((rep, j) => {
      const labels = data.map((s) => s.labels[j]!);
      return pr(
        data.map((_, i) => {
          const p = oof[i * k + j]!;
          const rule = rules[i]!.has(rep.kind) && top[i]! >= gate && p >= rep.ruleFloor;
          return rule || p >= rep.threshold;
        }),
        labels,
      );
    });
  const ungated = gated(0);
  const tp = ungated.reduce((a, s) => a + s.tp, 0);
  const gates: CrossValidation['gates'] = [];
  for (const gate of RULE_GATES) {
    const s = gated(gate);
    const lost = tp - s.reduce((a, x) => a + x.tp, 0);
    gates.push({ gate, skipped: top.filter((t) => t < gate).length / top.length, lost, of: tp });
    if (lost > GATE_LOSS * tp) continue;
    return { reports: reports.map((rep, j) => ({ ...rep, chosen: s[j]! })), ruleGate: gate, gates };
  }
  return { reports: reports.map((rep, j) => ({ ...rep, chosen: ungated[j]! })), ruleGate: 0, gates };
}

function fmt(s: PR): string {
  return `${s.precision.toFixed(2)}/${s.recall.toFixed(2)} (tp ${s.tp} fp ${s.fp} fn ${s.fn})`;
}

function pooled(reports: readonly KindReport[], pick: (r: KindReport) => PR): PR {
  const c = reports.reduce(
    (a, r) => ({ tp: a.tp + pick(r).tp, fp: a.fp + pick(r).fp, fn: a.fn + pick(r).fn }),
    {
      tp: 0,
      fp: 0,
      fn: 0,
    },
  );
  return { ...c, precision: c.tp / Math.max(1, c.tp + c.fp), recall: c.tp / Math.max(1, c.tp + c.fn) };
}

export function printReport(reports: readonly KindReport[]): void {
  const w = [8, 5, 30, 35, 35, 44];
  const row = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ');
  const floor = (r: KindReport) =>
    r.ruleFloor === NEVER ? 'no rules' : r.ruleFloor === 0 ? 'all rules' : `rules if p>=${r.ruleFloor}`;
  const from = (t: number) => (t === NEVER ? 'no model' : `p>=${t.toFixed(2)}`);
  console.log(row(['kind', 'n', 'rules only', 'model only (p>=)', 'rules ∪ model (p>=)', 'chosen']));
  for (const r of reports)
    console.log(
      row([
        r.kind,
        String(r.n),
        fmt(r.rules),
        `${fmt(r.model)} ${r.modelThreshold.toFixed(2)}`,
        `${fmt(r.both)} ${r.bothThreshold.toFixed(2)}`,
        `${fmt(r.chosen)} ${floor(r)}, ${from(r.threshold)}`,
      ]),
    );
  console.log(
    row([
      'pooled',
      String(reports.reduce((a, r) => a + r.n, 0)),
      fmt(pooled(reports, (r) => r.rules)),
      fmt(pooled(reports, (r) => r.model)),
      fmt(pooled(reports, (r) => r.both)),
      fmt(pooled(reports, (r) => r.chosen)),
    ]),
  );
}

/** The module text, formatted as the repository's prettier would (so `npm run lint` passes). */
export async function render(file: ModelWeightsFile): Promise<string> {
  const source = `// Generated by \`npm run pii:train\` (scripts/pii/train.ts). Do not edit; retrain instead.
import type { ModelWeightsFile } from './model';

export const MODEL_WEIGHTS: ModelWeightsFile = ${JSON.stringify(file, null, 2)};
`;
  const options = (await resolveConfig(WEIGHTS_PATH)) ?? {};
  return format(source, { ...options, filepath: WEIGHTS_PATH });
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const started = Date.now();
  const posts = loadTrainingPosts();
  const data = samples(posts, CONFIG.bits);
  const bySource = new Map<string, number>();
  for (const s of data) bySource.set(s.source, (bySource.get(s.source) ?? 0) + 1);
  console.log(
    `training posts: ${data.length} (${[...bySource].map(([s, n]) => `${s} ${n}`).join(', ')}), ${1 << CONFIG.bits} buckets`,
  );
  const fold = folds(data);
  const { reports, ruleGate, gates } = crossValidate(data, CONFIG, fold);
  console.log(
    `\ncross-validation (${new Set(fold).size} folds by source), out-of-fold precision/recall, post level, target precision ${TARGET_PRECISION}\n`,
  );
  printReport(reports);
  console.log(
    `\n"chosen" runs the rules only where the model gives some kind p >= ${ruleGate} (post or sentence):`,
  );
  for (const g of gates)
    console.log(
      `  gate ${g.gate.toFixed(2)}: rules skipped on ${(100 * g.skipped).toFixed(0)}% of posts, ${g.lost} of ${g.of} true positives lost`,
    );
  const file = quantise(trainFloat(data, CONFIG), CONFIG.bits, reports, ruleGate);
  const text = await render(file);
  console.log(
    `\nweights: ${file.weights.length.toLocaleString('en-US')} characters of base64 (${(text.length / 1024).toFixed(1)} kB module), trained in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (check) {
    const committed = readFileSync(WEIGHTS_PATH, 'utf8');
    if (committed !== text) {
      console.error(
        `${WEIGHTS_PATH} differs from a fresh training run: run npm run pii:train and commit the result`,
      );
      process.exit(1);
    }
    console.log('weights match a fresh training run');
    return;
  }
  writeFileSync(WEIGHTS_PATH, text);
  console.log(`wrote ${WEIGHTS_PATH}`);
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1])
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
