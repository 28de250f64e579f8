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

/**
 * Passwords and codes told in a sentence, as data: the words that name a secret, the optional
 * "for the router" / "du wifi" / "Gmail" that says which one, and the verbs that introduce the
 * value. Compiled into one regex.
 */
const SECRET_WORDS = [
  'password',
  'passwords',
  'passwd',
  'passcode',
  'pass phrase',
  'passphrase',
  'pw',
  'pwd',
  'pin',
  'PIN code',
  'PIN number',
  'wifi password',
  'wi-fi password',
  'wifi pw',
  'wifi code',
  'wi-fi code',
  'wifi key',
  'door code',
  'gate code',
  'alarm code',
  'entry code',
  'access code',
  'keypad code',
  'lock code',
  'garage code',
  'safe code',
  'Passwort',
  'Kennwort',
  'WLAN-Passwort',
  'WLAN-Schlüssel',
  'WLAN-Code',
  'PIN-Code',
  'Türcode',
  'Zugangscode',
  'Alarmcode',
  'mot de passe',
  'mdp',
  'code wifi',
  'code wi-fi',
  'code PIN',
  'digicode',
  'code de la porte',
  "code d'accès",
  "code de l'alarme",
  'contraseña',
  'clave del wifi',
  'clave wifi',
  'clave',
  'código de la puerta',
  'código del portal',
  'código de acceso',
  'código de la alarma',
];
const SECRET_OF =
  "(?:(?:'s|’s)?\\s+(?:for|to|of|on|du|de|de la|del|für|vom|zum|fürs|für das|für den|für die)\\s+(?:the\\s+|my\\s+|our\\s+|mon\\s+|ma\\s+|notre\\s+|le\\s+|la\\s+|l'|mi\\s+|el\\s+|nuestro\\s+|das\\s+|den\\s+|die\\s+|unser\\w*\\s+|mein\\w*\\s+)?[A-Za-zÀ-ÖØ-öø-ɏ0-9-]{2,20}|\\s+[A-Z][A-Za-z0-9-]{1,20})?";
const SECRET_VERB =
  "(?:'s|’s|\\s*(?:is|was|=|:|ist|lautet|war|est|c'est|c’est|était|es|era|sind|:)\\s*[:=]?)";
const PASSWORD = new RegExp(
  `(?<![A-Za-zÀ-ÖØ-öø-ɏ])(?:${SECRET_WORDS.map((w) =>
    w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'),
  )
    .sort((x, y) => y.length - x.length)
    .join(
      '|',
    )})${SECRET_OF}${SECRET_VERB}\\s*["'“„«‚]?\\s*(\\d{3,}(?:[ -]\\d{3,})+|[^\\s"'”“«»,;\\[({]{4,64})`,
  'gi',
);
const PASSWORD_JA =
  /(?:パスワード|暗証番号|PIN|ピン)(?:は|：|:)\s*「?([^\s」、。]{4,64}?)(?=です|だよ|だ|ね|よ|。|」|\s|$)/g;

/**
 * Credentials inside a URI (`postgres://user:pass@host`, `https://bob:pw@host`). The span is the
 * user-info part. `git@host:repo` remotes have no password and are not matched.
 */
const URI_CREDENTIALS =
  /(?<![A-Za-z0-9+.-])[a-z][a-z0-9+.-]{1,15}:\/\/([^\s:/@]*):([^\s:/@]{3,})@(?=[^\s/@]+)/gi;
/** Placeholders the docs write in such URIs, and the same word as user and password (local defaults). */
const URI_PLACEHOLDER =
  /^(?:password|passwd|pass|pwd|secret|changeme|change_me|example|xxx+|\*+|•+|<[^>]*>|\$\{[^}]*\}|\{[^}]*\}|%[^%]*%|your[_-]?password|mypassword|PASSWORD)$/i;

/** Words that follow "password is" without being one. */
const NOT_A_PASSWORD =
  /^(?:required|wrong|incorrect|correct|invalid|valid|too|not|still|now|being|reset|changed|expired|weak|strong|secure|safe|long|short|empty|missing|stored|hashed|saved|encrypted|case|the|a|an|my|your|his|her|their|our|same|different|something|nothing|mandatory|optional|needed|ready|sent|simple|easy|hard|forgotten|forgot|unknown|what|which|that|this|falsch|nicht|leer|zu|noch|jetzt|sicher|geändert|abgelaufen|erforderlich|das|die|der|ein|eine|mein|dein|obligatoire|incorrect|trop|requis|expiré|oublié|changé|le|la|un|une|mon|ton|obligatoria|incorrecta|demasiado|requerida|olvidada|cambiada|el|una|mi|tu|ahora|todavía|sigue|muy|weak|protected|\*+|•+|x+|\.\.\.+|…+|<[^>]*>|\[[^\]]*\])$/i;

/** Cheap gates: most posts contain neither a token prefix nor a password word. */
const TOKEN_GATE =
  /AKIA|ASIA|AGPA|AIDA|AROA|gh[pousr]_|github_pat_|glpat-|xox[abposr]-|hooks\.slack|_live_|AIza|sk-|npm_|-----BEGIN|eyJ/;
const PASSWORD_GATE = /pass|pin|pw|Kennwort|mdp|code|clave|contraseña|código|パスワード|暗証|ピン/i;

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
  if (text.includes('://')) {
    URI_CREDENTIALS.lastIndex = 0;
    for (let m = URI_CREDENTIALS.exec(text); m; m = URI_CREDENTIALS.exec(text)) {
      const user = m[1] ?? '';
      const pass = m[2] ?? '';
      const start = m.index + m[0].indexOf('//') + 2;
      const end = m.index + m[0].length - 1;
      const placeholder = URI_PLACEHOLDER.test(pass) || pass === user;
      out.push(
        match(
          'secret',
          start,
          end,
          placeholder ? 0.2 : 0.9,
          placeholder ? 'credentials in a URI (documentation placeholder)' : 'password inside a URI',
        ),
      );
    }
  }
  for (const re of PASSWORD_GATE.test(text) ? [PASSWORD, PASSWORD_JA] : []) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const value = (m[1] ?? '').replace(/[.!?。！？)]+$/, '');
      if (value.length < 4 || NOT_A_PASSWORD.test(value)) continue;
      // "pin: 51.5072" is a map pin, "code: 3.2" a version.
      if (/^[-+]?\d+\.\d+/.test(value)) continue;
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
