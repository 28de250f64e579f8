/**
 * Stream-unzips only the entries the caller selects, with flat memory whatever the archive's size.
 *
 * Why not fflate's `Unzip` class: it keeps the bytes of every entry that is not started in an
 * internal list for the whole run (500 MB of skipped media stay in memory), and for entries
 * written with a data descriptor (sizes after the data, as streaming zip writers do) it ends an
 * entry at the first `PK\x07\x08` or `PK\x03\x04` byte pattern, which turns up by chance about
 * once per 4 GB of photos and then swallows the following entries. This reader walks the local
 * headers itself, skips unselected entries by their size, accepts a data descriptor only where its
 * compressed-size field matches the bytes actually seen, and uses fflate's `Inflate` for DEFLATE.
 *
 * Zip layout: https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT (4.3.7 local header,
 * 4.3.9 data descriptor, 4.5.3 Zip64 extra field, 4.3.16 end of central directory).
 */
import { Inflate } from 'fflate';
import { ArchiveError } from './errors';

export interface EntrySink {
  /**
   * Decompressed bytes, in order. The view is only valid during the call (its buffer is reused):
   * copy what must outlive it. May throw an ArchiveError to stop the import.
   */
  write(chunk: Uint8Array): void;
  end(): void;
}

export interface UnzipOptions {
  /** A sink for the entry's decompressed bytes, or null to skip the entry without keeping it. */
  select(name: string): EntrySink | null;
  signal?: AbortSignal;
  /** Compressed bytes read so far, after each chunk. */
  onProgress?: (bytesRead: number) => void;
  /** Largest decompressed size accepted for a selected entry (guards against zip bombs). */
  maxEntryBytes?: number;
}

export interface UnzipResult {
  /** Names of the selected entries that were read completely. */
  extracted: string[];
  /** Entries skipped without being read (media, avatar...). */
  skipped: number;
  bytesRead: number;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_DD = 0x08074b50;
/** A data descriptor is at most 24 bytes and the signature after it 4: keep that much unflushed. */
const DD_HOLD = 24 + 3;
const TAIL_KEEP = 22 + 0xffff;
/** Size of the buffer a byte stream is read into, reused for every read. */
const READ_BYTES = 1024 * 1024;

const u32 = (b: Uint8Array, i: number) =>
  (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
const u16 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u64 = (b: Uint8Array, i: number) => u32(b, i) + u32(b, i + 4) * 2 ** 32;

/**
 * CRC-32 tables for slicing-by-8 (eight bytes per step): checking a 100 MB outbox.json byte by
 * byte took a quarter of a second, about as long as inflating it.
 */
const CRC_TABLES = (() => {
  const tables = new Int32Array(256 * 8);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    tables[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = tables[n]!;
    for (let k = 1; k < 8; k++) {
      c = tables[c & 0xff]! ^ (c >>> 8);
      tables[k * 256 + n] = c;
    }
  }
  return tables;
})();

export function crc32(crc: number, data: Uint8Array): number {
  const t = CRC_TABLES;
  let c = ~crc;
  let i = 0;
  const n = data.length;
  for (const end = n - 7; i < end; i += 8) {
    c ^= data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    c =
      t[1792 + (c & 0xff)]! ^
      t[1536 + ((c >>> 8) & 0xff)]! ^
      t[1280 + ((c >>> 16) & 0xff)]! ^
      t[1024 + (c >>> 24)]! ^
      t[768 + data[i + 4]!]! ^
      t[512 + data[i + 5]!]! ^
      t[256 + data[i + 6]!]! ^
      t[data[i + 7]!]!;
  }
  for (; i < n; i++) c = t[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (!a.length) return b;
  if (!b.length) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

interface Entry {
  name: string;
  method: number;
  /** Sizes follow the data in a data descriptor. */
  descriptor: boolean;
  /** Compressed bytes still to come (known sizes only). */
  remaining: number;
  /** Compressed bytes seen so far. */
  seen: number;
  headerCrc: number;
  sink: EntrySink | null;
  inflate: Inflater | null;
  crc: number;
  produced: number;
}

type ZipState = 'start' | 'header' | 'data' | 'central';

/** Raw DEFLATE (zip method 8) → `onData`, in order. */
interface Inflater {
  /** `data` is only read during the call; rejects on damaged data or when `onData` throws. */
  push(data: Uint8Array): Promise<void>;
  /** Flushes the rest; rejects when the data stopped early. */
  finish(): Promise<void>;
}

/**
 * The platform's inflater (Chromium 103+, Firefox 113+, Safari 16.4+, Node 20.12+): native, and
 * it leaves about as much garbage as it produces, where fflate's `Inflate` grows a fresh output
 * buffer by doubling from 32 KiB on every push and copies the result out, several times the
 * output in short-lived ArrayBuffers. Their memory is outside the JS heap and is reclaimed only
 * when a collection happens to run, so it is what set the peak memory of an import.
 */
function streamInflater(onData: (data: Uint8Array) => void): Inflater | null {
  let stream: DecompressionStream;
  try {
    stream = new DecompressionStream('deflate-raw');
  } catch (error) {
    // 'deflate-raw' unsupported (TypeError): fflate takes over. Anything else is a real failure.
    if (error instanceof TypeError) return null;
    throw error;
  }
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const pump = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        onData(value);
      }
    } catch (error) {
      // Unblocks a pending write (the writable side errors with this reason).
      await reader.cancel(error).catch((cancelError: unknown) => cancelError);
      throw error;
    }
  })();
  // Observed through `push`/`finish`; this only keeps an unawaited failure from being reported twice.
  pump.catch((error: unknown) => error);
  return {
    async push(data) {
      // A copy: the caller's buffer is reused as soon as this returns, while the stream may still
      // hold the chunk. Compressed bytes are the small side.
      await Promise.race([writer.write(data.slice()), pump]);
    },
    async finish() {
      await Promise.race([writer.close(), pump]);
      await pump;
    },
  };
}

