import type { PiiKind } from '../types';

/**
 * One contextual rule as data. `pattern` is a regex source written with the pieces in
 * fragments.ts; a space matches any whitespace run, the first letter of each alternative matches
 * either case (sentence starts). Japanese rules (`script: 'ja'`) have no word boundaries.
 */
export interface RuleSpec {
  kind: PiiKind;
  confidence: number;
  /** Ends with the rule's language in brackets, e.g. "(en)": the language gate reads it. */
  reason: string;
  pattern: string;
  /** The match must open a sentence (the subject is dropped: "Sitting at gate 12"). */
  sentenceStart?: boolean;
  script?: 'ja';
}
