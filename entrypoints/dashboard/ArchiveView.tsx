import { useRef, useState } from 'preact/hooks';
import { ArchiveImport, archiveErrorState, type ArchiveImportState } from '../../components/ArchiveImport';
import { archiveToSnapshot, importArchive } from '../../utils/archive';
import { send } from '../../utils/messages';
import { saveSnapshot } from '../../utils/snapshot/store';
import type { AccountSnapshot } from '../../utils/snapshot/types';
import type { Session } from '../../utils/storage';

export interface ArchiveViewProps {
  session: Session;
  snapshot: AccountSnapshot | null;
}

/**
 * Imports Mastodon's export zip in this page (the file never leaves it), merges it with the live
 * snapshot (settings and followers stay live), saves only when the import succeeded, then asks
 * the background to re-run the checks.
 */
export function ArchiveView({ session, snapshot }: ArchiveViewProps) {
  const [state, setState] = useState<ArchiveImportState>({ status: 'idle' });
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
      const merged = archiveToSnapshot(imported, snapshot);
      // Without a live snapshot yet, file the archive under the signed-in account.
      const toSave = snapshot
        ? merged
        : { ...merged, server: session.origin, account: { ...merged.account, id: session.accountId } };
      await saveSnapshot(toSave);
      const reply = await send({ type: 'checkup/recompute' });
      if (!reply.ok) throw new Error(reply.error);
      setState({ status: 'done', fileName: file.name, stats: imported.stats });
    } catch (error) {
      setState(archiveErrorState(error));
    } finally {
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
    </div>
  );
}
