import { describe, expect, it } from 'vitest';
import { maskValue } from './mask';
import type { PiiKind } from './types';

describe('maskValue', () => {
  it.each([
    ['+49 151 23456789', 'phone', '+49 151 ••••• 789'],
    ['jane.doe@example.com', 'email', 'j•••@example.com'],
    ['DE89 3704 0044 0532 0130 00', 'bank-account', 'DE89 •••• •••• •••• ••30 00'],
    ['4272 3724 6257 7772', 'payment-card', '•••• 7772'],
    ['I live in Leeds near the park', 'location', 'I live in …'],
    ['AKIAZ7XYQ4HJKL2MN3PQ', 'secret', 'AKI••••••••'],
    ['0151 23456789', 'phone', '0151 ••••• 789'],
    ['090-1234-5678', 'phone', '•••-••••-•678'],
  ] as Array<[string, PiiKind, string]>)('%s (%s) -> %s', (value, kind, masked) => {
    expect(maskValue(value, kind)).toBe(masked);
  });

  it.each([
    ['536-22-1478', 'gov-id'],
    ['DE89 3704 0044 0532 0130 00', 'bank-account'],
    ['81.169.145.92', 'ip-address'],
    ['52.5200, 13.4050', 'coordinates'],
    ['Lindenstraße 14, 04109 Leipzig', 'street-address'],
    ['14 March 1991', 'birthdate'],
  ] as Array<[string, PiiKind]>)('reveals at most ~a third of %s (%s), deterministically', (value, kind) => {
    const masked = maskValue(value, kind);
    expect(maskValue(value, kind)).toBe(masked);
    const informative = value.replace(/[^\p{L}\p{N}]/gu, '').length;
    const shown = masked.replace(/[^\p{L}\p{N}]/gu, '').length;
    expect(shown / informative).toBeLessThanOrEqual(0.37);
    expect(masked).not.toBe(value);
  });
});
