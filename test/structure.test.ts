/**
 * The checks' meta-test (after refined-github's features.test.ts): every check file is
 * registered under its file name, has a table test beside it, opens with its rationale and is
 * documented in utils/checks/README.md. Deleting any of these makes this test fail.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../utils/checks/index';

const DIR = join(import.meta.dirname, '..', 'utils', 'checks');
/** Modules in utils/checks/ that are not checks. Helpers live in lib/. */
const NOT_CHECKS = new Set(['index.ts', 'types.ts', 'score.ts', 'guide.ts', 'diff.ts']);

const checkFiles = readdirSync(DIR)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !NOT_CHECKS.has(f))
  .map((f) => f.slice(0, -'.ts'.length));
const readme = readFileSync(join(DIR, 'README.md'), 'utf8');

describe('utils/checks structure', () => {
  it('finds the check files', () => {
    expect(checkFiles.length).toBeGreaterThanOrEqual(14);
  });

  it('registers exactly the check files, in a fixed order', () => {
    expect([...CHECKS.map((c) => c.id)].sort()).toEqual([...checkFiles].sort());
  });

  describe.each(checkFiles)('%s', (id) => {
    const source = readFileSync(join(DIR, `${id}.ts`), 'utf8');

    it('is kebab-case and declares its id as the literal file name', () => {
      expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(source).toContain(`id: '${id}'`);
    });

    it('opens with Risk, Detects and False positives lines', () => {
      const [risk, detects, fp] = source.split('\n');
      expect(risk).toMatch(/^\/\/ Risk: \S.{10,}/);
      expect(detects).toMatch(/^\/\/ Detects: \S.{10,}/);
      expect(fp).toMatch(/^\/\/ False positives: \S.{5,}/);
    });

    it('has a table test beside it that runs it on cases', () => {
      const testFile = join(DIR, `${id}.test.ts`);
      expect(existsSync(testFile)).toBe(true);
      const test = readFileSync(testFile, 'utf8');
      expect(test).toMatch(/\.each\(/);
      expect(test).toContain(`from './${id}'`);
    });

    it('is documented in README.md with risk, detects, false positives and fix', () => {
      const start = readme.indexOf(`### ${id}\n`);
      expect(start, `README.md has no "### ${id}" section`).toBeGreaterThanOrEqual(0);
      const rest = readme.slice(start + 4);
      const section = rest.slice(0, rest.search(/\n##/) === -1 ? undefined : rest.search(/\n##/));
      for (const label of ['Risk:', 'Detects:', 'False positives:', 'Fix:']) expect(section).toContain(label);
    });
  });
});
