/**
 * The backup taken before any delete: the full status, its plain-text source, every media file
 * (downloaded, with its alt text) and the poll options. Kept in IndexedDB until the user removes
 * it; exportable at any time as one JSON file with the media inlined as base64 (one file, readable
 * with any text editor, no unzip needed).
 */
import type { MastodonClient } from '../mastodon/client';
import { NotFoundError } from '../mastodon/errors';
import type { DeletedStatus, Status } from '../mastodon/schemas';
import type { RescopeStore } from './store';
import type { BackedUpMedia, PostBackup } from './types';

export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

/** The backup could not be completed, so the post is left untouched. */
export class BackupError extends Error {
  override name = 'BackupError';
}

const MIME_BY_TYPE: Record<string, string> = {
  image: 'image/png',
  gifv: 'video/mp4',
  video: 'video/mp4',
  audio: 'audio/mpeg',
  unknown: 'application/octet-stream',
};

export function mediaKey(jobId: string, postId: string, mediaId: string): string {
  return `${jobId}/${postId}/${mediaId}`;
}

function filenameOf(url: string, fallback: string): string {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : fallback;
  } catch {
    // Not a URL we can parse: the attachment id still names the file uniquely.
    return fallback;
  }
}

/**
 * Reads the post fresh from the server (returns null when it is already gone), downloads its
 * media and stores everything. Throws BackupError when anything is missing: no backup, no delete.
 */
export async function backUpPost(
  deps: { client: MastodonClient; store: RescopeStore; fetch: FetchLike; now: number },
  jobId: string,
  postId: string,
  signal?: AbortSignal,
): Promise<PostBackup | null> {
  const { client, store } = deps;
  let status: Status;
  try {
    status = await client.getStatus(postId, signal);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
  const source = await client.statusSource(postId, signal);
  const media: BackedUpMedia[] = [];
  for (const attachment of status.media_attachments) {
    const url = attachment.url ?? attachment.remote_url ?? null;
    if (!url)
      throw new BackupError(
        `Media ${attachment.id} has no URL yet; try again when the server has processed it.`,
      );
    let response: Response;
    try {
      response = await deps.fetch(url, { signal });
    } catch (error) {
      throw new BackupError(
        `Could not download media ${attachment.id}: ${(error as Error).message}. Check the connection and resume.`,
      );
    }
    if (!response.ok)
      throw new BackupError(
        `Could not download media ${attachment.id} (HTTP ${response.status}). Resume later.`,
      );
    const bytes = await response.arrayBuffer();
    const key = mediaKey(jobId, postId, attachment.id);
    const mime =
      response.headers.get('content-type')?.split(';')[0]?.trim() ||
      MIME_BY_TYPE[attachment.type] ||
      'application/octet-stream';
    await store.putMedia({ key, bytes, mime });
    media.push({
      id: attachment.id,
      type: attachment.type,
      url,
      description: attachment.description,
      mime,
      filename: filenameOf(url, `${attachment.id}`),
      size: bytes.byteLength,
      key,
    });
  }
  const backup: PostBackup = {
    jobId,
    postId,
    status,
    source: { text: source.text, spoiler_text: source.spoiler_text },
    deleted: null,
    media,
    poll: status.poll
      ? {
          options: status.poll.options.map((o) => o.title),
          multiple: status.poll.multiple,
          expiresAt: status.poll.expires_at,
          expired: status.poll.expired,
        }
      : null,
    createdAt: deps.now,
  };
  await store.putBackup(backup);
  return backup;
}

/** Keeps the DELETE answer: its `text` is what the re-post sends. */
export async function recordDeleted(
  store: RescopeStore,
  backup: PostBackup,
  deleted: DeletedStatus,
): Promise<PostBackup> {
  const updated = { ...backup, deleted };
  await store.putBackup(updated);
  return updated;
}

export async function mediaBlob(store: RescopeStore, media: BackedUpMedia): Promise<Blob> {
  const stored = await store.getMedia(media.key);
  if (!stored) throw new BackupError(`The backup of media ${media.id} is missing from local storage.`);
  return new Blob([stored.bytes], { type: stored.mime });
}

function toBase64(bytes: ArrayBuffer): string {
  const view = new Uint8Array(bytes);
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < view.length; i += chunk) binary += String.fromCharCode(...view.subarray(i, i + chunk));
  return btoa(binary);
}

export const BACKUP_FORMAT = 'fediprint-rescope-backup';

export interface ExportedBackupFile {
  format: typeof BACKUP_FORMAT;
  version: 1;
  exportedAt: string;
  posts: (Omit<PostBackup, 'media'> & { media: (BackedUpMedia & { base64: string })[] })[];
}

/** One JSON file with every backup (or one job's), media inlined. */
export async function exportBackup(
  store: Pick<RescopeStore, 'listBackups' | 'getMedia'>,
  jobId?: string,
  now: number = Date.now(),
): Promise<Blob> {
  const backups = await store.listBackups(jobId);
  const posts: ExportedBackupFile['posts'] = [];
  for (const backup of backups) {
    const media = [];
    for (const m of backup.media) {
      const stored = await store.getMedia(m.key);
      if (!stored) throw new BackupError(`The backup of media ${m.id} is missing from local storage.`);
      media.push({ ...m, base64: toBase64(stored.bytes) });
    }
    posts.push({ ...backup, media });
  }
  const file: ExportedBackupFile = {
    format: BACKUP_FORMAT,
    version: 1,
    exportedAt: new Date(now).toISOString(),
    posts,
  };
  return new Blob([JSON.stringify(file, null, 1)], { type: 'application/json' });
}

/** Removes a job's backups and media; only ever on the user's request. */
export async function deleteBackup(store: RescopeStore, jobId: string): Promise<void> {
  await store.deleteBackups(jobId);
}
