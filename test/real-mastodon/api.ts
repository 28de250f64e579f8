/**
 * Plain HTTP calls to the real server, for setting up data and for asserting on what the server
 * itself says (the extension's client is what is under test; this is the independent view).
 */
export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  json: T;
}

export async function api<T = unknown>(
  origin: string,
  token: string | null,
  method: string,
  path: string,
  body?: Record<string, unknown> | FormData,
  headers: Record<string, string> = {},
): Promise<ApiResponse<T>> {
  const isForm = typeof FormData !== 'undefined' && body instanceof FormData;
  const response = await fetch(new URL(path, origin), {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body && !isForm ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    ...(body ? { body: isForm ? body : JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = { unparsed: text.slice(0, 200) };
  }
  return { status: response.status, headers: response.headers, json: json as T };
}

/** Like api(), but throws with the server's answer unless the status is 2xx. */
export async function ok<T = unknown>(...args: Parameters<typeof api>): Promise<T> {
  const r = await api<T>(...args);
  if (r.status < 200 || r.status >= 300)
    throw new Error(`${args[2]} ${args[3]} answered ${r.status}: ${JSON.stringify(r.json)}`);
  return r.json;
}

/** Every page of a paged list, following Link rel="next" as the server gives it. */
export async function allPages<T>(origin: string, token: string, path: string): Promise<T[]> {
  const out: T[] = [];
  let next: string | null = path;
  for (let guard = 0; next && guard < 1000; guard++) {
    const r: ApiResponse<T[]> = await api<T[]>(origin, token, 'GET', next);
    if (r.status !== 200) throw new Error(`GET ${next} answered ${r.status}`);
    out.push(...r.json);
    next = /<([^>]+)>;\s*rel="next"/.exec(r.headers.get('link') ?? '')?.[1] ?? null;
    if (r.json.length === 0) break;
  }
  return out;
}
