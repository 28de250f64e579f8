/**
 * Sign-in, extra scopes, sign-out. Background only: the token is created, stored and revoked here.
 */
import { browser } from 'wxt/browser';
import { t } from '../i18n';
import { createClient } from '../mastodon';
import { describeError } from '../mastodon/describe-error';
import { MastodonHttpError } from '../mastodon/errors';
import {
  READ_SCOPES,
  buildAuthorizationRequest,
  discoverServer,
  exchangeCode,
  hasScopes,
  parseCallback,
  registerApp,
  revokeToken,
  scopesOf,
  type Scope,
  type ServerInfo,
} from '../mastodon/oauth';
import { parseServerInput } from '../mastodon/server-url';
import {
  deleteToken,
  forgetApp,
  loadApp,
  loadToken,
  saveApp,
  saveToken,
  type AppCredentials,
} from '../secrets';
import { clearAccountData, readKey, writeKey, type Session } from '../storage';

/** An error whose message is already a sentence for the user. */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
  constructor(
    message: string,
    readonly signInAgain = false,
  ) {
    super(message);
  }
}

export function redirectUri(): string {
  return browser.identity.getRedirectURL('oauth');
}

async function appFor(server: ServerInfo, redirect: string, fresh = false): Promise<AppCredentials> {
  if (!fresh) {
    const cached = await loadApp(server.origin, redirect);
    if (cached) return cached;
  }
  const app = await registerApp(server.origin, redirect);
  const creds = {
    origin: server.origin,
    redirectUri: redirect,
    clientId: app.client_id,
    clientSecret: app.client_secret,
  };
  await saveApp(creds);
  return creds;
}

async function launch(url: string): Promise<string> {
  try {
    const result = await browser.identity.launchWebAuthFlow({ url, interactive: true });
    if (!result) throw new UserFacingError(t('auth_cancelled'));
    return result;
  } catch (error) {
    if (error instanceof UserFacingError) throw error;
    // Both browsers reject when the window is closed or the server shows an error page.
    throw new UserFacingError(t('auth_cancelled'));
  }
}

/** One OAuth round: consent page, redirect with code and state, token. */
async function authorize(
  server: ServerInfo,
  scopes: readonly Scope[],
  retried = false,
): Promise<{ token: string; scopes: string[] }> {
  const redirect = redirectUri();
  const app = await appFor(server, redirect, retried);
  const appRef = { client_id: app.clientId, client_secret: app.clientSecret, name: 'Fediprint' };
  const request = await buildAuthorizationRequest(server, appRef, redirect, scopes);
  let redirectedTo: string;
  try {
    redirectedTo = await launch(request.url);
  } catch (error) {
    // A cached app the server no longer knows makes the consent page fail: register again once.
    if (!retried && (await appIsUnknown(server, app))) return authorize(server, scopes, true);
    throw error;
  }
  const callback = parseCallback(redirectedTo, request.state);
  if (!callback.ok) {
    throw new UserFacingError(callback.reason === 'denied' ? t('auth_denied') : t('auth_stateMismatch'));
  }
  try {
    const token = await exchangeCode(server, appRef, redirect, callback.code, request.verifier);
    return { token: token.access_token, scopes: scopesOf(token) };
  } catch (error) {
    if (!retried && error instanceof MastodonHttpError && error.status === 401) {
      await forgetApp(server.origin, redirect);
      return authorize(server, scopes, true);
    }
    throw error;
  }
}

async function appIsUnknown(server: ServerInfo, app: AppCredentials): Promise<boolean> {
  const url = new URL(server.authorizationEndpoint);
  url.searchParams.set('client_id', app.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', app.redirectUri);
  const response = await fetch(url, { credentials: 'omit', redirect: 'manual' }).catch(() => undefined);
  if (response?.status === 401 || response?.status === 400) {
    await forgetApp(app.origin, app.redirectUri);
    return true;
  }
  return false;
}

function sessionFrom(
  origin: string,
  account: { id: string; acct: string; display_name: string; username: string; avatar: string },
  homeDomain: string,
  scopes: string[],
): Session {
  return {
    origin,
    accountId: account.id,
    acct: account.acct,
    handle: `@${account.username}@${homeDomain}`,
    displayName: account.display_name || account.username,
    avatar: account.avatar,
    scopes,
    signedInAt: new Date().toISOString(),
  };
}

export async function signIn(input: string): Promise<Session> {
  const parsed = parseServerInput(input);
  if (!parsed.ok) throw new UserFacingError(t(`signIn_problem_${parsed.reason}`));
  let server: ServerInfo;
  try {
    server = await discoverServer(parsed.origin);
  } catch (error) {
    throw new UserFacingError(describeError(error));
  }
  const previous = await loadToken();
  const { token, scopes } = await authorize(server, READ_SCOPES);
  const client = createClient({ origin: server.origin, token });
  const account = await client.verifyCredentials();
  if (previous && previous.origin !== server.origin)
    await revokeQuietly(previous.origin, previous.accessToken);
  await saveToken({ origin: server.origin, accessToken: token, scopes });
  const session = sessionFrom(server.origin, account, server.instance.domain, scopes);
  await writeKey('session', session);
  return session;
}

/** Asks for more scopes (a new OAuth round); the old token is revoked once the new one works. */
export async function grantScopes(extra: readonly Scope[]): Promise<string[]> {
  const current = await requireToken();
  const wanted = [...new Set([...current.scopes, ...extra])] as Scope[];
  if (hasScopes(current.scopes, extra)) return current.scopes;
  const server = await discoverServer(current.origin);
  const { token, scopes } = await authorize(server, wanted);
  if (!hasScopes(scopes, extra)) throw new UserFacingError(t('auth_scopesRefused'));
  await saveToken({ origin: current.origin, accessToken: token, scopes });
  await revokeQuietly(current.origin, current.accessToken);
  const session = await readKey('session');
  if (session) await writeKey('session', { ...session, scopes });
  return scopes;
}

async function revokeQuietly(origin: string, accessToken: string): Promise<boolean> {
  const app = await loadApp(origin, redirectUri());
  if (!app) return false;
  try {
    await revokeToken(
      { revocationEndpoint: `${origin}/oauth/revoke` },
      { client_id: app.clientId, client_secret: app.clientSecret },
      accessToken,
    );
    return true;
  } catch (error) {
    console.warn('Fediprint: could not revoke an old token:', (error as Error).name);
    return false;
  }
}

export interface SignOutResult {
  revoked: boolean;
}

/** Revokes the token on the server, then deletes the token and every cached account datum. */
export async function signOut(cleanup: () => Promise<void>): Promise<SignOutResult> {
  const token = await loadToken();
  const revoked = token ? await revokeQuietly(token.origin, token.accessToken) : true;
  await deleteToken();
  await clearAccountData();
  await cleanup();
  return { revoked };
}

export async function requireToken() {
  const token = await loadToken();
  if (!token) throw new UserFacingError(t('auth_signedOut'), true);
  return token;
}

export async function authedClient() {
  const token = await requireToken();
  return createClient({ origin: token.origin, token: token.accessToken });
}
