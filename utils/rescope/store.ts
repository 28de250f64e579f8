/**
 * Local persistence of re-scope jobs, in the stores 'jobs', 'journal', 'backups' and 'media' of
 * the one database (utils/db). Every write is its own transaction that has completed before the
 * promise resolves, so a state written before a side effect survives a service-worker kill.
 * IndexedDB (not storage.local) because backups hold media bytes and storage.local has quotas
 * and no binary type. Every record is validated when read.
 */
import { database, openDatabase, valid, validList, type Db, type StoreName } from '../db';
import { JournalEntrySchema, PostBackupSchema, RescopeJobSchema, StoredMediaSchema } from '../db/records';
import type { JournalEntry, PostBackup, RescopeJob, StoredMedia } from './types';

export interface RescopeStore {
  putJob(job: RescopeJob): Promise<void>;
  getJob(id: string): Promise<RescopeJob | undefined>;
  /** Read-modify-write in one transaction, so a pause from the dashboard never races the executor's writes. */
  updateJob(id: string, mutate: (job: RescopeJob) => RescopeJob): Promise<RescopeJob | undefined>;
  listJobs(): Promise<RescopeJob[]>;
  deleteJob(id: string): Promise<void>;
  putEntry(entry: JournalEntry): Promise<void>;
  putEntries(entries: JournalEntry[]): Promise<void>;
  getEntry(jobId: string, postId: string): Promise<JournalEntry | undefined>;
  /** In processing order (seq). */
  listEntries(jobId: string): Promise<JournalEntry[]>;
  putBackup(backup: PostBackup): Promise<void>;
  getBackup(jobId: string, postId: string): Promise<PostBackup | undefined>;
  listBackups(jobId?: string): Promise<PostBackup[]>;
  deleteBackups(jobId: string): Promise<void>;
  putMedia(media: StoredMedia): Promise<void>;
  getMedia(key: string): Promise<StoredMedia | undefined>;
  close(): void;
}

/** What pages may use: reading, for the progress view and the backup export. */
export type RescopeReader = Pick<
  RescopeStore,
  'getJob' | 'listJobs' | 'getEntry' | 'listEntries' | 'getBackup' | 'listBackups' | 'getMedia'
>;

export class RescopeStoreError extends Error {
  override name = 'RescopeStoreError';
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new RescopeStoreError(`Local storage failed: ${message || 'quota or shutdown'}`);
  }
}

const jobRange = (jobId: string) => IDBKeyRange.bound([jobId, ''], [jobId, '\uffff']);

/**
 * The re-scope stores of the shared database, or (tests, benchmarks) of a database of their own
 * name. `factory` lets a test use a fresh fake IndexedDB.
 */
export async function openRescopeStore(name?: string, factory?: IDBFactory): Promise<RescopeStore> {
  const db =
    name === undefined && factory === undefined ? await database() : await openDatabase({ name, factory });
  return new IdbRescopeStore(db, name !== undefined || factory !== undefined);
}

class IdbRescopeStore implements RescopeStore {
  constructor(
    private readonly db: Db,
    private readonly owned: boolean,
  ) {}

  private put(store: StoreName, value: unknown): Promise<void> {
    return guarded(async () => {
      const tx = this.db.transaction(store, 'readwrite');
      await Promise.all([tx.store.put(value as never), tx.done]);
    });
  }

  putJob(job: RescopeJob) {
    return this.put('jobs', job);
  }
  async getJob(id: string) {
    return valid(RescopeJobSchema, await guarded(() => this.db.get('jobs', id)), 're-scope job');
  }
  updateJob(id: string, mutate: (job: RescopeJob) => RescopeJob) {
    return guarded(async () => {
      const tx = this.db.transaction('jobs', 'readwrite');
      const current = valid(RescopeJobSchema, await tx.store.get(id), 're-scope job');
      const next = current ? mutate(current) : undefined;
      if (next) await tx.store.put(next);
      await tx.done;
      return next;
    });
  }
  async listJobs() {
    return validList(RescopeJobSchema, await guarded(() => this.db.getAll('jobs')), 're-scope job');
  }
  deleteJob(id: string) {
    return guarded(async () => {
      const tx = this.db.transaction(['jobs', 'journal'], 'readwrite');
      await Promise.all([
        tx.objectStore('jobs').delete(id),
        tx.objectStore('journal').delete(jobRange(id)),
        tx.done,
      ]);
    });
  }
  putEntry(entry: JournalEntry) {
    return this.put('journal', entry);
  }
  putEntries(entries: JournalEntry[]) {
    return guarded(async () => {
      const tx = this.db.transaction('journal', 'readwrite');
      await Promise.all([...entries.map((e) => tx.store.put(e)), tx.done]);
    });
  }
  async getEntry(jobId: string, postId: string) {
    return valid(
      JournalEntrySchema,
      await guarded(() => this.db.get('journal', [jobId, postId])),
      'journal entry',
    );
  }
  async listEntries(jobId: string) {
    const raw = await guarded(() => this.db.getAllFromIndex('journal', 'jobId', jobId));
    return validList(JournalEntrySchema, raw, 'journal entry').sort((a, b) => a.seq - b.seq);
  }
  putBackup(backup: PostBackup) {
    return this.put('backups', backup);
  }
  async getBackup(jobId: string, postId: string) {
    return valid(PostBackupSchema, await guarded(() => this.db.get('backups', [jobId, postId])), 'backup');
  }
  async listBackups(jobId?: string) {
    const raw = await guarded(() =>
      jobId === undefined ? this.db.getAll('backups') : this.db.getAllFromIndex('backups', 'jobId', jobId),
    );
    return validList(PostBackupSchema, raw, 'backup');
  }
  deleteBackups(jobId: string) {
    return guarded(async () => {
      const tx = this.db.transaction(['backups', 'media'], 'readwrite');
      await Promise.all([
        tx.objectStore('backups').delete(jobRange(jobId)),
        tx.objectStore('media').delete(IDBKeyRange.bound(`${jobId}/`, `${jobId}/\uffff`)),
        tx.done,
      ]);
    });
  }
  putMedia(media: StoredMedia) {
    return this.put('media', media);
  }
  async getMedia(key: string) {
    return valid(StoredMediaSchema, await guarded(() => this.db.get('media', key)), 'media backup');
  }
  close() {
    // The shared connection stays open for the rest of this context; only a test's own closes.
    if (this.owned) this.db.close();
  }
}
