/**
 * The model's contextual matches for the detector, combined with the rules' per kind as
 * cross-validation chose (`ruleFloors`, `thresholds` in the weights file): a rule match is kept
 * where the model gives its kind at least the kind's rule floor, and the model adds the kind
 * where its probability passes the kind's threshold and no kept rule reported it (a rule's span
 * and reason are more precise). The model's span is the sentence that scores highest for the kind.
 *
 * Confidence maps the kind's threshold to 0.5 (the detector's default cut), linearly below and
 * above it, so `minConfidence` means the same for the model as for the rules.
 */
import { match } from '../text';
import type { PiiKind, PiiMatch } from '../types';
import { embeddedModel, MODEL_KINDS, score, type Model } from './model';

const KIND_INDEX = new Map<PiiKind, number>(MODEL_KINDS.map((k, j) => [k, j]));

/** Below this confidence a model match is not worth reporting even to a caller asking for all. */
const FLOOR = 0.25;

export function confidenceFor(probability: number, threshold: number): number {
  if (probability >= threshold) return 0.5 + (0.5 * (probability - threshold)) / (1 - threshold);
  return (0.5 * probability) / threshold;
}

/**
 * `rules`: the rule matches of the contextual kinds, asked for only where the model gives some
 * kind at least the file's `ruleGate` (elsewhere they almost never find anything, and they cost
 * more than the model). `alone`: the model without the rules (for
 * the trainer and the benchmark), with its own thresholds. `minConfidence`: model matches below
 * it are not built.
 */
export function withModel(
  text: string,
  rules: () => readonly PiiMatch[],
  { alone = false, minConfidence = FLOOR }: { alone?: boolean; minConfidence?: number } = {},
  model: Model = embeddedModel(),
): PiiMatch[] {
  const floor = Math.max(FLOOR, minConfidence);
  const { probability, best, top } = score(text, model);
  const out: PiiMatch[] = [];
  let found = 0; // bit j: kind j already reported by a kept rule
  if (!alone && top >= model.ruleGate)
    for (const m of rules()) {
      const j = KIND_INDEX.get(m.kind);
      if (j !== undefined && probability[j]! < model.ruleFloors[j]!) continue;
      out.push(m);
      if (j !== undefined && m.confidence >= 0.5) found |= 1 << j;
    }
  const thresholds = alone ? model.modelOnlyThresholds : model.thresholds;
  for (let j = 0; j < model.kinds.length; j++) {
    const kind = model.kinds[j]!;
    const t = thresholds[j]!;
    if (found & (1 << j) || t >= 1) continue;
    const p = probability[j]!;
    const confidence = confidenceFor(p, t);
    if (confidence < floor) continue;
    const [start, end] = best[j]!;
    out.push(
      match(
        kind,
        start,
        end,
        confidence,
        `learned model: probability ${p.toFixed(2)} (reported from ${t.toFixed(2)})`,
      ),
    );
  }
  return out;
}
