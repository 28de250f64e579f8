/**
 * Signs in to a real Mastodon the way a person does, without a browser: its sign-in page, then
 * its consent page, then the extension's own OAuth code (discovery, app registration, PKCE and
 * `state`, code exchange). Cookies and CSRF tokens are carried by hand, as a browser would.
 */
import {
  buildAuthorizationRequest,
  discoverServer,
  exchangeCode,
  parseCallback,
  registerApp,
  type Scope,
  type ServerInfo,
} from '../../utils/mastodon/oauth';
import type { CredentialApplication } from '../../utils/mastodon/schemas';
import type { RealAccount } from './env';

/** Never requested: the consent page's redirect is read from its Location header. */
export const REDIRECT_URI = 'https://fediprint-real-mastodon.invalid/callback';

class CookieJar {
  private readonly cookies = new Map<string, string>();
  constructor(header = '') {
    for (const pair of header.split(/;\s*/)) {
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      if (eq > 0) this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** A browser-like session on the server's HTML pages. */
export class PageSession {
  private readonly jar: CookieJar;
  /** `cookies` continues a session signed in elsewhere (Mastodon limits sign-ins per account). */
  constructor(
    readonly origin: string,
    cookies?: string,
  ) {
    this.jar = new CookieJar(cookies);
  }

  cookies(): string {
    return this.jar.header();
  }

  async request(
    pathOrUrl: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<{ response: Response; body: string }> {
    const url = new URL(pathOrUrl, this.origin);
    const response = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        Cookie: this.jar.header(),
        Accept: 'text/html',
        ...(init.form ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    this.jar.take(response);
    return { response, body: await response.text() };
  }

  /** Follows same-origin redirects; stops (returning the Location) at one that leaves the server. */
  async follow(pathOrUrl: string, init: { form?: Record<string, string> } = {}) {
    let { response, body } = await this.request(pathOrUrl, init);
    for (let hops = 0; response.status >= 300 && response.status < 400 && hops < 10; hops++) {
      const location = new URL(response.headers.get('location')!, this.origin);
      if (location.origin !== this.origin) return { response, body, left: location.href };
      ({ response, body } = await this.request(location.href));
    }
    return { response, body, left: null };
  }

  async signIn(account: RealAccount, then = '/auth/sign_in'): Promise<{ body: string; left: string | null }> {
    const page = await this.follow(then);
    if (!/name="user\[email\]"/.test(page.body)) return page;
    const result = await this.follow('/auth/sign_in', {
      form: {
        authenticity_token: csrfToken(page.body),
        'user[email]': account.email,
        'user[password]': account.password,
      },
    });
    if (/name="user\[email\]"/.test(result.body))
      throw new Error(`The sign-in page refused ${account.email}: ${flash(result.body)}`);
    return result;
  }
}

export function csrfToken(html: string): string {
  const m =
    /name="authenticity_token"[^>]*value="([^"]+)"/.exec(html) ??
    /name="csrf-token" content="([^"]+)"/.exec(html);
  if (!m?.[1]) throw new Error('No CSRF token on the page');
  return decodeEntities(m[1]);
}

function decodeEntities(s: string): string {
  return s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

function flash(html: string): string {
  return /class="flash-message[^"]*"[^>]*>([^<]*)</.exec(html)?.[1]?.trim() ?? '(no message)';
}

/** The hidden fields of the consent page's Authorize form (the one that is not the DELETE). */
export function consentForm(html: string): Record<string, string> {
  const forms = [...html.matchAll(/<form[^>]*action="\/oauth\/authorize"[^>]*>([\s\S]*?)<\/form>/g)];
  const approve = forms.find((f) => !/name="_method" value="delete"/.test(f[1]!));
  if (!approve) throw new Error('No Authorize form on the consent page');
  const fields: Record<string, string> = {};
  for (const input of approve[1]!.matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
    if (name) fields[decodeEntities(name)] = decodeEntities(value);
  }
  return fields;
}

export class ConsentSkippedError extends Error {
  override name = 'ConsentSkippedError';
  constructor(readonly redirectedTo: string) {
    super(
      `Mastodon skipped its consent page (a live token of this app exists) and sent us to ${redirectedTo}`,
    );
  }
}

export interface SignedIn {
  server: ServerInfo;
  app: CredentialApplication;
  token: string;
  scopes: string[];
  /** What the consent page's form carried back, for assertions on PKCE and state. */
  consent: Record<string, string>;
  state: string;
  /** The signed-in page session's cookies, to look at more pages without signing in again. */
  cookies: string;
}

/** The whole sign-in: the extension's OAuth code, Mastodon's pages in between. */
export async function signInThroughPages(
  origin: string,
  account: RealAccount,
  scopes: readonly Scope[],
  reuse?: { server: ServerInfo; app: CredentialApplication },
  /** Take the code when Mastodon skips its consent page, for accounts whose consent is not under test. */
  allowSkippedConsent = false,
): Promise<SignedIn> {
  // Mastodon allows 5 app registrations per IP in 10 minutes: sign-ins share one app.
  const server = reuse?.server ?? (await discoverServer(origin));
  const app = reuse?.app ?? (await registerApp(origin, REDIRECT_URI));
  const auth = await buildAuthorizationRequest(server, app, REDIRECT_URI, scopes);
  const session = new PageSession(origin);
  const consentPage = await session.signIn(account, auth.url);
  // Doorkeeper skips the consent page when the account already holds a live token of this app
  // with the same scopes: a code comes back without the form.
  if (consentPage.left && !allowSkippedConsent) throw new ConsentSkippedError(consentPage.left);
  if (/"error":"Too many requests"/.test(consentPage.body))
    throw new Error(
      'Mastodon throttled the sign-in (25 per IP in 5 minutes, 25 per account an hour): wait and run again',
    );
  let consent: Record<string, string> = {};
  let location = consentPage.left;
  if (!location) {
    consent = consentForm(consentPage.body);
    const answer = await session.request('/oauth/authorize', { form: consent });
    location = answer.response.headers.get('location');
    if (!location) throw new Error(`Authorize answered ${answer.response.status} without a redirect`);
  }
  const callback = parseCallback(location, auth.state);
  if (!callback.ok) throw new Error(`Authorize redirect refused: ${callback.reason} (${location})`);
  const token = await exchangeCode(server, app, REDIRECT_URI, callback.code, auth.verifier);
  return {
    server,
    app,
    token: token.access_token,
    scopes: token.scope.split(/\s+/),
    consent,
    state: auth.state,
    cookies: session.cookies(),
  };
}

/**
 * A throwaway token through the password grant Mastodon enables, for tests that use a token up
 * (revoking, running into the per-token limit) without spending sign-ins.
 */
export async function passwordToken(
  origin: string,
  app: Pick<CredentialApplication, 'client_id' | 'client_secret'>,
  account: RealAccount,
  scope: string,
): Promise<string> {
  const response = await fetch(new URL('/oauth/token', origin), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: app.client_id,
      client_secret: app.client_secret,
      username: account.email,
      password: account.password,
      scope,
    }).toString(),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!response.ok || !body.access_token)
    throw new Error(`Password grant answered ${response.status}: ${JSON.stringify(body)}`);
  return body.access_token;
}
