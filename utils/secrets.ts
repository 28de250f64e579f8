/**
 * The token and app credentials, in the 'secrets' store of the one database (utils/db), used by
 * the background only.
 * Never in storage.local (content scripts can read that in Chrome), never logged, never sent
 * anywhere but the server that issued it.
 */
import { z } from 'zod';
import { database, valid } from './db';

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

async function get<T>(schema: z.ZodType<T>, key: string, what: string): Promise<T | undefined> {
  return valid(schema, await (await database()).get('secrets', key), what);
}

async function put(key: string, value: unknown): Promise<void> {
  await (await database()).put('secrets', value, key);
}

async function remove(key: string): Promise<void> {
  await (await database()).delete('secrets', key);
}

const appKey = (origin: string, redirectUri: string) => `app|${origin}|${redirectUri}`;

export async function loadApp(origin: string, redirectUri: string): Promise<AppCredentials | undefined> {
  return get(AppCredentialsSchema, appKey(origin, redirectUri), 'app registration');
}

export async function saveApp(app: AppCredentials): Promise<void> {
  await put(appKey(app.origin, app.redirectUri), AppCredentialsSchema.parse(app));
}

export async function forgetApp(origin: string, redirectUri: string): Promise<void> {
  await remove(appKey(origin, redirectUri));
}

export async function loadToken(): Promise<TokenRecord | undefined> {
  return get(TokenRecordSchema, 'token', 'token');
}

export async function saveToken(token: TokenRecord): Promise<void> {
  await put('token', TokenRecordSchema.parse(token));
}

export async function deleteToken(): Promise<void> {
  await remove('token');
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
  await put('pending', PendingAuthSchema.parse(pending));
}

export async function loadPendingAuth(): Promise<PendingAuth | undefined> {
  return get(PendingAuthSchema, 'pending', 'pending sign-in');
}

export async function deletePendingAuth(): Promise<void> {
  await remove('pending');
}
