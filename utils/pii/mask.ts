/**
 * Masks the middle of a sensitive value for display: the user should recognise which value we
 * mean without the screen (or a screenshot of it) repeating it. Deterministic, and for structured
 * values at most about a third of the informative characters stay visible. Phone numbers are the
 * one exception: country and area/mobile prefixes say little about the person and stay, and of
 * the subscriber part only the last three digits are shown.
 */
import type { PiiKind } from './types';

const DOT = '•';

/** Replace every letter/digit with a dot, keeping separators so the shape stays recognisable. */
function dots(s: string): string {
  return s.replace(/[\p{L}\p{N}]/gu, DOT);
}

/** Keep `head` alphanumerics at the start and `tail` at the end, mask the rest. */
function keepEnds(value: string, head: number, tail: number): string {
  const positions: number[] = [];
  for (let i = 0; i < value.length; i++) if (/[\p{L}\p{N}]/u.test(value[i] ?? '')) positions.push(i);
  const total = positions.length;
  // Never reveal more than about a third of the characters that carry information.
  const budget = Math.floor(total * 0.37);
  let h = Math.min(head, budget);
  let t = Math.min(tail, budget - h);
  if (t < 0) t = 0;
  if (h + t > budget) h = budget - t;
  const visible = new Set([...positions.slice(0, h), ...positions.slice(total - t)]);
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i] ?? '';
    out += visible.has(i) || !/[\p{L}\p{N}]/u.test(c) ? c : DOT;
  }
  return out;
}

export function maskValue(value: string, kind: PiiKind): string {
  const v = value.trim();
  switch (kind) {
    case 'email': {
      const at = v.search(/[@＠]|\s*[[(]\s*(?:at|ät|arobase|arroba)\s*[\])]/i);
      if (at <= 0) return keepEnds(v, 1, 0);
      // The domain is usually a public provider; the mailbox name is the personal part.
      return `${v[0]}${DOT.repeat(3)}${v.slice(at).replace(/^[\s[(]*(?:at|ät|arobase|arroba)[\s\])]*/i, '@')}`;
    }
    case 'phone': {
      // "+49 151 23456789" -> "+49 151 ••••• 789"; "0151 23456789" -> "0151 ••••• 789".
      const words = v.split(/\s+/).filter(Boolean);
      const prefixCount = words[0]?.startsWith('+') || words[0]?.startsWith('00') ? 2 : 1;
      if (words.length > prefixCount) {
        const prefix = words.slice(0, prefixCount);
        const subscriber = words.slice(prefixCount).join('').replace(/\D/g, '');
        const tail = subscriber.slice(-Math.min(3, Math.floor(subscriber.length * 0.4)));
        return [...prefix, DOT.repeat(Math.max(3, subscriber.length - tail.length)), tail]
          .filter(Boolean)
          .join(' ');
      }
      return keepEnds(v, 0, 3);
    }
    case 'bank-account': {
      // IBAN: country + check digits and the last four stay ("DE89 •••• … ••30 00").
      if (/^[A-Z]{2}\d{2}/.test(v)) return keepEnds(v, 4, 4);
      return keepEnds(v, 0, 3);
    }
    case 'payment-card': {
      const digits = v.replace(/\D/g, '');
      return `${DOT.repeat(4)} ${digits.slice(-4)}`;
    }
    case 'secret':
      return v.length <= 8
        ? DOT.repeat(v.length)
        : `${v.slice(0, Math.min(4, Math.floor(v.length * 0.15)))}${DOT.repeat(8)}`;
    case 'gov-id':
    case 'ip-address':
    case 'coordinates':
    case 'birthdate':
      return keepEnds(v, kind === 'ip-address' ? 3 : 0, kind === 'ip-address' ? 0 : 2);
    case 'street-address': {
      // House numbers and names go; keep the first word as a hint only when it is long enough.
      return keepEnds(v, 2, 0);
    }
    case 'location':
    case 'absence':
    case 'family':
    case 'health': {
      const words = v.split(/\s+/).filter(Boolean);
      if (words.length <= 1) {
        // Unspaced scripts (Japanese): keep the first few characters.
        const chars = Array.from(v);
        return chars.length <= 4 ? v : `${chars.slice(0, 4).join('')}…`;
      }
      return words.length <= 3 ? words.join(' ') : `${words.slice(0, 3).join(' ')} …`;
    }
  }
}

export { dots as maskAll };
