/**
 * Card brands as data: each brand's IIN (issuer identification number) ranges and the card
 * lengths it issues, from the networks' published ranges. A range is `[from, to]` over the first
 * `digits` digits of the number. The first brand whose range and length fit names the card.
 */
export interface CardBrand {
  brand: string;
  /** [from, to] inclusive, compared on the first String(from).length digits. */
  ranges: ReadonlyArray<readonly [number, number]>;
  lengths: readonly number[];
  /** Brands sharing prefixes with others (debit networks) are reported less confidently. */
  confidence?: number;
}

export const CARD_BRANDS: readonly CardBrand[] = [
  {
    brand: 'American Express',
    ranges: [
      [34, 34],
      [37, 37],
    ],
    lengths: [15],
  },
  {
    brand: 'Diners Club',
    ranges: [
      [300, 305],
      [3095, 3095],
      [36, 36],
      [38, 39],
    ],
    lengths: [14, 15, 16, 17, 18, 19],
  },
  { brand: 'JCB', ranges: [[3528, 3589]], lengths: [16, 17, 18, 19] },
  { brand: 'Mir', ranges: [[2200, 2204]], lengths: [16, 17, 18, 19] },
  {
    brand: 'Mastercard',
    ranges: [
      [51, 55],
      [2221, 2720],
    ],
    lengths: [16],
  },
  {
    brand: 'Discover',
    ranges: [
      [6011, 6011],
      [644, 649],
      [65, 65],
      [622126, 622925],
    ],
    lengths: [16, 17, 18, 19],
  },
  {
    brand: 'UnionPay',
    ranges: [
      [62, 62],
      [81, 81],
    ],
    lengths: [16, 17, 18, 19],
    confidence: 0.7,
  },
  {
    brand: 'RuPay',
    ranges: [
      [60, 60],
      [652, 653],
      [508, 508],
      [353, 353],
      [356, 356],
    ],
    lengths: [16],
    confidence: 0.7,
  },
  { brand: 'Troy', ranges: [[9792, 9792]], lengths: [16], confidence: 0.7 },
  { brand: 'Visa', ranges: [[4, 4]], lengths: [13, 16, 19] },
  {
    brand: 'Maestro',
    ranges: [
      [50, 50],
      [56, 58],
      [639, 639],
      [6304, 6304],
      [67, 67],
      [6759, 6759],
      [676770, 676774],
    ],
    lengths: [12, 13, 14, 15, 16, 17, 18, 19],
    confidence: 0.6,
  },
];

/** The brand of a card number (digits only), or null when no brand issues that prefix and length. */
export function cardBrand(digits: string): CardBrand | null {
  for (const b of CARD_BRANDS) {
    if (!b.lengths.includes(digits.length)) continue;
    for (const [from, to] of b.ranges) {
      const p = Number(digits.slice(0, String(from).length));
      if (p >= from && p <= to) return b;
    }
  }
  return null;
}
