/**
 * The personal-info detector: runs every detector over plain text, then keeps, per kind, the most
 * confident non-overlapping matches. Structured kinds also suppress each other: a match whose check
 * (checksum, number plan) passed beats one found by shape and label alone, then priority decides,
 * so a card number is not reported again as a phone number and an IBAN not as a card.
 */
import { PII_KINDS, type DetectOptions, type PiiKind, type PiiMatch } from './types';
import { asciiDigits, countDigits, isUnchecked } from './text';
import { detectEmail } from './detectors/email';
import { detectPhone } from './detectors/phone';
import { detectCard, detectBank } from './detectors/finance';
import { detectGovId } from './detectors/gov-id';
import { detectIp } from './detectors/network';
import { detectCoordinates } from './detectors/coordinates';
import { detectSecret } from './detectors/secret';
import { detectAddress } from './detectors/address';
import { detectBirthdate } from './detectors/birthdate';
import { detectContextual } from './detectors/contextual';
import { withModel } from './model/matches';

/** Higher first: when two structured matches overlap, the lower-priority one is dropped. */
const PRIORITY: readonly PiiKind[] = [
  'secret',
  'bank-account',
  'payment-card',
  'gov-id',
  'email',
  'ip-address',
  'coordinates',
  'birthdate',
  'phone',
  'street-address',
];
const CONTEXTUAL = new Set<PiiKind>(['location', 'absence', 'family', 'health']);

/**
 * Full-width digits and dashes (Japanese input methods) become ASCII. Every replacement keeps the
 * length, so offsets into the normalised text are offsets into the original.
 */
function normalise(text: string): string {
  if (!/[０-９－‐‑–—−ー＋（）]/.test(text)) return text;
  return asciiDigits(text)
    .replace(/(?<=\d)[－‐‑–—−ー](?=\d)/g, '-')
    .replace(/＋(?=\d)/g, '+')
    .replace(/[（）]/g, (c) => (c === '（' ? '(' : ')'));
}

interface Step {
  kinds: readonly PiiKind[];
  /** Skipped when the post has fewer digits than the shortest value this detector can find. */
  minDigits: number;
  detect(text: string, language: string | null, options: StepOptions): PiiMatch[];
}
interface StepOptions {
  engine: NonNullable<DetectOptions['contextual']>;
  /** Model matches below the caller's cut are not built (they suppress nothing). */
  minConfidence: number;
  aboutAuthor: boolean;
}

/** The phrase rules, the learned model, or both combined per kind as the trainer chose. */
function detectContextualKinds(text: string, { engine, minConfidence }: StepOptions): PiiMatch[] {
  if (engine === 'model') return withModel(text, () => [], { alone: true, minConfidence });
  if (engine === 'rules') return detectContextual(text);
  return withModel(text, () => detectContextual(text), { minConfidence });
}

/* Secrets, banks and cards go first: other detectors look at the same digits. */
const STEPS: readonly Step[] = [
  { kinds: ['secret'], minDigits: 0, detect: detectSecret },
  { kinds: ['bank-account'], minDigits: 6, detect: detectBank },
  { kinds: ['payment-card'], minDigits: 12, detect: detectCard },
  { kinds: ['gov-id'], minDigits: 4, detect: detectGovId },
  { kinds: ['email'], minDigits: 0, detect: detectEmail },
  { kinds: ['ip-address'], minDigits: 2, detect: detectIp },
  {
    kinds: ['coordinates'],
    minDigits: 6,
    detect: (text, _language, options) => detectCoordinates(text, options.aboutAuthor),
  },
  { kinds: ['birthdate'], minDigits: 0, detect: detectBirthdate },
  {
    kinds: ['phone'],
    minDigits: 7,
    detect: (text, language, options) => detectPhone(text, language, options.aboutAuthor),
  },
  { kinds: ['street-address'], minDigits: 1, detect: detectAddress },
  {
    kinds: ['location', 'absence', 'family', 'health'],
    minDigits: 0,
    detect: (text, _language, options) => detectContextualKinds(text, options),
  },
];

function byPosition(a: PiiMatch, b: PiiMatch): number {
  return a.start - b.start || a.end - b.end;
}

export function detectPersonalInfo(text: string, options: DetectOptions = {}): PiiMatch[] {
  const minConfidence = options.minConfidence ?? 0.5;
  const wanted = options.kinds ? new Set<PiiKind>(options.kinds) : null;
  const language = options.language ?? null;
  const stepOptions: StepOptions = {
    engine: options.contextual ?? 'both',
    minConfidence,
    aboutAuthor: options.aboutAuthor ?? false,
  };
  if (text.length === 0) return [];
  const norm = normalise(text);
  const digits = countDigits(norm);

  const all: PiiMatch[] = [];
  for (const step of STEPS) {
    if (digits < step.minDigits) continue;
    if (wanted !== null && !step.kinds.some((k) => wanted.has(k))) continue;
    for (const m of step.detect(norm, language, stepOptions)) all.push(m);
  }

  // Suppression uses every candidate, even low-confidence ones: a test card number (0.2) still
  // explains its digits, so they must not come back as a phone number.
  // Validated matches first (see `unchecked`), then by kind priority and confidence. The sort key
  // is computed once per match, not in every comparison.
  const keyed = all.map((m) => ({ m, key: (isUnchecked(m) ? 100 : 0) + rank(m.kind) }));
  keyed.sort((a, b) => a.key - b.key || b.m.confidence - a.m.confidence || a.m.start - b.m.start);
  const kept: PiiMatch[] = [];
  const structuredKept: PiiMatch[] = [];
  for (const { m } of keyed) {
    if (wanted !== null && !wanted.has(m.kind)) continue;
    if (CONTEXTUAL.has(m.kind)) {
      if (!kept.some((k) => k.kind === m.kind && overlaps(k, m))) kept.push(m);
      continue;
    }
    if (structuredKept.some((k) => overlaps(k, m))) continue;
    structuredKept.push(m);
    kept.push(m);
  }
  return kept.filter((m) => m.confidence >= minConfidence).sort(byPosition);
}

const RANK = new Map<PiiKind, number>(
  PII_KINDS.map((k) => [
    k,
    PRIORITY.includes(k) ? PRIORITY.indexOf(k) : PRIORITY.length + PII_KINDS.indexOf(k),
  ]),
);
function rank(kind: PiiKind): number {
  return RANK.get(kind)!;
}

function overlaps(a: PiiMatch, b: PiiMatch): boolean {
  return a.start < b.end && b.start < a.end;
}