/** fflate's streaming inflater, where the platform has none for raw DEFLATE. */
function fflateInflater(onData: (data: Uint8Array) => void): Inflater {
  const inflate = new Inflate((data) => onData(data));
  return {
    push: async (data) => inflate.push(data, false),
    finish: async () => inflate.push(new Uint8Array(0), true),
  };
}

/** A push parser over the raw bytes of a zip file. */
export class ZipReader {
  private state: ZipState = 'start';
  private pending: Uint8Array = new Uint8Array(0);
  private work: Uint8Array = new Uint8Array(0);
  private entry: Entry | null = null;
  /** Position of `pending[0]` in the file, for error messages. */
  private offset = 0;
  private tail: Uint8Array = new Uint8Array(0);
  readonly extracted: string[] = [];
  skipped = 0;

  constructor(
    private readonly select: (name: string) => EntrySink | null,
    private readonly maxEntryBytes = Number.POSITIVE_INFINITY,
  ) {}

  /** `chunk` is only read during the call (its buffer may be reused for the next read). */
  async push(chunk: Uint8Array): Promise<void> {
    if (this.state === 'central') {
      this.keepTail(chunk);
      return;
    }
    const buf = this.join(chunk);
    let pos = 0;
    for (;;) {
      const before: ZipState = this.state;
      const next = await this.step(buf, pos);
      if (next === pos && this.state === before) break; // needs more bytes
      pos = next;
      if (this.inCentralDirectory()) {
        this.keepTail(buf.subarray(pos));
        pos = buf.length;
        break;
      }
    }
    this.offset += pos;
    // Keep what could not be processed yet (a partial header, the data descriptor hold-back), in
    // `work`: a view of `chunk` would change with the next read into the same buffer.
    this.pending = this.hold(buf.subarray(pos));
  }

