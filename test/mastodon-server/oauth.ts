/**
 * OAuth 2 as Mastodon (Doorkeeper) does it: app registration, a consent page, authorization
 * codes with PKCE S256, tokens, revocation and the RFC 8414 metadata document.
 * https://docs.joinmastodon.org/methods/oauth/ · https://docs.joinmastodon.org/spec/oauth/
 */
import { createHash } from 'node:crypto';
import { error, json, type Reply, type RequestCtx, type RouteDef } from './context';
import { list, str } from './params';
import type { AppRecord, TokenRecord } from './state';
import { escapeHtml } from './util';

export const SCOPES_SUPPORTED = [
  'read',
  'write',
  'write:accounts',
  'write:blocks',
  'write:bookmarks',
  'write:conversations',
  'write:favourites',
  'write:filters',
  'write:follows',
  'write:lists',
  'write:media',
  'write:mutes',
  'write:notifications',
  'write:reports',
  'write:statuses',
  'read:accounts',
  'read:blocks',
  'read:bookmarks',
  'read:favourites',
  'read:filters',
  'read:follows',
  'read:lists',
  'read:mutes',
  'read:notifications',
  'read:search',
  'read:statuses',
  'follow',
  'push',
  'profile',
];

const OOB = 'urn:ietf:wg:oauth:2.0:oob';

function oauthError(status: number, code: string, description: string): Reply {
  return json(status, { error: code, error_description: description });
}

function splitScopes(raw: string | undefined, fallback: string[]): string[] {
  const s = (raw ?? '').split(/[\s+]+/).filter(Boolean);
  return s.length ? s : fallback;
}

/** Doorkeeper's RedirectUriValidator plus Mastodon's forbid list (data, javascript, vbscript). */
function validRedirectUri(uri: string): boolean {
  if (uri === OOB) return true;
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return false;
  }
  if (u.hash) return false;
  const scheme = u.protocol.replace(/:$/, '').toLowerCase();
  if (['data', 'javascript', 'vbscript'].includes(scheme)) return false;
  // Opaque URIs (`myapp:callback`) are rejected; `myapp:/cb` and `myapp://cb` are fine.
  if (!/^[a-z][a-z0-9+.-]*:\//i.test(uri)) return false;
  return true;
}

function createApp(ctx: RequestCtx): Reply {
  const b = ctx.body;
  const name = str(b, 'client_name');
  const raw = b.redirect_uris;
  const uris = (typeof raw === 'string' ? raw.split(/\s*\n\s*/) : list(raw))
    .map((u) => u.trim())
    .filter(Boolean);
  if (!name) return error(422, "Validation failed: Application name can't be blank");
  if (uris.length === 0) return error(422, "Validation failed: Redirect URI can't be blank");
  if (!uris.every(validRedirectUri))
    return error(422, 'Validation failed: Redirect URI must be an absolute URI.');
  const scopes = splitScopes(str(b, 'scopes'), ['read']);
  if (!scopes.every((s) => SCOPES_SUPPORTED.includes(s)))
    return error(422, 'Validation failed: Scopes are invalid');
  const app: AppRecord = {
    id: ctx.core.newId('app'),
    name,
    website: str(b, 'website') ?? null,
    scopes,
    redirectUris: uris,
    clientId: ctx.core.randomToken(),
    clientSecret: ctx.core.randomToken(),
    createdAt: ctx.now,
  };
  ctx.core.state.apps.set(app.clientId, app);
  return json(200, {
    id: app.id,
    name: app.name,
    website: app.website,
    scopes: app.scopes,
    redirect_uri: app.redirectUris.join('\n'),
    redirect_uris: app.redirectUris,
    vapid_key: 'BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M=',
    client_id: app.clientId,
    client_secret: app.clientSecret,
    client_secret_expires_at: 0,
  });
}

interface AuthRequest {
  app: AppRecord;
  redirectUri: string;
  scopes: string[];
  state: string | undefined;
  codeChallenge: string | undefined;
}

function errorPage(message: string): Reply {
  return {
    status: 400,
    html: `<!doctype html><html><head><meta charset="utf-8"><title>Authorization error</title></head><body><h1>An error has occurred</h1><p id="error">${escapeHtml(message)}</p></body></html>`,
  };
}

