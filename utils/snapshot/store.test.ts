import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { makeSnapshot } from '../../test/factories';
import {
  createIndexedDbStore,
  createMemoryStore,
  deleteAllSnapshots,
  loadSnapshot,
  saveSnapshot,
} from './store';

describe.each([
  ['IndexedDB', () => createIndexedDbStore(new IDBFactory())],
  ['memory', () => createMemoryStore()],
])('%s snapshot store', (_name, make) => {
  it('saves, loads per server and account, and deletes everything', async () => {
    const store = make();
    const a = makeSnapshot();
    const b = { ...makeSnapshot(), server: 'https://other.example' };
    await store.save(a);
    await store.save(b);
    expect(await store.load(a.server, a.account.id)).toEqual(a);
    expect(await store.load(b.server, b.account.id)).toEqual(b);
    expect(await store.load(a.server, 'nobody')).toBeNull();

    const changed = { ...a, statuses: [] };
    await store.save(changed);
    expect((await store.load(a.server, a.account.id))?.statuses).toEqual([]);

    await store.deleteAll();
    expect(await store.load(a.server, a.account.id)).toBeNull();
    expect(await store.load(b.server, b.account.id)).toBeNull();
  });

  it('drops a cached snapshot of another format version instead of misreading it', async () => {
    const store = make();
    const old = { ...makeSnapshot(), version: 0 } as unknown as ReturnType<typeof makeSnapshot>;
    await store.save(old);
    expect(await store.load(old.server, old.account.id)).toBeNull();
  });
});

describe('default store', () => {
  it('uses the global indexedDB (as in the service worker)', async () => {
    const s = makeSnapshot();
    await saveSnapshot(s);
    expect((await loadSnapshot(s.server, s.account.id))?.account.id).toBe(s.account.id);
    await deleteAllSnapshots();
    expect(await loadSnapshot(s.server, s.account.id)).toBeNull();
  });
});
