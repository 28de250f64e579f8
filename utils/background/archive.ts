/**
 * Archive merge as a background job: the page reads the zip (the file never leaves it) and sends
 * the parsed posts in parts; once the last part is in, the merge runs in the account's queue, so it
 * never interleaves with a crawl, and its state is stored for the page to watch.
 */
import type { ArchiveActor } from '../archive/actor';
import type { ArchiveImport, ArchiveStats } from '../archive';
import { archiveToSnapshot } from '../archive/snapshot';
import { t } from '../i18n';
import { describeError } from '../mastodon/describe-error';
import type { Status } from '../mastodon/schemas';
import { loadSnapshot, saveSnapshot } from '../snapshot/store';
import { writeKey, type Session } from '../storage';
import { queues, requireSession, sessionAccount } from './account-queue';
import { UserFacingError } from './auth';
import { recompute } from './checkup';
import type { Admission } from './queue';

interface Pending {
  parts: (Status[] | undefined)[];
  received: number;
}

/** Parts of imports still arriving; lost with the service worker, which the last part then reports. */
const pending = new Map<string, Pending>();

export interface ArchivePart {
  importId: string;
  part: number;
  parts: number;
  statuses: Status[];
  actor?: ArchiveActor;
  posts?: number;
}

/** Takes one part; with the last one, queues the merge. `complete` says whether it was the last. */
export async function receiveArchivePart(
  part: ArchivePart,
): Promise<{ complete: boolean; admission?: Admission }> {
  const session = await requireSession();
  if (part.part >= part.parts) throw new UserFacingError(t('archive_error_unknown', 'part out of range'));
  let entry = pending.get(part.importId);
  if (!entry) {
    entry = { parts: new Array<Status[] | undefined>(part.parts).fill(undefined), received: 0 };
    pending.set(part.importId, entry);
  }
  if (!entry.parts[part.part]) entry.received += 1;
  entry.parts[part.part] = part.statuses;
  if (part.part < part.parts - 1) return { complete: false };
  pending.delete(part.importId);
  if (entry.received !== part.parts || !part.actor) {
    // The background restarted between parts: say so rather than merge a partial archive.
    throw new UserFacingError(t('archive_error_unknown', t('archive_partsLost')));
  }
  const statuses = entry.parts.flatMap((p) => p ?? []);
  const imported = {
    actor: part.actor,
    statuses,
    stats: { posts: part.posts ?? statuses.length } as ArchiveStats,
  } satisfies ArchiveImport;
  return { complete: true, admission: await queueArchiveMerge(session, part.importId, imported) };
}

export async function queueArchiveMerge(
  session: Session,
  importId: string,
  imported: ArchiveImport,
): Promise<Admission> {
  const { admission } = queues.enqueue(
    sessionAccount(session),
    `archive:${importId}`,
    'archive-merge',
    async () => {
      await writeKey('archiveMerge', {
        importId,
        status: 'merging',
        behind: null,
        message: null,
        at: new Date().toISOString(),
      });
      try {
        // Read inside the queue: no crawl runs now, so what is stored is the latest.
        const live = await loadSnapshot(session.origin, session.accountId);
        const merged = archiveToSnapshot(imported, live);
        // Without a live snapshot yet, file the archive under the signed-in account.
        await saveSnapshot(
          live
            ? merged
            : { ...merged, server: session.origin, account: { ...merged.account, id: session.accountId } },
        );
        await recompute();
        await writeKey('archiveMerge', {
          importId,
          status: 'done',
          behind: null,
          message: null,
          at: new Date().toISOString(),
        });
      } catch (error) {
        await writeKey('archiveMerge', {
          importId,
          status: 'error',
          behind: null,
          message: describeError(error),
          at: new Date().toISOString(),
        });
        throw error;
      }
    },
  );
  if (admission.behind) {
    await writeKey('archiveMerge', {
      importId,
      status: 'queued',
      behind: admission.behind,
      message: null,
      at: new Date().toISOString(),
    });
  }
  return admission;
}
