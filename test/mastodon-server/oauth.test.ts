import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './index';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ posts: 20, followers: 10, following: 5 });
});
afterAll(() => server.close());

const REDIRECT = 'https://abcdefghijklmnop.chromiumapp.org/callback';

async function registerApp(
  scopes = 'read write',
  redirectUris: string | string[] = [REDIRECT, 'http://127.0.0.1/mozoauth2/xyz'],
) {
  const res = await fetch(`${server.url}/api/v1/apps`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      client_name: 'Fediprint',
      redirect_uris: redirectUris,
      scopes,
      website: 'https://fediprint.example',
    }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as {
    client_id: string;
    client_secret: string;
    redirect_uris: string[];
    redirect_uri: string;
    scopes: string[];
  };
}

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(
  clientId: string,
  challenge: string,
  state: string,
  scope = 'read',
  redirect = REDIRECT,
) {
  const u = new URL(`${server.url}/oauth/authorize`);
  u.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: redirect,
    response_type: 'code',
    scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  return u.toString();
}

/** Submits the consent page's form the way a browser would: hidden fields plus the clicked button. */
async function consent(html: string, button: 'authorize' | 'deny'): Promise<Response> {
  const forms = [...html.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)].map((m) => m[1] ?? '');
  const form = forms.find((f) => f.includes(`id="${button}"`));
  expect(form).toBeDefined();
  const fields = new URLSearchParams();
  for (const m of (form ?? '').matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields.append(
      m[1] ?? '',
      (m[2] ?? '')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&'),
    );
  }
  const btn = new RegExp(`<button[^>]*id="${button}"[^>]*name="([^"]+)" value="([^"]+)"`).exec(form ?? '');
  fields.append(btn?.[1] ?? '', btn?.[2] ?? '');
  return fetch(`${server.url}/oauth/authorize`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
    redirect: 'manual',
  });
}

