/**
 * Personal-info detector benchmark: `npx tsx scripts/bench/pii.ts`.
 *
 * On test/pii/corpus.jsonl (tuned on), test/pii/holdout.jsonl, holdout2.jsonl and holdout3.jsonl (each
 * written after a tuning round and never tuned on; holdout3 after the third round, without running the
 * detector on it) and the evaluation sets test/pii/eval/*.jsonl and test/pii/eval2/*.jsonl (each written
 * by authors who never saw the detector, labelled before any run, never tuned on; also reported per
 * language variety), prints post-level
 * precision and recall (structured group, contextual group, per kind) and throughput for our
 * detector, redact-pii and @redactpii/node in the same process, then p50/p99 latency for one
 * 500-character post. For the contextual kinds each set also gets the phrase rules alone, the
 * learned model alone (utils/pii/model/) and both combined (the detector's default) side by side.
 *
 * The other two libraries only redact, so their kinds are read back from the replacement tokens
 * they write. Mapping (their token -> our kind):
 *   redact-pii:      EMAIL_ADDRESS->email, PHONE_NUMBER->phone, STREET_ADDRESS->street-address,
 *                    US_SOCIAL_SECURITY_NUMBER->gov-id, CREDIT_CARD_NUMBER->payment-card,
 *                    IP_ADDRESS->ip-address, PASSWORD and CREDENTIALS->secret;
 *                    ZIPCODE, DIGITS, URL, USERNAME and PERSON_NAME have no counterpart and are ignored.
 *   @redactpii/node: EMAIL->email, PHONE_NUMBER->phone, US_SOCIAL_SECURITY_NUMBER->gov-id,
 *                    CREDIT_CARD->payment-card; PERSON_NAME is ignored.
 * Both run with their default configuration, as people use them. Neither has contextual kinds, so
 * their contextual recall is 0 by construction; the "own kinds" row scores each library only on
 * the kinds it claims to detect, the fairest view of its precision.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { SyncRedactor } from 'redact-pii';
import { Redactor } from '@redactpii/node';
import { detectPersonalInfo } from '../../utils/pii';
import { CONTEXTUAL_KINDS, STRUCTURED_KINDS, PII_KINDS, type PiiKind } from '../../utils/pii/types';
import { evaluate, loadCorpus, type CorpusPost, type Scores } from '../../test/pii/score';

interface Engine {
  name: string;
  kinds: readonly PiiKind[];
  detect(text: string, lang: string): PiiKind[];
}

function tokenReader(map: Record<string, PiiKind>) {
  const re = new RegExp(
    Object.keys(map)
      .sort((a, b) => b.length - a.length)
      .join('|'),
    'g',
  );
  const count = (s: string) => {
    const c = new Map<string, number>();
    for (const m of s.matchAll(re)) c.set(m[0], (c.get(m[0]) ?? 0) + 1);
    return c;
  };
  return (input: string, output: string): PiiKind[] => {
    const before = count(input);
    const kinds = new Set<PiiKind>();
    for (const [token, n] of count(output)) if (n > (before.get(token) ?? 0)) kinds.add(map[token]!);
    return [...kinds];
  };
}

const redactPii = new SyncRedactor();
const readRedactPii = tokenReader({
  EMAIL_ADDRESS: 'email',
  PHONE_NUMBER: 'phone',
  STREET_ADDRESS: 'street-address',
  US_SOCIAL_SECURITY_NUMBER: 'gov-id',
  CREDIT_CARD_NUMBER: 'payment-card',
  IP_ADDRESS: 'ip-address',
  PASSWORD: 'secret',
  CREDENTIALS: 'secret',
});
const redactpiiNode = new Redactor();
const readRedactpiiNode = tokenReader({
  EMAIL: 'email',
  PHONE_NUMBER: 'phone',
  US_SOCIAL_SECURITY_NUMBER: 'gov-id',
  CREDIT_CARD: 'payment-card',
});

const engines: Engine[] = [
  {
    name: 'fediprint',
    kinds: PII_KINDS,
    detect: (text, lang) => detectPersonalInfo(text, { language: lang }).map((m) => m.kind),
  },
  {
    name: 'redact-pii 3.4',
    kinds: ['email', 'phone', 'street-address', 'gov-id', 'payment-card', 'ip-address', 'secret'],
    detect: (text) => readRedactPii(text, redactPii.redact(text)),
  },
  {
    name: '@redactpii/node 1.0',
    kinds: ['email', 'phone', 'gov-id', 'payment-card'],
    detect: (text) => readRedactpiiNode(text, redactpiiNode.redact(text)),
  },
];

const pct = (n: number) => n.toFixed(2);
const pad = (s: string, n: number) => s.padEnd(n);
const padL = (s: string, n: number) => s.padStart(n);

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? pad(c, widths[i]!) : padL(c, widths[i]!))).join('  ');
}

function pr(s: Scores): string {
  return `${pct(s.precision)}/${pct(s.recall)}`;
}

/** The contextual kinds found by the phrase rules alone, the learned model alone, and both (the default). */
const CONTEXTUAL_ENGINES = [
  { name: 'rules only', contextual: 'rules' },
  { name: 'model only', contextual: 'model' },
  { name: 'both (default)', contextual: 'both' },
] as const;

