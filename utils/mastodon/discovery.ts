/**
 * What a server is and where its OAuth endpoints are, written once for sign-in (plain fetch, no
 * token) and for the signed-in client (the paced transport):
 * - the instance: `/api/v2/instance`, falling back to `/api/v1/instance` (servers before Mastodon
 *   4.0, snac, older Pleroma);
 * - OAuth: `/.well-known/oauth-authorization-server` (Mastodon 4.3+), falling back to the fixed
 *   Mastodon paths;
 * - the software and its version: nodeinfo (`/.well-known/nodeinfo`), see ./software.ts.
 * Every read goes through a `Getter` that has its own timeout.
 */
import { NotMastodonError } from './errors';
import { InstanceSchema, OAuthMetadataSchema, V1InstanceSchema, type Instance } from './schemas';

/** One GET, answered or not: never throws for an HTTP status, only for no answer at all. */
export interface Fetched {
  status: number;
  /** The final URL (after redirects). */
  url: string;
  /** Parsed JSON, or undefined when the body was not JSON (a web page, garbage). */
  data: unknown;
}
export type Getter = (path: string) => Promise<Fetched>;

const ok = (f: Fetched) => f.status >= 200 && f.status < 300;

/** Mastodon's JSON refusal of an anonymous caller: `{"error": "This method requires an authenticated user"}`. */
const signInRequired = (f: Fetched) =>
  f.status === 401 && typeof (f.data as { error?: unknown } | undefined)?.error === 'string';

/**
 * v2, then v1. Throws NotMastodonError when neither reads as an instance.
 *
 * `beforeSignIn`: a Mastodon in limited federation mode answers both with a JSON 401 to a caller
 * without a token. That is a Mastodon asking for sign-in, not "not Mastodon": sign-in goes on with
 * the host as the domain, and the signed-in client reads the real instance afterwards.
 */
export async function discoverInstance(
  get: Getter,
  origin: string,
  options: { beforeSignIn?: boolean } = {},
): Promise<Instance> {
  const host = new URL(origin).host;
  const v2 = await get('/api/v2/instance');
  if (ok(v2)) {
    const parsed = InstanceSchema.safeParse(v2.data);
    if (parsed.success) return parsed.data;
    // Some servers answer v2 with something else (a web page with 200): v1 may still be right.
  }
  const v1 = await get('/api/v1/instance');
  if (options.beforeSignIn && signInRequired(v2) && signInRequired(v1))
    return { domain: host, title: host, version: '' };
  if (!ok(v1)) {
    throw new NotMastodonError(
      v1.status === 404 || v1.status === 410
        ? `${host} has no Mastodon API.`
        : `${host} is not a Mastodon-compatible server (HTTP ${v1.status}).`,
    );
  }
  const parsed = V1InstanceSchema.safeParse(v1.data);
  if (!parsed.success) throw new NotMastodonError(`${host} does not answer like a Mastodon server.`);
  const { uri, title, version } = parsed.data;
  return { domain: uri.replace(/^https?:\/\//, '').replace(/\/.*$/, ''), title, version };
}

export interface OAuthEndpoints {
  authorizationEndpoint: string;
  tokenEndpoint: string;
  revocationEndpoint: string;
  /** Advertised in the metadata; Mastodon accepts PKCE either way and servers that ignore it do no harm. */
  pkceS256: boolean;
}

/** The metadata document when the server has one, else Mastodon's fixed paths. Never throws for a missing document. */
export async function discoverOAuth(get: Getter, origin: string): Promise<OAuthEndpoints> {
  let metadata: ReturnType<typeof OAuthMetadataSchema.parse> | undefined;
  try {
    const meta = await get('/.well-known/oauth-authorization-server');
    if (ok(meta)) {
      const parsed = OAuthMetadataSchema.safeParse(meta.data);
      if (parsed.success) metadata = parsed.data;
    }
  } catch {
    // No answer, or a CORS refusal: the fixed paths below still work.
  }
  return {
    authorizationEndpoint:
      sameOrigin(metadata?.authorization_endpoint, origin) ?? `${origin}/oauth/authorize`,
    tokenEndpoint: sameOrigin(metadata?.token_endpoint, origin) ?? `${origin}/oauth/token`,
    revocationEndpoint: sameOrigin(metadata?.revocation_endpoint, origin) ?? `${origin}/oauth/revoke`,
    pkceS256: metadata?.code_challenge_methods_supported?.includes('S256') ?? false,
  };
}

/** We only ever talk to the user's own server: endpoints elsewhere are ignored. */
export function sameOrigin(url: string | undefined, origin: string): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin === origin ? url : undefined;
  } catch {
    return undefined;
  }
}

/** A body as JSON, or undefined when it is a web page or garbage. */
export function jsonOrUndefined(text: string): unknown {
  if (/^\s*</.test(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
