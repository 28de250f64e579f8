/**
 * Payment cards (Luhn + issuer ranges) and bank accounts (IBAN mod-97 with per-country length,
 * or an account number announced by its label).
 */
import type { PiiMatch } from '../types';
import { BUSINESS_CONTEXT, match, near, nearBefore, wordsRe } from '../text';
import { ibanValid, luhn } from '../checksums';

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
    'CVV',
    'CVC',
    'expiry',
    'Kreditkarte',
    'Karte',
    'Karten',
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

function issuer(d: string): string | null {
  const n = d.length;
  const p2 = Number(d.slice(0, 2));
  const p3 = Number(d.slice(0, 3));
  const p4 = Number(d.slice(0, 4));
  if (d[0] === '4' && (n === 13 || n === 16 || n === 19)) return 'Visa';
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && n === 16) return 'Mastercard';
  if ((p2 === 34 || p2 === 37) && n === 15) return 'American Express';
  if ((p4 === 6011 || p2 === 65 || (p3 >= 644 && p3 <= 649)) && n >= 16 && n <= 19) return 'Discover';
  if (p4 >= 3528 && p4 <= 3589 && n >= 16 && n <= 19) return 'JCB';
  if ((p2 === 36 || p2 === 38 || p2 === 39 || (p3 >= 300 && p3 <= 305)) && n >= 14 && n <= 16)
    return 'Diners Club';
  if (p2 === 62 && n >= 16 && n <= 19) return 'UnionPay';
  if ((p2 === 50 || (p2 >= 56 && p2 <= 58) || p2 === 67 || p2 === 63) && n >= 12 && n <= 19) return 'Maestro';
  return null;
}

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
    const brand = issuer(digits);
    if (!brand || !luhn(digits)) continue;
    const start = m.index;
    const end = start + value.length;
    if (/^(\d)\1+$/.test(digits)) continue;
    let confidence = 0.85;
    let reason = `${brand} card number with valid Luhn checksum`;
    if (TEST_CARDS.has(digits)) {
      confidence = 0.2;
      reason = 'well-known test card number';
    } else if (near(text, start, end, NOT_CARD_CONTEXT, 50, 20)) {
      confidence = 0.3;
      reason += ', but context says tracking/order number';
    } else if (nearBefore(text, start, CARD_CONTEXT, 50)) {
      confidence = 0.95;
      reason += ', with card context';
    } else if (brand === 'Maestro' || brand === 'UnionPay') {
      confidence = 0.55;
    }
    out.push(match('payment-card', start, end, confidence, reason));
  }
  return out;
}

const IBAN =
  /(?<![A-Za-z0-9À-ÖØ-öø-ɏ])[A-Z]{2}\d{2}(?:[ \u00a0-]?[A-Z0-9]{1,4}){3,8}(?![A-Za-z0-9À-ÖØ-öø-ɏ])/g;
const ACCOUNT =
  /(?:account (?:number|no\.?|#)|acct\.? (?:no\.?|#)|Kontonummer|Konto-Nr\.?|Kto\.?-?Nr\.?|numéro de compte|n° de compte|número de cuenta|nº de cuenta|sort code|routing (?:number|no\.?)|BLZ|口座番号|口座)\s*(?:is|ist|est|es|は|:|=)?\s*[:#]?\s*((?:\d[ \u00a0-]?){5,17}\d)/gi;
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
    'cagnotte',
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

export function detectBank(text: string): PiiMatch[] {
  const out: PiiMatch[] = [];
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
    if (nearBefore(text, start, PERSONAL_BANK, 60)) {
      reason += ", introduced as the poster's own account";
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
    if (nearBefore(text, start, PERSONAL_BANK, 60)) {
      confidence = 0.9;
      reason += ", introduced as the poster's own";
    } else if (near(text, start, start + num.length, DONATION, 80, 40)) {
      confidence = 0.35;
      reason += ' (donation account, public)';
    }
    out.push(match('bank-account', start, start + num.length, confidence, reason));
  }
  return out;
}
