/**
 * A push parser for one JSON object whose big arrays are handed out item by item, so a 100 MB
 * `outbox.json` never exists as one string or one object tree: each array item is cut out as
 * bytes, decoded and `JSON.parse`d on its own, then converted and dropped.
 *
 * Works on UTF-8 bytes directly: structural characters are ASCII, and bytes of multi-byte
 * sequences are never ASCII, so no decoding is needed to find where an item ends.
 *
 * Duplicated keys behave as `JSON.parse`: the last one wins. Real exports contain
 * `"orderedItems":[],"orderedItems":[...]`; `onArrayStart` tells the caller to drop what an
 * earlier array with the same key produced.
 */
import { ArchiveError } from './errors';

export interface JsonStreamHandlers {
  /** Top-level keys whose array value is streamed item by item. */
  streamKeys: readonly string[];
  onArrayStart?(key: string): void;
  onItem(key: string, item: unknown): void;
  /** Every other top-level key with its parsed value. */
  onValue?(key: string, value: unknown): void;
  /** Largest single item or value, in bytes. */
  maxValueBytes?: number;
  /** Name used in error messages, e.g. `outbox.json`. */
  name: string;
}

const enum S {
  Start,
  KeyOrEnd,
  Key,
  Colon,
  Value,
  AfterValue,
  ArrayItemOrEnd,
  ArrayItem,
  AfterItem,
  Capture,
  End,
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

export class JsonObjectStream {
  private state = S.Start;
  private key = '';
  private keyBytes: number[] = [];
  /** Pieces of the value being captured, when it spans chunks. */
  private pieces: Uint8Array[] = [];
  private pieceBytes = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** The capture is a number, true, false or null: it ends at a delimiter. */
  private primitive = false;
  private captureIsItem = false;
  private afterCapture = S.AfterValue;
  private position = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly streamKeys: Set<string>;
  private readonly max: number;

  constructor(private readonly handlers: JsonStreamHandlers) {
    this.streamKeys = new Set(handlers.streamKeys);
    this.max = handlers.maxValueBytes ?? 64 * 1024 * 1024;
  }

  write(chunk: Uint8Array): void {
    let i = 0;
    const n = chunk.length;
    let captureStart = this.state === S.Capture ? 0 : -1;
    while (i < n) {
      if (this.state === S.Capture) {
        const end = this.scanCapture(chunk, i);
        if (end < 0) {
          // The value goes on in the next chunk; the chunk's buffer may be reused, so copy.
          this.addPiece(chunk.slice(captureStart, n));
          i = n;
          break;
        }
        this.addPiece(chunk.subarray(captureStart, end));
        this.finishCapture();
        captureStart = -1;
        i = end;
        continue;
      }
      const c = chunk[i]!;
      switch (this.state) {
        case S.Start:
          if (c === 0x7b) this.state = S.KeyOrEnd;
          else if (!isSpace(c) && !(this.position + i === 0 && c === 0xef))
            this.fail('does not start with {');
          else if (c === 0xef) i += 2; // UTF-8 byte order mark
          break;
        case S.KeyOrEnd:
          if (c === 0x22) this.startKey();
          else if (c === 0x7d) this.state = S.End;
          else if (!isSpace(c)) this.fail('expected a key');
          break;
        case S.Key:
          if (this.escaped) this.escaped = false;
          else if (c === 0x5c) this.escaped = true;
          else if (c === 0x22) {
            this.key = this.parse([new Uint8Array([0x22, ...this.keyBytes, 0x22])], 'key') as string;
            this.state = S.Colon;
            break;
          }
          this.keyBytes.push(c);
          if (this.keyBytes.length > 4096) this.fail('has a key longer than 4096 bytes');
          break;
        case S.Colon:
          if (c === 0x3a) this.state = S.Value;
          else if (!isSpace(c)) this.fail('expected :');
          break;
        case S.Value:
          if (isSpace(c)) break;
          if (c === 0x5b && this.streamKeys.has(this.key)) {
            this.handlers.onArrayStart?.(this.key);
            this.state = S.ArrayItemOrEnd;
            break;
          }
          captureStart = i;
          this.startCapture(c, false, S.AfterValue);
          continue;
        case S.AfterValue:
          if (c === 0x2c) this.state = S.KeyOrEnd;
          else if (c === 0x7d) this.state = S.End;
          else if (!isSpace(c)) this.fail('expected , or }');
          break;
        case S.ArrayItemOrEnd:
        case S.ArrayItem:
          if (isSpace(c)) break;
          if (c === 0x5d && this.state === S.ArrayItemOrEnd) {
            this.state = S.AfterValue;
            break;
          }
          captureStart = i;
          this.startCapture(c, true, S.AfterItem);
          continue;
        case S.AfterItem:
          if (c === 0x2c) this.state = S.ArrayItem;
          else if (c === 0x5d) this.state = S.AfterValue;
          else if (!isSpace(c)) this.fail('expected , or ]');
          break;
        case S.End:
          if (!isSpace(c)) this.fail('has data after the end');
          break;
      }
      i++;
    }
    this.position += n;
  }

  /** Call after the last byte: throws when the document is incomplete. */
  end(): void {
    if (this.state === S.Capture && this.primitive) {
      this.finishCapture();
    }
    if (this.state !== S.End) this.fail('ends too early');
  }

  private startKey(): void {
    this.keyBytes = [];
    this.escaped = false;
    this.state = S.Key;
  }

  private startCapture(c: number, item: boolean, after: S): void {
    this.state = S.Capture;
    this.captureIsItem = item;
    this.afterCapture = after;
    this.pieces = [];
    this.pieceBytes = 0;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.primitive = c !== 0x7b && c !== 0x5b && c !== 0x22;
  }

  /** Returns the index just past the captured value, or -1 if it continues after this chunk. */
  private scanCapture(b: Uint8Array, from: number): number {
    const n = b.length;
    let i = from;
    if (this.primitive) {
      for (; i < n; i++) {
        const c = b[i]!;
        if (c === 0x2c || c === 0x7d || c === 0x5d || isSpace(c)) return i;
      }
      return -1;
    }
    let { depth, inString, escaped } = this;
    while (i < n) {
      if (inString) {
        if (escaped) {
          // The previous chunk ended on a backslash: this byte is escaped.
          escaped = false;
          i++;
          continue;
        }
        // Strings are most of an outbox (post HTML): jump from quote to quote natively.
        const q = b.indexOf(0x22, i);
        if (q < 0) {
          let slashes = 0;
          for (let k = n - 1; k >= i && b[k] === 0x5c; k--) slashes++;
          escaped = slashes % 2 === 1;
          i = n;
          break;
        }
        let slashes = 0;
        for (let k = q - 1; k >= i && b[k] === 0x5c; k--) slashes++;
        i = q + 1;
        if (slashes % 2 === 1) continue; // an escaped quote
        inString = false;
        if (depth === 0) {
          this.inString = false;
          this.escaped = false;
          return i;
        }
        continue;
      }
      const c = b[i]!;
      i++;
      if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (depth === 0) {
          this.depth = 0;
          return i;
        }
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return -1;
  }

  private addPiece(piece: Uint8Array): void {
    if (!piece.length) return;
    this.pieceBytes += piece.length;
    if (this.pieceBytes > this.max) {
      throw new ArchiveError(
        'too-large',
        `${this.handlers.name} holds a single entry larger than ${this.max} bytes; this is not a Mastodon export.`,
      );
    }
    this.pieces.push(piece);
  }

  private finishCapture(): void {
    const value = this.parse(this.pieces, this.captureIsItem ? 'item' : this.key);
    this.pieces = [];
    this.pieceBytes = 0;
    this.state = this.afterCapture;
    if (this.captureIsItem) this.handlers.onItem(this.key, value);
    else this.handlers.onValue?.(this.key, value);
  }

  private parse(pieces: Uint8Array[], what: string): unknown {
    let text: string;
    try {
      text = pieces.length === 1 ? this.decoder.decode(pieces[0]) : decodeAll(this.decoder, pieces);
      return JSON.parse(text);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ArchiveError(
        'bad-json',
        `${this.handlers.name} is damaged near byte ${this.position} (${what}): ${reason}`,
      );
    }
  }

  private fail(problem: string): never {
    throw new ArchiveError(
      'bad-json',
      `${this.handlers.name} is not valid JSON: it ${problem} (near byte ${this.position}).`,
    );
  }
}

function decodeAll(decoder: TextDecoder, pieces: Uint8Array[]): string {
  let total = 0;
  for (const p of pieces) total += p.length;
  const joined = new Uint8Array(total);
  let at = 0;
  for (const p of pieces) {
    joined.set(p, at);
    at += p.length;
  }
  return decoder.decode(joined);
}
