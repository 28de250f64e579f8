/**
 * The redact-pii side of the CLI throughput comparison in scripts/bench/pii.ts: the same JSON
 * Lines in and one line out per post as `audit scan`, streamed and written in chunks the same way, with redact-pii's
 * default SyncRedactor doing the work. Not a product command.
 */
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { SyncRedactor } from 'redact-pii';

const redactor = new SyncRedactor();
const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
let chunk = '';
for await (const raw of rl) {
  if (raw.trim() === '') continue;
  const post = JSON.parse(raw) as { id: unknown; text?: string };
  chunk += `${JSON.stringify({ id: post.id, redacted: redactor.redact(post.text ?? '') })}\n`;
  if (chunk.length >= 65536) {
    const ok = process.stdout.write(chunk);
    chunk = '';
    if (!ok) await once(process.stdout, 'drain');
  }
}
if (chunk !== '' && !process.stdout.write(chunk)) await once(process.stdout, 'drain');
