/**
 * Sign-in, extra scopes, sign-out. Background only: the token is created, stored and revoked here.
 */
import { browser } from 'wxt/browser';
import { t, type MessageKey } from '../i18n';
import { createClient } from '../mastodon';
import { describeError, formatTime } from '../mastodon/describe-error';
import { MastodonHttpError, RateLimitedError } from '../mastodon/errors';
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
  deletePendingAuth,
  deleteToken,
  forgetApp,
  loadApp,
  loadPendingAuth,
  loadToken,
  saveApp,
  savePendingAuth,
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

/**
 * Where browsers lack identity.launchWebAuthFlow, Mastodon's out-of-band flow: the server shows
 * the code on its own page and the user pastes it into the popup. No extra permission, no page
 * of ours exposed to the web.
 */
export const OOB_REDIRECT = 'urn:ietf:wg:oauth:2.0:oob';
/** A pasted code is only worth anything for a few minutes (Mastodon's codes expire in 10). */
const PENDING_TTL_MS = 10 * 60_000;

function webAuthFlowAvailable(): boolean {
  return typeof browser.identity?.launchWebAuthFlow === 'function';
}

export function redirectUri(): string {
  return webAuthFlowAvailable() ? browser.identity.getRedirectURL('oauth') : OOB_REDIRECT;
}

/** The server's page now shows a code: the user pastes it, then `finishWithCode` completes. */
export class CodeNeededError extends UserFacingError {
  override name = 'CodeNeededError';
}

async function appFor(server: ServerInfo, redirect: string, fresh = false): Promise<AppCredentials> {
  if (!fresh) {
    const cached = await loadApp(server.origin, redirect);
    if (cached) return cached;
  }
  let app;
  try {
    app = await registerApp(server.origin, redirect);
  } catch (error) {
    // Mastodon lets one address register only a few apps in a short time (5 per 10 minutes);
    // the general "slow down" sentence would not say that signing in is what has to wait.
    if (error instanceof RateLimitedError)
      throw new UserFacingError(t('auth_appRateLimited', formatTime(error.resetAt)));
    throw error;
  }
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
  purpose: 'sign-in' | 'grant',
  retried = false,
): Promise<{ token: string; scopes: string[] }> {
  const redirect = redirectUri();
  const app = await appFor(server, redirect, retried);
  const appRef = { client_id: app.clientId, client_secret: app.clientSecret, name: 'Fediprint' };
  const request = await buildAuthorizationRequest(server, appRef, redirect, scopes);
  if (redirect === OOB_REDIRECT) {
    await savePendingAuth({
      origin: server.origin,
      verifier: request.verifier,
      scopes: [...scopes],
      purpose,
      createdAt: Date.now(),
    });
    await browser.tabs.create({ url: request.url });
    throw new CodeNeededError(t('auth_pasteCode'));
  }
  let redirectedTo: string;
  try {
    redirectedTo = await launch(request.url);
  } catch (error) {
    // A cached app the server no longer knows makes the consent page fail: register again once.
    if (!retried && (await appIsUnknown(server, app))) return authorize(server, scopes, purpose, true);
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
      return authorize(server, scopes, purpose, true);
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
  const { token, scopes } = await authorize(server, READ_SCOPES, 'sign-in');
  return completeSignIn(server, token, scopes);
}

async function completeSignIn(server: ServerInfo, token: string, scopes: string[]): Promise<Session> {
  const previous = await loadToken();
  const client = createClient({ origin: server.origin, token });
  const account = await client.verifyCredentials();
  if (previous && previous.origin !== server.origin)
    await revokeQuietly(previous.origin, previous.accessToken);
  await saveToken({ origin: server.origin, accessToken: token, scopes });
  const session = sessionFrom(server.origin, account, server.instance.domain, scopes);
  await writeKey('session', session);
  return session;
}

/** Completes an out-of-band sign-in or grant with the code the user pasted. */
export async function finishWithCode(code: string): Promise<Session> {
  const pending = await loadPendingAuth();
  if (!pending || Date.now() - pending.createdAt > PENDING_TTL_MS)
    throw new UserFacingError(t('auth_codeExpired'));
  const server = await discoverServer(pending.origin);
  const app = await loadApp(server.origin, OOB_REDIRECT);
  if (!app) throw new UserFacingError(t('auth_codeExpired'));
  let token;
  try {
    token = await exchangeCode(
      server,
      { client_id: app.clientId, client_secret: app.clientSecret },
      OOB_REDIRECT,
      code.trim(),
      pending.verifier,
    );
  } catch (error) {
    if (error instanceof MastodonHttpError && error.status < 500)
      throw new UserFacingError(t('auth_codeRejected'));
    throw error;
  }
  await deletePendingAuth();
  const scopes = scopesOf(token);
  if (pending.purpose === 'grant') {
    await completeGrant(token.access_token, scopes);
    const session = await readKey('session');
    if (!session) throw new UserFacingError(t('auth_signedOut'), true);
    return session;
  }
  return completeSignIn(server, token.access_token, scopes);
}

/** Asks for more scopes (a new OAuth round); the old token is revoked once the new one works. */
export async function grantScopes(extra: readonly Scope[]): Promise<string[]> {
  const current = await requireToken();
  const wanted = [...new Set([...current.scopes, ...extra])] as Scope[];
  if (hasScopes(current.scopes, extra)) return current.scopes;
  const server = await discoverServer(current.origin);
  const { token, scopes } = await authorize(server, wanted, 'grant');
  if (!hasScopes(scopes, extra)) throw new UserFacingError(t('auth_scopesRefused'));
  return completeGrant(token, scopes);
}

async function completeGrant(token: string, scopes: string[]): Promise<string[]> {
  const current = await requireToken();
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
  /** Steps that failed, with the reason; signing out went on without them. */
  failed: { label: MessageKey; message: string }[];
}

/** One step of signing out; each runs whatever the others did, and a failure is reported, not thrown. */
export interface CleanupStep {
  label: MessageKey;
  run: () => Promise<void>;
}

/**
 * Signing out always completes: `before` (steps that need the session, such as giving back site
 * access), revoking and deleting the token, the account's stored data, then `after`. A step that
 * throws is recorded with its reason and the rest still run.
 */
export async function signOut(before: CleanupStep[] = [], after: CleanupStep[] = []): Promise<SignOutResult> {
  const failed: SignOutResult['failed'] = [];
  const attempt = async (step: CleanupStep) => {
    try {
      await step.run();
    } catch (error) {
      console.warn('Fediprint: a sign-out step failed:', step.label, (error as Error).name);
      failed.push({ label: step.label, message: describeError(error) });
    }
  };
  for (const step of before) await attempt(step);
  let revoked = true;
  await attempt({
    label: 'signOut_stepRevoke',
    run: async () => {
      const token = await loadToken();
      revoked = token ? await revokeQuietly(token.origin, token.accessToken) : true;
    },
  });
  await attempt({ label: 'signOut_stepToken', run: deleteToken });
  await attempt({ label: 'signOut_stepData', run: clearAccountData });
  for (const step of after) await attempt(step);
  return { revoked, failed };
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
