/**
 * Emails, including obfuscated ones (`jane (at) example (dot) org`). A fediverse handle
 * (`@alice@mastodon.social`, or `alice@mastodon.social` right after a mention sign) looks like an
 * email but is a public identity: never reported as one.
 */
import type { PiiMatch } from '../types';
import { BUSINESS_CONTEXT, WB, match, near, nearBefore, wordsRe } from '../text';

const EMAIL =
  /[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}[@＠][A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])/g;

const AT = String.raw`\s*(?:[\[({<]\s*(?:at|ät|arobase|arroba|@)\s*[\])}>]|\s(?:AT|at)\s)\s*`;
const DOT = String.raw`\s*(?:[\[({<]\s*(?:dot|punkt|point|punto|\.)\s*[\])}>]|\s(?:DOT|dot|punkt|point|punto)\s)\s*`;
const OBFUSCATED = new RegExp(
  `${WB}[A-Za-z0-9][A-Za-z0-9._+-]{0,63}${AT}[A-Za-z0-9-]{1,63}(?:(?:${DOT}|\\.)[A-Za-z0-9-]{1,63})*(?:${DOT}|\\.)(?:com|net|org|de|fr|es|jp|uk|co|io|me|info|eu|at|ch|be|nl|it|mx|ar|ca|us|social)(?![A-Za-z0-9])`,
  'gu',
);

/** Role mailboxes are an organisation's public contact, not a person's. */
const ROLE_LOCAL =
  /^(?:info|support|help|hello|contact|kontakt|press|presse|prensa|media|office|admin|abuse|postmaster|webmaster|noreply|no-reply|security|team|sales|jobs|service|mail|privacy|legal|dpo|datenschutz|moderation|mods?|feedback|bonjour|hola|contacto)$/i;

/**
 * Parts of a local name that make it an organisation's role mailbox in the five languages
 * (`facturation@`, `secretaria@`, `lostproperty@`, `atencion.cliente@`, `buergeramt@`).
 */
const ROLE_PART =
  /^(?:info|infos|support|help|helpdesk|hello|contact|kontakt|press|presse|prensa|media|office|admin|abuse|postmaster|webmaster|noreply|no-reply|security|team|sales|jobs|careers|service|services|mail|privacy|legal|dpo|datenschutz|moderation|mods?|feedback|bonjour|hola|contacto|billing|invoices?|accounts|orders?|bookings?|reservations?|enquiries|inquiries|admissions|reception|hr|recruiting|newsletter|events?|tickets?|shop|store|care|customercare|customerservice|lostproperty|complaints|facturation|factures|commandes|reservation|accueil|sav|secretariat|secrétariat|redaction|relationclient|serviceclient|secretaria|soporte|ventas|pedidos|reservas|reclamaciones|atencion|atencioncliente|cliente|clientes|administracion|informacion|rechnung|rechnungen|bestellung|bestellungen|buchung|anmeldung|sekretariat|verwaltung|redaktion|kundenservice|kundendienst|buergeramt|bürgeramt|poststelle|ask|desk|reference|volunteers?|voluntariado|voluntarios|benevoles|bénévoles|freiwillige|becas|scholarships?|membership|members|donations?|donate|spenden|dons|donaciones)$/i;
/** Government domains: a public body's mailbox unless the local part names a person (a.b@). */
const GOV_DOMAIN = /(?:^|\.)(?:gov|gob|gouv|gv|gc|go|bund|gub|nic|admin)\.[a-z]{2,3}$|\.(?:gov|mil)$/i;
/** Placeholder addresses from docs and config examples. */
const PLACEHOLDER =
  /^(?:user|username|you|yourname|your\.name|name|foo|bar|test|someone|email|me|example|john\.doe|max\.mustermann|erika\.mustermann|jean\.dupont|nombre\.apellido|nom\.prenom|prenom\.nom|vorname\.nachname|firstname\.lastname|first\.last)$/i;
const PLACEHOLDER_DOMAIN =
  /(?:^|\.)(?:(?:example|exemple|ejemplo|beispiel|musterfirma|mustermann)\.[a-z]{2,6}|localhost|[a-z]+\.(?:test|invalid|example))$/i;

/** Domains that are almost certainly fediverse servers: `user@domain` there is a handle. */
const FEDI_DOMAIN =
  /(?:mastodon|mstdn|toot|fedi|social|misskey|pleroma|akkoma|pixelfed|sharkey|firefish|calckey|hachyderm|fosstodon|chaos\.social|infosec\.exchange|techhub|troet|norden|masto|lemmy|kbin|gts|bsky|threads\.net)/i;
