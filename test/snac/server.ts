/**
 * snac, a Mastodon-API server written by other people, for tests: built from
 * ../shared/servers/ by scripts/ci/snac.sh into a cache outside the repo, started on 127.0.0.1
 * with a fresh data directory, one user, and posts seeded through its own Mastodon API.
 *
 * `snacUnavailable()` says why it cannot run here (no tarball, no compiler or headers); tests
 * then skip with that notice, except in CI (CI=true), where it is an error.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const SNAC_TARBALL = path.resolve(ROOT, '..', 'shared', 'servers', 'snac2-2.94.tar.gz');

export interface SnacServer {
  /** `http://127.0.0.1:PORT`. */
  url: string;
  user: string;
  password: string;
  /** A token for the user with `read write`, got through snac's own OAuth login form. */
  token: string;
  /** The posts seeded, by visibility. */
  seeded: { public: number; unlisted: number; private: number; direct: number };
  close(): Promise<void>;
}

let built: Promise<string> | undefined;

interface Answer {
  status: number;
  text: string;
  json<T>(): T;
}

/**
 * One request on a fresh connection: snac closes each connection after answering, and a pooled
 * socket would fail the next request.
 */
function call(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | URLSearchParams } = {},
): Promise<Answer> {
  const body = init.body === undefined ? undefined : String(init.body);
  const headers = { ...init.headers };
  if (init.body instanceof URLSearchParams) headers['Content-Type'] = 'application/x-www-form-urlencoded';
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: init.method ?? 'GET', headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text, json: <T>() => JSON.parse(text) as T }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Builds (once per tarball, cached) and returns the binary's path. */
export function buildSnac(): Promise<string> {
  built ??= new Promise((resolve, reject) =>
    execFile(
      path.join(ROOT, 'scripts', 'ci', 'snac.sh'),
      { env: { ...process.env, SNAC_TARBALL } },
      (error, stdout, stderr) =>
        error
          ? reject(new Error(`snac did not build: ${stderr.trim() || error.message}`))
          : resolve(stdout.trim()),
    ),
  );
  return built;
}

/** Why snac cannot run here, or null when it can. */
export async function snacUnavailable(): Promise<string | null> {
  if (!existsSync(SNAC_TARBALL)) return `${SNAC_TARBALL} not found`;
  try {
    await buildSnac();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Skips locally with a notice, throws in CI. Returns whether the snac tests run. */
export async function requireSnac(suite: string): Promise<boolean> {
  const why = await snacUnavailable();
  if (why === null) return true;
  if (process.env.CI) throw new Error(`${suite}: snac is needed in CI: ${why}`);
  console.warn(`[${suite}] skipped: snac cannot run here (${why}).`);
  return false;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function run(bin: string, args: string[], input = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(bin, args, (error, stdout, stderr) =>
      error ? reject(new Error(`snac ${args[0]}: ${stderr || error.message}`)) : resolve(stdout + stderr),
    );
    child.stdin?.end(input);
  });
}

async function waitUp(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`snac httpd exited with ${child.exitCode}`);
    try {
      if ((await call(`${url}/api/v1/instance`)).status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('snac httpd did not start within 10 s');
}

/** The Mastodon client's way to a token, through snac's login form (out-of-band redirect). */
export async function snacToken(
  url: string,
  user: string,
  password: string,
  scopes = 'read write',
): Promise<string> {
  const oob = 'urn:ietf:wg:oauth:2.0:oob';
  const app = (
    await call(`${url}/api/v1/apps`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ client_name: 'Fediprint tests', redirect_uris: oob, scopes }),
    })
  ).json<{ client_id: string; client_secret: string }>();
  const authorize = new URL('/oauth/authorize', url);
  for (const [k, v] of Object.entries({
    response_type: 'code',
    client_id: app.client_id,
    redirect_uri: oob,
    scope: scopes,
    state: 's',
  }))
    authorize.searchParams.set(k, v);
  const form = (await call(authorize.href)).text;
  const action = /<form[^>]*action="([^"]+)"/.exec(form)?.[1];
  if (!action) throw new Error('snac: no login form at /oauth/authorize');
  const fields = new URLSearchParams({ login: user, passwd: password });
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
    fields.set(m[1]!, m[2]!);
  const login = await call(action, { method: 'POST', body: fields });
  const page = login.text;
  // The out-of-band answer is a page showing the code.
  const code = /([0-9a-f]{32})/.exec(page)?.[1];
  if (!code) throw new Error(`snac: no code after login (HTTP ${login.status})`);
  const token = (
    await call(`${url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        client_id: app.client_id,
        client_secret: app.client_secret,
        redirect_uri: oob,
      }),
    })
  ).json<{ access_token?: string }>();
  if (!token.access_token) throw new Error('snac: no token');
  return token.access_token;
}

export interface SnacOptions {
  /** Public posts to seed (more than a page of 40 makes the walk go on without Link). */
  publicPosts?: number;
}

export async function startSnac(options: SnacOptions = {}): Promise<SnacServer> {
  const bin = await buildSnac();
  const port = await freePort();
  const data = path.join(mkdtempSync(path.join(tmpdir(), 'fediprint-snac-')), 'data');
  await run(bin, ['init', data], `127.0.0.1\n${port}\n127.0.0.1:${port}\n\n\n`);
  const config = path.join(data, 'server.json');
  writeFileSync(config, readFileSync(config, 'utf8').replace('"protocol": "https"', '"protocol": "http"'));
  const user = 'alice';
  const added = await run(bin, ['adduser', data, user]);
  const password = /User password is (\S+)/.exec(added)?.[1];
  if (!password) throw new Error(`snac adduser: no password in "${added}"`);
  const child = spawn(bin, ['httpd', data], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      // snac finishes its worker threads' queues on SIGTERM, which can take long on a busy machine.
      const late = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(late);
    }
    rmSync(path.dirname(data), { recursive: true, force: true });
  };
  try {
    await waitUp(url, child);
    const token = await snacToken(url, user, password);
    const seeded = { public: options.publicPosts ?? 45, unlisted: 3, private: 2, direct: 1 };
    const post = async (status: string, visibility: string) => {
      const res = await call(`${url}/api/v1/statuses`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ status, visibility }),
      });
      if (res.status !== 200)
        throw new Error(`snac: posting failed with ${res.status}: ${res.text.slice(0, 200)}`);
    };
    // One public post carries a phone number, so the checkup has something real to find.
    await post('Call me on +49 151 23456789 any time', 'public');
    for (let i = 1; i < seeded.public; i++) await post(`Public post number ${i}`, 'public');
    for (let i = 0; i < seeded.unlisted; i++) await post(`Unlisted post ${i}`, 'unlisted');
    for (let i = 0; i < seeded.private; i++) await post(`Followers-only post ${i}`, 'private');
    await post('A direct note to nobody in particular', 'direct');
    return { url, user, password, token, seeded, close };
  } catch (error) {
    await close();
    throw error;
  }
}
