/**
 * The per-keystroke front of `analyzeCompose`. Detection results are cached per published text
 * (CW, text and poll options read as one, see detectInParts), so switching visibility or going
 * back to an earlier text re-scans nothing.
 * (Scanning per paragraph was tried and dropped: detectors look at the words around a value, and
 * cutting the text changed their answers. A whole 500-character post scans in well under 1 ms.)
 */
import { detectPersonalInfo } from '../pii';
import { PII_KINDS, STRUCTURED_KINDS, type PiiKind } from '../pii/types';
import { analyzeCompose, defaultDetector, type PiiDetector } from './analyze';
import type { ComposeContext } from './context';
import type { ComposeInput, ComposeWarning } from './types';

const DEFAULT_CACHE_ENTRIES = 64;

/** Wraps a detector with a small LRU cache keyed by the exact text it is given. */
export function createCachedDetector(
  detect: PiiDetector = defaultDetector,
  maxEntries = DEFAULT_CACHE_ENTRIES,
): PiiDetector {
  const cache = new Map<string, ReturnType<PiiDetector>>();
  return (text) => {
    const hit = cache.get(text);
    if (hit) {
      // Refresh its place in the LRU order.
      cache.delete(text);
      cache.set(text, hit);
      return hit;
    }
    const result = detect(text);
    cache.set(text, result);
    if (cache.size > maxEntries) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    return result;
  };
}

export interface ComposeAnalyzer {
  analyze(input: ComposeInput): ComposeWarning[];
}

export function createComposeAnalyzer(context: ComposeContext, detect?: PiiDetector): ComposeAnalyzer {
  const cached = createCachedDetector(detect);
  return { analyze: (input) => analyzeCompose(input, context, { detect: cached }) };
}

/** Text that walks every detector's main paths (numbers, dates, context phrases in several languages). */
const WARM_UP_TEXT =
  'Call me at +49 30 12345678 or mail jo@example.org, born 14.03.1987, IBAN DE89 3704 0044 0532 0130 00, ' +
  'card 4111 1111 1111 1111, 192.168.1.20, 52.5200, 13.4050, I live at 12 Main Street. We are away on holiday, ' +
  'meine Tochter hat Diabetes, wir sind im Urlaub, je suis à Paris.';

const PROSE = [
  'B',
  'Big news, friends: we finally moved into the new flat and the kids love their rooms.',
  'Heute war ein schöner Tag im Park, morgen fahren wir zu meiner Mutter.',
  'Demain nous partons en vacances avec les enfants, la maison sera vide.',
];

/**
 * The detectors compile their large regular expressions on first use, which costs tens of
 * milliseconds per kind. Warming them up one kind per task, in idle time before the person types,
 * keeps that cost out of the keystrokes and cuts it into short tasks.
 */
export function warmUpSteps(): (() => void)[] {
  const contextual = PII_KINDS.filter((k) => !STRUCTURED_KINDS.includes(k));
  const groups: PiiKind[][] = [...STRUCTURED_KINDS.map((k) => [k]), contextual];
  const steps = groups.map((kinds) => () => void detectPersonalInfo(WARM_UP_TEXT, { kinds }));
  // Plain prose takes other paths through the same detectors (the first keystrokes look like this).
  for (const prose of PROSE) steps.push(() => void detectPersonalInfo(prose));
  return steps;
}
