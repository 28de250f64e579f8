/**
 * OAuth 2 with PKCE (S256) and `state` against the user's home server.
 * https://docs.joinmastodon.org/spec/oauth/ — Mastodon 4.3+ advertises S256 in
 * /.well-known/oauth-authorization-server; older servers 404 there and we use the fixed paths.
 *
 * Runs in the background only: the token never reaches a content script or a page.
 */
import { z } from 'zod';
import { discoverInstance, discoverOAuth, jsonOrUndefined, type Getter } from './discovery';
import {
  CredentialApplicationSchema,
  MastodonErrorSchema,
  TokenSchema,
  type CredentialApplication,
  type Instance,
  type Token,
} from './schemas';
import {
  InvalidResponseError,
  MastodonHttpError,
  NetworkError,
  NotMastodonError,
  RateLimitedError,
  UnauthorizedError,
} from './errors';
import { parseRateLimit } from './http';

/** The least we need to read everything the checkup looks at. */
export const READ_SCOPES = ['read:accounts', 'read:statuses', 'read:follows'] as const;
/** Asked for only at the moment a fix needs them. */
export const WRITE_SCOPES = [
  'write:accounts',
  'write:follows',
  'write:blocks',
  'write:statuses',
  'write:media',
] as const;
export type Scope = (typeof READ_SCOPES)[number] | (typeof WRITE_SCOPES)[number];
/** Registered with the app once, so later rounds can ask for any subset. */
export const APP_SCOPES: readonly Scope[] = [...READ_SCOPES, ...WRITE_SCOPES];

export const CLIENT_NAME = 'Fediprint';
export const CLIENT_WEBSITE = 'https://github.com/fediprint/fediprint';

type Fetch = typeof fetch;

export interface ServerInfo {
  origin: string;
  instance: Instance;
  /** From the metadata document when the server has one (4.3+). */
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint: string;
  pkceS256: boolean;
}

/** Per request during sign-in, covering headers and body. */
export const SIGN_IN_TIMEOUT_MS = 20_000;

export interface RequestOptions {
  fetchImpl?: Fetch;
  timeoutMs?: number;
}

interface Answer {
  ok: boolean;
  status: number;
  url: string;
  contentType: string;
  text: string;
  /** When a 429's window opens again (X-RateLimit-Reset), if the server said. */
  resetAt: Date | null;
}