const HANDLE_CONTEXT = wordsRe(
  [
    'follow',
    'followed',
    'follows',
    'boost',
    'boosting',
    'shoutout',
    'shout-out',
    'thanks to',
    'h/t',
    'cc',
    'via',
    'props to',
    'handle',
    'moved to',
    'find me',
    'fediverse',
    'mastodon',
    'folgt',
    'folgen',
    'suivez',
    'suivre',
    'sígueme',
    'seguidme',
    'toot',
    'alt account',
  ],
  ['フォロー', 'アカウント', '引っ越し'],
);
const EMAIL_CONTEXT = wordsRe(
  [
    'mail',
    'email',
    'e-mail',
    'write to',
    'write me',
    'mail me',
    'reach me',
    'contact me',
    'schreib',
    'schreibt',
    'Mailadresse',
    'courriel',
    'écrivez',
    'écris',
    'correo',
    'escríbeme',
    'escribidme',
    'address',
    'Adresse',
    'adresse',
    'dirección',
    'inbox',
  ],
  ['メール', 'アドレス', '連絡'],
);

export function detectEmail(text: string): PiiMatch[] {
  const out: PiiMatch[] = [];
  // In "thanks to rob@fosstodon.org and mira@tech.lgbt" one fediverse handle marks the whole list.
  let sawHandle = false;
  EMAIL.lastIndex = /[@＠]/.test(text) ? 0 : text.length;
  for (let m = EMAIL.exec(text); m; m = EMAIL.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const before = text[start - 1] ?? '';
    // `@alice@mastodon.social`, `https://host/@alice@other.host`, or a URL path segment.
    if (before === '@' || before === '＠' || before === '/' || /[A-Za-z0-9._%+-]/.test(before)) continue;
    const value = m[0];
    const at = value.search(/[@＠]/);
    const local = value.slice(0, at);
    const domain = value.slice(at + 1);
    // `git@github.com:me/repo.git` is an SSH remote, not a mailbox; `user:pass@host` in a URI is a
    // credential (the secret detector reports it).
    if (local === 'git' || /^:[\w~.-]+\//.test(text.slice(end, end + 40))) continue;
    if (before === ':' && /\/\/[^\s/@]*:$/.test(text.slice(Math.max(0, start - 40), start))) continue;
    let confidence = 0.9;
    let reason = 'email address';
    const emailContext = nearBefore(text, start, EMAIL_CONTEXT, 40);
    if (FEDI_DOMAIN.test(domain) && !emailContext) {
      sawHandle = true;
      continue;
    }
    if (
      sawHandle &&
      !emailContext &&
      /(?:,|\s(?:and|und|et|y|&))\s*$/i.test(text.slice(Math.max(0, start - 6), start))
    ) {
      continue;
    }
    // "login x@y.z, password …", "x@y.z / Guidon-Rouge-2019": a login, whatever "account" says.
    const credential =
      /^\s*(?:[,;/]|and|et|y|und)?\s*(?:password|passwort|pw|pwd|pass|mdp|mot de passe|contraseña|clave|\/)/i.test(
        text.slice(end, end + 20),
      );
    if (
      !credential &&
      near(text, start, end, HANDLE_CONTEXT, 40, 0) &&
      !nearBefore(text, start, EMAIL_CONTEXT, 30)
    ) {
      confidence = 0.3;
      reason = 'looks like a fediverse handle (follow context)';
    }
    if (ROLE_LOCAL.test(local) || local.split(/[._+-]/).some((part) => ROLE_PART.test(part))) {
      confidence = 0.3;
      reason = 'role mailbox of an organisation (public contact)';
    } else if (PLACEHOLDER.test(local) || PLACEHOLDER_DOMAIN.test(domain)) {
      confidence = 0.3;
      reason = 'placeholder address from an example';
    } else if (near(text, start, end, BUSINESS_CONTEXT, 50, 0)) {
      confidence = 0.35;
      reason = 'public business contact';
    } else if (GOV_DOMAIN.test(domain) && !local.includes('.')) {
      confidence = 0.35;
      reason = 'mailbox of a public body';
    }
    out.push(match('email', start, end, confidence, reason));
  }
  // Only scan for the obfuscated form when an "at" marker is present at all.
  OBFUSCATED.lastIndex =
    /[[({<]\s*(?:at|ät|arobase|arroba|@)\s*[\])}>]|\s(?:at|AT)\s\S+\s(?:dot|DOT|punkt|point|punto)\s/.test(
      text,
    )
      ? 0
      : text.length;
  for (let m = OBFUSCATED.exec(text); m; m = OBFUSCATED.exec(text)) {
    if (/[@＠]/.test(m[0]) && !/[[({<]/.test(m[0])) continue; // a plain email, handled above
    const local = m[0].split(/[\s[({<]/)[0] ?? '';
    let confidence = 0.85;
    let reason = 'obfuscated email address';
    if (ROLE_LOCAL.test(local) || near(text, m.index, m.index + m[0].length, BUSINESS_CONTEXT, 50, 0)) {
      confidence = 0.3;
      reason = 'obfuscated public contact address';
    }
    out.push(match('email', m.index, m.index + m[0].length, confidence, reason));
  }
  return out;
}