function contextualByEngine(posts: CorpusPost[]) {
  return CONTEXTUAL_ENGINES.map((e) =>
    evaluate(
      posts,
      (p) =>
        detectPersonalInfo(p.text, {
          language: p.lang,
          kinds: CONTEXTUAL_KINDS,
          contextual: e.contextual,
        }).map((m) => m.kind),
      STRUCTURED_KINDS,
      CONTEXTUAL_KINDS,
      CONTEXTUAL_KINDS,
    ),
  );
}

function contextualTable(posts: CorpusPost[]): void {
  const evals = contextualByEngine(posts);
  console.log('\nfediprint contextual kinds: phrase rules, learned model, both\n');
  const widths = [26, ...CONTEXTUAL_ENGINES.map(() => 20)];
  console.log(row(['', ...CONTEXTUAL_ENGINES.map((e) => e.name)], widths));
  console.log(row(['contextual', ...evals.map((e) => pr(e.contextual))], widths));
  for (const kind of CONTEXTUAL_KINDS) {
    const n = posts.filter((p) => p.kinds.includes(kind)).length;
    console.log(row([`  ${kind} (n=${n})`, ...evals.map((e) => pr(e.perKind[kind]))], widths));
  }
}

function report(title: string, posts: CorpusPost[]): void {
  const evals = engines.map((e) => ({
    engine: e,
    all: evaluate(posts, (p) => e.detect(p.text, p.lang), STRUCTURED_KINDS, CONTEXTUAL_KINDS),
    own: evaluate(posts, (p) => e.detect(p.text, p.lang), STRUCTURED_KINDS, CONTEXTUAL_KINDS, e.kinds),
  }));
  const labelled = posts.filter((p) => p.kinds.length > 0).length;
  console.log(
    `\n## ${title}: ${posts.length} posts (${labelled} with personal info, ${posts.length - labelled} negatives)`,
  );
  console.log('precision/recall, post level (micro-averaged over post x kind)\n');
  const widths = [26, ...engines.map(() => 20)];
  console.log(row(['', ...engines.map((e) => e.name)], widths));
  console.log(row(['structured (email..secret)', ...evals.map((e) => pr(e.all.structured))], widths));
  console.log(row(['contextual', ...evals.map((e) => pr(e.all.contextual))], widths));
  console.log(row(['structured, own kinds only', ...evals.map((e) => pr(e.own.structured))], widths));
  for (const kind of PII_KINDS) {
    const n = posts.filter((p) => p.kinds.includes(kind)).length;
    console.log(
      row(
        [
          `  ${kind} (n=${n})`,
          ...evals.map((e) => (e.engine.kinds.includes(kind) ? pr(e.all.perKind[kind]) : '—')),
        ],
        widths,
      ),
    );
  }
  contextualTable(posts);
}

/** Our detector on every data set side by side: one column group (precision/recall) per set. */
function summary(sets: Array<{ title: string; posts: CorpusPost[] }>): void {
  const ours = engines[0]!;
  const evals = sets.map((set) =>
    evaluate(set.posts, (p) => ours.detect(p.text, p.lang), STRUCTURED_KINDS, CONTEXTUAL_KINDS),
  );
  console.log(`\n## ${ours.name} on each data set (precision/recall, post level)\n`);
  const widths = [26, ...sets.map(() => 20)];
  console.log(row(['', ...sets.map((s) => `${s.title} (n=${s.posts.length})`)], widths));
  console.log(row(['structured (email..secret)', ...evals.map((e) => pr(e.structured))], widths));
  console.log(row(['contextual', ...evals.map((e) => pr(e.contextual))], widths));
  for (const kind of PII_KINDS) {
    console.log(
      row(
        [
          `  ${kind}`,
          ...sets.map((set, i) => {
            const n = set.posts.filter((p) => p.kinds.includes(kind)).length;
            return `${pr(evals[i]!.perKind[kind])} n=${n}`;
          }),
        ],
        widths,
      ),
    );
  }
  const byEngine = sets.map((set) => contextualByEngine(set.posts));
  for (const [e, engine] of CONTEXTUAL_ENGINES.entries()) {
    console.log(row([`contextual, ${engine.name}`, ...byEngine.map((b) => pr(b[e]!.contextual))], widths));
    for (const kind of CONTEXTUAL_KINDS)
      console.log(row([`  ${kind}`, ...byEngine.map((b) => pr(b[e]!.perKind[kind]))], widths));
  }
}

