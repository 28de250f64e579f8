/**
 * Request parameters the way Rails sees them: query string, JSON, form-encoded and multipart
 * bodies, with bracket keys (`poll[options][]`, `source[privacy]`, `fields_attributes[0][name]`)
 * expanded into nested objects and arrays.
 */
import type { IncomingMessage } from 'node:http';

export type ParamValue = string | ParamValue[] | { [key: string]: ParamValue } | UploadedFile;
export type Params = { [key: string]: ParamValue };

export interface UploadedFile {
  kind: 'file';
  filename: string;
  contentType: string;
  data: Buffer;
}

export function isFile(v: unknown): v is UploadedFile {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'file';
}

/** Sets `a[b][]=v` style keys on `target`. */
export function setParam(target: Params, key: string, value: string | UploadedFile): void {
  const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!m || !m[1]) {
    target[key] = value;
    return;
  }
  const parts = [m[1], ...[...(m[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1] ?? '')];
  let node: ParamValue = target;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const last = i === parts.length - 1;
    const nextIsArray = parts[i + 1] === '';
    if (Array.isArray(node)) {
      if (last) node.push(value);
      else {
        const child: ParamValue = nextIsArray ? [] : {};
        node.push(child);
        node = child;
      }
      continue;
    }
    if (typeof node !== 'object' || isFile(node)) return;
    const obj = node as { [key: string]: ParamValue };
    if (last) {
      obj[part] = value;
    } else {
      let child = obj[part];
      if (child === undefined || typeof child === 'string' || isFile(child)) {
        child = nextIsArray ? [] : {};
        obj[part] = child;
      }
      node = child;
    }
  }
}

export function parseQuery(search: URLSearchParams): Params {
  const out: Params = {};
  for (const [k, v] of search) setParam(out, k, v);
  return out;
}

function jsonToParams(value: unknown): ParamValue {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(jsonToParams);
  if (typeof value === 'object') {
    const out: Params = {};
    for (const [k, v] of Object.entries(value)) out[k] = jsonToParams(v);
    return out;
  }
  return String(value);
}

export async function readBody(req: IncomingMessage, limit = 50 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new Error('body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export class BadRequestError extends Error {}

export function parseBody(contentType: string | undefined, body: Buffer): Params {
  if (body.length === 0) return {};
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      // Rails answers unparseable JSON with 400.
      throw new BadRequestError('Error occurred while parsing request parameters.');
    }
    const p = jsonToParams(parsed);
    return typeof p === 'object' && !Array.isArray(p) && !isFile(p) ? (p as Params) : {};
  }
  if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
    const b = boundary?.[1] ?? boundary?.[2];
    if (!b) throw new BadRequestError('multipart body without boundary');
    return parseMultipart(body, b.trim());
  }
  // Form-encoded (and, like Rails, anything else that looks like it).
  return parseQuery(new URLSearchParams(body.toString('utf8')));
}

/** A small RFC 7578 parser: enough for browsers, undici's FormData and curl. */
export function parseMultipart(body: Buffer, boundary: string): Params {
  const out: Params = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    pos += delimiter.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // closing "--"
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd === -1) break;
    const headers = body.subarray(pos, headerEnd).toString('utf8');
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headerEnd + 4);
    if (next === -1) break;
    const data = body.subarray(headerEnd + 4, next);
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    const partType = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
    if (name !== undefined) {
      if (filename !== undefined) {
        setParam(out, name, { kind: 'file', filename, contentType: partType, data: Buffer.from(data) });
      } else {
        setParam(out, name, data.toString('utf8'));
      }
    }
    pos = next + 2;
  }
  return out;
}

// ---------- typed accessors ----------

export function str(p: Params, key: string): string | undefined {
  const v = p[key];
  return typeof v === 'string' ? v : undefined;
}

/** Rails' `ActiveModel::Type::Boolean`: '', '0', 'false', 'f', 'off' are false. */
export function truthy(v: ParamValue | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') return true;
  return !['', '0', 'false', 'f', 'off', 'no', 'n'].includes(v.toLowerCase());
}

export function list(v: ParamValue | undefined): string[] {
  if (v === undefined) return [];
  if (typeof v === 'string') return v === '' ? [] : [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x !== '');
  if (isFile(v)) return [];
  // `a[0]=x&a[1]=y` arrives as an object with numeric keys.
  return Object.keys(v)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => v[k])
    .filter((x): x is string => typeof x === 'string' && x !== '');
}

export function obj(v: ParamValue | undefined): Params | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isFile(v) ? (v as Params) : undefined;
}
