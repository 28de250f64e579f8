/**
 * Discovery and its fallbacks, for sign-in (oauth.ts) and for the client alike, against small
 * HTTP servers that answer the way real servers do: snac's 404 web page for v2 instance, no OAuth
 * metadata, a string-only `redirect_uris`; and one that accepts the connection and never answers.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { describeError } from './describe-error';
import { NetworkError, NotMastodonError } from './errors';
import { createClient } from './index';
import { createMegalodonClient } from './megalodon-client';
import { discoverServer, registerApp } from './oauth';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
const servers: { server: Server; sockets: Set<Socket> }[] = [];

async function serve(handler: Handler): Promise<string> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handler(req, body, res));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({ server, sockets });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
afterEach(async () => {
  for (const { server, sockets } of servers.splice(0)) {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};
const page = (res: ServerResponse, status: number) => {
  res.writeHead(status, { 'Content-Type': 'text/html' });
  res.end('<!doctype html><html><body>not here</body></html>');
};

/** snac 2.94 as observed: v2 instance is a 404 web page, v1 works, no metadata document. */
const snacLike: Handler = (req, body, res) => {
  if (req.url === '/api/v1/instance')
    return json(res, 200, { uri: '127.0.0.1', title: 'snac', version: '4.0.0 (not true; really snac/2.94)' });
  if (req.url === '/api/v1/apps' && req.method === 'POST') {
    const sent = JSON.parse(body) as { redirect_uris: unknown };
    if (typeof sent.redirect_uris !== 'string') return page(res, 404);
    return json(res, 200, { name: 'Fediprint', client_id: 'cid', client_secret: 'sec' });
  }
  page(res, 404);
};

describe('instance: v2, falling back to v1', () => {
  it('sign-in falls back to v1 when v2 is a 404 web page', async () => {
    const origin = await serve(snacLike);
    const info = await discoverServer(origin);
    expect(info.instance).toMatchObject({ domain: '127.0.0.1', title: 'snac' });
  });

  it('the client falls back the same way', async () => {
    const origin = await serve(snacLike);
    const instance = await createClient({ origin, token: 't', timeoutMs: 2_000 }).instance();
    expect(instance.domain).toBe('127.0.0.1');
  });

  it('v2 when it is there', async () => {
    const origin = await serve((req, _b, res) =>
      req.url === '/api/v2/instance'
        ? json(res, 200, { domain: 'v2.example', title: 'T', version: '4.3.0' })
        : page(res, 404),
    );
    expect((await discoverServer(origin)).instance.domain).toBe('v2.example');
    expect((await createClient({ origin, token: 't' }).instance()).domain).toBe('v2.example');
  });

  it('a Mastodon in limited federation mode (instance only for signed-in callers) lets sign-in go on', async () => {
    // As Mastodon 4.3 answers with LIMITED_FEDERATION_MODE: a JSON 401 without a token.
    const origin = await serve((req, _b, res) => {
      const token = req.headers.authorization === 'Bearer t';
      if (req.url === '/api/v2/instance' || req.url === '/api/v1/instance')
        return token
          ? json(res, 200, { domain: 'limited.example', title: 'L', version: '4.3.23' })
          : json(res, 401, { error: 'This method requires an authenticated user' });
      page(res, 404);
    });
    const info = await discoverServer(origin);
    expect(info.instance).toEqual({ domain: new URL(origin).host, title: new URL(origin).host, version: '' });
    expect(info.authorizationEndpoint).toBe(`${origin}/oauth/authorize`);
    // Signed in, the client reads the real instance.
    expect((await createClient({ origin, token: 't' }).instance()).domain).toBe('limited.example');
  });

  it("a 401 that is not Mastodon's JSON refusal is still not a Mastodon server", async () => {
    const origin = await serve((_r, _b, res) => page(res, 401));
    await expect(discoverServer(origin)).rejects.toBeInstanceOf(NotMastodonError);
  });

  it('neither: not a Mastodon server, for both', async () => {
    const origin = await serve((_r, _b, res) => page(res, 404));
    await expect(discoverServer(origin)).rejects.toBeInstanceOf(NotMastodonError);
    await expect(createClient({ origin, token: 't' }).instance()).rejects.toBeInstanceOf(NotMastodonError);
  });
});

describe('OAuth: metadata, falling back to defaults', () => {
  it('without a metadata document the fixed Mastodon paths are used', async () => {
    const origin = await serve(snacLike);
    const info = await discoverServer(origin);
    expect(info).toMatchObject({
      authorizationEndpoint: `${origin}/oauth/authorize`,
      tokenEndpoint: `${origin}/oauth/token`,
      revocationEndpoint: `${origin}/oauth/revoke`,
      pkceS256: false,
    });
  });

  it('metadata endpoints are used, those on another host ignored', async () => {
    const origin = await serve((req, _b, res) => {
      if (req.url === '/api/v2/instance')
        return json(res, 200, { domain: 'd', title: 'T', version: '4.3.0' });
      if (req.url === '/.well-known/oauth-authorization-server')
        return json(res, 200, {
          issuer: origin,
          authorization_endpoint: `${origin}/auth/here`,
          token_endpoint: 'https://elsewhere.example/token',
          code_challenge_methods_supported: ['S256'],
        });
      page(res, 404);
    });
    const info = await discoverServer(origin);
    expect(info.authorizationEndpoint).toBe(`${origin}/auth/here`);
    expect(info.tokenEndpoint).toBe(`${origin}/oauth/token`);
    expect(info.pkceS256).toBe(true);
  });
});

describe('app registration', () => {
  it('sends redirect_uris as a string, which snac requires', async () => {
    const origin = await serve(snacLike);
    const app = await registerApp(origin, 'https://example.chromiumapp.org/cb');
    expect(app.client_id).toBe('cid');
  });
});

describe('timeouts', () => {
  /** Accepts the connection, reads the request, never answers. */
  const silent: Handler = () => undefined;

  it('sign-in against a server that never answers ends with a message within the timeout', async () => {
    const origin = await serve(silent);
    const started = Date.now();
    const error = await discoverServer(origin, fetch, { timeoutMs: 300 }).catch((e: unknown) => e);
    const took = Date.now() - started;
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/did not answer within/);
    expect(describeError(error)).not.toBe('');
    expect(took).toBeLessThan(3_000);
  });

  it('app registration times out too', async () => {
    const origin = await serve(silent);
    await expect(registerApp(origin, 'urn:x', fetch, { timeoutMs: 300 })).rejects.toThrow(
      /did not answer within/,
    );
  });

  it('the client gives up on a silent server with a clear message', async () => {
    const origin = await serve(silent);
    const client = createMegalodonClient({ origin, token: 't', timeoutMs: 300, retry: { attempts: 1 } });
    const error = await client.verifyCredentials().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/no answer within/);
  });
});
