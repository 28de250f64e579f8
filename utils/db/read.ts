/**
 * What extension pages may do with the database: read. Every write is a command to the background
 * (utils/messages.ts), which is the one writer; pages watch storage and ask again. Snapshots and
 * backups are read here rather than sent in messages because they run to tens of megabytes.
 */
import { createIndexedDbStore } from '../snapshot/store';
import { openRescopeStore, type RescopeReader } from '../rescope/store';
import type { AccountSnapshot } from '../snapshot/types';

export function readSnapshot(server: string, accountId: string): Promise<AccountSnapshot | null> {
  return createIndexedDbStore().load(server, accountId);
}

export async function rescopeReader(): Promise<RescopeReader> {
  const store = await openRescopeStore();
  return {
    getJob: (id) => store.getJob(id),
    listJobs: () => store.listJobs(),
    getEntry: (jobId, postId) => store.getEntry(jobId, postId),
    listEntries: (jobId) => store.listEntries(jobId),
    getBackup: (jobId, postId) => store.getBackup(jobId, postId),
    listBackups: (jobId) => store.listBackups(jobId),
    getMedia: (key) => store.getMedia(key),
  };
}
