// Prints the combined result of every Vitest project the summary reporter recorded,
// per browser for the browser tests, ending with one plain "N passed, N failed" line.
import { readdirSync, readFileSync, existsSync } from 'node:fs';

const dir = 'test-results';
const files = existsSync(dir)
  ? readdirSync(dir).filter((f) => f.startsWith('summary-') && f.endsWith('.json'))
  : [];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of files.sort()) {
  const s = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
  for (const [group, c] of Object.entries(s.groups)) {
    console.log(`${s.project} ${group}: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`);
  }
  for (const [group, c] of Object.entries(s.snac ?? {})) {
    console.log(
      `${s.project} ${group} against snac: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`,
    );
  }
  for (const [group, c] of Object.entries(s.webUi ?? {})) {
    const [browser, version] = group.split(' ');
    console.log(
      `${s.project} compose on Mastodon ${version} [${browser}]: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`,
    );
  }
  passed += s.passed;
  failed += s.failed;
  skipped += s.skipped;
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
