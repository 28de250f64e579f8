import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatMessage, setFallbackLocale, t } from '../utils/i18n';

const ROOT = path.resolve(__dirname, '..');
const load = (lang: string) =>
  JSON.parse(readFileSync(path.join(ROOT, `public/_locales/${lang}/messages.json`), 'utf8')) as Record<
    string,
    { message: string }
  >;
const en = load('en');
const de = load('de');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sources(full);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

describe('i18n', () => {
  it('has the same keys in English and German', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });

  it('uses only valid browser.i18n key names and placeholders present in both languages', () => {
    for (const [key, entry] of Object.entries(en)) {
      expect(key).toMatch(/^[A-Za-z0-9_]+$/);
      const placeholders = (s: string) => [...s.matchAll(/\$([1-9])/g)].map((m) => m[1]).sort();
      expect(placeholders(de[key]?.message ?? ''), key).toEqual(placeholders(entry.message));
    }
  });

  it('defines every key the code asks for with a literal', () => {
    const missing: string[] = [];
    for (const file of ['utils', 'components', 'entrypoints'].flatMap((d) => sources(path.join(ROOT, d)))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([A-Za-z0-9_]+)'/g)) {
        if (!(m[1]! in en)) missing.push(`${path.relative(ROOT, file)}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('formats substitutions as browser.i18n does', () => {
    expect(formatMessage('$1 of $2, $$5', ['3', '7'])).toBe('3 of 7, $5');
    expect(t('progress_count', 3, 7)).toBe('3 of 7');
    setFallbackLocale('de');
    expect(t('progress_count', 3, 7)).toBe('3 von 7');
    setFallbackLocale('en');
  });
});
