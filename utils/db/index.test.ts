import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { makeSnapshot, makeStatus } from '../../test/factories';
import { openRescopeStore } from '../rescope/store';
import { TokenRecordSchema } from '../secrets';
import { createIndexedDbStore, snapshotKey } from '../snapshot/store';
import { DB_NAME, DB_VERSION, LEGACY_RESCOPE_DB, LEGACY_SECRETS_DB, openDatabase } from '.';

/** The layout before the one database: three databases, as the three old wrappers created them. */
function req<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function legacyDb(
  factory: IDBFactory,
  name: string,
  upgrade: (db: IDBDatabase) => void,
  fill: (db: IDBDatabase) => IDBTransaction,
) {
  const open = factory.open(name, 1);
  open.onupgradeneeded = () => upgrade(open.result);
  const db = await req(open);
  const tx = fill(db);
  await new Promise((resolve) => (tx.oncomplete = resolve));
  db.close();
}

const job = {
  id: 'job-1',
  server: 'https://social.example',
  accountId: '1',
  target: 'private',
  createdAt: 1,
  status: 'paused',
  order: ['10'],
  wakeAt: null,
  deleteWindow: { start: 0, count: 3 },
  finishedAt: null,
  error: null,
};
const entry = {
  jobId: 'job-1',
  postId: '10',
  seq: 0,
  state: 'deleted',
  oldUrl: null,
  inReplyToId: null,
  replyTo: null,
  generation: 0,
  mediaIds: null,
  mediaReuploaded: false,
  newId: null,
  newUrl: null,
  reason: null,
  failedIn: null,
  attempts: 0,
  updatedAt: 1,
};
const token = { origin: 'https://social.example', accessToken: 'secret', scopes: ['read'] };

async function writeOldLayout(factory: IDBFactory) {
  const snapshot = makeSnapshot();
  await legacyDb(
    factory,
    DB_NAME,
    (db) => db.createObjectStore('snapshots'),
    (db) => {
      const tx = db.transaction('snapshots', 'readwrite');
      tx.objectStore('snapshots').put(snapshot, snapshotKey(snapshot.server, snapshot.account.id));
      return tx;
    },
  );
  await legacyDb(
    factory,
    LEGACY_SECRETS_DB,
    (db) => db.createObjectStore('secrets'),
    (db) => {
      const tx = db.transaction('secrets', 'readwrite');
      tx.objectStore('secrets').put(token, 'token');
      return tx;
    },
  );
  await legacyDb(
    factory,
    LEGACY_RESCOPE_DB,
    (db) => {
      db.createObjectStore('jobs', { keyPath: 'id' });
      db.createObjectStore('journal', { keyPath: ['jobId', 'postId'] }).createIndex('jobId', 'jobId');
      db.createObjectStore('backups', { keyPath: ['jobId', 'postId'] }).createIndex('jobId', 'jobId');
      db.createObjectStore('media', { keyPath: 'key' });
    },
    (db) => {
      const tx = db.transaction(['jobs', 'journal', 'media'], 'readwrite');
      tx.objectStore('jobs').put(job);
      tx.objectStore('journal').put(entry);
      tx.objectStore('media').put({
        key: 'job-1/10/m1',
        bytes: new Uint8Array([1, 2, 3]).buffer,
        mime: 'image/png',
      });
      return tx;
    },
  );
  return snapshot;
}

