/**
 * `npm run --silent audit -- scan`: JSON Lines posts on stdin, one findings line per post on
 * stdout, same order. Input lines carry `id` and either `text` (plain) or `content` (Mastodon
 * status HTML, converted with htmlToText; offsets then refer to that converted text). Other fields
 * are ignored. A malformed line yields `{"id": null, "line": N, "error": "..."}` and the scan goes
 * on. It streams line by line and waits for stdout to drain, so memory stays flat however long
 * the input is.
 */
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type * as Zod from 'zod';
import { detectPersonalInfo, htmlToText } from '../../utils/pii';

/*
 * zod is loaded on the first line that is not a plain {id, text} post: importing it costs ~0.3 s
 * of CPU at start-up, more than scanning thousands of posts, and well-formed input never needs it.
 */
function lineSchema() {
  const { z } = createRequire(import.meta.url)('zod') as typeof Zod;
  return z
    .object({
      id: z.union([z.string(), z.number()]),
      text: z.string().optional(),
      content: z.string().optional(),
    })
    .refine((v) => v.text !== undefined || v.content !== undefined, {
      message: 'needs "text" (plain) or "content" (HTML)',
    });
}
let LineSchema: ReturnType<typeof lineSchema> | null = null;

export interface ScanOptions {
  minConfidence?: number;
}

/** Characters per block sent to a worker: large enough that messaging costs little, small enough to share out. */
const BLOCK_CHARS = 256 * 1024;
/** At most this many blocks per worker in flight, so a fast reader cannot pile up the whole input. */
const IN_FLIGHT_PER_WORKER = 2;
/** Cores beyond this add little: the reading thread feeding them becomes the limit. */
const MAX_JOBS = 4;

export function defaultJobs(): number {
  return Math.max(1, Math.min(MAX_JOBS, availableParallelism()));
}

/** The scan itself, on any streams (tests use in-memory ones; `run` wires stdin/stdout). */
export async function scanStream(
  input: Readable,
  output: Writable,
  options: ScanOptions = {},
): Promise<void> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  // One write per line was a tenth of the scan's time: lines are sent in chunks of ~64 KB (still
  // waiting for the stream to drain, so memory stays flat).
  let chunk = '';
  for await (const raw of rl) {
    lineNo++;
    if (raw.trim() === '') continue;
    chunk += `${scanLine(raw, lineNo, options)}\n`;
    if (chunk.length >= 65536) {
      const ok = output.write(chunk);
      chunk = '';
      if (!ok) await once(output, 'drain');
    }
  }
  if (chunk !== '' && !output.write(chunk)) await once(output, 'drain');
}

/**
 * The same scan spread over `jobs` worker threads: the detector is CPU-bound and posts are
 * independent, so each core takes blocks of whole lines; output keeps the input order. This thread
 * only cuts the input at line ends and writes results. Workers start only once a first full block
 * has been read, so a short input is scanned here at once without paying their start-up.
 */