/** Our detector per language variety of the evaluation set (en-US, en-IN, de-AT …). */
function byVariant(what: string, posts: CorpusPost[]): void {
  const groups = new Map<string, CorpusPost[]>();
  for (const p of posts) {
    const v = p.variant ?? p.lang;
    groups.set(v, [...(groups.get(v) ?? []), p]);
  }
  const ours = engines[0]!;
  console.log(`\n## ${ours.name} on the ${what} by language variety (precision/recall, post level)\n`);
  const widths = [12, 8, 20, 20];
  console.log(row(['variety', 'posts', 'structured', 'contextual'], widths));
  for (const [v, ps] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const e = evaluate(ps, (p) => ours.detect(p.text, p.lang), STRUCTURED_KINDS, CONTEXTUAL_KINDS);
    console.log(row([v, String(ps.length), pr(e.structured), pr(e.contextual)], widths));
  }
}

function throughput(posts: CorpusPost[]): void {
  const bytes = posts.reduce((a, p) => a + Buffer.byteLength(p.text, 'utf8'), 0);
  console.log(`\n## Throughput (corpus, ${posts.length} posts, ${(bytes / 1024).toFixed(1)} KiB per pass)\n`);
  const widths = [22, 12, 10, 12, 12];
  console.log(row(['', 'posts/s', 'MB/s', 'p50 500ch', 'p99 500ch'], widths));
  // One 500-character post assembled from real corpus posts (mixed kinds and languages).
  let post500 = '';
  for (const p of posts) {
    if (post500.length >= 500) break;
    post500 += `${p.text} `;
  }
  post500 = post500.slice(0, 500);
  // The machine is shared: engines run in interleaved rounds and the best round counts, so a
  // burst of load elsewhere does not land on one engine only.
  const rates = new Map<string, number>();
  for (const e of engines) for (let i = 0; i < 3; i++) for (const p of posts) e.detect(p.text, p.lang); // warm-up
  for (let round = 0; round < 5; round++) {
    for (const e of engines) {
      let passes = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < 300 || passes < 2) {
        for (const p of posts) e.detect(p.text, p.lang);
        passes++;
      }
      const rate = passes / ((performance.now() - t0) / 1000);
      rates.set(e.name, Math.max(rates.get(e.name) ?? 0, rate));
    }
  }
  for (const e of engines) {
    const passesPerSec = rates.get(e.name) ?? 0;
    const times: number[] = [];
    for (let i = 0; i < 300; i++) e.detect(post500, 'en');
    for (let i = 0; i < 3000; i++) {
      const s = performance.now();
      e.detect(post500, 'en');
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    const q = (f: number) => times[Math.min(times.length - 1, Math.floor(times.length * f))]!;
    console.log(
      row(
        [
          e.name,
          Math.round(passesPerSec * posts.length).toLocaleString('en-US'),
          ((passesPerSec * bytes) / 1e6).toFixed(2),
          `${q(0.5).toFixed(3)} ms`,
          `${q(0.99).toFixed(3)} ms`,
        ],
        widths,
      ),
    );
  }
  console.log(`
(load average at the end of the run: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} on ${cpus().length} cores)`);
}

/**
 * Throughput through the command line, as people run it: held-out posts repeated to CLI_POSTS
 * lines in a file, piped into `audit scan` and into the same streaming loop around redact-pii
 * (scripts/bench/redact-pii-scan.ts), each a fresh `tsx` process, start-up included. Rounds
 * alternate between the two and the best round of each counts (the machine is shared).
 */
