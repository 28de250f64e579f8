/**
 * Snapshot cache: the 'snapshots' store of the one database (utils/db) in the extension, a Map for
 * the Node CLI. One record per account, keyed `${server}|${accountId}`. Posts can run to tens of
 * megabytes, which is why this is not in `browser.storage`. Only the background writes it.
 */
import { database, openDatabase, valid, type Db } from '../db';
import { SnapshotRecordSchema } from '../db/records';
import type { AccountSnapshot } from './types';

export interface SnapshotStore {
  load(server: string, accountId: string): Promise<AccountSnapshot | null>;
  save(snapshot: AccountSnapshot): Promise<void>;
  deleteAll(): Promise<void>;
}

export function snapshotKey(server: string, accountId: string): string {
  return `${server}|${accountId}`;
}

/** Old cache formats and damaged records are dropped rather than misread; the next check reads afresh. */
function current(value: unknown): AccountSnapshot | null {
  return valid(SnapshotRecordSchema, value, 'snapshot') ?? null;
}

/** `factory`: a test's own fake IndexedDB; without it, the shared database of this context. */
export function createIndexedDbStore(factory?: IDBFactory): SnapshotStore {
  let db: Promise<Db> | null = null;
  const open = () => (db ??= factory ? openDatabase({ factory }) : database());
  return {
    async load(server, accountId) {
      return current(await (await open()).get('snapshots', snapshotKey(server, accountId)));
    },
    async save(snapshot) {
      await (await open()).put('snapshots', snapshot, snapshotKey(snapshot.server, snapshot.account.id));
    },
    async deleteAll() {
      await (await open()).clear('snapshots');
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
