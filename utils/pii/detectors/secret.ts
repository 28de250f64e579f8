/**
 * Credentials: provider-prefixed tokens (AWS, GitHub, Slack, Stripe, Google, OpenAI, GitLab,
 * npm), private key blocks, JWTs, and passwords disclosed in a sentence ("my password is …").
 */
import type { PiiMatch } from '../types';
import { match } from '../text';

interface TokenRule {
  re: RegExp;
  reason: string;
}

const TOKENS: TokenRule[] = [
  {
    re: /(?<![A-Za-z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}(?![A-Za-z0-9])/g,
    reason: 'AWS access key id',
  },
  { re: /(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{36,255}(?![A-Za-z0-9])/g, reason: 'GitHub token' },
  { re: /(?<![A-Za-z0-9])github_pat_[A-Za-z0-9_]{60,255}/g, reason: 'GitHub fine-grained token' },
  { re: /(?<![A-Za-z0-9])glpat-[A-Za-z0-9_-]{20,}/g, reason: 'GitLab token' },
  { re: /(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}/g, reason: 'Slack token' },
  {
    re: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+/g,
    reason: 'Slack webhook URL',
  },
  { re: /(?<![A-Za-z0-9])(?:sk|rk)_live_[0-9A-Za-z]{20,}/g, reason: 'Stripe live secret key' },
  { re: /(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g, reason: 'Google API key' },
  { re: /(?<![A-Za-z0-9])sk-(?:proj-|ant-)?[A-Za-z0-9_-]{32,}/g, reason: 'OpenAI/Anthropic API key' },
  { re: /(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g, reason: 'npm token' },
  {
    re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----/g,
    reason: 'private key block',
  },
  {
    re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g,
    reason: 'JSON Web Token',
  },
];

/** Docs placeholders: AWS's own example key, obvious x-ed out tokens. */
const PLACEHOLDER = /EXAMPLE|XXXXXXXX|xxxxxxxx|0000000000|1234567890abcdef/;

const PASSWORD =
  /(?<![A-Za-zÀ-ÖØ-öø-ɏ])(?:password|passwd|passcode|pass phrase|passphrase|wifi password|wi-fi password|pin|PIN code|Passwort|Kennwort|WLAN-Passwort|WLAN-Schlüssel|PIN-Code|mot de passe|mdp|code wifi|code PIN|contraseña|clave del wifi|clave wifi)(?:\s+(?:del|de la|du|de|for the|for|of the|vom|für das|fürs|für)\s+(?:wifi|wi-fi|WLAN|router|compte|cuenta|account|Konto|server|Server|serveur|servidor))?\s*(?:is|was|=|:|ist|lautet|war|est|c'est|était|es|era)\s*[:=]?\s*["'“„«‚]?\s*([^\s"'”“«»,;]{4,64})/gi;
const PASSWORD_JA = /(?:パスワード|暗証番号)(?:は|：|:)\s*「?([^\s」、。]{4,64})/g;

/** Words that follow "password is" without being one. */
const NOT_A_PASSWORD =
  /^(?:required|wrong|incorrect|correct|invalid|valid|too|not|still|now|being|reset|changed|expired|weak|strong|secure|safe|long|short|empty|missing|stored|hashed|saved|encrypted|case|the|a|an|my|your|his|her|their|our|same|different|something|nothing|mandatory|optional|needed|ready|sent|simple|easy|hard|forgotten|forgot|unknown|what|which|that|this|falsch|nicht|leer|zu|noch|jetzt|sicher|geändert|abgelaufen|erforderlich|das|die|der|ein|eine|mein|dein|obligatoire|incorrect|trop|requis|expiré|oublié|changé|le|la|un|une|mon|ton|obligatoria|incorrecta|demasiado|requerida|olvidada|cambiada|el|una|mi|tu|ahora|todavía|sigue|muy|weak|protected|\*+|•+|x+|\.\.\.+|…+|<[^>]*>|\[[^\]]*\])$/i;

/** Cheap gates: most posts contain neither a token prefix nor a password word. */
const TOKEN_GATE =
  /AKIA|ASIA|AGPA|AIDA|AROA|gh[pousr]_|github_pat_|glpat-|xox[abposr]-|hooks\.slack|_live_|AIza|sk-|npm_|-----BEGIN|eyJ/;
const PASSWORD_GATE = /pass|PIN|pin|Kennwort|mdp|code wifi|contraseña|clave|パスワード|暗証/i;

export function detectSecret(text: string): PiiMatch[] {
  const out: PiiMatch[] = [];
  for (const rule of TOKEN_GATE.test(text) ? TOKENS : []) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
      const placeholder = PLACEHOLDER.test(m[0]);
      out.push(
        match(
          'secret',
          m.index,
          m.index + m[0].length,
          placeholder ? 0.2 : 0.95,
          placeholder ? `${rule.reason} (documentation placeholder)` : rule.reason,
        ),
      );
    }
  }
  for (const re of PASSWORD_GATE.test(text) ? [PASSWORD, PASSWORD_JA] : []) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const value = (m[1] ?? '').replace(/[.!?。！？)]+$/, '');
      if (value.length < 4 || NOT_A_PASSWORD.test(value)) continue;
      if (
        /^\d+\s*(?:文字|桁|characters|chars|Zeichen|Stellen|caractères|chiffres|caracteres|dígitos)/i.test(
          value,
        )
      )
        continue;
      // "my PIN is 4 digits long": a number of characters is a rule, not a secret.
      const after = text.slice(m.index + m[0].length, m.index + m[0].length + 20);
      if (
        /^\s*(?:characters|chars|digits|Zeichen|Stellen|caractères|chiffres|caracteres|dígitos|文字|桁)/i.test(
          after,
        )
      )
        continue;
      const start = m.index + m[0].lastIndexOf(m[1] ?? '');
      out.push(match('secret', start, start + value.length, 0.85, 'password disclosed in a sentence'));
    }
  }
  return out;
}
