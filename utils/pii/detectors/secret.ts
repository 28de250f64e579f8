/**
 * Credentials: provider-prefixed tokens (AWS, GitHub, Slack, Stripe, Google, OpenAI, GitLab,
 * npm), private key blocks, JWTs, and passwords disclosed in a sentence ("my password is …").
 */
import type { PiiMatch } from '../types';
import { exampleOrFiction, match } from '../text';

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
  'CVC',
  'CVV',
  'CVV2',
  'security code',
  'WPA key',
  'network key',
  'clé WPA',
  'clé wifi',
  'clé wi-fi',
  'combo',
  'lock combo',
  'locker combo',
  'combination',
  'lock combination',
  'Zahlencode',
  'combinación',
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
/** "for the router", "at my PG", "du wifi du gîte", "in der Ferienwohnung", " Gmail": which secret it is. */
const QUALIFIER =
  "(?:\\s+(?:for|to|of|on|at|in|du|de|de la|del|des|für|vom|zum|fürs|im|in der|am|bei|à|au|en)\\s+(?:the\\s+|my\\s+|our\\s+|mon\\s+|ma\\s+|notre\\s+|le\\s+|la\\s+|l'|mi\\s+|el\\s+|nuestro\\s+|das\\s+|den\\s+|die\\s+|der\\s+|unser\\w*\\s+|mein\\w*\\s+)?[A-Za-zÀ-ÖØ-öø-ɏ0-9'’-]{2,20}(?:\\s+[A-Za-zÀ-ÖØ-öø-ɏ0-9'’-]{2,20}){0,2}?|\\s+[A-Z][A-Za-z0-9-]{1,20})";
const SECRET_OF = `(?:(?:'s|’s)?(?:\\s+(?:new|old|current|nueva|nuevo|actual|neue|neues|aktuelle|nouveau|nouvelle|actuel))?(?:${QUALIFIER}){0,2}?)`;
/** What introduces the value: a copula or sign, or a change ("got changed to", "is now", "lautet jetzt"). */
const SECRET_VERB =
  "(?:'s|’s|\\s*(?:=|:)|\\s+[A-Za-zÀ-ÖØ-öø-ɏ]{3,12}\\s*:|\\s+(?:(?:got |was |has been |been |just )?(?:changed|set|reset) to|is now|was|is|ist jetzt|ist|lautet jetzt|lautet|war|est maintenant|est|c'est|c’est|était|es ahora|es|era|sind)(?![A-Za-zÀ-ÖØ-öø-ɏ])\\s*[:=]?)";
const QUOTE_OPEN = `["'“„«‚\`‘]`;
const QUOTE_CLOSE = `["'”“»‘’\`]`;
/** A quoted value needs no verb ("Passwort „Brezel-Zeit-2026“", "pass `q8#LmV!zr2Pd`"). */
const QUOTED = `${QUOTE_OPEN}\\s*([^"'”“«»\`\\n]{4,64}?)\\s*${QUOTE_CLOSE}`;
const UNQUOTED = '(\\d{3,}(?:[ -]\\d{3,})+|[^\\s"\'”“«»,;\\[({`]{4,64})';
const escapeWord = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
const PASSWORD = new RegExp(
  `(?<![A-Za-zÀ-ÖØ-öø-ɏ])(?:${SECRET_WORDS.map(escapeWord)
    .sort((x, y) => y.length - x.length)
    .join(
      '|',
    )}|pass(?=\\s*[:=]?\\s*${QUOTE_OPEN}))(?![A-Za-z0-9])${SECRET_OF}(?:${SECRET_VERB}\\s*(?:${QUOTED}|${UNQUOTED})|\\s*[:=]?\\s*${QUOTED}|\\s*[:=]?\\s*(\\d{4,8}[#*]?)(?![\\d.:/-]|,\\d)|\\s+((?=[^\\s]*\\d)(?=[^\\s]*[A-Za-z])[^\\s"'”“«»,;\\[({\`]{6,64}))`,
  'gi',
);
/**
 * Codes of locks, told by the thing they open: "Schlüsselkasten am Ferienhaus, Code 3817", "the
 * code for the key safe at the cottage is 4719", "Türcode 3917#", "code de la porte 4B218". The
 * lock word makes a short code a secret without a verb.
 */
