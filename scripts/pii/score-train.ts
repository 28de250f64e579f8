/**
 * The detector on the tuning data, per file: `npx tsx scripts/pii/score-train.ts [--kind phone]
 * [--errors] [--dir DIR] [--held-out t4]`.
 *
 * Prints post-level precision/recall per kind (test/pii/score.ts) for test/pii/corpus.jsonl and each
 * training file (test/pii/train/*.jsonl, or the directory given with --dir), then the training files
 * pooled without the held-out ones and the held-out ones alone, so a rule tuned on the first can be
 * checked on the second. `--errors` lists, per file, the false positives and false negatives of the
 * kind (or of every structured kind) with the matches the detector reported, except for the
 * held-out files (`--show-held-out` lists theirs too).
 *
 * Training files may still be growing while this runs: a line that does not parse (a half-written
 * last line) or fails the schema is skipped and counted, never fatal.
 *
 * Only tuning data is read: the evaluation and holdout sets are never opened here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { detectPersonalInfo } from '../../utils/pii';
import type { PiiMatch } from '../../utils/pii/types';
import { CONTEXTUAL_KINDS, PII_KINDS, STRUCTURED_KINDS, type PiiKind } from '../../utils/pii/types';
import { CorpusPostSchema, evaluate, type CorpusPost, type Scores } from '../../test/pii/score';

const { values } = parseArgs({
  options: {
    kind: { type: 'string' },
    errors: { type: 'boolean', default: false },
    dir: { type: 'string' },
    'held-out': { type: 'string', default: 't4' },
    'show-held-out': { type: 'boolean', default: false },
  },
});

const kind = values.kind as PiiKind | undefined;
if (kind !== undefined && !PII_KINDS.includes(kind)) {
  console.error(`unknown kind ${kind}; one of ${PII_KINDS.join(', ')}`);
  process.exit(2);
}

const root = new URL('../../', import.meta.url).pathname;
const trainDir = values.dir ?? join(root, 'test/pii/train');
const heldOutNames = new Set(values['held-out'].split(',').filter((s) => s !== ''));

function load(path: string): { posts: CorpusPost[]; skipped: number } {
  const posts: CorpusPost[] = [];
  let skipped = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    const parsed = CorpusPostSchema.safeParse(json);
    if (parsed.success) posts.push(parsed.data);
    else skipped++;
  }
  return { posts, skipped };
}

interface DataSet {
  name: string;
  posts: CorpusPost[];
}

const sets: DataSet[] = [];
const notes: string[] = [];
for (const path of [
  join(root, 'test/pii/corpus.jsonl'),
  ...(existsSync(trainDir)
    ? readdirSync(trainDir)
        .filter((f) => f.endsWith('.jsonl'))
        .sort()
        .map((f) => join(trainDir, f))
    : []),
]) {
  const { posts, skipped } = load(path);
  const name = basename(path, '.jsonl');
  if (skipped > 0) notes.push(`${name}: ${skipped} line(s) skipped (unparsable or off-schema)`);
  sets.push({ name, posts });
}
if (sets.length === 1) notes.push(`no training files in ${trainDir}`);
const training = sets.slice(1);
const tuned = training.filter((s) => !heldOutNames.has(s.name));
const heldOut = training.filter((s) => heldOutNames.has(s.name));
const pooled: DataSet[] = [];
if (tuned.length > 1) pooled.push({ name: 'train', posts: tuned.flatMap((s) => s.posts) });
if (heldOut.length > 0)
  pooled.push({
    name: `held(${heldOut.map((s) => s.name).join('+')})`,
    posts: heldOut.flatMap((s) => s.posts),
  });

const predictions = new Map<CorpusPost, PiiMatch[]>();
function matches(post: CorpusPost): PiiMatch[] {
  let m = predictions.get(post);
  if (m === undefined) {
    m = detectPersonalInfo(post.text, { language: post.lang });
    predictions.set(post, m);
  }
  return m;
}

const columns = [...sets, ...pooled];
const evals = columns.map((s) =>
  evaluate(s.posts, (p) => matches(p).map((m) => m.kind), STRUCTURED_KINDS, CONTEXTUAL_KINDS),
);

const cell = (s: Scores) => `${s.precision.toFixed(2)}/${s.recall.toFixed(2)} ${s.tp}/${s.fp}/${s.fn}`;
const widths = [18, ...columns.map(() => 24)];
const row = (cells: string[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');

console.log('precision/recall tp/fp/fn, post level\n');
console.log(row(['', ...columns.map((s) => `${s.name} (${s.posts.length})`)]));
console.log(row(['structured', ...evals.map((e) => cell(e.structured))]));
console.log(row(['contextual', ...evals.map((e) => cell(e.contextual))]));
for (const k of kind !== undefined ? [kind] : PII_KINDS)
  console.log(row([`  ${k}`, ...evals.map((e) => cell(e.perKind[k]))]));
for (const n of notes) console.log(`(${n})`);

if (values.errors) {
  const kinds = kind !== undefined ? [kind] : STRUCTURED_KINDS;
  // The held-out files are for checking, not for reading: their errors stay hidden unless asked.
  for (const set of sets.filter((s) => values['show-held-out'] || !heldOutNames.has(s.name))) {
    const lines: string[] = [];
    for (const post of set.posts) {
      const found = matches(post);
      for (const k of kinds) {
        const predicted = found.some((m) => m.kind === k);
        const expected = post.kinds.includes(k);
        if (predicted === expected) continue;
        const shown = found
          .filter((m) => m.kind === k || !predicted)
          .map(
            (m) => `${m.kind} ${m.confidence.toFixed(2)} «${post.text.slice(m.start, m.end)}» ${m.reason}`,
          );
        lines.push(
          `${predicted ? 'FP' : 'FN'} ${k} ${post.id} [${post.kinds.join(',')}]\n   ${post.text.replace(/\n/g, ' ⏎ ')}` +
            (shown.length > 0 ? `\n   → ${shown.join('\n   → ')}` : ''),
        );
      }
    }
    if (lines.length === 0) continue;
    console.log(`\n## ${set.name}: ${lines.length} error(s)\n`);
    console.log(lines.join('\n'));
  }
}
