import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../../test/pii/score';
import { detectPersonalInfo } from '../detect';
import { FEATURE_VERSION, featurize, maxFeatures, sentences } from './features';
import { confidenceFor } from './matches';
import { classify, decodeModel, embeddedModel, MODEL_FORMAT, MODEL_KINDS, score, weightOf } from './model';
import { MODEL_WEIGHTS } from './weights.generated';
import { render } from '../../../scripts/pii/train';

function features(text: string, bits = 15): number[] {
  const buf = new Int32Array(maxFeatures(text.length));
  const n = featurize(text, bits, buf);
  return [...buf.subarray(0, n)].sort((a, b) => a - b);
}

const corpus = loadCorpus(new URL('../../../test/pii/corpus.jsonl', import.meta.url).pathname);
const trainDir = new URL('../../../test/pii/train/', import.meta.url).pathname;
const training = [
  ...corpus,
  ...readdirSync(trainDir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => loadCorpus(join(trainDir, f))),
];
const post = (id: string) => {
  const found = training.find((p) => p.id === id);
  if (!found) throw new Error(`no training post ${id}`);
  return found.text;
};

describe('features', () => {
  it('are deterministic and read NFKC lower case, digits as 0', () => {
    expect(features('Sitting at gate B22')).toEqual(features('Sitting at gate B22'));
    expect(features('ＳＩＴＴＩＮＧ at Gate b22')).toEqual(features('sitting at gate b22'));
    expect(features('Mia (7) starts school')).toEqual(features('Mia (9) starts school'));
    expect(features('Mia starts school')).not.toEqual(features('Noa starts school'));
  });

  it('give Latin words 4-grams, a unigram and bigrams, and Japanese 1-3-grams', () => {
    // "abc" padded is 5 characters: 2 four-grams, plus its unigram.
    expect(features('abc')).toHaveLength(3);
    // "ab" padded is 4: one four-gram and the unigram.
    expect(features('ab')).toHaveLength(2);
    // Two one-letter words: a unigram each, plus the bigram.
    expect(features('a b')).toHaveLength(3);
    // 3 characters: 3 unigrams, 2 bigrams, 1 trigram.
    expect(features('病院で')).toHaveLength(6);
    expect(features('… 🙂 !!')).toHaveLength(0);
  });

  it('stay inside their buckets and the buffer bound', () => {
    const text =
      'Wir sind ab morgen zwei Wochen bei meiner Schwester in Freiburg. 明日から入院します。'.repeat(3);
    const all = features(text, 10);
    expect(all.length).toBeLessThanOrEqual(maxFeatures(text.length));
    expect(Math.max(...all)).toBeLessThan(1 << 10);
    expect(Math.min(...all)).toBeGreaterThanOrEqual(0);
  });

  it('split sentences and clauses with offsets into the original text', () => {
    const text = 'At gate B22. Flight delayed!\nBack on the 3rd; cat sitter booked 入院中です。退院は明日';
    expect(sentences(text).map(([a, b]) => text.slice(a, b))).toEqual([
      'At gate B22.',
      'Flight delayed!',
      'Back on the 3rd;',
      'cat sitter booked 入院中です。',
      '退院は明日',
    ]);
    expect(sentences('v1.2.3 is out, e.g. today')).toHaveLength(2);
    expect(sentences('   ')).toEqual([]);
  });
});

describe('weights file', () => {
  it('matches the format and feature version the trainer writes', async () => {
    expect(MODEL_WEIGHTS.format).toBe(MODEL_FORMAT);
    expect(MODEL_WEIGHTS.featureVersion).toBe(FEATURE_VERSION);
    expect(MODEL_WEIGHTS.kinds).toEqual([...MODEL_KINDS]);
    const model = decodeModel(MODEL_WEIGHTS);
    expect(model.codes.length).toBe(1 << MODEL_WEIGHTS.bits);
    for (const s of model.scales) expect(s).toBeGreaterThan(0);
    // Every weight is one of its kind's 16 levels, and the levels are used.
    for (const [j, levels] of MODEL_WEIGHTS.levels.entries()) {
      const used = new Set<number>();
      for (let b = 0; b < model.codes.length; b++) used.add(weightOf(model, b, j));
      for (const w of used) expect(levels).toContain(w);
      expect(used.size).toBeGreaterThan(8);
    }
    for (const t of [...model.thresholds, ...model.modelOnlyThresholds]) expect(t).toBeGreaterThan(0);
    // The committed module is byte for byte what the trainer renders for these numbers.
    const path = new URL('./weights.generated.ts', import.meta.url).pathname;
    expect(await render(MODEL_WEIGHTS)).toBe(readFileSync(path, 'utf8'));
  });

  it('is rejected when its version or size does not fit', () => {
    expect(() => decodeModel({ ...MODEL_WEIGHTS, featureVersion: FEATURE_VERSION + 1 })).toThrow(/features/);
    expect(() => decodeModel({ ...MODEL_WEIGHTS, format: MODEL_FORMAT + 1 })).toThrow(/format/);
    expect(() => decodeModel({ ...MODEL_WEIGHTS, bits: MODEL_WEIGHTS.bits + 1 })).toThrow(/expected/);
    expect(() => decodeModel({ ...MODEL_WEIGHTS, thresholds: [0.5] })).toThrow(/thresholds/);
    expect(() =>
      decodeModel({ ...MODEL_WEIGHTS, levels: MODEL_WEIGHTS.levels.map((l) => l.slice(1)) }),
    ).toThrow(/levels/);
  });
});

