export { detectPersonalInfo } from './detect';
export { htmlToText, decodeEntities } from './html-to-text';
export { maskValue } from './mask';
export { detectInParts, type PartMatch } from './parts';
export { PII_KINDS, STRUCTURED_KINDS, CONTEXTUAL_KINDS } from './types';
export type { PiiKind, PiiMatch, DetectOptions } from './types';
