import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Getter } from './discovery';
import { capabilitiesOf, detectFamily, readNodeinfo, serverSoftware } from './software';

const getter =
  (docs: Record<string, unknown>): Getter =>
  async (path) =>
    path in docs ? { status: 200, url: path, data: docs[path] } : { status: 404, url: path, data: undefined };
const ORIGIN = 'https://example.social';
const index = (href: string) => ({
  links: [{ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href }],
});

describe('readNodeinfo', () => {
  it('reads name and version from the linked 2.x document', async () => {
    const get = getter({
      '/.well-known/nodeinfo': index(`${ORIGIN}/nodeinfo/2.0`),
      '/nodeinfo/2.0': { software: { name: 'Akkoma', version: '3.13.2' } },
    });
    expect(await readNodeinfo(get, ORIGIN)).toEqual({ name: 'akkoma', version: '3.13.2' });
  });

  it('ignores a document on another host, and a server without nodeinfo', async () => {
    const elsewhere = getter({ '/.well-known/nodeinfo': index('https://tracker.example/nodeinfo/2.0') });
    expect(await readNodeinfo(elsewhere, ORIGIN)).toBeNull();
    expect(await readNodeinfo(getter({}), ORIGIN)).toBeNull();
  });
});

describe('serverSoftware and capabilities', () => {
  it('takes the family from the detector, else from the name', () => {
    expect(serverSoftware({ name: 'hometown', version: '1.1' }, 'mastodon')?.family).toBe('mastodon');
    expect(serverSoftware({ name: 'gotosocial', version: '0.17' })?.family).toBe('gotosocial');
    expect(serverSoftware({ name: 'snac', version: '2.94' })?.family).toBe('other');
    expect(serverSoftware(null)).toBeNull();
  });

  it('knows what snac does not give apps; anything else is read as Mastodon', () => {
    expect(capabilitiesOf({ name: 'snac' })).toEqual({
      notShown: ['privatePosts', 'directPosts', 'followers', 'histories'],
      countsTrusted: false,
      statusListCap: 256,
    });
    expect(capabilitiesOf({ name: 'mastodon' }).notShown).toEqual([]);
    expect(capabilitiesOf(null).countsTrusted).toBe(true);
  });
});

describe("megalodon's detector", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('tells Mastodon from nodeinfo', async () => {
    const origin = await serve((req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify(
          req.url === '/.well-known/nodeinfo'
            ? index(`http://${req.headers.host}/nodeinfo/2.0`)
            : { software: { name: 'mastodon', version: '4.5.0' }, metadata: {} },
        ),
      );
    });
    expect(await detectFamily(origin)).toBe('mastodon');
  });

  it('a server that never answers costs at most the wait, then reads as other', async () => {
    const origin = await serve(() => undefined);
    const started = Date.now();
    expect(await detectFamily(origin, 300)).toBe('other');
    expect(Date.now() - started).toBeLessThan(2_000);
    server?.closeAllConnections();
  });
});
