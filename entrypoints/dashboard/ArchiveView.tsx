import { useRef, useState } from 'preact/hooks';
import { ArchiveImport, archiveErrorState, type ArchiveImportState } from '../../components/ArchiveImport';
import { importArchive } from '../../utils/archive';
import { ARCHIVE_CHUNK_POSTS, send } from '../../utils/messages';
import { jobKindLabel } from '../../utils/job-kinds';
import { t } from '../../utils/i18n';
import { onKeyChanged, readKey, type ArchiveMergeState, type Session } from '../../utils/storage';

export interface ArchiveViewProps {
  session: Session;
}

/** Resolves with the background's merge once it has finished (or failed) for this import. */
function mergeFinished(
  importId: string,
  onQueued: (state: ArchiveMergeState) => void,
): Promise<ArchiveMergeState> {
  return new Promise((resolve) => {
    const check = (state: ArchiveMergeState | undefined) => {
      if (state?.importId !== importId) return;
      if (state.status === 'queued') onQueued(state);
      if (state.status !== 'done' && state.status !== 'error') return;
      off();
      resolve(state);
    };
    const off = onKeyChanged('archiveMerge', check);
    void readKey('archiveMerge').then(check);
  });
}

/**
 * Reads Mastodon's export zip in this page (the file never leaves it) and, only when it was read
 * whole, sends the posts to the background, which merges them with the live snapshot (settings and
 * followers stay live) in the account's queue, after any running checkup, and re-runs the checks.
 */
export function ArchiveView({ session }: ArchiveViewProps) {
  const [state, setState] = useState<ArchiveImportState>({ status: 'idle' });
  const [queued, setQueued] = useState<ArchiveMergeState | null>(null);
  const controller = useRef<AbortController | null>(null);

  const onPick = async (file: File) => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setState({ status: 'reading', fileName: file.name, bytes: 0, total: file.size });
    try {
      const imported = await importArchive(file.stream(), {
        expectedAccount: { acct: session.acct, username: session.acct.split('@')[0], server: session.origin },
        signal: abort.signal,
        onProgress: (bytes) => setState({ status: 'reading', fileName: file.name, bytes, total: file.size }),
      });
      const importId = crypto.randomUUID();
      const finished = mergeFinished(importId, setQueued);
      const parts = Math.max(1, Math.ceil(imported.statuses.length / ARCHIVE_CHUNK_POSTS));
      for (let part = 0; part < parts; part++) {
        const last = part === parts - 1;
        const reply = await send({
          type: 'archive/merge',
          importId,
          part,
          parts,
          statuses: imported.statuses.slice(part * ARCHIVE_CHUNK_POSTS, (part + 1) * ARCHIVE_CHUNK_POSTS),
          ...(last ? { actor: imported.actor, posts: imported.stats.posts } : {}),
        });
        if (!reply.ok) throw new Error(reply.error);
      }
      const merged = await finished;
      if (merged.status === 'error') throw new Error(merged.message ?? '');
      setState({ status: 'done', fileName: file.name, stats: imported.stats });
    } catch (error) {
      setState(archiveErrorState(error));
    } finally {
      setQueued(null);
      if (controller.current === abort) controller.current = null;
    }
  };

  return (
    // ArchiveImport brings its own heading; the tab names the panel.
    <div class="fp-view-archive">
      <ArchiveImport
        state={state}
        onPick={(f) => void onPick(f)}
        onCancel={() => controller.current?.abort()}
      />
      {queued?.behind && (
        <p class="fp-muted" role="status">
          {t('archive_queued', jobKindLabel(queued.behind))}
        </p>
      )}
    </div>
  );
}
