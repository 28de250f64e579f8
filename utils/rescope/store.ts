/**
 * Local persistence of re-scope jobs: IndexedDB 'fediprint-rescope' with the stores 'jobs',
 * 'journal', 'backups' and 'media'. Every write is its own transaction that has completed before
 * the promise resolves, so a state written before a side effect survives a service-worker kill.
 * IndexedDB (not storage.local) because backups hold media bytes and storage.local has quotas
 * and no binary type.
 */
import type { JournalEntry, PostBackup, RescopeJob, StoredMedia } from './types';

export const RESCOPE_DB_NAME = 'fediprint-rescope';
const DB_VERSION = 1;

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

export class RescopeStoreError extends Error {
  override name = 'RescopeStoreError';
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () =>
      reject(new RescopeStoreError(`Local storage failed: ${req.error?.message ?? 'unknown error'}`));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () =>
      reject(new RescopeStoreError(`Local storage failed: ${tx.error?.message ?? 'unknown error'}`));
    tx.onabort = () =>
      reject(new RescopeStoreError(`Local storage aborted: ${tx.error?.message ?? 'quota or shutdown'}`));
  });
}

export async function openRescopeStore(
  name: string = RESCOPE_DB_NAME,
  factory: IDBFactory = globalThis.indexedDB,
): Promise<RescopeStore> {
  const open = factory.open(name, DB_VERSION);
  open.onupgradeneeded = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('jobs')) db.createObjectStore('jobs', { keyPath: 'id' });
    if (!db.objectStoreNames.contains('journal'))
      db.createObjectStore('journal', { keyPath: ['jobId', 'postId'] }).createIndex('jobId', 'jobId');
    if (!db.objectStoreNames.contains('backups'))
      db.createObjectStore('backups', { keyPath: ['jobId', 'postId'] }).createIndex('jobId', 'jobId');
    if (!db.objectStoreNames.contains('media')) db.createObjectStore('media', { keyPath: 'key' });
  };
  const db = await request(open);
  return new IdbRescopeStore(db);
}

class IdbRescopeStore implements RescopeStore {
  constructor(private readonly db: IDBDatabase) {}

  private async write(store: string, fn: (s: IDBObjectStore) => void): Promise<void> {
    const tx = this.db.transaction(store, 'readwrite');
    fn(tx.objectStore(store));
    await done(tx);
  }

  private read<T>(store: string, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    return request(fn(this.db.transaction(store, 'readonly').objectStore(store)));
  }

  putJob(job: RescopeJob) {
    return this.write('jobs', (s) => s.put(job));
  }
  getJob(id: string) {
    return this.read<RescopeJob | undefined>('jobs', (s) => s.get(id));
  }
  async updateJob(id: string, mutate: (job: RescopeJob) => RescopeJob) {
    const tx = this.db.transaction('jobs', 'readwrite');
    const store = tx.objectStore('jobs');
    let result: RescopeJob | undefined;
    const get = store.get(id) as IDBRequest<RescopeJob | undefined>;
    get.onsuccess = () => {
      if (!get.result) return;
      result = mutate(get.result);
      store.put(result);
    };
    await done(tx);
    return result;
  }
  listJobs() {
    return this.read<RescopeJob[]>('jobs', (s) => s.getAll());
  }
  async deleteJob(id: string) {
    const tx = this.db.transaction(['jobs', 'journal'], 'readwrite');
    tx.objectStore('jobs').delete(id);
    tx.objectStore('journal').delete(IDBKeyRange.bound([id, ''], [id, '\uffff']));
    await done(tx);
  }
  putEntry(entry: JournalEntry) {
    return this.write('journal', (s) => s.put(entry));
  }
  putEntries(entries: JournalEntry[]) {
    return this.write('journal', (s) => entries.forEach((e) => s.put(e)));
  }
  getEntry(jobId: string, postId: string) {
    return this.read<JournalEntry | undefined>('journal', (s) => s.get([jobId, postId]));
  }
  async listEntries(jobId: string) {
    const all = await this.read<JournalEntry[]>('journal', (s) => s.index('jobId').getAll(jobId));
    return all.sort((a, b) => a.seq - b.seq);
  }
  putBackup(backup: PostBackup) {
    return this.write('backups', (s) => s.put(backup));
  }
  getBackup(jobId: string, postId: string) {
    return this.read<PostBackup | undefined>('backups', (s) => s.get([jobId, postId]));
  }
  listBackups(jobId?: string) {
    return this.read<PostBackup[]>('backups', (s) =>
      jobId === undefined ? s.getAll() : s.index('jobId').getAll(jobId),
    );
  }
  async deleteBackups(jobId: string) {
    const tx = this.db.transaction(['backups', 'media'], 'readwrite');
    tx.objectStore('backups').delete(IDBKeyRange.bound([jobId, ''], [jobId, '\uffff']));
    tx.objectStore('media').delete(IDBKeyRange.bound(`${jobId}/`, `${jobId}/\uffff`));
    await done(tx);
  }
  putMedia(media: StoredMedia) {
    return this.write('media', (s) => s.put(media));
  }
  getMedia(key: string) {
    return this.read<StoredMedia | undefined>('media', (s) => s.get(key));
  }
  close() {
    this.db.close();
  }
}
