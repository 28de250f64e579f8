/**
 * Progress for the audit commands: on a terminal, one line on stderr that rewrites itself and is
 * cleared at the end; anywhere else (a pipe, a file, CI) nothing at all, so stderr stays for
 * errors and stdout stays parseable.
 */
import { t } from '../../utils/i18n';
import { PART_LABEL_KEYS } from '../../utils/snapshot/part-labels';
import type { SnapshotPart, SnapshotProgress } from '../../utils/snapshot/types';

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressLine {
  update(text: string): void;
  /** Clears the line; call it before anything else is written. */
  done(): void;
}

const NOTHING: ProgressLine = { update: () => undefined, done: () => undefined };

/** Redraws at most every `intervalMs`, so thousands of page callbacks cost a few writes. */
export function progressLine(
  stream: ProgressStream = process.stderr,
  { intervalMs = 100, now = () => Date.now() }: { intervalMs?: number; now?: () => number } = {},
): ProgressLine {
  if (!stream.isTTY) return NOTHING;
  let last = -Infinity;
  let shown = false;
  return {
    update(text) {
      const at = now();
      if (at - last < intervalMs) return;
      last = at;
      // Longer than the terminal, the line would wrap and \r would no longer reach its start.
      // A terminal that reports no size (0 columns, as some pseudo-terminals do) gets 80.
      const columns = stream.columns && stream.columns > 0 ? stream.columns : 80;
      const width = Math.max(10, columns - 1);
      const line = [...text].length > width ? `${[...text].slice(0, width - 1).join('')}…` : text;
      stream.write(`\r${line}\x1b[K`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}

/** "Posts 120 of 600 · Followers 40 of 240": every part read so far, in the order it started. */
export function snapshotProgressText(parts: ReadonlyMap<SnapshotPart, SnapshotProgress>): string {
  return [...parts.values()]
    .map(
      (p) =>
        `${t(PART_LABEL_KEYS[p.part])} ${p.expected !== null ? t('progress_count', p.done, p.expected) : p.done}`,
    )
    .join(' · ');
}

/** An onProgress for collectSnapshot that draws the whole crawl on one line. */
export function snapshotProgress(line: ProgressLine): (p: SnapshotProgress) => void {
  const parts = new Map<SnapshotPart, SnapshotProgress>();
  return (p) => {
    parts.set(p.part, p);
    line.update(snapshotProgressText(parts));
  };
}
