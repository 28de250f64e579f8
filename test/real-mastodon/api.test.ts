/**
 * What the extension's code assumes of Mastodon's API, checked against a real Mastodon: OAuth
 * with PKCE and state through its own pages, rate-limit headers and a real 429, Link
 * pagination, DELETE's `text`, Idempotency-Key, edit history, update_credentials, PATCH
 * /api/v1/profile and revoking.
 * Posts made here are left in place: Mastodon allows 30 deletes per user in 30 minutes, and the
 * re-scope test needs its share of them.
 */
import { describe, expect, inject, it } from 'vitest';
import { compareVersions, parseVersion } from '../../utils/checks/lib/version';
import { createClient, NotFoundError, RateLimitedError, UnauthorizedError } from '../../utils/mastodon';
import { HttpTransport, parseLinkHeader, parseRateLimit } from '../../utils/mastodon/http';
import { exchangeCode, revokeToken } from '../../utils/mastodon/oauth';
import { api, ok } from './api';
import { requireEnv } from './env';
import { passwordToken, REDIRECT_URI } from './session';

const ctx = inject('realMastodon');
const env = requireEnv();
const { origin } = ctx;
const owner = (
  method: string,
  path: string,
  body?: Record<string, unknown>,
  headers?: Record<string, string>,
) => api(origin, ctx.ownerToken, method, path, body, headers);

interface Status {
  id: string;
  visibility: string;
  content: string;
  text?: string | null;
  spoiler_text: string;
  edited_at: string | null;
}

describe('OAuth through Mastodon’s own pages', () => {
  it('advertises S256, carries the PKCE challenge and state through the consent form, and grants what was asked', () => {
    expect(ctx.pkceS256).toBe(true);
    expect(ctx.consent.code_challenge_method).toBe('S256');
    expect(ctx.consent.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(ctx.consent.state).toBe(ctx.state);
    expect(ctx.consent.redirect_uri).toBe(REDIRECT_URI);
    expect(ctx.grantedScopes.sort()).toEqual(ctx.consent.scope!.split(' ').sort());
  });

  it('refuses a code exchanged with the wrong PKCE verifier', async () => {
    // A fresh code: the consent page again, with the session already signed in.
    const { PageSession, consentForm } = await import('./session');
    const session = new PageSession(origin, ctx.ownerCookies);
    const url = new URL('/oauth/authorize', origin);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: ctx.app.client_id,
      redirect_uri: REDIRECT_URI,
      scope: 'read:accounts',
      state: 'wrong-verifier-state',
      code_challenge: ctx.consent.code_challenge!,
      code_challenge_method: 'S256',
    }).toString();
    const page = await session.signIn(env.owner, url.href);
    // Mastodon sends the code at once when a live token of this app has these scopes already.
    const location =
      page.left ??
      (await session.request('/oauth/authorize', { form: consentForm(page.body) })).response.headers.get(
        'location',
      )!;
    const code = new URL(location).searchParams.get('code')!;
    expect(code).toBeTruthy();
    await expect(
      exchangeCode(
        { tokenEndpoint: `${origin}/oauth/token` },
        ctx.app,
        REDIRECT_URI,
        code,
        'not-the-verifier',
      ),
    ).rejects.toThrow(/invalid|grant/i);
  });
});

