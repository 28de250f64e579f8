/**
 * Snapshot cache. IndexedDB in the extension (service worker and pages alike: raw `indexedDB`, no
 * window needed), a Map for the Node CLI. One record per account, keyed `${server}|${accountId}`.
 * Posts can run to tens of megabytes, which is why this is not in `browser.storage`.
 */
import { SNAPSHOT_VERSION, type AccountSnapshot } from './types';

export interface SnapshotStore {
  load(server: string, accountId: string): Promise<AccountSnapshot | null>;
  save(snapshot: AccountSnapshot): Promise<void>;
  deleteAll(): Promise<void>;
}

export const DB_NAME = 'fediprint';
/** Bump with an upgrade step when the stores change. */
export const DB_VERSION = 1;
const STORE = 'snapshots';

export function snapshotKey(server: string, accountId: string): string {
  return `${server}|${accountId}`;
}

/** Old cache formats are dropped rather than misread; the next check reads afresh. */
function current(value: unknown): AccountSnapshot | null {
  if (!value || typeof value !== 'object') return null;
  return (value as { version?: unknown }).version === SNAPSHOT_VERSION ? (value as AccountSnapshot) : null;
}

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

export function createIndexedDbStore(factory: IDBFactory = globalThis.indexedDB): SnapshotStore {
  let db: Promise<IDBDatabase> | null = null;
  const open = (): Promise<IDBDatabase> => {
    db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = factory.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        const database = request.result;
        if (!database.objectStoreNames.contains(STORE)) database.createObjectStore(STORE);
      };
      request.onsuccess = () => {
        const database = request.result;
        // Another context upgrading the schema: step aside and reopen on next use.
        database.onversionchange = () => {
          database.close();
          db = null;
        };
        resolve(database);
      };
      request.onerror = () => {
        db = null;
        reject(request.error ?? new Error('Could not open the snapshot cache'));
      };
      request.onblocked = () =>
        reject(
          new Error(
            'The snapshot cache is blocked by another open Fediprint window; close it and try again.',
          ),
        );
    });
    return db;
  };

  return {
    async load(server, accountId) {
      const tx = (await open()).transaction(STORE, 'readonly');
      return current(await promised(tx.objectStore(STORE).get(snapshotKey(server, accountId))));
    },
    async save(snapshot) {
      const tx = (await open()).transaction(STORE, 'readwrite');
      tx.objectStore(STORE).put(snapshot, snapshotKey(snapshot.server, snapshot.account.id));
      await done(tx);
    },
    async deleteAll() {
      const tx = (await open()).transaction(STORE, 'readwrite');
      tx.objectStore(STORE).clear();
      await done(tx);
    },
  };
}

/** For the CLI and tests: same contract, structured-cloned so callers never share objects with the cache. */
export function createMemoryStore(): SnapshotStore {
  const records = new Map<string, AccountSnapshot>();
  return {
    async load(server, accountId) {
      const found = records.get(snapshotKey(server, accountId));
      return found ? current(structuredClone(found)) : null;
    },
    async save(snapshot) {
      records.set(snapshotKey(snapshot.server, snapshot.account.id), structuredClone(snapshot));
    },
    async deleteAll() {
      records.clear();
    },
  };
}

let defaultStore: SnapshotStore | null = null;
const store = () => (defaultStore ??= createIndexedDbStore());

export const loadSnapshot = (server: string, accountId: string) => store().load(server, accountId);
export const saveSnapshot = (snapshot: AccountSnapshot) => store().save(snapshot);
export const deleteAllSnapshots = () => store().deleteAll();