export async function scanStreamParallel(
  input: Readable,
  output: Writable,
  options: ScanOptions = {},
  jobs = defaultJobs(),
): Promise<void> {
  if (jobs <= 1) return scanStream(input, output, options);
  const workers: Worker[] = [];
  let closing = false;
  const done = new Map<number, string>();
  let nextToWrite = 0;
  let sent = 0;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const startWorkers = () => {
    for (let i = 0; i < jobs; i++) {
      const worker = new Worker(new URL('./scan-worker.mjs', import.meta.url), { workerData: options });
      worker.on('message', ({ seq, out }: { seq: number; out: string }) => {
        done.set(seq, out);
        notify();
      });
      worker.on('error', (error) => {
        failure ??= error;
        notify();
      });
      // A worker that stops without an error event (killed, out of memory) must not leave the
      // scan waiting for its block.
      worker.on('exit', (code) => {
        if (!closing) failure ??= new Error(`a scan worker stopped (exit code ${code})`);
        notify();
      });
      workers.push(worker);
    }
  };
  const flush = async () => {
    while (done.has(nextToWrite)) {
      const out = done.get(nextToWrite)!;
      done.delete(nextToWrite++);
      if (out !== '' && !output.write(out)) await once(output, 'drain');
    }
  };
  /** Waits until fewer than `limit` blocks are unwritten (or a worker failed). */
  const waitBelow = async (limit: number) => {
    for (;;) {
      if (failure) throw failure;
      await flush();
      if (sent - nextToWrite < limit) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };
  let firstLine = 1;
  const send = async (text: string) => {
    if (workers.length === 0) startWorkers();
    await waitBelow(jobs * IN_FLIGHT_PER_WORKER);
    workers[sent % jobs]!.postMessage({ seq: sent, firstLine, text });
    sent++;
    firstLine += countLines(text);
  };
  try {
    input.setEncoding('utf8');
    let pending = '';
    for await (const piece of input as AsyncIterable<string>) {
      pending += piece;
      if (pending.length < BLOCK_CHARS) continue;
      const cut = pending.lastIndexOf('\n');
      if (cut < 0) continue;
      await send(pending.slice(0, cut + 1));
      pending = pending.slice(cut + 1);
    }
    if (workers.length === 0) {
      // Short input: no worker was needed.
      const out = scanBlock(pending, 1, options);
      if (out !== '' && !output.write(out)) await once(output, 'drain');
      return;
    }
    if (pending !== '') await send(pending);
    await waitBelow(1);
  } finally {
    closing = true;
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** Line ends as readline counts them: `\r\n`, `\n` and a lone `\r`. */
const LINE_END = /\r\n|\n|\r/;

function countLines(text: string): number {
  return text.split(LINE_END).length - 1;
}

/**
 * The output lines for a block of input lines whose first is line `firstLine`, as the streaming
 * scan writes them (split where readline splits; blank lines give nothing).
 */
export function scanBlock(text: string, firstLine: number, options: ScanOptions = {}): string {
  const lines = text.split(LINE_END);
  if (lines.at(-1) === '') lines.pop();
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    out += `${scanLine(raw, firstLine + i, options)}\n`;
  }
  return out;
}

export function scanLine(raw: string, lineNo: number, options: ScanOptions = {}): string {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return JSON.stringify({ id: null, line: lineNo, error: `invalid JSON: ${message}` });
  }
  // The common well-formed line skips zod's machinery; anything else gets its full error below.
  if (isPlainPost(json)) return findingsLine(json.id, json.text, options);
  LineSchema ??= lineSchema();
  const parsed = LineSchema.safeParse(json);
  if (!parsed.success) {
    const id =
      typeof json === 'object' && json !== null && 'id' in json ? (json as { id: unknown }).id : null;
    const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ');
    return JSON.stringify({
      id: null,
      line: lineNo,
      error: `invalid post${id !== null ? ` (id ${JSON.stringify(id)})` : ''}: ${message}`,
    });
  }
  const post = parsed.data;
  return findingsLine(post.id, post.text ?? htmlToText(post.content ?? ''), options);
}

/** `{id, text}` exactly as LineSchema accepts it, checked by hand. */
function isPlainPost(json: unknown): json is { id: string | number; text: string } {
  if (typeof json !== 'object' || json === null) return false;
  const o = json as { id?: unknown; text?: unknown; content?: unknown };
  return (
    (typeof o.id === 'string' || typeof o.id === 'number') &&
    typeof o.text === 'string' &&
    (o.content === undefined || typeof o.content === 'string')
  );
}

function findingsLine(id: string | number, text: string, options: ScanOptions): string {
  const findings = detectPersonalInfo(text, { minConfidence: options.minConfidence }).map(
    ({ kind, start, end, confidence, reason }) => ({ kind, start, end, confidence, reason }),
  );
  return JSON.stringify({ id, findings });
}

export async function run(args: string[]): Promise<number> {
  const options: ScanOptions = {};
  let jobs = defaultJobs();
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--jobs') {
      const v = Number(args[++i]);
      if (!Number.isInteger(v) || v < 1 || v > 64) {
        console.error('audit scan: --jobs takes a whole number from 1 to 64.');
        return 2;
      }
      jobs = v;
    } else if (args[i] === '--min-confidence') {
      const v = Number(args[++i]);
      if (!Number.isFinite(v) || v < 0 || v > 1) {
        console.error('audit scan: --min-confidence takes a number between 0 and 1.');
        return 2;
      }
      options.minConfidence = v;
    } else {
      console.error(
        `audit scan: unknown option ${args[i]}. Usage: audit scan [--min-confidence 0.5] [--jobs N] < posts.jsonl`,
      );
      return 2;
    }
  }
  try {
    await scanStreamParallel(process.stdin, process.stdout, options, jobs);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    console.error(
      `audit scan: could not read stdin (${e.name}: ${e.message}). Check the input file and try again.`,
    );
    return 1;
  }
  return 0;
}
