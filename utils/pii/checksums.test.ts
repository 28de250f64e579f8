import { describe, expect, it } from 'vitest';
import {
  dniNieValid,
  ibanValid,
  isbnValid,
  luhn,
  myNumberValid,
  ninoValid,
  nirValid,
  ssnValid,
  steuerIdValid,
} from './checksums';

describe('check digits', () => {
  it.each([
    [luhn, '4539148803436467', true],
    [luhn, '4539148803436468', false],
    [ibanValid, 'DE89 3704 0044 0532 0130 00', true],
    [ibanValid, 'DE89 3704 0044 0532 0130 01', false],
    [ibanValid, 'GB33BUKB20201555555555', true],
    [ibanValid, 'DE8937040044053201300', false], // one digit short for DE
    [ibanValid, 'FR7630006000011234567890189', true],
    [ssnValid, '536221478', true],
    [ssnValid, '000221478', false],
    [ssnValid, '666221478', false],
    [ssnValid, '912221478', false],
    [ssnValid, '536001478', false],
    [ssnValid, '536220000', false],
    [dniNieValid, '12345678Z', true],
    [dniNieValid, '12345678A', false],
    [dniNieValid, 'X9506101V', true],
    [dniNieValid, 'Y2359143R', true],
    [dniNieValid, 'X9506101A', false],
    [nirValid, '187111466887977', true],
    [nirValid, '187111466887978', false],
    [ninoValid, 'JG103752B', true],
    [ninoValid, 'GB103752B', false],
    [ninoValid, 'DA103752B', false],
    [steuerIdValid, '41905447387', true],
    [steuerIdValid, '41905447388', false],
    [steuerIdValid, '12345678901', false],
    [myNumberValid, '508713835700', true],
    [myNumberValid, '508713835701', false],
    [isbnValid, '9780262033848', true],
    [isbnValid, '9780262033849', false],
    [isbnValid, '0306406152', true],
  ] as const)('%o(%s) = %s', (fn, value, expected) => {
    expect((fn as (v: string) => boolean)(value)).toBe(expected);
  });
});