  private hold(rest: Uint8Array): Uint8Array {
    if (!rest.length || rest.buffer === this.work.buffer) return rest;
    if (this.work.length < rest.length) this.work = new Uint8Array(Math.max(rest.length, 64 * 1024));
    this.work.set(rest);
    return this.work.subarray(0, rest.length);
  }

  /**
   * `pending + chunk` as one view. The bytes are copied into one reused buffer rather than a new
   * one per chunk: with a data descriptor a few bytes are always pending, and a fresh copy of
   * every chunk would leave as much garbage as the zip is large. Hence sinks get views that are
   * valid only during `write()`.
   */
  private join(chunk: Uint8Array): Uint8Array {
    const held = this.pending.length;
    if (!held) return chunk;
    const need = held + chunk.length;
    if (this.work.length < need) {
      const grown = new Uint8Array(Math.max(need, this.work.length * 2));
      grown.set(this.pending);
      this.work = grown;
    } else if (this.pending.buffer === this.work.buffer) {
      this.work.copyWithin(
        0,
        this.pending.byteOffset - this.work.byteOffset,
        this.pending.byteOffset - this.work.byteOffset + held,
      );
    } else {
      this.work.set(this.pending);
    }
    this.work.set(chunk, held);
    return this.work.subarray(0, need);
  }

  /** A method, not a field test: TypeScript would keep `state` narrowed across `step()`. */
  private inCentralDirectory(): boolean {
    return this.state === 'central';
  }

  /** Call after the last chunk: throws when the archive stopped early. */
  finish(): void {
    if (this.state === 'start') {
      throw new ArchiveError('not-zip', 'The file is empty or too short to be a zip archive.');
    }
    if (this.state !== 'central') {
      throw new ArchiveError(
        'truncated',
        `The archive ends in the middle${this.entry ? ` of ${this.entry.name}` : ''}: the file was cut off.`,
      );
    }
    const t = this.tail;
    for (let p = t.length - 22; p >= 0; p--) {
      if (u32(t, p) === SIG_EOCD && p + 22 + u16(t, p + 20) === t.length) return;
    }
    throw new ArchiveError('truncated', 'The archive has no end record: the file was cut off.');
  }

  private keepTail(chunk: Uint8Array): void {
    const joined = concat(this.tail, chunk);
    // Always a copy: `chunk` may be a view of a reused read buffer.
    this.tail = joined.slice(Math.max(0, joined.length - TAIL_KEEP));
  }

  /** Processes what it can from `pos`; returns the new position (`pos` itself when it needs more bytes). */
  private async step(buf: Uint8Array, pos: number): Promise<number> {
    if (this.state === 'data') return this.data(buf, pos);
    if (buf.length - pos < 4) return pos;
    const sig = u32(buf, pos);
    if (this.state === 'start') {
      if (sig !== SIG_LOCAL && sig !== SIG_EOCD) {
        const gzip = buf[pos] === 0x1f && buf[pos + 1] === 0x8b;
        throw new ArchiveError(
          'not-zip',
          gzip
            ? 'This is a gzip/tar file, not the zip archive Mastodon exports.'
            : 'This file is not a zip archive.',
        );
      }
      this.state = 'header';
    }
    if (sig === SIG_CENTRAL || sig === SIG_EOCD || sig === SIG_EOCD64) {
      this.state = 'central';
      return pos;
    }
    if (sig !== SIG_LOCAL) {
      throw new ArchiveError(
        'corrupt',
        `The archive is damaged: unexpected bytes at offset ${this.offset + pos}.`,
      );
    }
    if (buf.length - pos < 30) return pos;
    const flags = u16(buf, pos + 6);
    const method = u16(buf, pos + 8);
    const headerCrc = u32(buf, pos + 14);
    let csize = u32(buf, pos + 18);
    const nameLen = u16(buf, pos + 26);
    const extraLen = u16(buf, pos + 28);
    const end = pos + 30 + nameLen + extraLen;
    if (buf.length < end) return pos;
    const name = new TextDecoder().decode(buf.subarray(pos + 30, pos + 30 + nameLen));
    if (csize === 0xffffffff)
      csize = zip64CompressedSize(buf.subarray(pos + 30 + nameLen, end), u32(buf, pos + 22));
    const descriptor = (flags & 8) !== 0;
    if (flags & 1) throw new ArchiveError('corrupt', `${name} is encrypted; Mastodon archives never are.`);
    const sink = this.select(name);
    if (sink && method !== 0 && method !== 8) {
      throw new ArchiveError('corrupt', `${name} uses compression method ${method}, which cannot be read.`);
    }
    const entry: Entry = {
      name,
      method,
      descriptor,
      remaining: descriptor ? 0 : csize,
      seen: 0,
      headerCrc,
      sink,
      inflate: null,
      crc: 0,
      produced: 0,
    };
    if (sink && method === 8) {
      const onData = (data: Uint8Array) => this.emit(entry, data);
      entry.inflate = streamInflater(onData) ?? fflateInflater(onData);
    }
    this.entry = entry;
    this.state = 'data';
    return end;
  }

