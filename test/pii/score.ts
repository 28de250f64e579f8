/**
 * Post-level scoring shared by the corpus test and the benchmark. A post counts as predicted for a
 * kind when the detector reports at least one match of that kind; each (post, kind) pair is then a
 * true positive, false positive or false negative. Group scores are micro-averaged over the pairs
 * of the kinds in the group.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { PII_KINDS, type PiiKind } from '../../utils/pii/types';

export const CorpusPostSchema = z.object({
  id: z.string(),
  lang: z.enum(['en', 'de', 'fr', 'es', 'ja']),
  text: z.string().min(1),
  kinds: z.array(z.enum(PII_KINDS)),
  /** Regional variety of the language (`en-IN`, `de-AT` …), in the evaluation set. */
  variant: z.string().optional(),
});
export type CorpusPost = z.infer<typeof CorpusPostSchema>;

export function loadCorpus(path: string): CorpusPost[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      const parsed = CorpusPostSchema.safeParse(JSON.parse(l));
      if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}
export interface Scores extends Counts {
  precision: number;
  recall: number;
}

function scores(c: Counts): Scores {
  return {
    ...c,
    // No predictions: precision is undefined; report 1 so an empty kind does not look broken.
    precision: c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp),
    recall: c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn),
  };
}

export interface Evaluation {
  perKind: Record<PiiKind, Scores>;
  structured: Scores;
  contextual: Scores;
  overall: Scores;
  /** Posts whose predicted kinds differ from the labels, for debugging. */
  errors: Array<{ id: string; text: string; expected: PiiKind[]; predicted: PiiKind[] }>;
}

export function evaluate(
  posts: readonly CorpusPost[],
  predict: (post: CorpusPost) => Iterable<PiiKind>,
  structuredKinds: readonly PiiKind[],
  contextualKinds: readonly PiiKind[],
  onlyKinds: readonly PiiKind[] = PII_KINDS,
): Evaluation {
  const counts = Object.fromEntries(PII_KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }])) as Record<
    PiiKind,
    Counts
  >;
  const errors: Evaluation['errors'] = [];
  for (const post of posts) {
    const predicted = new Set(predict(post));
    const expected = new Set(post.kinds);
    let wrong = false;
    for (const k of onlyKinds) {
      const p = predicted.has(k);
      const e = expected.has(k);
      if (p && e) counts[k].tp++;
      else if (p) {
        counts[k].fp++;
        wrong = true;
      } else if (e) {
        counts[k].fn++;
        wrong = true;
      }
    }
    if (wrong)
      errors.push({ id: post.id, text: post.text, expected: [...expected], predicted: [...predicted] });
  }
  const sum = (kinds: readonly PiiKind[]): Counts =>
    kinds
      .filter((k) => onlyKinds.includes(k))
      .reduce((a, k) => ({ tp: a.tp + counts[k].tp, fp: a.fp + counts[k].fp, fn: a.fn + counts[k].fn }), {
        tp: 0,
        fp: 0,
        fn: 0,
      });
  return {
    perKind: Object.fromEntries(PII_KINDS.map((k) => [k, scores(counts[k])])) as Record<PiiKind, Scores>,
    structured: scores(sum(structuredKinds)),
    contextual: scores(sum(contextualKinds)),
    overall: scores(sum(PII_KINDS)),
    errors,
  };
}
