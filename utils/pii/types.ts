export const PII_KINDS = [
  'email',
  'phone',
  'street-address',
  'birthdate',
  'gov-id',
  'payment-card',
  'bank-account',
  'ip-address',
  'coordinates',
  'secret',
  'location',
  'absence',
  'family',
  'health',
] as const;

export type PiiKind = (typeof PII_KINDS)[number];

/** Kinds with a fixed structure (validated by checksums, formats). */
export const STRUCTURED_KINDS: readonly PiiKind[] = [
  'email',
  'phone',
  'street-address',
  'birthdate',
  'gov-id',
  'payment-card',
  'bank-account',
  'ip-address',
  'coordinates',
  'secret',
];
/** Kinds found from context phrases, in several languages. */
export const CONTEXTUAL_KINDS: readonly PiiKind[] = ['location', 'absence', 'family', 'health'];

export interface PiiMatch {
  kind: PiiKind;
  /** Offsets into the plain text, UTF-16 code units, end exclusive. */
  start: number;
  end: number;
  /** 0..1 */
  confidence: number;
  /** A short English explanation of why this matched (e.g. "IBAN with valid mod-97 checksum"). */
  reason: string;
}

export interface DetectOptions {
  /** Drop matches below this confidence. Default 0.5. */
  minConfidence?: number;
  /** Restrict to these kinds. */
  kinds?: readonly PiiKind[];
  /** BCP 47 language of the post, when known (Mastodon's `language`). A hint only. */
  language?: string | null;
  /**
   * How the contextual kinds are found: the phrase rules, the learned model (`model/`), or both
   * (the default: the combination cross-validation chose, see utils/pii/README.md). The other two
   * exist for the trainer and the benchmark.
   */
  contextual?: 'rules' | 'model' | 'both';
  /**
   * The text describes its author: a profile's display name, bio or field. A value in it is
   * theirs, so a phone number or a pair of coordinates is not taken for an organisation's or a
   * landmark's for lack of a first person ("Phone: +49 151 …", "Home: 52.52, 13.40").
   */
  aboutAuthor?: boolean;
}
