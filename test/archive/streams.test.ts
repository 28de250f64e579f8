/**
 * The ways bytes reach the zip reader: a byte stream read into one reused buffer (a browser
 * File.stream(), the CLI's fileStream), a plain stream of fresh chunks, and fflate's inflater
 * where the platform has no DecompressionStream('deflate-raw'). All must import the same posts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fileStream } from '../../scripts/audit/archive';
import { ArchiveError, importArchive, type ArchiveImport } from '../../utils/archive/index';
import { bytesToStream, generateArchive, streamToBytes } from './generate';
import { actorJson, createItem, outboxJson, PUBLIC, zipStreamed, zipWithSizes } from './helpers';

/** A byte stream that fills each read request with at most `step` bytes. */
function byteStream(bytes: Uint8Array, step: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    type: 'bytes',
    pull(controller) {
      const request = controller.byobRequest!;
      if (at >= bytes.length) {
        controller.close();
        request.respond(0);
        return;
      }
      const view = request.view!;
      const n = Math.min(step, view.byteLength, bytes.length - at);
      new Uint8Array(view.buffer, view.byteOffset, n).set(bytes.subarray(at, at + n));
      at += n;
      request.respond(n);
    },
  });
}

const shape = (imp: ArchiveImport) => JSON.stringify({ statuses: imp.statuses, stats: imp.stats });

const generated = () => streamToBytes(generateArchive({ seed: 21, posts: 400, mediaBytes: 600_000 }));

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('archive byte sources', () => {
  it.each([
    ['sizes in headers', zipWithSizes],
    ['data descriptors', zipStreamed],
  ])('a byte stream read into a reused buffer imports the same as fresh chunks (%s)', async (_n, zip) => {
    const bytes = zip({
      'outbox.json': outboxJson(
        Array.from({ length: 60 }, (_, i) => createItem(String(100 + i), [PUBLIC], [])),
      ),
      'media_attachments/files/000/000/001/original/a.jpg': new Uint8Array(9000).fill(7),
      'actor.json': actorJson(),
    });
    const plain = await importArchive(bytesToStream(bytes, 777));
    // Odd steps make headers, data descriptors and JSON items straddle reads of the one buffer.
    for (const step of [1, 29, 777]) {
      const viaByob = await importArchive(byteStream(bytes, step));
      expect(shape(viaByob), `step ${step}`).toBe(shape(plain));
    }
    expect(plain.statuses).toHaveLength(60);
  });

  it("the CLI's fileStream reads a generated archive like an in-memory stream", async () => {
    const bytes = await generated();
    const dir = mkdtempSync(path.join(tmpdir(), 'fp-archive-stream-'));
    try {
      const file = path.join(dir, 'archive.zip');
      writeFileSync(file, bytes);
      const fromFile = await importArchive(fileStream(file));
      const fromMemory = await importArchive(bytesToStream(bytes, 4096));
      expect(fromFile.stats.posts).toBeGreaterThan(0);
      expect(shape(fromFile)).toBe(shape(fromMemory));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('without DecompressionStream deflate-raw (fflate inflates)', () => {
    const unsupported = class {
      constructor() {
        throw new TypeError("Unsupported compression format: 'deflate-raw'");
      }
    };

    it('imports the same posts', async () => {
      const bytes = await generated();
      const native = await importArchive(bytesToStream(bytes, 5000));
      vi.stubGlobal('DecompressionStream', unsupported);
      const fallback = await importArchive(byteStream(bytes, 5000));
      expect(shape(fallback)).toBe(shape(native));
    });

    it('still reports damaged compressed data', async () => {
      vi.stubGlobal('DecompressionStream', unsupported);
      const zip = zipWithSizes({
        'outbox.json': outboxJson([createItem('101', [PUBLIC], [])]),
        'actor.json': actorJson(),
      });
      const broken = zip.slice();
      for (let i = 60; i < 120; i++) broken[i] = broken[i]! ^ 0x5a;
      const error = await importArchive(bytesToStream(broken, 777)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ArchiveError);
      expect(['corrupt', 'bad-json']).toContain((error as ArchiveError).code);
    });
  });
});