describe('classify', () => {
  it('is deterministic and gives a probability per contextual kind', () => {
    const text = post('c-en-132');
    const a = classify(text);
    expect(Object.keys(a)).toEqual([...MODEL_KINDS]);
    expect(classify(text)).toEqual(a);
    for (const p of Object.values(a)) expect(p > 0 && p < 1).toBe(true);
  });

  it('fits its training posts: the model alone on the corpus, at its own thresholds', () => {
    const model = embeddedModel();
    for (const [j, kind] of MODEL_KINDS.entries()) {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      for (const p of corpus) {
        const hit = score(p.text, model).probability[j]! >= model.modelOnlyThresholds[j]!;
        const label = p.kinds.includes(kind);
        if (hit && label) tp++;
        else if (hit) fp++;
        else if (label) fn++;
      }
      expect(tp / (tp + fp), `${kind} precision: tp ${tp} fp ${fp}`).toBeGreaterThanOrEqual(0.85);
      expect(tp / (tp + fn), `${kind} recall: tp ${tp} fn ${fn}`).toBeGreaterThanOrEqual(0.3);
    }
  });

  it('scores a sentence about the kind above one that is not', () => {
    const text = 'Nice weather today. Flying to Lisbon on Friday, back on the 12th, house empty.';
    const [a, b] = score(text).best[MODEL_KINDS.indexOf('absence')]!;
    expect(text.slice(a, b)).toBe('Flying to Lisbon on Friday, back on the 12th, house empty.');
  });
});

describe('in the detector', () => {
  // Training posts the rules miss and the model reports, and hard negatives on the same topics.
  it.each([
    ['tr-t1-es-004', 'location'],
    ['tr-t1-ja-042', 'location'],
    ['tr-t1-es-001', 'absence'],
    ['tr-t1-ja-004', 'absence'],
    ['tr-t1-es-006', 'family'],
    ['tr-t1-fr-001', 'family'],
    ['tr-t1-de-002', 'health'],
    ['tr-t1-ja-003', 'health'],
  ] as const)('%s: the model reports %s, the rules alone do not', (id, kind) => {
    const text = post(id);
    const both = detectPersonalInfo(text).filter((m) => m.kind === kind);
    expect(both.length).toBeGreaterThan(0);
    expect(both[0]!.reason).toMatch(/^learned model/);
    expect(detectPersonalInfo(text, { contextual: 'rules' }).filter((m) => m.kind === kind)).toEqual([]);
  });

  it.each([
    ['tr-t1-de-004', ['family', 'absence', 'location']],
    ['tr-t1-en-us-013', ['health', 'absence', 'location']],
    ['c-en-101', ['health']],
    ['c-en-104', ['health']],
  ] as const)('%s: a hard negative stays clean of %s', (id, kinds) => {
    const found = detectPersonalInfo(post(id)).map((m) => m.kind);
    for (const kind of kinds) expect(found).not.toContain(kind);
  });

  it('maps the kind threshold to confidence 0.5', () => {
    expect(confidenceFor(0.4, 0.4)).toBe(0.5);
    expect(confidenceFor(1, 0.4)).toBe(1);
    expect(confidenceFor(0.2, 0.4)).toBe(0.25);
  });

  it('reports the model only with its reason, span inside the post, engines selectable', () => {
    for (const p of corpus.slice(0, 200)) {
      for (const m of detectPersonalInfo(p.text, { language: p.lang, contextual: 'model' })) {
        if (!MODEL_KINDS.includes(m.kind as never)) continue;
        expect(m.reason).toMatch(/^learned model: probability 0\.\d\d/);
        expect(m.start).toBeGreaterThanOrEqual(0);
        expect(m.end).toBeLessThanOrEqual(p.text.length);
        expect(m.confidence).toBeGreaterThanOrEqual(0.5);
      }
      for (const m of detectPersonalInfo(p.text, { language: p.lang, contextual: 'rules' }))
        expect(m.reason).not.toMatch(/learned model/);
    }
  });
});
