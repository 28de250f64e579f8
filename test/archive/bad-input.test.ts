import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ArchiveError, archiveToSnapshot, importArchive } from '../../utils/archive/index';
import { makeSnapshot, makeStatus } from '../factories';
import { bytesToStream, generateArchive, streamToBytes } from './generate';
import { actorJson, createItem, outboxJson, PUBLIC, zipStreamed, zipWithSizes } from './helpers';

const good = () => ({
  'outbox.json': outboxJson([
    createItem('101', [PUBLIC], []),
    createItem('102', ['https://home.example/users/owner/followers'], []),
  ]),
  'media_attachments/files/000/000/001/original/a.jpg': new Uint8Array(5000).fill(7),
  'actor.json': actorJson(),
});

async function failure(
  bytes: Uint8Array,
  opts: Parameters<typeof importArchive>[1] = {},
): Promise<ArchiveError> {
  try {
    await importArchive(bytesToStream(bytes, 777), opts);
  } catch (error) {
    if (error instanceof ArchiveError) return error;
    throw error;
  }
  throw new Error('the import succeeded');
}

describe('bad input gives a typed ArchiveError', () => {
  it.each([
    ['plain text', new TextEncoder().encode('hello, this is not a zip at all')],
    ['empty file', new Uint8Array(0)],
    ['a PNG', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])],
    ['gzip (old tar.gz exports)', gzipSync(new TextEncoder().encode(outboxJson([])))],
  ])('not a zip: %s', async (_name, bytes) => {
    const error = await failure(bytes);
    expect(error.code).toBe('not-zip');
  });

  it('a zip without outbox.json', async () => {
    const error = await failure(zipWithSizes({ 'notes.txt': 'hello', 'actor.json': actorJson() }));
    expect(error.code).toBe('no-outbox');
    expect(error.message).toMatch(/outbox\.json/);
  });

  it('an empty zip', async () => {
    expect((await failure(zipWithSizes({}))).code).toBe('no-outbox');
  });

  it.each([
    ['sizes in headers', zipWithSizes(good())],
    ['data descriptors', zipStreamed(good())],
  ])('a zip cut off anywhere is reported as truncated (%s)', async (_layout, full) => {
    // Cut inside the outbox, inside the media, inside the central directory, and just before the end.
    for (const at of [
      40,
      Math.floor(full.length / 3),
      Math.floor(full.length * 0.75),
      full.length - 30,
      full.length - 1,
    ]) {
      const error = await failure(full.subarray(0, at));
      expect(error.code, `cut at ${at} of ${full.length}`).toBe('truncated');
    }
  });

  it('the complete zip of the truncation test imports', async () => {
    const imp = await importArchive(bytesToStream(zipStreamed(good()), 777));
    expect(imp.statuses).toHaveLength(2);
  });

  it('damaged compressed data is reported as corrupt', async () => {
    const zip = zipWithSizes(good());
    const broken = zip.slice();
    // Flip bytes in the middle of outbox.json's deflate stream (it starts after its 41-byte header).
    for (let i = 60; i < 120; i++) broken[i] = broken[i]! ^ 0x5a;
    const error = await failure(broken);
    expect(['corrupt', 'bad-json']).toContain(error.code);
  });

  it.each([
    ['garbage', '{"orderedItems":[{"id": nope}]}'],
    ['not an object', '[1,2,3]'],
    ['cut-off JSON', outboxJson([createItem('101', [PUBLIC], [])]).slice(0, -20)],
    ['trailing garbage', `${outboxJson([])} extra`],
  ])('corrupt outbox.json: %s', async (_name, text) => {
    const error = await failure(zipStreamed({ 'outbox.json': text, 'actor.json': actorJson() }));
    expect(error.code).toBe('bad-json');
    expect(error.message).toMatch(/outbox\.json/);
  });

  it('corrupt actor.json', async () => {
    const error = await failure(zipStreamed({ 'outbox.json': outboxJson([]), 'actor.json': '{"id": ' }));
    expect(error.code).toBe('bad-json');
    expect(error.message).toMatch(/actor\.json/);
  });

  it('invalid UTF-8 in outbox.json', async () => {
    const text = new TextEncoder().encode(outboxJson([createItem('101', [PUBLIC], [])]));
    const at = text.indexOf(0x70); // inside a string value
    const bytes = text.slice();
    bytes[text.lastIndexOf(0x70)] = 0xff;
    expect(at).toBeGreaterThan(0);
    expect((await failure(zipStreamed({ 'outbox.json': bytes, 'actor.json': actorJson() }))).code).toBe(
      'bad-json',
    );
  });

  it.each([
    ['uri', { uri: 'https://home.example/users/someone' }],
    ['acct with domain', { acct: 'owner@elsewhere.example' }],
    ['username', { username: 'alice' }],
    ['server', { username: 'owner', server: 'https://other.example' }],
  ])('an archive of another account (%s)', async (_what, expectedAccount) => {
    const error = await failure(zipStreamed(good()), { expectedAccount });
    expect(error.code).toBe('wrong-account');
  });

  it.each([
    ['uri', { uri: 'https://home.example/users/owner' }],
    ['acct', { acct: 'owner@home.example' }],
    ['username + server origin', { username: 'OWNER', server: 'https://home.example' }],
  ])('the signed-in account is accepted (%s)', async (_what, expectedAccount) => {
    const imp = await importArchive(bytesToStream(zipStreamed(good())), { expectedAccount });
    expect(imp.actor.preferredUsername).toBe('owner');
  });

  it('refuses a wrong account before reading the media', async () => {
    let read = 0;
    const bytes = await streamToBytes(generateArchive({ seed: 3, posts: 50, mediaBytes: 2_000_000 }));
    const error = await failure(bytes, {
      expectedAccount: { uri: 'https://home.example/users/someone' },
      onProgress: (n) => (read = n),
    });
    expect(error.code).toBe('wrong-account');
    expect(read).toBeLessThan(bytes.length / 2);
  });

  it('too large: an outbox.json over the limit', async () => {
    const error = await failure(zipStreamed(good()), { maxOutboxBytes: 200 });
    expect(error.code).toBe('too-large');
  });

  it('aborting rejects with the signal reason', async () => {
    const controller = new AbortController();
    const stream = generateArchive({ seed: 1, posts: 200, mediaBytes: 5_000_000 });
    const pending = importArchive(stream, {
      signal: controller.signal,
      onProgress: (n) => n > 100_000 && controller.abort(new DOMException('stop', 'AbortError')),
    });
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('a failed import leaves the stored snapshot untouched', async () => {
    const base = makeSnapshot({ statuses: [makeStatus({ id: '101' })] });
    const before = structuredClone(base);
    await failure(zipStreamed(good()).subarray(0, 300));
    // And a successful merge does not modify the base it was given either.
    const imp = await importArchive(bytesToStream(zipStreamed(good())));
    const merged = archiveToSnapshot(imp, base);
    expect(base).toEqual(before);
    expect(merged).not.toBe(base);
  });
});
