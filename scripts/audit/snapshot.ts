/**
 * `npm run --silent audit -- snapshot <server-url> --token=<token> --out <file.json> [--previous <file.json>]`
 * Reads an account snapshot with the extension's own code and writes it as JSON. With
 * `--previous` (or when --out already holds a snapshot of the same account) only what is new is read.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createClient } from '../../utils/mastodon';
import { describeError } from '../../utils/mastodon/describe-error';
import { parseServerInput } from '../../utils/mastodon/server-url';
import { collectSnapshot } from '../../utils/snapshot/collect';
import { SNAPSHOT_VERSION, type AccountSnapshot } from '../../utils/snapshot/types';
import { completenessLines } from '../../utils/snapshot/completeness-text';
import { EXIT, interruptible } from './common';
import { progressLine, snapshotProgress } from './progress';

const USAGE =
  'Usage: audit snapshot <server-url> --token=<token> --out <file.json> [--previous <file.json>] [--fresh] [--verbose]\n' +
  'Exit codes: 0 read completely, 3 partly read (it says what is missing), 1 failed, 2 usage error.';

function readPrevious(file: string): AccountSnapshot | null {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<AccountSnapshot>;
  return data.version === SNAPSHOT_VERSION && data.account && Array.isArray(data.statuses)
    ? (data as AccountSnapshot)
    : null;
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        token: { type: 'string' },
        out: { type: 'string' },
        previous: { type: 'string' },
        fresh: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    console.error(`audit snapshot: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const token = values.token ?? process.env.FEDIPRINT_TOKEN;
  if (positionals.length !== 1 || !token || !values.out) {
    console.error(USAGE);
    return 2;
  }
  const server = parseServerInput(positionals[0]!);
  if (!server.ok) {
    console.error(`audit snapshot: "${positionals[0]}" is not a usable server address (${server.reason}).`);
    return 1;
  }

  const previousFile = values.previous ?? (!values.fresh && existsSync(values.out) ? values.out : undefined);
  let previous: AccountSnapshot | null = null;
  if (previousFile) {
    try {
      previous = readPrevious(previousFile);
    } catch (error) {
      console.error(
        `audit snapshot: could not read ${previousFile}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return 1;
    }
  }

  const interrupt = interruptible();
  const started = performance.now();
  try {
    const client = createClient({ origin: server.origin, token, userAgent: 'Fediprint audit CLI' });
    const line = progressLine();
    const result = await collectSnapshot(client, {
      previous,
      signal: interrupt.signal,
      onProgress: snapshotProgress(line),
    });
    line.done();
    const { snapshot } = result;
    writeFileSync(values.out, JSON.stringify(snapshot));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const byVisibility = { public: 0, unlisted: 0, private: 0, direct: 0 };
    for (const s of snapshot.statuses) byVisibility[s.visibility] += 1;
    const posts = `${snapshot.statuses.length} posts (${byVisibility.public} public, ${byVisibility.unlisted} unlisted, ${byVisibility.private} followers-only, ${byVisibility.direct} direct; ${result.newStatuses} new)`;
    console.log(
      `@${snapshot.account.acct}: ${posts}, ${snapshot.followers.length} followers, ${snapshot.following.length} following, ` +
        `${snapshot.followRequests.length} follow requests, ${snapshot.conversations.length} conversations, ` +
        `${result.requests} requests, ${seconds} s → ${values.out}`,
    );
    for (const line of completenessLines(snapshot, { verbose: values.verbose })) console.log(line);
    if (result.error !== undefined)
      console.error(
        `audit snapshot: incomplete (${snapshot.incomplete.join(', ')}): ${describeError(result.error)}`,
      );
    return snapshot.incomplete.length > 0 ? EXIT.partial : EXIT.complete;
  } catch (error) {
    console.error(`audit snapshot: ${describeError(error)}`);
    return EXIT.failed;
  } finally {
    interrupt.dispose();
  }
}