function cliThroughput(posts: CorpusPost[], total: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'pii-cli-'));
  const file = join(dir, 'posts.jsonl');
  const outFile = join(dir, 'out.jsonl');
  const lines: string[] = [];
  for (let i = 0; i < total; i++) {
    const p = posts[i % posts.length]!;
    lines.push(JSON.stringify({ id: i, text: p.text }));
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  const root = new URL('../../', import.meta.url).pathname;
  const tsx = join(root, 'node_modules/.bin/tsx');
  const commands = [
    { name: 'fediprint audit scan', args: [join(root, 'scripts/audit.ts'), 'scan'] },
    // The same scan on one thread, so the detector's own speed stays visible next to the workers'.
    {
      name: 'fediprint audit scan --jobs 1',
      args: [join(root, 'scripts/audit.ts'), 'scan', '--jobs', '1'],
    },
    { name: 'redact-pii 3.4 (same loop)', args: [join(root, 'scripts/bench/redact-pii-scan.ts')] },
  ];
  const best = new Map<string, number>();
  try {
    for (let round = 0; round < 3; round++) {
      for (const c of commands) {
        const input = openSync(file, 'r');
        const output = openSync(outFile, 'w');
        const t0 = performance.now();
        // Input from the file and output to a file, as `< posts.jsonl > out.jsonl` would.
        const r = spawnSync(tsx, c.args, { stdio: [input, output, 'inherit'] });
        const s = (performance.now() - t0) / 1000;
        closeSync(input);
        closeSync(output);
        if (r.status !== 0) throw new Error(`${c.name} exited with ${r.status}`);
        const out = readFileSync(outFile, 'utf8')
          .split('\n')
          .filter((l) => l !== '').length;
        if (out !== total) throw new Error(`${c.name}: ${out} output lines for ${total} posts`);
        best.set(c.name, Math.min(best.get(c.name) ?? Infinity, s));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    `\n## Throughput through the CLI (${posts.length} held-out posts repeated to ${total.toLocaleString('en-US')} lines, best of 3 rounds, start-up included)\n`,
  );
  const widths = [32, 10, 12];
  console.log(row(['', 'seconds', 'posts/s'], widths));
  for (const c of commands) {
    const s = best.get(c.name)!;
    console.log(row([c.name, s.toFixed(2), Math.round(total / s).toLocaleString('en-US')], widths));
  }
  const redact = best.get(commands[2]!.name)!;
  console.log(
    `\nfediprint / redact-pii through the CLI: ${(redact / best.get(commands[0]!.name)!).toFixed(2)}x ` +
      `(${cpus().length} cores; on one thread, --jobs 1: ${(redact / best.get(commands[1]!.name)!).toFixed(2)}x)`,
  );
}

const corpusPath = new URL('../../test/pii/corpus.jsonl', import.meta.url).pathname;
const holdoutPath = new URL('../../test/pii/holdout.jsonl', import.meta.url).pathname;
const holdout2Path = new URL('../../test/pii/holdout2.jsonl', import.meta.url).pathname;
const holdout3Path = new URL('../../test/pii/holdout3.jsonl', import.meta.url).pathname;
const corpus = loadCorpus(corpusPath);
const sets: Array<{ title: string; posts: CorpusPost[] }> = [{ title: 'corpus (tuned)', posts: corpus }];
report('Corpus (used for tuning)', corpus);
if (existsSync(holdoutPath)) {
  const posts = loadCorpus(holdoutPath);
  report('Holdout (written after tuning, never tuned on)', posts);
  sets.push({ title: 'holdout', posts });
} else console.log('\n(no test/pii/holdout.jsonl: holdout not reported)');
if (existsSync(holdout2Path)) {
  const posts = loadCorpus(holdout2Path);
  report('Holdout 2 (written after the second tuning round, never tuned on)', posts);
  sets.push({ title: 'holdout2', posts });
} else console.log('\n(no test/pii/holdout2.jsonl: holdout 2 not reported)');
if (existsSync(holdout3Path)) {
  const posts = loadCorpus(holdout3Path);
  report('Holdout 3 (written after the third tuning round, never tuned on)', posts);
  sets.push({ title: 'holdout3', posts });
} else console.log('\n(no test/pii/holdout3.jsonl: holdout 3 not reported)');
const EVAL_SETS = [
  { dir: 'eval', title: 'eval (new)', what: 'Evaluation set' },
  { dir: 'eval2', title: 'eval2', what: 'Evaluation set 2' },
] as const;
for (const set of EVAL_SETS) {
  const dir = new URL(`../../test/pii/${set.dir}/`, import.meta.url).pathname;
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.jsonl'))
        .sort()
    : [];
  if (files.length === 0) {
    console.log(`\n(no test/pii/${set.dir}/*.jsonl: ${set.what.toLowerCase()} is not reported)`);
    continue;
  }
  const posts = files.flatMap((f) => loadCorpus(join(dir, f)));
  report(
    `${set.what} (test/pii/${set.dir}/, ${files.length} files, independent authors, never tuned on)`,
    posts,
  );
  byVariant(set.what.toLowerCase(), posts);
  sets.push({ title: set.title, posts });
}
summary(sets);
throughput(corpus);
const heldOut = sets.slice(1).flatMap((set) => set.posts);
cliThroughput(heldOut.length > 0 ? heldOut : corpus, Number(process.env.CLI_POSTS ?? 200_000));
