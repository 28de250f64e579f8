/**
 * Small deterministic helpers shared by the generator and the server: a seeded PRNG,
 * Mastodon-like snowflake IDs and the timestamp formats Mastodon uses on the wire.
 */

/** mulberry32: tiny, fast and good enough for test data; the same seed gives the same stream. */
export class Rng {
  private a: number;
  constructor(seed: number) {
    this.a = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  hex(length: number): string {
    let out = '';
    while (out.length < length)
      out += Math.floor(this.next() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    return out.slice(0, length);
  }
}

/**
 * Mastodon status IDs are snowflakes: milliseconds since the epoch shifted left by 16 bits plus a
 * sequence, so they sort by creation time. They are compared by length, then lexically.
 * https://github.com/mastodon/mastodon/blob/main/lib/mastodon/snowflake.rb
 */
export function snowflake(ms: number, seq: number): bigint {
  return BigInt(Math.floor(ms)) * 65536n + BigInt(seq & 0xffff);
}

export function cmpId(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `2019-12-08T03:48:33.901Z`, as Mastodon renders datetimes. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Ruby's `Time#iso8601(6)`: `2026-08-21T12:35:00.000000Z`, used by X-RateLimit-Reset. */
export function isoMicro(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}

/** `2019-11-17`: Account.last_status_at has been a date since 3.1.0. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Accounts' created_at is midnight since 3.4.0. */
export function midnight(ms: number): string {
  return `${isoDate(ms)}T00:00:00.000Z`;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** IBAN check digits (ISO 13616 mod 97), so generated IBANs validate. */
export function makeIban(country: string, bban: string): string {
  const rearranged = `${bban}${country}00`
    .toUpperCase()
    .replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rem = 0;
  for (const ch of rearranged) rem = (rem * 10 + Number(ch)) % 97;
  const check = String(98 - rem).padStart(2, '0');
  return `${country}${check}${bban}`;
}

/** Completes a card number with its Luhn check digit. */
export function luhnComplete(partial: string): string {
  let sum = 0;
  const digits = partial.split('').map(Number).reverse();
  digits.forEach((d, i) => {
    let v = d;
    if (i % 2 === 0) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
  });
  return partial + String((10 - (sum % 10)) % 10);
}

export function luhnValid(number: string): boolean {
  const digits = number.replace(/\D/g, '');
  let sum = 0;
  digits
    .split('')
    .reverse()
    .forEach((ch, i) => {
      let v = Number(ch);
      if (i % 2 === 1) {
        v *= 2;
        if (v > 9) v -= 9;
      }
      sum += v;
    });
  return digits.length > 0 && sum % 10 === 0;
}