/** Validates an authorize request; errors that cannot be redirected render a page (as Doorkeeper does). */
function validateAuthorize(ctx: RequestCtx, p: Record<string, unknown>): AuthRequest | Reply {
  const get = (k: string) => (typeof p[k] === 'string' ? (p[k] as string) : undefined);
  const app = ctx.core.state.apps.get(get('client_id') ?? '');
  if (!app)
    return errorPage(
      'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
    );
  const redirectUri =
    get('redirect_uri') ?? (app.redirectUris.length === 1 ? app.redirectUris[0] : undefined);
  if (!redirectUri || !app.redirectUris.includes(redirectUri))
    return errorPage('The redirect uri included is not valid.');
  const state = get('state');
  const redirectError = (code: string, description: string): Reply => {
    if (redirectUri === OOB) return errorPage(description);
    const u = new URL(redirectUri);
    u.searchParams.set('error', code);
    u.searchParams.set('error_description', description);
    if (state !== undefined) u.searchParams.set('state', state);
    return { status: 302, headers: { Location: u.toString() }, html: '' };
  };
  if (get('response_type') !== 'code')
    return redirectError(
      'unsupported_response_type',
      'The authorization server does not support this response type.',
    );
  const scopes = splitScopes(get('scope'), ['read']);
  // Doorkeeper: the requested scopes must all be among the app's registered scopes.
  if (!scopes.every((s) => app.scopes.includes(s))) {
    return redirectError('invalid_scope', 'The requested scope is invalid, unknown, or malformed.');
  }
  const challenge = get('code_challenge');
  const method = get('code_challenge_method');
  // PKCE is optional, as in Mastodon (Doorkeeper with S256 only): without a challenge the code needs
  // no verifier; with one, it must be S256 and the token request must prove it.
  if (challenge && (method ?? 'plain') !== 'S256')
    return redirectError('invalid_request', 'Code challenge method must be S256.');
  return { app, redirectUri, scopes, state, codeChallenge: challenge };
}

