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
import { embeddedModel, score, type Model } from './model';

/** Below this confidence a model match is not worth reporting even to a caller asking for all. */
const FLOOR = 0.25;

export function confidenceFor(probability: number, threshold: number): number {
  if (probability >= threshold) return 0.5 + (0.5 * (probability - threshold)) / (1 - threshold);
  return (0.5 * probability) / threshold;
}

/**
 * `rules`: the rule matches of the contextual kinds. `alone`: the model without the rules (for
 * the trainer and the benchmark), with its own thresholds.
 */
export function withModel(
  text: string,
  rules: readonly PiiMatch[],
  alone = false,
  model: Model = embeddedModel(),
): PiiMatch[] {
  const { probability, best } = score(text, model);
  const index = (kind: PiiKind) => (model.kinds as readonly PiiKind[]).indexOf(kind);
  const out = alone
    ? []
    : rules.filter((m) => probability[index(m.kind)]! >= model.ruleFloors[index(m.kind)]!);
  const found = new Set<PiiKind>();
  for (const m of out) if (m.confidence >= 0.5) found.add(m.kind);
  const thresholds = alone ? model.modelOnlyThresholds : model.thresholds;
  for (let j = 0; j < model.kinds.length; j++) {
    const kind = model.kinds[j]!;
    const t = thresholds[j]!;
    if (found.has(kind) || t >= 1) continue;
    const p = probability[j]!;
    const confidence = confidenceFor(p, t);
    if (confidence < FLOOR) continue;
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
