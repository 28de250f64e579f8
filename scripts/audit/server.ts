/**
 * `npm run --silent audit -- server <server-url> --token=<token> [--json] [--verbose]`
 * Runs the extension's checkup in Node: reads the account snapshot with the same client and
 * collector, runs the same checks, and prints a readable report or, with --json,
 * `{"account": {"acct"}, "score", "grade", "findings", "complete", "shortfalls", "notChecked",
 * "unread", "software", "stats": {"posts", "requests", "seconds"}}`.
 * Exit code 0 for a complete checkup, 3 for a partial one (the report is still printed, saying
 * what is missing and why), 1 when nothing could be read, 2 on usage errors (see EXIT).
 * --verbose names every item left out, with its endpoint and field. The token is never printed.
 */
import { parseArgs } from 'node:util';
import type { CheckupResult } from '../../utils/checks/index';
import { checkName, kindLabel, severityLabel, whereLabel } from '../../utils/checks/lib/labels';
import { gradeLabel } from '../../utils/checks/score';
import { SEVERITIES } from '../../utils/checks/types';
import { computeHolders, type HolderMap } from '../../utils/holders/index';
import { toneLabel, toneOf } from '../../utils/holders/view';
import { setFallbackLocale, t, tn } from '../../utils/i18n';
import { createClient } from '../../utils/mastodon';
import { describeError } from '../../utils/mastodon/describe-error';
import { parseServerInput } from '../../utils/mastodon/server-url';
import { fixLabel, fullAcct } from '../../utils/report/index';
import { collectSnapshot } from '../../utils/snapshot/collect';
import type { AccountSnapshot } from '../../utils/snapshot/types';
import { completenessLines } from '../../utils/snapshot/completeness-text';
import { EXIT, checkup, checkupOutput, interruptible, settingsWith, type CheckupOutput } from './common';
import { progressLine, snapshotProgress } from './progress';

const USAGE =
  'Usage: audit server <server-url> --token=<token> [--json] [--verbose] [--trusted a.example,b.example] [--retention-days N|off] [--lang en|de]\n' +
  'Exit codes: 0 complete checkup, 3 partial checkup (the report says what is missing), 1 failed, 2 usage error.';

/**
 * Checks whose findings repeat the same sentence per post: the readable report shows PER_CHECK
 * of them and counts the rest (--json lists them all). Every other finding is shown.
 */
const REPETITIVE = new Set(['followers-only-untrusted-servers', 'old-public-posts']);
const PER_CHECK = 5;

