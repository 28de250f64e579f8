/**
 * `npm run --silent audit -- archive <zip> [--json] [--trusted a.example,b.example] [--lang en|de]`
 * Runs the checkup on a Mastodon export archive, offline: no request is made. Same report as
 * `audit server` (with --json: `{"account": {"acct"}, "score", "grade", "findings", "stats":
 * {"posts", "requests": 0, "seconds"}}`), plus `archive` with what the import counted.
 * Exit code 0 on success, 1 when the archive cannot be read or a check failed, 2 on usage errors.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  ArchiveError,
  ARCHIVE_ERROR_KEYS,
  archiveToSnapshot,
  importArchive,
  type ArchiveStats,
} from '../../utils/archive/index';
import { computeHolders } from '../../utils/holders/index';
import { setFallbackLocale, t } from '../../utils/i18n';
import { checkup, checkupOutput, interruptible, settingsWith } from './common';
import { progressLine } from './progress';
import { readableReport, type ServerAuditOutput } from './server';

const USAGE = 'Usage: audit archive <archive.zip> [--json] [--trusted a.example,b.example] [--lang en|de]';

export interface ArchiveAuditOutput extends ServerAuditOutput {
  source: 'archive';
  archive: ArchiveStats;
}

/**
 * Opens a file as the web stream importArchive reads: a byte stream that reads on demand into
 * the reader's own buffer (importArchive reuses one 1 MiB buffer), like a browser File.stream().
 * `Readable.toWeb(createReadStream())` instead allocates a fresh chunk per read, 500 MB of
 * garbage for a 500 MB archive, which showed up in the import's peak memory.
 */
export function fileStream(path: string, chunkBytes = 1024 * 1024): ReadableStream<Uint8Array> {
  let file: FileHandle | undefined;
  return new ReadableStream({
    type: 'bytes',
    autoAllocateChunkSize: chunkBytes,
    async start() {
      file = await open(path, 'r');
    },
    async pull(controller) {
      const handle = file!;
      const request = controller.byobRequest!;
      const view = request.view!;
      const { bytesRead } = await handle.read(
        new Uint8Array(view.buffer, view.byteOffset, view.byteLength),
        0,
        view.byteLength,
        null,
      );
      if (bytesRead === 0) {
        await handle.close();
        controller.close();
        request.respond(0);
        return;
      }
      request.respond(bytesRead);
    },
    async cancel() {
      await file?.close();
    },
  });
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        trusted: { type: 'string' },
        lang: { type: 'string' },
      },
    });
  } catch (error) {
    console.error(`audit archive: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.lang) setFallbackLocale(values.lang);
  const path = positionals[0];
  if (positionals.length !== 1 || !path) {
    console.error(USAGE);
    return 2;
  }
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    console.error(
      `audit archive: cannot open ${path}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }

  const interrupt = interruptible();
  const started = performance.now();
  try {
    const line = progressLine();
    const imp = await importArchive(fileStream(path), {
      signal: interrupt.signal,
      onProgress: (bytes) => line.update(t('archive_reading', megabytes(bytes), megabytes(size))),
    });
    line.done();
    const snapshot = archiveToSnapshot(imp);
    const { context, result } = checkup(snapshot, settingsWith(snapshot, values.trusted));
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    const stats = { posts: imp.stats.posts, requests: 0, seconds };
    if (values.json) {
      const output: ArchiveAuditOutput = {
        ...checkupOutput(snapshot, context, result, stats),
        source: 'archive',
        archive: imp.stats,
      };
      process.stdout.write(`${JSON.stringify(output)}\n`);
    } else {
      const holders = computeHolders(snapshot, context.settings);
      process.stdout.write(readableReport(snapshot, result, holders, context.homeDomain, stats));
      process.stdout.write(`${t('archive_unknownSettings')}\n`);
      if (imp.stats.actorMissing) process.stdout.write(`${t('archive_actorMissing')}\n`);
    }
    return result.errors.length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof ArchiveError) {
      console.error(`audit archive: ${t(ARCHIVE_ERROR_KEYS[error.code])}\n  (${error.message})`);
    } else {
      console.error(
        `audit archive: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
      );
    }
    return 1;
  } finally {
    interrupt.dispose();
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
