/**
 * The token and app credentials, in the extension origin's IndexedDB, used by the background only.
 * Never in storage.local (content scripts can read that in Chrome), never logged, never sent
 * anywhere but the server that issued it.
 */
import { z } from 'zod';

const DB = 'fediprint-secrets';
const STORE = 'secrets';

export const AppCredentialsSchema = z.object({
  origin: z.string(),
  redirectUri: z.string(),
  clientId: z.string(),
  clientSecret: z.string(),
});
export type AppCredentials = z.infer<typeof AppCredentialsSchema>;

export const TokenRecordSchema = z.object({
  origin: z.string(),
  accessToken: z.string(),
  scopes: z.array(z.string()),
});
export type TokenRecord = z.infer<typeof TokenRecordSchema>;

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('Could not open the secrets database'));
  });
}

async function run<T>(mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = fn(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? new Error('Secrets transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('Secrets transaction aborted'));
    });
  } finally {
    db.close();
  }
}

const appKey = (origin: string, redirectUri: string) => `app|${origin}|${redirectUri}`;

export async function loadApp(origin: string, redirectUri: string): Promise<AppCredentials | undefined> {
  const raw = await run('readonly', (s) => s.get(appKey(origin, redirectUri)));
  const parsed = AppCredentialsSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

export async function saveApp(app: AppCredentials): Promise<void> {
  await run('readwrite', (s) => s.put(app, appKey(app.origin, app.redirectUri)));
}

export async function forgetApp(origin: string, redirectUri: string): Promise<void> {
  await run('readwrite', (s) => s.delete(appKey(origin, redirectUri)));
}

export async function loadToken(): Promise<TokenRecord | undefined> {
  const parsed = TokenRecordSchema.safeParse(await run('readonly', (s) => s.get('token')));
  return parsed.success ? parsed.data : undefined;
}

export async function saveToken(token: TokenRecord): Promise<void> {
  await run('readwrite', (s) => s.put(TokenRecordSchema.parse(token), 'token'));
}

export async function deleteToken(): Promise<void> {
  await run('readwrite', (s) => s.delete('token'));
}

/** A sign-in or grant waiting for the code the user copies from the server's page (out-of-band flow). */
export const PendingAuthSchema = z.object({
  origin: z.string(),
  verifier: z.string(),
  scopes: z.array(z.string()),
  purpose: z.enum(['sign-in', 'grant']),
  createdAt: z.number(),
});
export type PendingAuth = z.infer<typeof PendingAuthSchema>;

export async function savePendingAuth(pending: PendingAuth): Promise<void> {
  await run('readwrite', (s) => s.put(PendingAuthSchema.parse(pending), 'pending'));
}

export async function loadPendingAuth(): Promise<PendingAuth | undefined> {
  const parsed = PendingAuthSchema.safeParse(await run('readonly', (s) => s.get('pending')));
  return parsed.success ? parsed.data : undefined;
}

export async function deletePendingAuth(): Promise<void> {
  await run('readwrite', (s) => s.delete('pending'));
}