/** The JSON `--json` prints. */
export type ServerAuditOutput = CheckupOutput;

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        token: { type: 'string' },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        trusted: { type: 'string' },
        'retention-days': { type: 'string' },
        lang: { type: 'string' },
      },
    });
  } catch (error) {
    console.error(`audit server: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  if (values.lang) setFallbackLocale(values.lang);
  const token = values.token ?? process.env.FEDIPRINT_TOKEN;
  if (positionals.length !== 1 || !token) {
    console.error(USAGE);
    return 2;
  }
  const server = parseServerInput(positionals[0]!);
  if (!server.ok) {
    console.error(`audit server: "${positionals[0]}" is not a usable server address (${server.reason}).`);
    return 1;
  }
  let retentionDays: number | null | undefined;
  const retention = values['retention-days'];
  if (retention !== undefined) {
    retentionDays = retention === 'off' ? null : Number(retention);
    if (retentionDays !== null && !(Number.isInteger(retentionDays) && retentionDays > 0)) {
      console.error(`audit server: --retention-days takes a whole number of days or "off".\n${USAGE}`);
      return 2;
    }
  }

  const interrupt = interruptible();
  const started = performance.now();
  try {
    const client = createClient({ origin: server.origin, token, userAgent: 'Fediprint audit CLI' });
    const line = progressLine();
    const collected = await collectSnapshot(client, {
      signal: interrupt.signal,
      onProgress: snapshotProgress(line),
    });
    line.done();
    const { snapshot } = collected;
    const { context, result } = checkup(snapshot, settingsWith(snapshot, values.trusted, retentionDays));
    const holders = computeHolders(snapshot, context.settings);
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    const stats = { posts: snapshot.statuses.length, requests: collected.requests, seconds };

    if (values.json) {
      const output: ServerAuditOutput = checkupOutput(snapshot, context, result, stats);
      process.stdout.write(`${JSON.stringify(output)}\n`);
    } else {
      process.stdout.write(
        readableReport(snapshot, result, holders, context.homeDomain, stats, { verbose: values.verbose }),
      );
    }
    if (collected.error !== undefined)
      console.error(
        `audit server: incomplete (${snapshot.incomplete.join(', ')}): ${describeError(collected.error)}`,
      );
    else if (snapshot.incomplete.length > 0)
      console.error(`audit server: not fully read (${snapshot.incomplete.join(', ')})`);
    return snapshot.incomplete.length > 0 || result.errors.length > 0 ? EXIT.partial : EXIT.complete;
  } catch (error) {
    console.error(`audit server: ${describeError(error)}`);
    return EXIT.failed;
  } finally {
    interrupt.dispose();
  }
}

/** Plain text for a terminal. Values are masked as in the findings. */
export function readableReport(
  snapshot: AccountSnapshot,
  result: CheckupResult,
  holders: HolderMap,
  homeDomain: string,
  stats: ServerAuditOutput['stats'],
  options: { verbose?: boolean } = {},
): string {
  // Titles carry remote domain names and masked values: strip control characters so nothing
  // from a server can send terminal escape sequences.
  const oneLine = (s: string) =>
    Array.from(s, (c) => (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f ? ' ' : c)).join('');
  const out: string[] = [];
  out.push(t('report_title', fullAcct(snapshot, homeDomain)));
  out.push(t('report_score', result.score, gradeLabel(result.grade)));
  out.push(SEVERITIES.map((s) => `${severityLabel(s)}: ${result.counts[s]}`).join(' · '));
  out.push(`${stats.posts} posts, ${stats.requests} requests, ${stats.seconds} s`);
  out.push(...completenessLines(snapshot, options).map(oneLine));
  for (const e of result.errors) out.push(t('report_checkFailed', e.check, e.message));
  for (const n of result.notApplicable)
    out.push(t('checks_notApplicable', checkName(n.check), n.version, n.since));
  out.push('');
  if (result.findings.length === 0) out.push(t('report_noFindings'));
  for (const severity of SEVERITIES) {
    const group = result.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    out.push(`== ${severityLabel(severity)} (${group.length}) ==`);
    const shownPerCheck = new Map<string, number>();
    const hidden = new Map<string, number>();
    for (const f of group) {
      const n = shownPerCheck.get(f.check) ?? 0;
      if (REPETITIVE.has(f.check) && n >= PER_CHECK) {
        hidden.set(f.check, (hidden.get(f.check) ?? 0) + 1);
        continue;
      }
      shownPerCheck.set(f.check, n + 1);
      out.push(`* ${oneLine(f.title)}`);
      out.push(`  ${oneLine(f.detail)}`);
      for (const e of f.evidence ?? [])
        out.push(
          `  - ${whereLabel(e.where)}${e.kind ? ` (${kindLabel(e.kind)})` : ''}: ${oneLine(e.masked)}`,
        );
      if (f.url) out.push(`  ${f.url}`);
      if (f.fix) out.push(`  ${t('report_fix')}: ${fixLabel(f.fix)}`);
    }
    for (const [check, count] of hidden) out.push(`* ${t('report_moreOfCheck', count, check)}`);
    out.push('');
  }
  out.push(`== ${t('holders_title')} ==`);
  out.push(t('holders_anyone', holders.anyone.public, holders.anyone.unlisted));
  out.push(
    tn(
      'holders_summary',
      holders.totals.servers,
      holders.totals.untrustedServers,
      holders.totals.blockedServers,
    ),
  );
  const top = holders.servers.slice(0, 15);
  const width = Math.max(...top.map((s) => s.domain.length), 6);
  for (const s of top)
    out.push(
      `  ${s.domain.padEnd(width)}  ${String(s.total).padStart(6)}  ${s.isHome ? t('holders_row_everything') : toneLabel(toneOf(s))}`,
    );
  if (holders.servers.length > top.length) out.push(`  … ${holders.servers.length - top.length}`);
  out.push('');
  return out.join('\n');
}