  private async data(buf: Uint8Array, pos: number): Promise<number> {
    const entry = this.entry!;
    if (!entry.descriptor) {
      const take = Math.min(entry.remaining, buf.length - pos);
      if (take > 0) await this.feed(entry, buf.subarray(pos, pos + take));
      entry.remaining -= take;
      if (entry.remaining > 0) return pos + take;
      await this.endEntry(entry, entry.headerCrc);
      return pos + take;
    }
    // Look for the next header signature and accept it only when the data descriptor just before
    // it names exactly the number of bytes seen since the entry began.
    const limit = buf.length - 4;
    let q = pos;
    while (q <= limit) {
      q = buf.indexOf(0x50, q);
      if (q < 0 || q > limit) break;
      const s = u32(buf, q);
      if (s === SIG_LOCAL || s === SIG_CENTRAL) {
        const match = this.descriptorBefore(buf, pos, q, entry.seen);
        if (match) {
          await this.feed(entry, buf.subarray(pos, q - match.length));
          await this.endEntry(entry, match.crc);
          return q;
        }
      }
      q++;
    }
    const flushTo = buf.length - DD_HOLD;
    if (flushTo > pos) {
      await this.feed(entry, buf.subarray(pos, flushTo));
      return flushTo;
    }
    return pos;
  }

  private descriptorBefore(
    buf: Uint8Array,
    pos: number,
    q: number,
    seen: number,
  ): { length: number; crc: number } | null {
    // With signature (16 or 24 bytes) first, then the signature-less forms the spec also allows.
    for (const [length, wide, signed] of [
      [16, false, true],
      [24, true, true],
      [12, false, false],
      [20, true, false],
    ] as const) {
      const start = q - length;
      if (start < pos) continue;
      if (signed && u32(buf, start) !== SIG_DD) continue;
      const at = signed ? start + 4 : start;
      const size = wide ? u64(buf, at + 4) : u32(buf, at + 4);
      if (size === seen + (start - pos)) return { length, crc: u32(buf, at) };
    }
    return null;
  }

  private async feed(entry: Entry, chunk: Uint8Array): Promise<void> {
    entry.seen += chunk.length;
    if (!entry.sink || !chunk.length) return;
    if (entry.inflate) {
      try {
        await entry.inflate.push(chunk);
      } catch (error) {
        throw wrapInflateError(entry, error);
      }
    } else this.emit(entry, chunk);
  }

  private emit(entry: Entry, data: Uint8Array): void {
    if (!data.length) return;
    entry.produced += data.length;
    if (entry.produced > this.maxEntryBytes) {
      throw new ArchiveError(
        'too-large',
        `${entry.name} is larger than ${this.maxEntryBytes} bytes once unpacked.`,
      );
    }
    entry.crc = crc32(entry.crc, data);
    entry.sink!.write(data);
  }

