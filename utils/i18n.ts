/**
 * The one i18n layer. Every UI string goes through `t()`.
 *
 * In the extension it is `browser.i18n.getMessage` over `public/_locales/<lang>/messages.json`
 * (the browser picks the UI language). Outside an extension (the CLI, unit tests) the same
 * message files are read directly, English unless FEDIPRINT_LANG or LANG asks for another.
 */
import type en from '../public/_locales/en/messages.json';

export type MessageKey = keyof typeof en;
/** A message with plural forms: `<base>_one`, `<base>_other` (and `_few`, `_many`… where a language has them). */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer Base}_other` ? Base : never) : never;
type Catalog = Record<string, { message: string } | undefined>;

/**
 * Filled by Node entry points (the CLI, test setup) through ./i18n-node.ts. The extension never
 * loads them: browser.i18n reads the same files, so extension bundles do not carry them twice.
 */
const catalogs: Record<string, Catalog> = {};
let fallbackLocale: string | undefined;

export function registerCatalogs(entries: Record<string, Catalog>): void {
  Object.assign(catalogs, entries);
}

/** Used by the CLI (`--lang de`) and tests; has no effect inside the extension. */
export function setFallbackLocale(locale: string | undefined): void {
  fallbackLocale = locale;
}

function extensionI18n(): { getMessage(key: string, subs?: string[]): string } | undefined {
  const g = globalThis as {
    chrome?: { runtime?: { id?: string }; i18n?: { getMessage(k: string, s?: string[]): string } };
  };
  return g.chrome?.runtime?.id && g.chrome.i18n ? g.chrome.i18n : undefined;
}

function pickLocale(): string {
  const env = typeof process !== 'undefined' ? process.env : undefined;
  const wanted = (fallbackLocale ?? env?.FEDIPRINT_LANG ?? env?.LANG ?? 'en').slice(0, 2).toLowerCase();
  return wanted in catalogs ? wanted : 'en';
}

/** Fill `$1`…`$9` as browser.i18n does; `$$` is a literal dollar. */
export function formatMessage(template: string, subs: readonly string[]): string {
  return template.replace(/\$(\$|[1-9])/g, (_, d: string) => (d === '$' ? '$' : (subs[Number(d) - 1] ?? '')));
}

export function t(key: MessageKey, ...subs: (string | number)[]): string {
  const strings = subs.map(String);
  const api = extensionI18n();
  if (api) {
    const message = api.getMessage(key, strings);
    if (message) return message;
  }
  const entry = catalogs[pickLocale()]?.[key] ?? catalogs.en?.[key];
  return entry ? formatMessage(entry.message, strings) : key;
}

/**
 * A message that depends on a count, in the plural form the UI language's rules pick
 * (Intl.PluralRules: English has one/other, Japanese only other, French treats 0 as one).
 * `$1` is the count, formatted for the language; `subs` fill `$2`… A form a locale lacks falls
 * back to its `_other`, so a language with more forms than English never shows a key.
 */
export function tn(base: PluralKey, count: number, ...subs: (string | number)[]): string {
  const locale = messagesLanguage();
  const form = pluralRules(locale).select(count);
  const shown = new Intl.NumberFormat(locale).format(count);
  const key = `${base}_${form}` as MessageKey;
  const text = t(key, shown, ...subs);
  return text === key || text === '' ? t(`${base}_other` as MessageKey, shown, ...subs) : text;
}

const rulesCache = new Map<string, Intl.PluralRules>();
function pluralRules(locale: string): Intl.PluralRules {
  let rules = rulesCache.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    rulesCache.set(locale, rules);
  }
  return rules;
}

/**
 * The language of the messages actually shown: each catalog names itself (`i18n_locale`), so a
 * browser in a language Fediprint lacks, shown English, also counts in English.
 */
export function messagesLanguage(): string {
  const own = t('i18n_locale');
  return own && own !== 'i18n_locale' ? own : 'en';
}

/** The language the UI is shown in, for number and date formatting. */
export function uiLanguage(): string {
  const g = globalThis as { chrome?: { runtime?: { id?: string }; i18n?: { getUILanguage?(): string } } };
  if (g.chrome?.runtime?.id && g.chrome.i18n?.getUILanguage) return g.chrome.i18n.getUILanguage();
  return pickLocale();
}