describe('OAuth', () => {
  it('registers apps with several redirect URIs and publishes its metadata', async () => {
    const app = await registerApp();
    expect(app.redirect_uris).toEqual([REDIRECT, 'http://127.0.0.1/mozoauth2/xyz']);
    expect(app.redirect_uri).toBe(`${REDIRECT}\nhttp://127.0.0.1/mozoauth2/xyz`);
    const bad = await fetch(`${server.url}/api/v1/apps`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_name: 'x', redirect_uris: 'javascript:alert(1)' }).toString(),
    });
    expect(bad.status).toBe(422);
    const meta = (await (
      await fetch(`${server.url}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, unknown>;
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.issuer).toBe(`${server.url}/`);
  });

  it('runs the PKCE flow: consent page, state echoed, wrong verifier rejected, revoke gives 401', async () => {
    // Doorkeeper only grants scopes the app registered, so granular scopes must be registered too.
    const app = await registerApp('read:accounts read:statuses write:accounts');
    const { verifier, challenge } = pkce();
    const state = 'st&ate=1 x/y';
    const page = await fetch(authorizeUrl(app.client_id, challenge, state, 'read:accounts read:statuses'), {
      redirect: 'manual',
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Fediprint');
    expect(html).toContain('read:statuses');
    const res = await consent(html, 'authorize');
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe(state);
    const code = location.searchParams.get('code') ?? '';
    expect(code).not.toBe('');

    const tokenRequest = (codeVerifier: string) =>
      fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'authorization_code',
          code,
          client_id: app.client_id,
          client_secret: app.client_secret,
          redirect_uri: REDIRECT,
          code_verifier: codeVerifier,
        }),
      });
    const wrong = await tokenRequest(pkce().verifier);
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toBe('invalid_grant');
    const ok = await tokenRequest(verifier);
    expect(ok.status).toBe(200);
    const token = (await ok.json()) as {
      access_token: string;
      scope: string;
      token_type: string;
      created_at: number;
    };
    expect(token.scope).toBe('read:accounts read:statuses');
    expect(token.token_type).toBe('Bearer');
    // The code is single-use.
    expect((await tokenRequest(verifier)).status).toBe(400);

    const me = await fetch(`${server.url}/api/v1/accounts/verify_credentials`, {
      headers: { Authorization: `Bearer ${token.access_token}` },
    });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { acct: string }).acct).toBe(server.owner.acct);

    const revoke = await fetch(`${server.url}/oauth/revoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: app.client_id,
        client_secret: app.client_secret,
        token: token.access_token,
      }).toString(),
    });
    expect(revoke.status).toBe(200);
    expect(await revoke.json()).toEqual({});
    const after = await fetch(`${server.url}/api/v1/accounts/verify_credentials`, {
      headers: { Authorization: `Bearer ${token.access_token}` },
    });
    expect(after.status).toBe(401);
    expect(await after.json()).toEqual({ error: 'The access token was revoked' });
  });

  it('denies with access_denied and the state', async () => {
    const app = await registerApp();
    const { challenge } = pkce();
    const html = await (
      await fetch(authorizeUrl(app.client_id, challenge, 'abc'), { redirect: 'manual' })
    ).text();
    const res = await consent(html, 'deny');
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('abc');
    expect(location.searchParams.get('code')).toBeNull();
  });

  it('refuses unregistered redirect URIs, scopes beyond the app, and a PKCE method other than S256', async () => {
    const app = await registerApp('read');
    const { challenge } = pkce();
    const wrongRedirect = await fetch(
      authorizeUrl(app.client_id, challenge, 's', 'read', 'https://evil.example/cb'),
      { redirect: 'manual' },
    );
    expect(wrongRedirect.status).toBe(400);
    const tooMuch = await fetch(authorizeUrl(app.client_id, challenge, 's', 'read write:accounts'), {
      redirect: 'manual',
    });
    expect(tooMuch.status).toBe(302);
    expect(new URL(tooMuch.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_scope');
    const u = new URL(authorizeUrl(app.client_id, challenge, 's'));
    u.searchParams.set('code_challenge_method', 'plain');
    const plain = await fetch(u, { redirect: 'manual' });
    expect(new URL(plain.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_request');
  });

  it('PKCE is optional, as in Mastodon: without a challenge the code is exchanged without a verifier', async () => {
    const app = await registerApp('read');
    const u = new URL(authorizeUrl(app.client_id, 'unused', 's'));
    u.searchParams.delete('code_challenge');
    u.searchParams.delete('code_challenge_method');
    const page = await fetch(u, { redirect: 'manual' });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain('code_challenge');
    const res = await consent(html, 'authorize');
    const code = new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
    expect(code).not.toBe('');
    const token = await fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'authorization_code',
        code,
        client_id: app.client_id,
        client_secret: app.client_secret,
        redirect_uri: REDIRECT,
      }),
    });
    expect(token.status).toBe(200);
  });

  it('enforces scopes per endpoint', async () => {
    const read = server.issueToken(['read']);
    const post = await fetch(`${server.url}/api/v1/statuses`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${read}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ status: 'hello' }),
    });
    expect(post.status).toBe(403);
    expect(await post.json()).toEqual({ error: 'This action is outside the authorized scopes' });
    const accountsOnly = server.issueToken(['read:accounts']);
    const h = { Authorization: `Bearer ${accountsOnly}` };
    expect((await fetch(`${server.url}/api/v1/accounts/verify_credentials`, { headers: h })).status).toBe(
      200,
    );
    expect((await fetch(`${server.url}/api/v1/conversations`, { headers: h })).status).toBe(403);
    // Public endpoint, but a token that is sent must carry the scope (authorize_if_got_token!).
    expect(
      (await fetch(`${server.url}/api/v1/accounts/${server.owner.id}/statuses`, { headers: h })).status,
    ).toBe(403);
    expect((await fetch(`${server.url}/api/v1/accounts/${server.owner.id}/statuses`)).status).toBe(200);
    const profile = server.issueToken(['profile']);
    expect(
      (
        await fetch(`${server.url}/api/v1/accounts/verify_credentials`, {
          headers: { Authorization: `Bearer ${profile}` },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await fetch(`${server.url}/api/v1/accounts/verify_credentials`, {
          headers: { Authorization: 'Bearer nope' },
        })
      ).status,
    ).toBe(401);
  });

  it('issues client_credentials tokens without a user', async () => {
    const app = await registerApp('read');
    const res = await fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`${app.client_id}:${app.client_secret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials&scope=read',
    });
    expect(res.status).toBe(200);
    const { access_token } = (await res.json()) as { access_token: string };
    const me = await fetch(`${server.url}/api/v1/accounts/verify_credentials`, {
      headers: { Authorization: `Bearer ${access_token}` },
    });
    expect(me.status).toBe(422);
    const bad = await fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: app.client_id,
        client_secret: 'wrong',
      }),
    });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: string }).error).toBe('invalid_client');
  });

  it('answers CORS preflights for the API and the token endpoint', async () => {
    const pre = await fetch(`${server.url}/api/v1/statuses`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'chrome-extension://abc',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization, content-type, idempotency-key',
      },
    });
    expect(pre.status).toBe(200);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/idempotency-key/i);
    const tok = await fetch(`${server.url}/oauth/token`, {
      method: 'OPTIONS',
      headers: { Origin: 'moz-extension://x', 'Access-Control-Request-Method': 'POST' },
    });
    expect(tok.status).toBe(200);
    expect(tok.headers.get('access-control-allow-methods')).toContain('POST');
    const get = await fetch(`${server.url}/api/v1/accounts/${server.owner.id}/statuses`, {
      headers: { Origin: 'chrome-extension://abc' },
    });
    expect(get.headers.get('access-control-allow-origin')).toBe('*');
    expect(get.headers.get('access-control-expose-headers')).toMatch(
      /Link.*X-RateLimit-Reset.*X-RateLimit-Limit.*X-RateLimit-Remaining/,
    );
  });
});
