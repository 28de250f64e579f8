import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { startServer, type RunningServer } from '../../test/mastodon-server';
import { deleteToken, forgetApp, loadToken } from '../secrets';
import { readKey, removeKeys } from '../storage';
import { CodeNeededError, finishWithCode, grantScopes, signIn, signOut, UserFacingError } from './auth';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ seed: 4, posts: 10, followers: 5, following: 5 });
});
afterAll(async () => {
  await server.close();
});

const decode = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#39;/g, "'");

/** Does what the person does on the server's consent page: press Authorize (or Deny). */
async function consent(url: string, decision: 'authorize' | 'deny' = 'authorize'): Promise<Response> {
  const html = await (await fetch(url)).text();
  const forms = html.split('</form>');
  const form = decision === 'authorize' ? forms[0]! : forms[1]!;
  const body = new URLSearchParams();
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    body.set(m[1]!, decode(m[2]!));
  body.set('decision', decision);
  return fetch(`${server.url}/oauth/authorize`, { method: 'POST', body, redirect: 'manual' });
}

function liveTokens() {
  return [...server.state.tokens.values()].filter(
    (tk) => tk.revokedAt === null && tk.token !== server.ownerToken,
  );
}

const identity = fakeBrowser.identity as unknown as {
  getRedirectURL(path?: string): string;
  launchWebAuthFlow?: (details: { url: string; interactive?: boolean }) => Promise<string>;
};

describe('sign-in with identity.launchWebAuthFlow', () => {
  let tamper: ((redirect: string) => string) | undefined;
  beforeEach(async () => {
    fakeBrowser.reset();
    await deleteToken();
    tamper = undefined;
    identity.getRedirectURL = (path = '') => `https://fediprint-test.chromiumapp.org/${path}`;
    identity.launchWebAuthFlow = async ({ url }) => {
      const answer = await consent(url);
      const location = answer.headers.get('location');
      if (!location) throw new Error('The server did not redirect');
      return tamper ? tamper(location) : location;
    };
  });

  it('asks for read scopes only, with PKCE and state, and shows who signed in', async () => {
    const session = await signIn(`${server.url}/`);
    expect(session.displayName).toBe(server.owner.displayName);
    expect(session.handle).toBe(`@${server.owner.username}@${new URL(server.url).host}`);
    const [token] = liveTokens();
    expect(token!.scopes.sort()).toEqual(['read:accounts', 'read:follows', 'read:statuses']);
    expect((await loadToken())?.accessToken).toBe(token!.token);
    // The token is kept away from storage.local, which content scripts can read.
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain(token!.token);
  });

  it('adds a write scope in a new round and revokes the old token', async () => {
    await signIn(server.url);
    const before = liveTokens();
    const scopes = await grantScopes(['write:accounts']);
    expect(scopes).toContain('write:accounts');
    const after = liveTokens();
    expect(after).toHaveLength(before.length);
    expect(after.some((tk) => tk.token === before.at(-1)!.token)).toBe(false);
    expect((await readKey('session'))?.scopes).toContain('write:accounts');
  });

  it('refuses a redirect whose state does not match, keeping no token', async () => {
    tamper = (location) => location.replace(/state=[^&]+/, 'state=forged');
    await expect(signIn(server.url)).rejects.toThrow(/did not match/);
    expect(await loadToken()).toBeUndefined();
  });

  it('says so when the person denies access', async () => {
    identity.launchWebAuthFlow = async ({ url }) => (await consent(url, 'deny')).headers.get('location')!;
    await expect(signIn(server.url)).rejects.toThrow(/declined access/);
  });

  it('explains a host that is not Mastodon, and a malformed address', async () => {
    // A web page for both instance documents: v2 alone is no proof, v1 is tried next.
    server.faults.add({ route: 'GET /api/v2/instance', kind: 'html-page' });
    server.faults.add({ route: 'GET /api/v1/instance', kind: 'html-page' });
    await expect(signIn(server.url)).rejects.toBeInstanceOf(UserFacingError);
    server.faults.clear();
    await expect(signIn('http://mastodon.social')).rejects.toThrow(/https/);
  });

  it('says that sign-ins must wait when the server refuses to register the app (429)', async () => {
    await forgetApp(server.url, identity.getRedirectURL('oauth'));
    server.faults.add({ route: 'POST /api/v1/apps', kind: '429' });
    const error = await signIn(server.url).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as Error).message).toMatch(
      /only a few sign-ins start from one address.*Try again after \d/,
    );
    expect(await loadToken()).toBeUndefined();
    server.faults.clear();
  });

  it('revokes the token on the server when signing out and deletes local data', async () => {
    await signIn(server.url);
    const token = (await loadToken())!.accessToken;
    expect((await signOut()).failed).toEqual([]);
    const check = await fetch(`${server.url}/api/v1/accounts/verify_credentials`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(check.status).toBe(401);
    expect(await loadToken()).toBeUndefined();
    expect(await readKey('session')).toBeUndefined();
  });
});

describe('sign-in where launchWebAuthFlow is missing (out-of-band code)', () => {
  const opened: string[] = [];
  beforeEach(async () => {
    fakeBrowser.reset();
    await deleteToken();
    await removeKeys('session');
    identity.launchWebAuthFlow = undefined;
    opened.length = 0;
    const tabs = fakeBrowser.tabs as unknown as { create(p: { url?: string }): Promise<unknown> };
    tabs.create = async ({ url }) => {
      opened.push(url ?? '');
      return { id: opened.length };
    };
  });

  it('opens the consent page in a tab and finishes with the pasted code', async () => {
    const error = await signIn(server.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodeNeededError);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toContain(`${server.url}/oauth/authorize`);
    expect(opened[0]).toContain('redirect_uri=urn%3Aietf%3Awg%3Aoauth%3A2.0%3Aoob');
    const page = await (await consent(opened[0]!)).text();
    const code = /id="code" readonly value="([^"]+)"/.exec(page)![1]!;

    await expect(finishWithCode('not-the-code')).rejects.toThrow(/did not accept/);
    const session = await finishWithCode(`  ${code}\n`);
    expect(session.acct).toBe(server.owner.acct);
    expect((await loadToken())?.scopes.sort()).toEqual(['read:accounts', 'read:follows', 'read:statuses']);
    // The code works once.
    await expect(finishWithCode(code)).rejects.toThrow(/expired/);
  });
});
