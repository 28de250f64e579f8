/**
 * Payment cards (Luhn + issuer ranges) and bank accounts (IBAN mod-97 with per-country length,
 * or an account number announced by its label).
 */
import type { PiiMatch } from '../types';
import {
  BUSINESS_CONTEXT,
  EXAMPLE_CONTEXT,
  documentedSample,
  match,
  near,
  nearBefore,
  unchecked,
  wordsRe,
} from '../text';
import { abaChecksum, abaValid, ibanValid, luhn } from '../checksums';
import { cardBrand } from '../formats/card-brands';
import { IBAN_EXAMPLES } from '../formats/iban-registry';

const CARD = /(?<![A-Za-z0-9À-ÖØ-öø-ɏ_.,/-])\d(?:[ \u00a0-]?\d){11,18}(?![A-Za-z0-9À-ÖØ-öø-ɏ_]|[.,/-]\d)/g;

/** Well-known test numbers from payment providers' docs: not anyone's card. */
const TEST_CARDS = new Set([
  '4111111111111111',
  '4242424242424242',
  '4000056655665556',
  '5555555555554444',
  '5105105105105100',
  '2223003122003222',
  '378282246310005',
  '371449635398431',
  '6011111111111117',
  '3566002020360505',
  '4012888888881881',
  '4000000000000002',
  '4000000000009995',
]);

const CARD_CONTEXT = wordsRe(
  [
    'card',
    'credit',
    'debit',
    'visa',
    'mastercard',
    'amex',
    'American Express',
    'Diners',
    'Diners Club',
    'JCB',
    'UnionPay',
    'Discover',
    'Maestro',
    'RuPay',
    'card number',
    'CVV',
    'CVC',
    'expiry',
    'Kreditkarte',
    'Karte',
    'Karten',
    'Kartennummer',
    'carte',
    'bancaire',
    'CB',
    'tarjeta',
    'crédito',
    'débito',
  ],
  ['カード', 'クレジット'],
);
const NOT_CARD_CONTEXT = wordsRe(
  [
    'tracking',
    'parcel',
    'package',
    'order',
    'invoice',
    'ISBN',
    'IMEI',
    'serial',
    'UPS',
    'DHL',
    'USPS',
    'FedEx',
    'Sendungsnummer',
    'Sendung',
    'Paket',
    'Bestellung',
    'Rechnung',
    'suivi',
    'colis',
    'commande',
    'seguimiento',
    'pedido',
    'paquete',
    'test card',
    'Testkarte',
    'sandbox',
    'stripe',
  ],
  ['追跡', '注文', '伝票'],
);

export function detectCard(text: string): PiiMatch[] {
  const out: PiiMatch[] = [];
  CARD.lastIndex = 0;
  for (let m = CARD.exec(text); m; m = CARD.exec(text)) {
    const value = m[0];
    const digits = value.replace(/\D/g, '');
    // Mixed separators and odd groupings are rarely cards.
    const groups = value.split(/[ \u00a0-]/).map((g) => g.length);
    const grouped =
      groups.length === 1 ||
      groups.every((g, i) => g === 4 || (i === groups.length - 1 && g >= 1 && g <= 4)) ||
      (digits.length === 15 && groups.join() === '4,6,5') ||
      (digits.length === 14 && groups.join() === '4,6,4');
    if (!grouped) continue;
    const issuer = cardBrand(digits);
    if (!issuer || !luhn(digits)) continue;
    const brand = issuer.brand;
    const start = m.index;
    const end = start + value.length;
    if (/^(\d)\1+$/.test(digits)) continue;
    let confidence = 0.85;
    let reason = `${brand} card number with valid Luhn checksum`;
    if (TEST_CARDS.has(digits)) {
      confidence = 0.2;
      reason = 'well-known test card number';
    } else if (near(text, start, end, EXAMPLE_CONTEXT, 40, 25) || documentedSample(text, start, end)) {
      confidence = 0.3;
      reason += ' (shown as an example)';
    } else if (near(text, start, end, NOT_CARD_CONTEXT, 50, 20)) {
      confidence = 0.3;
      reason += ', but context says tracking/order number';
    } else if (nearBefore(text, start, CARD_CONTEXT, 50)) {
      confidence = 0.95;
      reason += ', with card context';
    } else if (issuer.confidence !== undefined) {
      confidence = issuer.confidence;
    }
    out.push(match('payment-card', start, end, confidence, reason));
  }
  return out;
}