/** One request with a timeout over headers and body; no answer in time is a NetworkError saying so. */
async function request(url: string, init: RequestInit = {}, options: RequestOptions = {}): Promise<Answer> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const timeoutMs = options.timeoutMs ?? SIGN_IN_TIMEOUT_MS;
  const host = new URL(url).host;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetchImpl(url, {
      ...init,
      credentials: 'omit',
      cache: 'no-store',
      signal: controller.signal,
    });
    const text = await response.text();
    return {
      ok: response.ok,
      status: response.status,
      url: response.url || url,
      contentType: response.headers.get('content-type') ?? '',
      text,
      resetAt: parseRateLimit(response.headers)?.resetAt ?? null,
    };
  } catch (error) {
    if (controller.signal.aborted)
      throw new NetworkError(`${host} did not answer within ${Math.round(timeoutMs / 1000)} s.`);
    throw new NetworkError(`Could not reach ${host}: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

function readJson(answer: Answer): unknown {
  if (!answer.contentType.includes('json'))
    throw new NotMastodonError(`${answer.url} did not answer with JSON`);
  const data = jsonOrUndefined(answer.text);
  if (data === undefined) throw new NotMastodonError(`${answer.url} sent malformed JSON`);
  return data;
}

function errorFor(answer: Answer, url: string): MastodonHttpError {
  let message = `HTTP ${answer.status}`;
  const parsed = MastodonErrorSchema.safeParse(jsonOrUndefined(answer.text));
  if (parsed.success) message = parsed.data.error_description ?? parsed.data.error;
  // Mastodon limits app registrations and sign-in attempts per address; without a reset time
  // the window is assumed to be Mastodon's shortest, five minutes.
  if (answer.status === 429)
    return new RateLimitedError(url, answer.resetAt ?? new Date(Date.now() + 5 * 60_000));
  return answer.status === 401
    ? new UnauthorizedError(401, url, message)
    : new MastodonHttpError(answer.status, url, message);
}

/** GETs on `origin` for the discovery module, with the sign-in timeout. */
function signInGetter(origin: string, options: RequestOptions): Getter {
  return async (path) => {
    const answer = await request(
      new URL(path, origin).href,
      { headers: { Accept: 'application/json' } },
      options,
    );
    return { status: answer.status, url: answer.url, data: jsonOrUndefined(answer.text) };
  };
}

function parseWith<T>(schema: z.ZodType<T>, data: unknown, url: string): T {
  const result = schema.safeParse(data);
  if (!result.success)
    throw new InvalidResponseError(
      url,
      `Unexpected response from ${url}: ${result.error.issues[0]?.message}`,
    );
  return result.data;
}

/** Checks that `origin` is a Mastodon-compatible server and learns its OAuth endpoints (./discovery.ts). */
export async function discoverServer(
  origin: string,
  fetchImpl: Fetch = fetch,
  options: { timeoutMs?: number } = {},
): Promise<ServerInfo> {
  const get = signInGetter(origin, { fetchImpl, timeoutMs: options.timeoutMs });
  const instance = await discoverInstance(get, origin, { beforeSignIn: true });
  const endpoints = await discoverOAuth(get, origin);
  return { origin, instance, ...endpoints };
}

export async function registerApp(
  origin: string,
  redirectUri: string,
  fetchImpl: Fetch = fetch,
  options: { timeoutMs?: number } = {},
): Promise<CredentialApplication> {
  const url = `${origin}/api/v1/apps`;
  const answer = await request(
    url,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      // One redirect URI as a string: Mastodon takes a string or an array, snac only a string
      // (an array answers 404). https://docs.joinmastodon.org/methods/apps/#create
      body: JSON.stringify({
        client_name: CLIENT_NAME,
        redirect_uris: redirectUri,
        scopes: APP_SCOPES.join(' '),
        website: CLIENT_WEBSITE,
      }),
    },
    { fetchImpl, timeoutMs: options.timeoutMs },
  );
  if (!answer.ok) throw errorFor(answer, url);
  return parseWith(CredentialApplicationSchema, readJson(answer), url);
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function randomToken(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export async function pkceChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

export interface AuthorizationRequest {
  url: string;
  state: string;
  verifier: string;
}

export async function buildAuthorizationRequest(
  server: ServerInfo,
  app: Pick<CredentialApplication, 'client_id'>,
  redirectUri: string,
  scopes: readonly Scope[],
): Promise<AuthorizationRequest> {
  const state = randomToken(24);
  const verifier = randomToken(48);
  const url = new URL(server.authorizationEndpoint);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', app.client_id);
  url.searchParams.set('redirect_uri', redirectUri);
  url.searchParams.set('scope', scopes.join(' '));
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', await pkceChallenge(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  return { url: url.toString(), state, verifier };
}

export type CallbackResult =
  { ok: true; code: string } | { ok: false; reason: 'denied' | 'state-mismatch' | 'no-code' };

/** Reads the redirect the server sent back; the state must be the one we sent. */
export function parseCallback(redirectedTo: string, expectedState: string): CallbackResult {
  const url = new URL(redirectedTo);
  const params = url.searchParams;
  if (params.get('state') !== expectedState) return { ok: false, reason: 'state-mismatch' };
  if (params.get('error')) return { ok: false, reason: 'denied' };
  const code = params.get('code');
  return code ? { ok: true, code } : { ok: false, reason: 'no-code' };
}

export async function exchangeCode(
  server: Pick<ServerInfo, 'tokenEndpoint'>,
  app: Pick<CredentialApplication, 'client_id' | 'client_secret'>,
  redirectUri: string,
  code: string,
  verifier: string,
  fetchImpl: Fetch = fetch,
): Promise<Token> {
  const answer = await request(
    server.tokenEndpoint,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        client_id: app.client_id,
        client_secret: app.client_secret,
        redirect_uri: redirectUri,
        code_verifier: verifier,
      }).toString(),
    },
    { fetchImpl },
  );
  if (!answer.ok) throw errorFor(answer, server.tokenEndpoint);
  return parseWith(TokenSchema, readJson(answer), server.tokenEndpoint);
}

/** POST /oauth/revoke. Idempotent on the server; a failure is reported, never hidden. */
export async function revokeToken(
  server: Pick<ServerInfo, 'revocationEndpoint'>,
  app: Pick<CredentialApplication, 'client_id' | 'client_secret'>,
  token: string,
  fetchImpl: Fetch = fetch,
): Promise<void> {
  const answer = await request(
    server.revocationEndpoint,
    {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: app.client_id,
        client_secret: app.client_secret,
        token,
      }).toString(),
    },
    { fetchImpl },
  );
  if (!answer.ok) throw errorFor(answer, server.revocationEndpoint);
}

export function scopesOf(token: Pick<Token, 'scope'>): Scope[] {
  return token.scope.split(/\s+/).filter(Boolean) as Scope[];
}

/** Whether `granted` covers `needed`, with Mastodon's rule that `read` covers every `read:*`. */
export function hasScopes(granted: readonly string[], needed: readonly string[]): boolean {
  return needed.every((s) => granted.includes(s) || granted.includes(s.split(':')[0] ?? s));
}
