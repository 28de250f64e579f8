/**
 * The extension's one IndexedDB database, through `idb`: every object store, its version and its
 * migrations are here. The background is its only writer; pages open it to read (see
 * utils/db/read.ts). Values are validated with zod when read (./records.ts): storage is input too.
 *
 * IndexedDB rather than storage.local because snapshots run to tens of megabytes, re-scope
 * backups hold media bytes, and the token must not be readable by content scripts (Chrome lets
 * them read storage.local).
 */
import { wrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { z } from 'zod';

export const DB_NAME = 'fediprint';
/** Bump with a step in MIGRATIONS when the stores change. */
export const DB_VERSION = 2;
/** Databases of earlier layouts, one per feature; their records move into DB_NAME once. */
export const LEGACY_SECRETS_DB = 'fediprint-secrets';
export const LEGACY_RESCOPE_DB = 'fediprint-rescope';

export interface FediprintDb extends DBSchema {
  /** AccountSnapshot by `${server}|${accountId}`. */
  snapshots: { key: string; value: unknown };
  /** 'token', 'pending' and `app|${origin}|${redirectUri}`. */
  secrets: { key: string; value: unknown };
  jobs: { key: string; value: unknown };
  journal: { key: [string, string]; value: unknown; indexes: { jobId: string } };
  backups: { key: [string, string]; value: unknown; indexes: { jobId: string } };
  media: { key: string; value: unknown };
  /** Bookkeeping of this module (which legacy databases were imported). */
  meta: { key: string; value: unknown };
}
export type StoreName = StoreNames<FediprintDb>;
export type Db = IDBPDatabase<FediprintDb>;
type UpgradeTx = IDBPTransaction<FediprintDb, StoreName[], 'versionchange'>;

/** MIGRATIONS[n] takes the layout from version n to n + 1; each runs once, in order. */
const MIGRATIONS: ((db: Db, tx: UpgradeTx) => void)[] = [
  // 0 → 1: the snapshot cache (the first layout; keys out of line).
  (db) => {
    db.createObjectStore('snapshots');
  },
  // 1 → 2: secrets and re-scope jobs join the snapshots in one database.
  (db) => {
    db.createObjectStore('secrets');
    db.createObjectStore('jobs', { keyPath: 'id' });
    db.createObjectStore('journal', { keyPath: ['jobId', 'postId'] }).createIndex('jobId', 'jobId');
    db.createObjectStore('backups', { keyPath: ['jobId', 'postId'] }).createIndex('jobId', 'jobId');
    db.createObjectStore('media', { keyPath: 'key' });
    db.createObjectStore('meta');
  },
];

export class DatabaseError extends Error {
  override name = 'DatabaseError';
}

export interface OpenOptions {
  name?: string;
  /** Tests pass a fresh fake-indexeddb factory. */
  factory?: IDBFactory;
  /** Only the background imports the legacy databases (it is the one writer). */
  importLegacy?: boolean;
  /** Prefix of the legacy database names (tests isolate theirs). */
  legacyPrefix?: string;
}

/** `idb`'s openDB with an injectable factory: openDB itself always uses the global one. */
function openWith(factory: IDBFactory, name: string): Promise<Db> {
  const request = factory.open(name, DB_VERSION);
  request.addEventListener('upgradeneeded', (event) => {
    const db = wrap(request.result) as unknown as Db;
    const tx = wrap(request.transaction!) as unknown as UpgradeTx;
    for (let v = event.oldVersion; v < DB_VERSION; v++) MIGRATIONS[v]!(db, tx);
  });
  request.addEventListener('blocked', () => {
    // An older tab holds the previous version open; it closes on versionchange (below), so wait.
    console.warn('Fediprint: the database upgrade waits for another Fediprint window to close it.');
  });
  return (wrap(request) as unknown as Promise<Db>).then((db) => {
    // Another context upgrading the layout: step aside, the next use reopens.
    db.addEventListener('versionchange', () => db.close());
    return db;
  });
}

export async function openDatabase(options: OpenOptions = {}): Promise<Db> {
  const factory = options.factory ?? globalThis.indexedDB;
  const db = await openWith(factory, options.name ?? DB_NAME).catch((error: Error) => {
    throw new DatabaseError(`Fediprint's local database could not be opened: ${error.message}`);
  });
  if (options.importLegacy) await importLegacyDatabases(db, factory, options.legacyPrefix ?? '');
  return db;
}

async function exists(factory: IDBFactory, name: string): Promise<boolean> {
  // databases() exists in every browser we support (Chrome 71+, Firefox 126+) and fake-indexeddb.
  return (await factory.databases()).some((d) => d.name === name);
}

/** Reads every record of a legacy store with its key (out-of-line keys need both). */
async function readAll(factory: IDBFactory, name: string, stores: string[]) {
  const legacy = await (wrap(factory.open(name)) as unknown as Promise<IDBPDatabase>);
  try {
    const out: Record<string, { keys: IDBValidKey[]; values: unknown[] }> = {};
    for (const store of stores) {
      if (!legacy.objectStoreNames.contains(store)) continue;
      const tx = legacy.transaction(store, 'readonly');
      out[store] = { keys: await tx.store.getAllKeys(), values: await tx.store.getAll() };
    }
    return out;
  } finally {
    legacy.close();
  }
}

/**
 * Moves the records of the earlier per-feature databases into this one. The copy and the
 * "imported" mark are one transaction, so a restart after it never copies stale records over newer
 * ones; the old databases are deleted afterwards (again on the next start if that was cut short).
 */
export async function importLegacyDatabases(db: Db, factory: IDBFactory, prefix = ''): Promise<void> {
  const sources = [
    { name: `${prefix}${LEGACY_SECRETS_DB}`, stores: ['secrets'] as const, inline: false },
    {
      name: `${prefix}${LEGACY_RESCOPE_DB}`,
      stores: ['jobs', 'journal', 'backups', 'media'] as const,
      inline: true,
    },
  ];
  for (const source of sources) {
    if (!(await exists(factory, source.name))) continue;
    const mark = `imported:${source.name}`;
    if (!(await db.get('meta', mark))) {
      const records = await readAll(factory, source.name, [...source.stores]);
      const tx = db.transaction([...source.stores, 'meta'], 'readwrite');
      for (const store of source.stores) {
        const found = records[store];
        if (!found) continue;
        found.values.forEach((value, i) => {
          if (source.inline) void tx.objectStore(store).put(value);
          else void tx.objectStore(store).put(value, found.keys[i] as never);
        });
      }
      void tx.objectStore('meta').put(true, mark);
      await tx.done;
    }
    await new Promise<void>((resolve) => {
      const request = factory.deleteDatabase(source.name);
      // A page still holding the old database open delays the delete; the next start finishes it.
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
  }
}

/** Reads one record and validates it; an invalid record is reported and read as missing. */
export function valid<T>(schema: z.ZodType<T>, raw: unknown, what: string): T | undefined {
  if (raw === undefined) return undefined;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  console.warn(`Fediprint: a stored ${what} is invalid and was ignored:`, parsed.error.issues[0]?.message);
  return undefined;
}

export function validList<T>(schema: z.ZodType<T>, raws: unknown[], what: string): T[] {
  const out: T[] = [];
  for (const raw of raws) {
    const value = valid(schema, raw, what);
    if (value !== undefined) out.push(value);
  }
  return out;
}

let shared: Promise<Db> | null = null;

/**
 * The database of this context, opened once. In the background it also imports the legacy
 * databases before the first use, so nothing reads a token before it has moved.
 */
export function database(options: OpenOptions = {}): Promise<Db> {
  shared ??= openDatabase(options).catch((error: unknown) => {
    shared = null;
    throw error;
  });
  return shared;
}

/** Tests: forget the shared connection (after deleting the database). */
export function resetSharedDatabase(): void {
  void shared?.then((db) => db.close()).catch(() => undefined);
  shared = null;
}