  private async endEntry(entry: Entry, expectedCrc: number): Promise<void> {
    if (entry.sink) {
      if (entry.inflate) {
        try {
          await entry.inflate.finish();
        } catch (error) {
          throw wrapInflateError(entry, error);
        }
      }
      if (entry.crc !== expectedCrc) {
        throw new ArchiveError('corrupt', `${entry.name} is damaged (its checksum does not match).`);
      }
      entry.sink.end();
      this.extracted.push(entry.name);
    } else {
      this.skipped++;
    }
    this.entry = null;
    this.state = 'header';
  }
}

/**
 * A byte stream (a File's in current browsers) is read into one buffer, handed back on every
 * read: a 500 MB archive otherwise passes through as 500 MB of one-use chunks, garbage outside
 * the JS heap that is only reclaimed when a collection happens to run. Other streams are read
 * as they come.
 */
function readerOf(stream: ReadableStream<Uint8Array>): {
  read(): Promise<ReadableStreamReadResult<Uint8Array>>;
  cancel(reason: unknown): Promise<void>;
  releaseLock(): void;
} {
  let byob: ReadableStreamBYOBReader;
  try {
    byob = stream.getReader({ mode: 'byob' });
  } catch (error) {
    // Not a byte stream (TypeError): read its chunks as they are.
    if (error instanceof TypeError) return stream.getReader();
    throw error;
  }
  let buffer: ArrayBuffer = new ArrayBuffer(READ_BYTES);
  return {
    async read() {
      const result = await byob.read(new Uint8Array(buffer, 0, READ_BYTES));
      // The buffer was transferred to the stream and comes back as the result's.
      if (result.value) buffer = result.value.buffer as ArrayBuffer;
      return result.done ? { done: true, value: undefined } : { done: false, value: result.value! };
    },
    cancel: (reason) => byob.cancel(reason),
    releaseLock: () => byob.releaseLock(),
  };
}

function wrapInflateError(entry: Entry, error: unknown): Error {
  if (error instanceof ArchiveError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ArchiveError('corrupt', `${entry.name} is damaged and cannot be unpacked (${message}).`);
}

/** Zip64 extra field (id 1): original size first when the header's is 0xFFFFFFFF, then compressed size. */
function zip64CompressedSize(extra: Uint8Array, usize32: number): number {
  for (let i = 0; i + 4 <= extra.length;) {
    const id = u16(extra, i);
    const len = u16(extra, i + 2);
    if (id === 1) {
      const at = i + 4 + (usize32 === 0xffffffff ? 8 : 0);
      if (at + 8 <= i + 4 + len) return u64(extra, at);
    }
    i += 4 + len;
  }
  throw new ArchiveError('corrupt', 'The archive is damaged: a Zip64 entry has no size.');
}

/**
 * Reads `stream` to the end, handing selected entries to their sinks. Throws ArchiveError for a
 * file that is not a zip, stops early or is damaged; rejects with the signal's reason on abort.
 */
export async function unzipSelected(
  stream: ReadableStream<Uint8Array>,
  options: UnzipOptions,
): Promise<UnzipResult> {
  const { signal, onProgress } = options;
  const reader = new ZipReader(options.select, options.maxEntryBytes);
  const source = readerOf(stream);
  let bytesRead = 0;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await source.read();
      if (done) break;
      signal?.throwIfAborted();
      bytesRead += value.length;
      await reader.push(value);
      onProgress?.(bytesRead);
    }
    reader.finish();
  } catch (error) {
    // Stop reading the rest of a multi-gigabyte file once the outcome is known. A failure to
    // cancel says nothing new: the error that stopped the import is the one the caller gets.
    await source.cancel(error).catch((cancelError: unknown) => cancelError);
    throw error;
  } finally {
    source.releaseLock();
  }
  return { extracted: reader.extracted, skipped: reader.skipped, bytesRead };
}
