/**
 * OAuth 2 with PKCE (S256) and `state` against the user's home server.
 * https://docs.joinmastodon.org/spec/oauth/ — Mastodon 4.3+ advertises S256 in
 * /.well-known/oauth-authorization-server; older servers 404 there and we use the fixed paths.
 *
 * Runs in the background only: the token never reaches a content script or a page.
 */
import { z } from 'zod';
import {
  CredentialApplicationSchema,
  InstanceSchema,
  MastodonErrorSchema,
  OAuthMetadataSchema,
  TokenSchema,
  V1InstanceSchema,
  type CredentialApplication,
  type Instance,
  type OAuthMetadata,
  type Token,
} from './schemas';
import {
  InvalidResponseError,
  MastodonHttpError,
  NetworkError,
  NotMastodonError,
  UnauthorizedError,
} from './errors';

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

async function request(fetchImpl: Fetch, url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetchImpl(url, { ...init, credentials: 'omit', cache: 'no-store' });
  } catch (error) {
    throw new NetworkError(`Could not reach ${new URL(url).host}: ${(error as Error).message}`);
  }
}

async function readJson(response: Response): Promise<unknown> {
  const type = response.headers.get('content-type') ?? '';
  const text = await response.text();
  if (!type.includes('json'))
    throw new NotMastodonError(`${response.url || 'The server'} did not answer with JSON`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new NotMastodonError(`${response.url || 'The server'} sent malformed JSON`);
  }
}

async function errorFor(response: Response, url: string): Promise<MastodonHttpError> {
  let message = `HTTP ${response.status}`;
  const body = await response.text().catch((e: Error) => `(body unreadable: ${e.message})`);
  const parsed = MastodonErrorSchema.safeParse(safeJson(body));
  if (parsed.success) message = parsed.data.error_description ?? parsed.data.error;
  return response.status === 401
    ? new UnauthorizedError(401, url, message)
    : new MastodonHttpError(response.status, url, message);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
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

/** Checks that `origin` is a Mastodon-compatible server and learns its OAuth endpoints. */
export async function discoverServer(origin: string, fetchImpl: Fetch = fetch): Promise<ServerInfo> {
  let instance: Instance | undefined;
  const v2 = await request(fetchImpl, `${origin}/api/v2/instance`);
  if (v2.ok) {
    const parsed = InstanceSchema.safeParse(await readJson(v2));
    if (!parsed.success) throw new NotMastodonError(`${origin} is not a Mastodon-compatible server`);
    instance = parsed.data;
  } else {
    // Servers before 4.0 only have v1.
    const v1 = await request(fetchImpl, `${origin}/api/v1/instance`);
    if (!v1.ok)
      throw new NotMastodonError(`${origin} is not a Mastodon-compatible server (HTTP ${v1.status})`);
    const parsed = V1InstanceSchema.safeParse(await readJson(v1));
    if (!parsed.success) throw new NotMastodonError(`${origin} is not a Mastodon-compatible server`);
    instance = { domain: parsed.data.uri, title: parsed.data.title, version: parsed.data.version };
  }
  let metadata: OAuthMetadata | undefined;
  const meta = await request(fetchImpl, `${origin}/.well-known/oauth-authorization-server`).catch(
    (error: unknown) => {
      // Older servers, or a CORS refusal: the fixed Mastodon paths below still work.
      console.info(
        'Fediprint: no OAuth metadata document, using default endpoints',
        (error as Error).message,
      );
      return undefined;
    },
  );
  if (meta?.ok) {
    const parsed = OAuthMetadataSchema.safeParse(await readJson(meta).catch(() => undefined));
    if (parsed.success) metadata = parsed.data;
  }
  return {
    origin,
    instance,
    authorizationEndpoint:
      sameOrigin(metadata?.authorization_endpoint, origin) ?? `${origin}/oauth/authorize`,
    tokenEndpoint: sameOrigin(metadata?.token_endpoint, origin) ?? `${origin}/oauth/token`,
    revocationEndpoint: sameOrigin(metadata?.revocation_endpoint, origin) ?? `${origin}/oauth/revoke`,
    pkceS256: metadata?.code_challenge_methods_supported?.includes('S256') ?? false,
  };
}

/** We only ever talk to the user's own server: endpoints elsewhere are ignored. */
function sameOrigin(url: string | undefined, origin: string): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin === origin ? url : undefined;
  } catch {
    return undefined;
  }
}

export async function registerApp(
  origin: string,
  redirectUri: string,
  fetchImpl: Fetch = fetch,
): Promise<CredentialApplication> {
  const url = `${origin}/api/v1/apps`;
  const response = await request(fetchImpl, url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      client_name: CLIENT_NAME,
      redirect_uris: [redirectUri],
      scopes: APP_SCOPES.join(' '),
      website: CLIENT_WEBSITE,
    }),
  });
  if (!response.ok) throw await errorFor(response, url);
  return parseWith(CredentialApplicationSchema, await readJson(response), url);
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
  const response = await request(fetchImpl, server.tokenEndpoint, {
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
  });
  if (!response.ok) throw await errorFor(response, server.tokenEndpoint);
  return parseWith(TokenSchema, await readJson(response), server.tokenEndpoint);
}

/** POST /oauth/revoke. Idempotent on the server; a failure is reported, never hidden. */
export async function revokeToken(
  server: Pick<ServerInfo, 'revocationEndpoint'>,
  app: Pick<CredentialApplication, 'client_id' | 'client_secret'>,
  token: string,
  fetchImpl: Fetch = fetch,
): Promise<void> {
  const response = await request(fetchImpl, server.revocationEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: app.client_id,
      client_secret: app.client_secret,
      token,
    }).toString(),
  });
  if (!response.ok) throw await errorFor(response, server.revocationEndpoint);
}

export function scopesOf(token: Pick<Token, 'scope'>): Scope[] {
  return token.scope.split(/\s+/).filter(Boolean) as Scope[];
}

/** Whether `granted` covers `needed`, with Mastodon's rule that `read` covers every `read:*`. */
export function hasScopes(granted: readonly string[], needed: readonly string[]): boolean {
  return needed.every((s) => granted.includes(s) || granted.includes(s.split(':')[0] ?? s));
}
