// Prints the size of every built bundle (raw and gzip) for both builds, largest first, so CI
// output shows what the background and each page cost. Run after `npm run build` and
// `npm run build:firefox`; exits 1 when a build is missing.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const builds = ['.output/chrome-mv3', '.output/firefox-mv2'];
let missing = false;
for (const root of builds) {
  if (!existsSync(root)) {
    console.log(`bundle sizes: ${root} missing`);
    missing = true;
    continue;
  }
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(js|css)$/.test(name)) files.push(file);
    }
  };
  walk(root);
  const rows = files
    .map((file) => {
      const bytes = readFileSync(file);
      return { file: path.relative(root, file), raw: bytes.length, gzip: gzipSync(bytes).length };
    })
    .sort((a, b) => b.raw - a.raw);
  const kB = (n) => `${(n / 1000).toFixed(1)} kB`;
  console.log(`bundle sizes, ${root}: ${kB(rows.reduce((a, r) => a + r.raw, 0))} in ${rows.length} files`);
  for (const r of rows.slice(0, 12))
    console.log(`  ${r.file.padEnd(48)} ${kB(r.raw).padStart(10)}  gzip ${kB(r.gzip)}`);
}
process.exitCode = missing ? 1 : 0;