function authorizePage(ctx: RequestCtx): Reply {
  const r = validateAuthorize(ctx, ctx.query);
  if (!('app' in r)) return r;
  const me = ctx.core.state.accounts.get(ctx.core.state.ownerId);
  const hidden = (name: string, value: string | undefined) =>
    value === undefined ? '' : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  const fields =
    hidden('client_id', r.app.clientId) +
    hidden('redirect_uri', r.redirectUri) +
    hidden('response_type', 'code') +
    hidden('scope', r.scopes.join(' ')) +
    hidden('state', r.state) +
    hidden('code_challenge', r.codeChallenge) +
    (r.codeChallenge ? hidden('code_challenge_method', 'S256') : '');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Authorization required - Fediprint Test Server</title></head>
<body class="modal-layout">
<div class="form-container">
<h1>Authorization required</h1>
<p class="signed-in-as">Signed in as <strong id="signed-in-as">@${escapeHtml(me?.username ?? '')}@${escapeHtml(ctx.core.state.domain)}</strong></p>
<p><strong id="app-name" class="app-name">${escapeHtml(r.app.name)}</strong> would like permission to access your account. It is a third-party application. If you do not trust it, then you should not authorize it.</p>
<h2>Review permissions</h2>
<ul id="scopes" class="permissions-list">${r.scopes.map((s) => `<li class="permissions-list__item" data-scope="${escapeHtml(s)}">${escapeHtml(s)}</li>`).join('')}</ul>
<div class="actions">
<form method="post" action="/oauth/authorize" class="simple_form">${fields}<button type="submit" id="authorize" name="decision" value="authorize" class="btn">Authorize</button></form>
<form method="post" action="/oauth/authorize" class="simple_form">${fields}<input type="hidden" name="_method" value="delete"><button type="submit" id="deny" name="decision" value="deny" class="btn negative">Deny</button></form>
</div>
</div>
</body></html>`;
  return {
    status: 200,
    html,
    headers: { 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'" },
  };
}

function authorizeDecision(ctx: RequestCtx): Reply {
  const r = validateAuthorize(ctx, ctx.body);
  if (!('app' in r)) return r;
  const deny = str(ctx.body, 'decision') === 'deny' || str(ctx.body, '_method')?.toLowerCase() === 'delete';
  if (deny) {
    if (r.redirectUri === OOB)
      return errorPage('The resource owner or authorization server denied the request.');
    const u = new URL(r.redirectUri);
    u.searchParams.set('error', 'access_denied');
    u.searchParams.set('error_description', 'The resource owner or authorization server denied the request.');
    if (r.state !== undefined) u.searchParams.set('state', r.state);
    return { status: 302, headers: { Location: u.toString() }, html: '' };
  }
  const code = ctx.core.randomToken();
  ctx.core.state.authCodes.set(code, {
    code,
    appId: r.app.id,
    redirectUri: r.redirectUri,
    scopes: r.scopes,
    codeChallenge: r.codeChallenge,
    expiresAt: ctx.now + 10 * 60_000,
    used: false,
  });
  if (r.redirectUri === OOB) {
    return {
      status: 200,
      html: `<!doctype html><html><body><p>Copy this authorization code and paste it to the application.</p><input id="code" readonly value="${escapeHtml(code)}"></body></html>`,
    };
  }
  const u = new URL(r.redirectUri);
  u.searchParams.set('code', code);
  if (r.state !== undefined) u.searchParams.set('state', r.state);
  return { status: 302, headers: { Location: u.toString() }, html: '' };
}

function clientFromRequest(ctx: RequestCtx): AppRecord | undefined {
  let id = str(ctx.body, 'client_id');
  let secret = str(ctx.body, 'client_secret');
  const auth = ctx.req.headers.authorization;
  if (auth?.startsWith('Basic ')) {
    const [u, p] = Buffer.from(auth.slice(6), 'base64').toString('utf8').split(':');
    id = decodeURIComponent(u ?? '');
    secret = decodeURIComponent(p ?? '');
  }
  const app = ctx.core.state.apps.get(id ?? '');
  return app && app.clientSecret === secret ? app : undefined;
}

function issue(
  ctx: RequestCtx,
  app: AppRecord | null,
  accountId: string | null,
  scopes: string[],
): TokenRecord {
  const rec: TokenRecord = {
    id: ctx.core.newId('token'),
    token: ctx.core.randomToken(),
    appId: app?.id ?? null,
    accountId,
    scopes,
    createdAt: ctx.now,
    revokedAt: null,
  };
  ctx.core.state.tokens.set(rec.token, rec);
  return rec;
}

function tokenReply(rec: TokenRecord): Reply {
  return json(200, {
    access_token: rec.token,
    token_type: 'Bearer',
    scope: rec.scopes.join(' '),
    created_at: Math.floor(rec.createdAt / 1000),
  });
}

const INVALID_GRANT =
  'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.';

function token(ctx: RequestCtx): Reply {
  const app = clientFromRequest(ctx);
  if (!app) {
    return oauthError(
      401,
      'invalid_client',
      'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
    );
  }
  const grant = str(ctx.body, 'grant_type');
  if (grant === 'client_credentials') {
    const scopes = splitScopes(str(ctx.body, 'scope'), ['read']);
    if (!scopes.every((s) => app.scopes.includes(s)))
      return oauthError(400, 'invalid_scope', 'The requested scope is invalid, unknown, or malformed.');
    return tokenReply(issue(ctx, app, null, scopes));
  }
  if (grant !== 'authorization_code') {
    return oauthError(
      400,
      'unsupported_grant_type',
      'The authorization grant type is not supported by the authorization server.',
    );
  }
  const code = ctx.core.state.authCodes.get(str(ctx.body, 'code') ?? '');
  if (!code || code.used || code.appId !== app.id || code.expiresAt < ctx.now)
    return oauthError(400, 'invalid_grant', INVALID_GRANT);
  if ((str(ctx.body, 'redirect_uri') ?? code.redirectUri) !== code.redirectUri)
    return oauthError(400, 'invalid_grant', INVALID_GRANT);
  if (code.codeChallenge !== undefined) {
    const verifier = str(ctx.body, 'code_verifier') ?? '';
    const expected = createHash('sha256').update(verifier).digest('base64url');
    if (!verifier || expected !== code.codeChallenge) return oauthError(400, 'invalid_grant', INVALID_GRANT);
  }
  code.used = true;
  return tokenReply(issue(ctx, app, ctx.core.state.ownerId, code.scopes));
}

function revoke(ctx: RequestCtx): Reply {
  const app = clientFromRequest(ctx);
  if (!app) return oauthError(403, 'unauthorized_client', 'You are not authorized to revoke this token');
  const rec = ctx.core.state.tokens.get(str(ctx.body, 'token') ?? '');
  if (rec && rec.appId !== null && rec.appId !== app.id)
    return oauthError(403, 'unauthorized_client', 'You are not authorized to revoke this token');
  // Idempotent: unknown or already revoked tokens also answer {}.
  if (rec && rec.revokedAt === null) rec.revokedAt = ctx.now;
  return json(200, {});
}

function metadata(ctx: RequestCtx): Reply {
  const o = ctx.core.state.origin;
  return json(200, {
    issuer: `${o}/`,
    service_documentation: 'https://docs.joinmastodon.org/',
    authorization_endpoint: `${o}/oauth/authorize`,
    token_endpoint: `${o}/oauth/token`,
    app_registration_endpoint: `${o}/api/v1/apps`,
    revocation_endpoint: `${o}/oauth/revoke`,
    userinfo_endpoint: `${o}/oauth/userinfo`,
    scopes_supported: SCOPES_SUPPORTED,
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    code_challenge_methods_supported: ['S256'],
    grant_types_supported: ['authorization_code', 'client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
  });
}

function userinfo(ctx: RequestCtx): Reply {
  const s = ctx.core.state;
  const me = s.accounts.get(s.ownerId);
  if (!me) return error(404, 'Record not found');
  return json(200, {
    iss: `${s.origin}/`,
    sub: `${s.origin}/users/${me.username}`,
    name: me.displayName,
    preferred_username: me.username,
    profile: `${s.origin}/@${me.username}`,
    picture: `${s.origin}/avatars/original/missing.png`,
  });
}

export const oauthRoutes: RouteDef[] = [
  { method: 'POST', pattern: '/api/v1/apps', auth: 'none', handler: createApp },
  { method: 'GET', pattern: '/oauth/authorize', auth: 'none', handler: authorizePage },
  { method: 'POST', pattern: '/oauth/authorize', auth: 'none', handler: authorizeDecision },
  { method: 'POST', pattern: '/oauth/token', auth: 'none', handler: token },
  { method: 'POST', pattern: '/oauth/revoke', auth: 'none', handler: revoke },
  { method: 'GET', pattern: '/.well-known/oauth-authorization-server', auth: 'none', handler: metadata },
  { method: 'GET', pattern: '/oauth/userinfo', auth: 'user', scopes: ['profile'], handler: userinfo },
];