const IBAN =
  /(?<![A-Za-z0-9À-ÖØ-öø-ɏ])[A-Z]{2}\d{2}(?:[ \u00a0-]?[A-Z0-9]{1,4}){3,8}(?![A-Za-z0-9À-ÖØ-öø-ɏ])/g;
const ACCOUNT =
  /(?:account (?:number|no\.?|#)|acct\.? (?:no\.?|#)|Kontonummer|Konto-Nr\.?|Kto\.?-?Nr\.?|numéro de compte|n° de compte|número de cuenta|nº de cuenta|BLZ|口座番号|口座)\s*(?:is|ist|est|es|は|:|=)?\s*[:#]?\s*((?:\d[ \u00a0-]?){5,17}\d)/gi;
const DONATION = wordsRe(
  [
    'donate',
    'donation',
    'donations',
    'fundraiser',
    'Spende',
    'Spenden',
    'Spendenkonto',
    'spenden',
    'dons',
    'don',
    'donativo',
    'donativos',
    'donaciones',
    'Verein',
    'e.V.',
    'association',
    'asociación',
    'foundation',
    'Stiftung',
    'charity',
  ],
  ['寄付', '募金'],
);

/**
 * The poster introduces the account as theirs ("my IBAN", "mein Konto", "mon RIB", "mi cuenta") or
 * asks for a private transfer to themselves. That outweighs incidental business words around it
 * ("for the concert tickets", "for the shop order"): a private person collecting money is still a
 * private person. An organisation's account is introduced with "our", a name or a donation call.
 */
const PERSONAL_BANK = wordsRe(
  [
    'my IBAN',
    'my bank account',
    'my account',
    'my account number',
    'my bank details',
    'my details',
    'pay me',
    'send me',
    'transfer me',
    'transfer it to me',
    'wire me',
    'to me at',
    'meine IBAN',
    'mein Konto',
    'meine Kontonummer',
    'meine Bankverbindung',
    'meine Kontodaten',
    'an mich',
    'überweist mir',
    'überweis mir',
    'überweise mir',
    'schickt mir',
    'mon IBAN',
    'mon RIB',
    'mon compte',
    'mes coordonnées bancaires',
    'virez-moi',
    'vire-moi',
    'envoyez-moi',
    'mi IBAN',
    'mi cuenta',
    'mi número de cuenta',
    'hazme',
    'hacedme',
    'pásame',
    'mandadme',
    'ingresadme',
  ],
  ['私の口座', '振り込んで', '振込先'],
);

/**
 * Domestic account formats people post instead of an IBAN: a US routing number (ABA check digits)
 * with the account number after it, and a UK sort code (nn-nn-nn) with its 8-digit account. The
 * pair is the signal: a lone 9-digit or 6-digit number is everything else too.
 */
interface DomesticFormat {
  name: string;
  /** Cheap test the post must pass before `re` runs (most posts have no such pair). */
  gate: RegExp;
  re: RegExp;
  /** Validates the first group (the bank's number); the second is the account. */
  valid(bank: string): boolean;
}
const DOMESTIC: readonly DomesticFormat[] = [
  {
    name: 'US routing number (valid ABA check digit) with account number',
    gate: /routing|ABA|RTN|transit/i,
    re: /(?:routing|ABA|RTN|transit)(?: number| no\.?| #)?\s*(?:is|:|=|#)?\s*(\d{9})(?!\d)(?:[\s,;/]+(?:and\s+)?(?:(?:my\s+|the\s+)?(?:checking\s+|savings\s+)?(?:account|acct|acc)\.?(?:\s+number|\s+no\.?|\s+#)?\s*(?:is|:|=|#)?\s*)?(\d{4,17})(?!\d))?/gi,
    valid: (d) => abaValid(d),
  },
  {
    name: 'US account number with routing number (valid ABA check digit)',
    gate: /routing|ABA|RTN/i,
    re: /(?:account|acct)\.?(?: number| no\.?| #)?\s*(?:is|:|=|#)?\s*(\d{4,17})(?!\d)[\s,;/]+(?:and\s+)?(?:the\s+)?(?:routing|ABA|RTN)(?: number| no\.?| #)?\s*(?:is|:|=|#)?\s*(\d{9})(?!\d)/gi,
    valid: () => true,
  },
  {
    name: 'Canadian transit and institution numbers with account number',
    gate: /transit/i,
    re: /transit(?: number| no\.?| #)?\s*[:#]?\s*(\d{5})(?!\d)[\s,;/]+(?:(?:and\s+)?(?:institution|inst\.?|bank)(?: number| no\.?| #)?\s*[:#]?\s*\d{3}(?!\d)[\s,;/]+)?(?:and\s+)?(?:(?:my\s+|the\s+)?(?:account|acct|acc)\.?(?: number| no\.?| #)?\s*[:#]?\s*)(\d(?:[ -]?\d){4,11})(?![\d-])/gi,
    valid: () => true,
  },
  {
    name: 'Australian BSB with account number',
    gate: /BSB/,
    re: /BSB(?: number| no\.?| #)?\s*[:#]?\s*(\d{3}[- ]?\d{3})(?![\d-])[\s,;/]+(?:and\s+)?(?:(?:my\s+|the\s+)?(?:account|acct|acc|a\/c)\.?(?: number| no\.?| #)?\s*[:#]?\s*)?(\d(?:[ -]?\d){5,9})(?![\d-])/g,
    valid: () => true,
  },
  {
    name: 'Indian account number with IFSC',
    gate: /IFSC/,
    re: /(?:A\/c|account|acct|acc)\.?(?: number| no\.?| #)?\s*[:#]?\s*(?:[A-Z]{2,6}\s+)?(\d{9,18})(?!\d)[\s,;/]+(?:and\s+)?IFSC(?: code)?\s*[:#]?\s*([A-Z]{4}0[A-Z0-9]{6})(?![A-Z0-9])/gi,
    valid: () => true,
  },
  {
    name: 'Indian IFSC with account number',
    gate: /IFSC/,
    re: /IFSC(?: code)?\s*[:#]?\s*([A-Z]{4}0[A-Z0-9]{6})(?![A-Z0-9])[\s,;/]+(?:and\s+)?(?:A\/c|account|acct|acc)\.?(?: number| no\.?| #)?\s*[:#]?\s*(\d{9,18})(?!\d)/gi,
    valid: () => true,
  },
  {
    name: 'Japanese account type with account number',
    gate: /普通|当座/,
    re: /(普通|当座)(?:預金)?\s*(?:口座)?\s*[:：]?\s*(\d{7})(?!\d)/g,
    valid: () => true,
  },
  {
    name: 'UK sort code with account number',
    gate: /\d\d([- ])\d\d\1\d\d/,
    re: /(?<![\d.:/-])(\d{2}-\d{2}-\d{2}|\d{2} \d{2} \d{2})(?![\d-])(?:[\s,;/]+(?:and\s+)?(?:(?:my\s+|the\s+)?(?:account|acct|acc|a\/c)\.?(?:\s+number|\s+no\.?|\s+#)?\s*(?:is|:|=|#)?\s*)?(\d{8})(?!\d))/gi,
    valid: () => true,
  },
];

function detectDomestic(text: string, out: PiiMatch[]): void {
  for (const f of DOMESTIC) {
    if (!f.gate.test(text)) continue;
    f.re.lastIndex = 0;
    for (let m = f.re.exec(text); m; m = f.re.exec(text)) {
      const first = m[1] ?? '';
      const second = m[2];
      const routingFirst = f.name.startsWith('US routing');
      // With the account next to it, the pair is labelled twice: the ABA weights alone suffice
      // (a made-up routing number outside the Federal Reserve prefixes is still meant as one).
      if (routingFirst && !(f.valid(first) || (second !== undefined && abaChecksum(first)))) continue;
      if (!routingFirst && f.name.startsWith('US account') && !abaValid(second ?? '')) continue;
      const start = m.index + m[0].indexOf(first);
      const end = m.index + m[0].length;
      // A routing number alone names a bank branch, not anyone's account.
      let confidence = second !== undefined ? 0.9 : 0.35;
      let reason = second !== undefined ? f.name : 'US routing number alone (a bank’s public number)';
      // All-zero or one repeated digit: a form's placeholder.
      if ([first, second].some((v) => v !== undefined && /^(\d)\1+$/.test(v.replace(/[\s-]/g, '')))) continue;
      if (second !== undefined && nearBefore(text, start, PERSONAL_BANK, 60))
        confidence = Math.max(confidence, 0.85);
      else if (near(text, start, end, EXAMPLE_CONTEXT, 40, 25) || documentedSample(text, start, end)) {
        confidence = 0.3;
        reason += ' (shown as an example)';
      } else if (
        near(text, start, end, DONATION, 80, 40) ||
        near(text, start, end, BUSINESS_CONTEXT, 80, 40)
      ) {
        confidence = 0.35;
        reason += ' (donation/organisation account, public)';
      }
      out.push(match('bank-account', start, end, confidence, reason));
    }
  }
}

export function detectBank(text: string): PiiMatch[] {
  const out: PiiMatch[] = [];
  detectDomestic(text, out);
  IBAN.lastIndex = 0;
  for (let m = IBAN.exec(text); m; m = IBAN.exec(text)) {
    // The greedy run may eat a trailing word; shrink until the checksum fits.
    let value = m[0];
    let found = false;
    while (value.replace(/[\s-]/g, '').length >= 15) {
      if (ibanValid(value)) {
        found = true;
        break;
      }
      const cut = value.search(/[ \u00a0-][A-Z0-9]{1,4}$/);
      if (cut < 0) break;
      value = value.slice(0, cut);
    }
    if (!found) continue;
    const start = m.index;
    const end = start + value.length;
    let confidence = 0.95;
    let reason = 'IBAN with valid mod-97 checksum';
    // Introduced as the poster's own, an IBAN is theirs even next to "for example" or a shop word
    // (and even when it is a published example: the poster says it is theirs).
    if (nearBefore(text, start, PERSONAL_BANK, 60)) {
      reason += ", introduced as the poster's own account";
    } else if (IBAN_EXAMPLES.has(value.replace(/[\s-]/g, ''))) {
      confidence = 0.2;
      reason = 'published example IBAN';
    } else if (near(text, start, end, EXAMPLE_CONTEXT, 40, 25) || documentedSample(text, start, end)) {
      confidence = 0.3;
      reason += ' (shown as an example)';
    } else if (near(text, start, end, DONATION, 80, 40) || near(text, start, end, BUSINESS_CONTEXT, 80, 40)) {
      confidence = 0.35;
      reason += ' (donation/organisation account, public)';
    }
    out.push(match('bank-account', start, end, confidence, reason));
  }
  ACCOUNT.lastIndex = 0;
  for (let m = ACCOUNT.exec(text); m; m = ACCOUNT.exec(text)) {
    const num = m[1] ?? '';
    const start = m.index + m[0].length - num.length;
    let confidence = 0.8;
    let reason = 'account number after an account label';
    if (/^(\d)\1+$/.test(num.replace(/\D/g, ''))) continue;
    if (nearBefore(text, start, PERSONAL_BANK, 60)) {
      confidence = 0.9;
      reason += ", introduced as the poster's own";
    } else if (documentedSample(text, start, start + num.length)) {
      confidence = 0.3;
      reason += ' (shown as an example)';
    } else if (near(text, start, start + num.length, DONATION, 80, 40)) {
      confidence = 0.35;
      reason += ' (donation account, public)';
    }
    out.push(unchecked(match('bank-account', start, start + num.length, confidence, reason)));
  }
  return out;
}