const LOCK =
  '(?:key ?safe|key ?box|lock ?box|padlock|locker|garage|gate|door|keypad|alarm|safe|Schlüsselkasten|Schlüsselbox|Schlüsseltresor|Schloss|Tür|Haustür|Tor|Garage|Alarmanlage|boîte à clés|cadenas|porte|portail|alarme|caja de llaves|caja de seguridad|caja fuerte|cajetín|candado|puerta|portal|alarma)';
const LOCK_GATE = new RegExp(LOCK, 'i');
const CODE_WORD =
  '(?:code|codes|combo|combination|PIN|Türcode|Torcode|Zahlencode|digicode|código|combinación)';
const LOCK_CODE = new RegExp(
  `(?<![A-Za-zÀ-ÖØ-öø-ɏ])(?:${LOCK}[^.!?\\n]{0,30}?${CODE_WORD}|${CODE_WORD}[^.!?\\n]{0,12}?${LOCK}|${LOCK}(?:\\s+(?:lock|disarm))?(?=(?:\\s+(?:at|for|of|on|in)\\s+[^.!?\\n\\d]{2,30}?)?\\s+(?:is|ist|est|es|c'est)\\s+[\\d-]{3,}))(?:[^.!?\\n\\d]{0,30}?(?:${SECRET_VERB}|\\s(?:to|auf|à|a)(?![A-Za-zÀ-ÖØ-öø-ɏ])))?\\s*[:=]?\\s*(\\d{3,8}[#*]?|(?=[A-Z0-9]*\\d)[A-Z0-9]{4,8}[#*]?|\\d{1,3}(?:-\\d{1,3}){2,3})(?![\\p{L}\\p{N}.,:/-]\\p{N})`,
  'giu',
);
/** "user: share01 / pass: Kame-Usagi_0412": a password labelled next to its user. */
const USER_PASS =
  /(?<![A-Za-z])(?:user(?:name)?|login|Benutzer(?:name)?|utilisateur|usuario|ユーザー(?:名)?)\s*[:=]\s*\S{2,40}?\s*[/,;]?\s*(?:pass(?:word)?|pw|pwd|Passwort|mdp|contraseña|パス(?:ワード)?)\s*[:=]\s*([^\s"'”“«»,;`]{4,64})/gi;
/** A user and a password side by side: "login is admin / `Mumb@iRains2025`", "wifi is "Hive" / "tea!Fog91"". */
const PAIR = new RegExp(
  `(?<![A-Za-zÀ-ÖØ-öø-ɏ])(?:login|logins|creds|credentials|wifi|wi-fi|WLAN|Zugang|Zugangsdaten|identifiants|credenciales|acceso)${SECRET_OF}\\s*(?:is|are|:|=|ist|sind|est|sont|c'est|c’est|es|son)?\\s*(?:${QUOTE_OPEN}\\s*)?[^\\s"'”“«»\`/]{2,40}(?:\\s*${QUOTE_CLOSE})?\\s*/\\s*(?:${QUOTED}|([^\\s"'”“«»,;\`]{4,64}))`,
  'gi',
);
/** Japanese: the value in ASCII after the particle ("パスワードは「koumuten1234」", "暗証番号、2716にした"). */
const PASSWORD_JA =
  /(?:パスワード|暗証番号|ロック番号|オートロック(?:の番号)?|鍵の番号|(?<![A-Za-z])PIN|ピン|パス|新しい番号)(?:は|が|：|:|、|を|\s)\s*「?([\x21-\x7e]{4,64}?)(?=」|です|だよ|だ|ね|よ|に|。|、|\s|$)/g;

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
const PASSWORD_GATE =
  /pass|pin|pw|Kennwort|mdp|code|combo|combination|combinación|clave|contraseña|código|keypad|key ?safe|lock|alarm|cvc|cvv|wpa|clé|パス|暗証|ピン|ロック番号|オートロック|鍵/i;
const PAIR_GATE = /login|creds|credentials|wi-?fi|WLAN|Zugang|identifiants|credenciales|acceso/i;
/** "pon_aqui_tu_password", "YOUR_KEY_HERE", "TU_CONTRASEÑA": a slot to fill in. */
const DOC_PLACEHOLDER = /(?:^|[_-])(?:your|tu|ton|votre|dein|ihr|here|aqui|aquí|ici|hier)(?:[_-]|$)/i;
/** An environment-variable-like name in capitals stands for the value ("TU_CONTRASEÑA"). */
const CAPS_PLACEHOLDER = /^\p{Lu}+(?:_[\p{Lu}\d]+)+$/u;
const FUNCTION_WORDS =
  /(?<![\p{L}])(?:with|and|the|at least|must|should|one|mit|und|muss|mindestens|avec|et|doit|au moins|con|y|debe|al menos)(?![\p{L}])/iu;
/** Values the docs write where a password goes: nobody's secret. */
const PLACEHOLDER_VALUE =
  /^(?:changeme|change_me|change-me|password\d*|passwort|motdepasse|contraseña|secret|demo|test|guest|admin|available|xxx+|\*+|•+|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|%[^%]*%|your[_-]?\w*|YOUR[_A-Z]*|my[_-]?password|example\w*|placeholder|REDACTED|\[redacted\])$/i;

export function detectSecret(text: string): PiiMatch[] {
  const out: PiiMatch[] = [];
  for (const rule of TOKEN_GATE.test(text) ? TOKENS : []) {
    rule.re.lastIndex = 0;
    for (let m = rule.re.exec(text); m; m = rule.re.exec(text)) {
      const placeholder = PLACEHOLDER.test(m[0]) || exampleOrFiction(text, m.index, m.index + m[0].length);
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
      const placeholder =
        URI_PLACEHOLDER.test(pass) ||
        DOC_PLACEHOLDER.test(pass) ||
        CAPS_PLACEHOLDER.test(pass) ||
        pass === user;
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
  const prose = PASSWORD_GATE.test(text) ? [PASSWORD, PASSWORD_JA] : [];
  if (prose.length > 0 && LOCK_GATE.test(text)) prose.push(LOCK_CODE);
  // A pair has its slash, a labelled user its colon: cheap tests before the word gates.
  if (text.includes('/') && PAIR_GATE.test(text)) prose.push(PAIR);
  if (
    (text.includes(':') || text.includes('=')) &&
    /user|login|Benutzer|utilisateur|usuario|ユーザー/i.test(text)
  )
    prose.push(USER_PASS);
  for (const re of prose) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const raw = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '';
      const quoted =
        (re === PASSWORD && (m[1] !== undefined || m[3] !== undefined)) ||
        (re === PAIR && m[1] !== undefined);
      const value = quoted ? raw : raw.replace(/[.!?。！？)`]+$/, '');
      if ((re !== LOCK_CODE && value.length < 4) || value.length < 3 || NOT_A_PASSWORD.test(value)) continue;
      if (PLACEHOLDER_VALUE.test(value) || DOC_PLACEHOLDER.test(value) || CAPS_PLACEHOLDER.test(value))
        continue;
      // A quoted sentence is a rule about passwords, not one ("with at least one special character").
      if (
        quoted &&
        /\s/.test(value) &&
        (value.split(/\s+/).length > 4 || FUNCTION_WORDS.test(value) || /^[\p{L}\s]+$/u.test(value))
      )
        continue;
      // Fiction, a tutorial or a documented sample: nobody's password.
      if (exampleOrFiction(text, m.index, m.index + m[0].length)) continue;
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
      const start = m.index + m[0].lastIndexOf(raw);
      out.push(match('secret', start, start + value.length, 0.85, 'password disclosed in a sentence'));
    }
  }
  return out;
}