describe('the one database', () => {
  it('migrates the three old databases into one and deletes them', async () => {
    const factory = new IDBFactory();
    const snapshot = await writeOldLayout(factory);

    const db = await openDatabase({ factory, importLegacy: true });
    expect(db.version).toBe(DB_VERSION);
    expect(TokenRecordSchema.parse(await db.get('secrets', 'token'))).toEqual(token);
    db.close();

    expect(await createIndexedDbStore(factory).load(snapshot.server, snapshot.account.id)).toEqual(snapshot);
    const store = await openRescopeStore(DB_NAME, factory);
    // Records of the old layout read with the fields added since filled in.
    expect(await store.getJob('job-1')).toEqual({ ...job, waitReason: null });
    expect(await store.listEntries('job-1')).toEqual([{ ...entry, uploadedMedia: {} }]);
    expect(new Uint8Array((await store.getMedia('job-1/10/m1'))!.bytes)).toEqual(new Uint8Array([1, 2, 3]));
    store.close();

    const names = (await factory.databases()).map((d) => d.name);
    expect(names).toEqual([DB_NAME]);
  });

  it('never copies an old database again once imported, even when its deletion was cut short', async () => {
    const factory = new IDBFactory();
    await writeOldLayout(factory);
    const db = await openDatabase({ factory, importLegacy: true });
    const newer = { ...token, accessToken: 'newer' };
    await db.put('secrets', newer, 'token');
    db.close();
    // The old database comes back as if its deletion had not finished before a restart.
    await legacyDb(
      factory,
      LEGACY_SECRETS_DB,
      (d) => d.createObjectStore('secrets'),
      (d) => {
        const tx = d.transaction('secrets', 'readwrite');
        tx.objectStore('secrets').put(token, 'token');
        return tx;
      },
    );
    const again = await openDatabase({ factory, importLegacy: true });
    expect(await again.get('secrets', 'token')).toEqual(newer);
    again.close();
    expect((await factory.databases()).map((d) => d.name)).toEqual([DB_NAME]);
  });

  it('reads a damaged record as missing instead of misreading it', async () => {
    const factory = new IDBFactory();
    const db = await openDatabase({ factory });
    await db.put('jobs', { id: 'broken', status: 'exploded' });
    await db.put('snapshots', { version: 1, server: 'x' }, 'x|1');
    db.close();
    const store = await openRescopeStore(DB_NAME, factory);
    expect(await store.getJob('broken')).toBeUndefined();
    expect(await store.listJobs()).toEqual([]);
    store.close();
    expect(await createIndexedDbStore(factory).load('x', '1')).toBeNull();
  });

  it('knows which posts of a snapshot only an archive holds, for records from before it was kept', async () => {
    const factory = new IDBFactory();
    const db = await openDatabase({ factory });
    const posts = [makeStatus({ id: '2' }), makeStatus({ id: '1' })];
    const api = makeSnapshot({ statuses: posts });
    const merged = makeSnapshot({ server: 'https://merged.example', source: 'api+archive', statuses: posts });
    const archive = makeSnapshot({ server: 'https://archive.example', source: 'archive', statuses: posts });
    const current = makeSnapshot({
      server: 'https://current.example',
      source: 'api+archive',
      statuses: posts,
      archiveOnly: ['1'],
    });
    const damaged = { ...current, server: 'https://damaged.example', archiveOnly: [1] };
    for (const s of [api, merged, archive, current, damaged])
      await db.put('snapshots', s, snapshotKey(s.server, s.account.id));
    db.close();
    const store = createIndexedDbStore(factory);
    const load = (s: { server: string; account: { id: string } }) => store.load(s.server, s.account.id);
    expect((await load(api))?.archiveOnly).toBeUndefined();
    // Which were the API's is unknown: none of them is taken for deleted; the next check sorts them out.
    expect((await load(merged))?.archiveOnly).toEqual(['2', '1']);
    expect((await load(archive))?.archiveOnly).toEqual(['2', '1']);
    expect(await load(current)).toEqual(current);
    expect(await load(damaged)).toBeNull();
  });

  it('opens an empty profile at the current version with every store', async () => {
    const db = await openDatabase({ factory: new IDBFactory() });
    expect([...db.objectStoreNames].sort()).toEqual(
      ['backups', 'jobs', 'journal', 'media', 'meta', 'secrets', 'snapshots'].sort(),
    );
    db.close();
  });
});