describe('rate-limit headers', () => {
  it('come on every API response, shaped as the client parses them, and count down', async () => {
    const a = await owner('GET', '/api/v1/accounts/verify_credentials');
    const b = await owner('GET', '/api/v1/accounts/verify_credentials');
    const ra = parseRateLimit(a.headers);
    const rb = parseRateLimit(b.headers);
    expect(ra).toBeDefined();
    expect(rb).toBeDefined();
    // ISO 8601 with fractional seconds, not an epoch.
    expect(a.headers.get('x-ratelimit-reset')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/);
    // The tightest of the throttles that apply: 300 per token per 5 minutes.
    expect(ra!.limit).toBe(300);
    expect(rb!.remaining).toBeLessThan(ra!.remaining);
    expect(ra!.resetAt.getTime()).toBeGreaterThan(Date.now() - 1_000);
    expect(ra!.resetAt.getTime()).toBeLessThanOrEqual(Date.now() + 5 * 60_000 + 1_000);
  });

  it('posting answers with whichever is tighter: the 5-minute token budget or the 3-hour posting one', async () => {
    const r = await owner('POST', '/api/v1/statuses', {
      status: 'rate-limit family probe',
      visibility: 'private',
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-ratelimit-limit')).toBe('300');
    // Mastodon writes the posting family's headers only when fewer of those remain than of the
    // request throttle's; either way the reset is at most 3 hours away and aligned to its window.
    const reset = Date.parse(r.headers.get('x-ratelimit-reset')!);
    expect(reset).toBeGreaterThan(Date.now() - 1_000);
    expect(reset).toBeLessThanOrEqual(Date.now() + 3 * 3_600_000 + 1_000);
    const get = parseRateLimit((await owner('GET', '/api/v1/accounts/verify_credentials')).headers)!;
    const posted = parseRateLimit(r.headers)!;
    if (posted.resetAt.getTime() - Date.now() <= 5 * 60_000) {
      expect(Math.abs(posted.resetAt.getTime() - get.resetAt.getTime())).toBeLessThan(1_000);
    } else {
      expect(posted.remaining).toBeLessThan(get.remaining);
    }
  });
});

describe('Link pagination', () => {
  it('gives next and prev links, the next link walks every post once, and the last page has no next', async () => {
    const first = await owner('GET', `/api/v1/accounts/${ctx.ownerId}/statuses?limit=2`);
    expect(first.status).toBe(200);
    const links = parseLinkHeader(first.headers.get('link'));
    expect(links.next).toMatch(/max_id=\d+/);
    expect(links.prev).toMatch(/min_id=\d+/);
    expect(new URL(links.next!).origin).toBe(origin);
    const seen: string[] = (first.json as Status[]).map((s) => s.id);
    let next = links.next;
    let last = first;
    while (next) {
      last = await owner('GET', next);
      const page = last.json as Status[];
      seen.push(...page.map((s) => s.id));
      next = parseLinkHeader(last.headers.get('link')).next;
      if (page.length === 0) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect((last.json as Status[]).length < 2 || !parseLinkHeader(last.headers.get('link')).next).toBe(true);
    // The same walk through the extension's client.
    const client = createClient({ origin, token: ctx.ownerToken });
    const viaClient: string[] = [];
    for await (const page of client.accountStatuses(ctx.ownerId, { limit: 2 }))
      viaClient.push(...page.map((s) => s.id));
    expect(viaClient.sort()).toEqual([...seen].sort());
  });
});

describe('statuses', () => {
  it('DELETE answers the deleted status with its plain `text`', async () => {
    const source = 'Delete me: <b>not bold</b> & #fediprinttest';
    const created = await ok<Status>(origin, ctx.ownerToken, 'POST', '/api/v1/statuses', {
      status: source,
      visibility: 'private',
      spoiler_text: 'cw',
    });
    const deleted = await owner('DELETE', `/api/v1/statuses/${created.id}`);
    expect(deleted.status).toBe(200);
    const body = deleted.json as Status;
    expect(body.id).toBe(created.id);
    expect(body.text).toBe(source);
    expect(body.spoiler_text).toBe('cw');
    const client = createClient({ origin, token: ctx.ownerToken });
    const again = await owner('GET', `/api/v1/statuses/${created.id}`);
    expect(again.status).toBe(404);
    await expect(client.getStatus(created.id)).rejects.toThrow();
  });

  it('honours Idempotency-Key: the same key posts once and answers the first status', async () => {
    const key = `fediprint-real-${Date.now()}`;
    const body = { status: `idempotent ${key}`, visibility: 'private' };
    const a = await owner('POST', '/api/v1/statuses', body, { 'Idempotency-Key': key });
    const b = await owner('POST', '/api/v1/statuses', body, { 'Idempotency-Key': key });
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect((b.json as Status).id).toBe((a.json as Status).id);
    const c = await owner('POST', '/api/v1/statuses', body, { 'Idempotency-Key': `${key}-other` });
    expect((c.json as Status).id).not.toBe((a.json as Status).id);
  });

  it('keeps an edit history with every version, and an edit does not change visibility', async () => {
    const created = await ok<Status>(origin, ctx.ownerToken, 'POST', '/api/v1/statuses', {
      status: 'first version',
      visibility: 'unlisted',
    });
    const edited = await owner('PUT', `/api/v1/statuses/${created.id}`, {
      status: 'second version',
      visibility: 'public',
    });
    expect(edited.status).toBe(200);
    expect((edited.json as Status).visibility).toBe('unlisted');
    expect((edited.json as Status).edited_at).not.toBeNull();
    await owner('PUT', `/api/v1/statuses/${created.id}`, {
      status: 'third version',
      spoiler_text: 'now with a CW',
    });
    const history = await owner('GET', `/api/v1/statuses/${created.id}/history`);
    const versions = history.json as { content: string; spoiler_text: string }[];
    expect(versions.map((v) => v.content.replace(/<[^>]+>/g, ''))).toEqual([
      'first version',
      'second version',
      'third version',
    ]);
    expect(versions.at(-1)!.spoiler_text).toBe('now with a CW');
    const client = createClient({ origin, token: ctx.ownerToken });
    expect((await client.statusHistory(created.id)).length).toBe(3);
    expect((await client.statusSource(created.id)).text).toBe('third version');
  });
});

describe('update_credentials', () => {
  it('changes locked, discoverable, hide_collections and the default privacy, and reads them back', async () => {
    const client = createClient({ origin, token: ctx.ownerToken });
    const before = await client.verifyCredentials();
    try {
      const after = await client.updateCredentials({
        locked: !before.locked,
        discoverable: !before.discoverable,
        hide_collections: true,
        source: { privacy: before.source.privacy === 'private' ? 'unlisted' : 'private' },
      });
      expect(after.locked).toBe(!before.locked);
      expect(after.discoverable).toBe(!before.discoverable);
      const read = await client.verifyCredentials();
      expect(read.locked).toBe(!before.locked);
      expect(read.source.privacy).toBe(before.source.privacy === 'private' ? 'unlisted' : 'private');
      expect(read.source.hide_collections).toBe(true);
    } finally {
      await client.updateCredentials({
        locked: before.locked,
        discoverable: before.discoverable ?? false,
        hide_collections: before.source.hide_collections ?? false,
        source: { privacy: before.source.privacy as 'public' | 'unlisted' | 'private' },
      });
    }
  });
});

describe('PATCH /api/v1/profile', () => {
  it('on 4.6+ turns show_media_replies off and verify_credentials reads it back; before 4.6 it is a 404', async () => {
    const client = createClient({ origin, token: ctx.ownerToken });
    const version = parseVersion((await client.instance()).version);
    if (!version || compareVersions(version, [4, 6, 0]) < 0) {
      await expect(client.updateProfile({ show_media_replies: false })).rejects.toBeInstanceOf(NotFoundError);
      return;
    }
    const before = await client.verifyCredentials();
    try {
      const profile = await client.updateProfile({ show_media_replies: !before.show_media_replies });
      expect(profile.id).toBe(before.id);
      expect(profile.show_media_replies).toBe(!before.show_media_replies);
      expect((await client.verifyCredentials()).show_media_replies).toBe(!before.show_media_replies);
    } finally {
      await client.updateProfile({ show_media_replies: before.show_media_replies ?? true });
    }
  });
});

describe('revoking a token', () => {
  it('POST /oauth/revoke makes the token answer 401 from then on', async () => {
    const token = await passwordToken(origin, ctx.app, env.owner, 'read:accounts');
    expect((await api(origin, token, 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(200);
    await revokeToken({ revocationEndpoint: `${origin}/oauth/revoke` }, ctx.app, token);
    const after = await api<{ error: string }>(origin, token, 'GET', '/api/v1/accounts/verify_credentials');
    expect(after.status).toBe(401);
    expect(after.json.error).toMatch(/revoked/i);
    const client = createClient({ origin, token });
    await expect(client.verifyCredentials()).rejects.toBeInstanceOf(UnauthorizedError);
  });
});

describe('running into a limit', () => {
  it('answers 429 with Remaining 0, a Reset time, no Retry-After, and the client throws RateLimitedError', async () => {
    // A throwaway token: the per-token limit (300 / 5 min) is spent on it alone.
    const token = await passwordToken(origin, ctx.app, env.owner, 'read:accounts');
    try {
      await runIntoTheLimit(token);
    } finally {
      await revokeToken({ revocationEndpoint: `${origin}/oauth/revoke` }, ctx.app, token);
    }
  }, 180_000);
});

/** Spends the token's budget until Mastodon answers 429, then checks that answer. */
async function runIntoTheLimit(token: string): Promise<void> {
  let last = await api(origin, token, 'GET', '/api/v1/accounts/verify_credentials');
  const limit = Number(last.headers.get('x-ratelimit-limit'));
  // Twice the limit: a window may end while the loop runs, and the count starts again.
  for (let i = 0; i < 2 * limit + 5 && last.status !== 429; i++) {
    last = await api(origin, token, 'GET', '/api/v1/accounts/verify_credentials');
  }
  expect(last.status).toBe(429);
  expect(last.json).toEqual({ error: 'Too many requests' });
  expect(last.headers.get('x-ratelimit-remaining')).toBe('0');
  expect(last.headers.get('x-ratelimit-limit')).toBe('300');
  expect(last.headers.has('retry-after')).toBe(false);
  const info = parseRateLimit(last.headers);
  expect(info!.resetAt.getTime()).toBeGreaterThan(Date.now() - 1_000);
  // The transport (below the client's retries, which would wait for the reset) reads it as such.
  const transport = new HttpTransport({ origin, token });
  const thrown = await transport
    .request({ url: '/api/v1/accounts/verify_credentials' })
    .catch((e: unknown) => e);
  expect(thrown).toBeInstanceOf(RateLimitedError);
  // Reset is computed from each request's own time (microseconds), so it moves by a few ms.
  expect(Math.abs((thrown as RateLimitedError).resetAt.getTime() - info!.resetAt.getTime())).toBeLessThan(
    1_000,
  );
}
