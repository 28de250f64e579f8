/**
 * A copy of the builds whose manifest already holds a host permission: the state after a person
 * clicked "Allow" in the browser's own permission prompt, which automation cannot click. Tests
 * that need it (compose warnings, re-scope media backups) load this copy; everything after the
 * prompt is the shipped code. Import this before the fixture, which reads EXTENSION_OUTPUT once.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function grantedBuildCopy(origin = 'http://127.0.0.1/*'): { dir: string; remove(): void } {
  const source = process.env.EXTENSION_OUTPUT ?? path.join(ROOT, '.output');
  const target = mkdtempSync(path.join(tmpdir(), 'fp-granted-build-'));
  for (const dir of ['chrome-mv3', 'firefox-mv2']) {
    const from = path.join(source, dir);
    if (!existsSync(from)) continue;
    cpSync(from, path.join(target, dir), { recursive: true });
    const file = path.join(target, dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
      manifest_version: number;
      host_permissions?: string[];
      permissions?: string[];
    };
    if (manifest.manifest_version === 3)
      manifest.host_permissions = [...(manifest.host_permissions ?? []), origin];
    else manifest.permissions = [...(manifest.permissions ?? []), origin];
    writeFileSync(file, JSON.stringify(manifest));
  }
  return { dir: target, remove: () => rmSync(target, { recursive: true, force: true }) };
}
