import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../utils/clock';
import { startServer, type RunningServer } from './index';
import { cmpId } from './util';

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Json = Record<string, unknown>;

function api(s: RunningServer, token = s.ownerToken) {
  const h = (extra: Record<string, string> = {}) => ({ Authorization: `Bearer ${token}`, ...extra });
  return {
    get: (path: string) => fetch(path.startsWith('http') ? path : `${s.url}${path}`, { headers: h() }),
    send: (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) =>
      fetch(`${s.url}${path}`, {
        method,
        headers: h(body === undefined ? extra : { 'Content-Type': 'application/json', ...extra }),
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
  };
}

function nextLink(res: Response): string | null {
  const link = res.headers.get('link') ?? '';
  return /<([^>]+)>; rel="next"/.exec(link)?.[1] ?? null;
}

describe('pagination', () => {
  it('walks every own post exactly once through Link, DMs included, and stops', async () => {
    server = await startServer({ posts: 250, seed: 7 });
    const a = api(server);
    const seen: string[] = [];
    let url: string | null = `/api/v1/accounts/${server.owner.id}/statuses?limit=40`;
    let pages = 0;
    while (url) {
      const res = await a.get(url);
      expect(res.status).toBe(200);
      const page = (await res.json()) as Json[];
      seen.push(...page.map((st) => st.id as string));
      url = nextLink(res);
      pages++;
      expect(pages).toBeLessThan(20);
    }
    expect(seen.length).toBe(250);
    expect(new Set(seen).size).toBe(250);
    const sorted = [...seen].sort((x, y) => cmpId(y, x));
    expect(seen).toEqual(sorted);
    const visibilities = new Set(
      [...server.state.statuses.values()]
        .filter((st) => st.accountId === server?.owner.id)
        .map((st) => st.visibility),
    );
    expect([...visibilities].sort()).toEqual(['direct', 'private', 'public', 'unlisted']);

    // exclude_direct and anonymous reads leave DMs out.
    const noDm = (await (
      await a.get(`/api/v1/accounts/${server.owner.id}/statuses?limit=40&exclude_direct=true`)
    ).json()) as Json[];
    expect(noDm.every((st) => st.visibility !== 'direct')).toBe(true);
    const anon = (await (
      await fetch(`${server.url}/api/v1/accounts/${server.owner.id}/statuses?limit=40`)
    ).json()) as Json[];
    expect(anon.every((st) => st.visibility === 'public' || st.visibility === 'unlisted')).toBe(true);
  });

  it('supports since_id and min_id (prev) and clamps the limit', async () => {
    server = await startServer({ posts: 100, seed: 2 });
    const a = api(server);
    const res = await a.get(`/api/v1/accounts/${server.owner.id}/statuses?limit=100`);
    const first = (await res.json()) as Json[];
    expect(first.length).toBe(40);
    const tenth = first[9]?.id as string;
    const newer = (await (
      await a.get(`/api/v1/accounts/${server.owner.id}/statuses?since_id=${tenth}`)
    ).json()) as Json[];
    expect(newer.map((s) => s.id)).toEqual(first.slice(0, 9).map((s) => s.id));
    const justAbove = (await (
      await a.get(`/api/v1/accounts/${server.owner.id}/statuses?min_id=${tenth}&limit=3`)
    ).json()) as Json[];
    expect(justAbove.map((s) => s.id)).toEqual(first.slice(6, 9).map((s) => s.id));
    expect(res.headers.get('link')).toMatch(/rel="prev"/);
  });

  it('pages followers by Link with internal ids, 40 by default and 80 at most', async () => {
    server = await startServer({ posts: 0, followers: 150, following: 80 });
    const a = api(server);
    let url: string | null = `/api/v1/accounts/${server.owner.id}/followers?limit=200`;
    const ids: string[] = [];
    const sizes: number[] = [];
    while (url) {
      const res = await a.get(url);
      const page = (await res.json()) as Json[];
      sizes.push(page.length);
      ids.push(...page.map((acc) => acc.id as string));
      url = nextLink(res);
    }
    expect(sizes).toEqual([80, 70]);
    expect(new Set(ids).size).toBe(150);
    const following = (await (await a.get(`/api/v1/accounts/${server.owner.id}/following`)).json()) as Json[];
    expect(following.length).toBe(40);
    const domains = new Set(ids.map((id) => server?.state.accounts.get(id)?.domain));
    expect(domains.size).toBeGreaterThan(20);
  });
});

describe('rate limits', () => {
  it('answers the 301st request in a 5-minute window with 429 and an ISO reset, then recovers', async () => {
    const clock = new SimulatedClock(Date.UTC(2026, 0, 15, 12, 1, 0));
    server = await startServer({ posts: 5, followers: 3, following: 3, clock });
    const a = api(server);
    let last: Response | undefined;
    for (let i = 0; i < 300; i++) {
      last = await a.get('/api/v1/accounts/verify_credentials');
      expect(last.status).toBe(200);
    }
    expect(last?.headers.get('x-ratelimit-remaining')).toBe('0');
    const limited = await a.get('/api/v1/accounts/verify_credentials');
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ error: 'Too many requests' });
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(limited.headers.get('x-ratelimit-limit')).toBe('300');
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    const reset = limited.headers.get('x-ratelimit-reset') ?? '';
    expect(reset).toBe('2026-01-15T12:05:00.000000Z');
    clock.advance(Date.parse(reset) - clock.now());
    const again = await a.get('/api/v1/accounts/verify_credentials');
    expect(again.status).toBe(200);
    expect(again.headers.get('x-ratelimit-remaining')).toBe('299');
  });

  it('limits deletes to 30 per 30 minutes and reports the tighter throttle', async () => {
    const clock = new SimulatedClock(Date.UTC(2026, 0, 15, 12, 0, 0));
    server = await startServer({ posts: 60, clock });
    const a = api(server);
    const ids = (server.state.timelines.get(server.owner.id) ?? []).slice(0, 31).map((s) => s.id);
    for (let i = 0; i < 30; i++) {
      const res = await a.send('DELETE', `/api/v1/statuses/${ids[i]}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('30');
      expect(res.headers.get('x-ratelimit-remaining')).toBe(String(29 - i));
    }
    const over = await a.send('DELETE', `/api/v1/statuses/${ids[30]}`);
    expect(over.status).toBe(429);
    expect(over.headers.get('x-ratelimit-reset')).toBe('2026-01-15T12:30:00.000000Z');
    expect(server.state.statuses.get(ids[30] ?? '')?.deleted).toBe(false);
  });

  it('counts paged requests against 300 per 15 minutes per user, across tokens', async () => {
    const clock = new SimulatedClock(Date.UTC(2026, 0, 15, 12, 0, 0));
    server = await startServer({ posts: 50, clock });
    const first = api(server);
    const second = api(server, server.issueToken(['read']));
    const maxId = server.state.timelines.get(server.owner.id)?.[0]?.id;
    for (let i = 0; i < 300; i++) {
      const res = await (i % 2 ? first : second).get(
        `/api/v1/accounts/${server.owner.id}/statuses?max_id=${maxId}&limit=1`,
      );
      expect(res.status).toBe(200);
    }
    const over = await first.get(`/api/v1/accounts/${server.owner.id}/statuses?max_id=${maxId}`);
    expect(over.status).toBe(429);
    expect(over.headers.get('x-ratelimit-reset')).toBe('2026-01-15T12:15:00.000000Z');
    // Unpaged reads still work.
    expect((await first.get(`/api/v1/accounts/${server.owner.id}/statuses`)).status).toBe(200);
  });
});

async function upload(s: RunningServer, bytes: Buffer, description: string, version = 'v2'): Promise<Json> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'photo.png');
  form.append('description', description);
  const res = await fetch(`${s.url}/api/${version}/media`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${s.ownerToken}` },
    body: form,
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Json;
}

describe('statuses', () => {
  it('posts with Idempotency-Key once per key within an hour', async () => {
    const clock = new SimulatedClock();
    server = await startServer({ posts: 5, clock });
    const a = api(server);
    const body = {
      status: 'Hello @max and @someone@far.example #news https://example.org/a',
      visibility: 'private',
      spoiler_text: 'cw',
      language: 'de',
    };
    const one = (await (
      await a.send('POST', '/api/v1/statuses', body, { 'Idempotency-Key': 'k1' })
    ).json()) as Json;
    const two = (await (
      await a.send('POST', '/api/v1/statuses', body, { 'Idempotency-Key': 'k1' })
    ).json()) as Json;
    expect(two.id).toBe(one.id);
    expect(one.visibility).toBe('private');
    expect(one.content).toContain('class="u-url mention"');
    expect(one.content).toContain('<span class="invisible">https://</span>');
    expect((one.mentions as Json[]).map((m) => m.acct).sort()).toEqual(['max', 'someone@far.example']);
    expect((one.tags as Json[]).map((t) => t.name)).toEqual(['news']);
    clock.advance(3_600_001);
    const three = (await (
      await a.send('POST', '/api/v1/statuses', body, { 'Idempotency-Key': 'k1' })
    ).json()) as Json;
    expect(three.id).not.toBe(one.id);
    expect(cmpId(three.id as string, one.id as string)).toBeGreaterThan(0);
    const created = [...server.state.statuses.values()].filter((s) => s.text === body.status);
    expect(created.length).toBe(2);
    // A deleted duplicate is not resurrected: Mastodon's lookup answers 404.
    await a.send('DELETE', `/api/v1/statuses/${three.id}`);
    expect((await a.send('POST', '/api/v1/statuses', body, { 'Idempotency-Key': 'k1' })).status).toBe(404);
    const blank = await a.send('POST', '/api/v1/statuses', { status: '  ' });
    expect(blank.status).toBe(422);
    expect(await blank.json()).toEqual({ error: "Validation failed: Text can't be blank" });
  });

  it('edits ignore visibility, set edited_at and grow the history, original first', async () => {
    const clock = new SimulatedClock();
    server = await startServer({ posts: 5, clock });
    const a = api(server);
    const created = (await (
      await a.send('POST', '/api/v1/statuses', { status: 'first version', visibility: 'public' })
    ).json()) as Json;
    clock.advance(60_000);
    const edited = (await (
      await a.send('PUT', `/api/v1/statuses/${created.id}`, {
        status: 'second version',
        visibility: 'private',
        spoiler_text: 'cw',
      })
    ).json()) as Json;
    expect(edited.visibility).toBe('public');
    expect(edited.edited_at).toBe(new Date(clock.now()).toISOString());
    clock.advance(60_000);
    await a.send('PUT', `/api/v1/statuses/${created.id}`, { status: 'third version' });
    const history = (await (
      await fetch(`${server.url}/api/v1/statuses/${created.id}/history`)
    ).json()) as Json[];
    expect(history.map((v) => v.content)).toEqual([
      '<p>first version</p>',
      '<p>second version</p>',
      '<p>third version</p>',
    ]);
    expect(history.map((v) => v.spoiler_text)).toEqual(['', 'cw', 'cw']);
    const source = (await (await a.get(`/api/v1/statuses/${created.id}/source`)).json()) as Json;
    expect(source).toEqual({ id: created.id, text: 'third version', spoiler_text: 'cw' });
  });

  it('with mediaDetachMs, a re-draft right after DELETE is refused until the media is detached', async () => {
    const clock = new SimulatedClock();
    server = await startServer({ posts: 5, clock, mediaDetachMs: 2_000 });
    const a = api(server);
    const media = await upload(server, Buffer.from('bytes'), 'alt');
    const post = (await (
      await a.send('POST', '/api/v1/statuses', { status: 'with media', media_ids: [media.id] })
    ).json()) as Json;
    await a.send('DELETE', `/api/v1/statuses/${post.id}`);
    const early = await a.send('POST', '/api/v1/statuses', { status: 'with media', media_ids: [media.id] });
    expect(early.status).toBe(422);
    expect(((await early.json()) as Json).error).toBe(
      `Media ${String(media.id)} not found or already attached to another post`,
    );
    clock.advance(2_000);
    const later = await a.send('POST', '/api/v1/statuses', { status: 'with media', media_ids: [media.id] });
    expect(later.status).toBe(200);
  });

  it('delete returns text and media; media is re-usable until retention passes, or gone with delete_media', async () => {
    const clock = new SimulatedClock();
    server = await startServer({ posts: 5, clock, mediaRetentionMs: 3_600_000 });
    const a = api(server);
    const bytes = Buffer.from('not really a png but bytes');
    const media = await upload(server, bytes, 'alt text here');
    const file = await fetch(media.url as string);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(bytes);
    const post = (await (
      await a.send('POST', '/api/v1/statuses', {
        status: 'with media',
        media_ids: [media.id],
        poll: undefined,
      })
    ).json()) as Json;
    const del = await a.send('DELETE', `/api/v1/statuses/${post.id}`);
    const deleted = (await del.json()) as Json;
    expect(deleted.text).toBe('with media');
    expect(deleted.content).toBeUndefined();
    expect((deleted.media_attachments as Json[])[0]?.description).toBe('alt text here');
    expect((await a.get(`/api/v1/statuses/${post.id}`)).status).toBe(404);
    expect(server.state.statuses.get(post.id as string)?.deleted).toBe(true);

    // Re-draft within retention: same media id attaches again.
    const redraft = await a.send('POST', '/api/v1/statuses', {
      status: 'with media',
      media_ids: [media.id],
      visibility: 'private',
    });
    expect(redraft.status).toBe(200);
    const redrafted = (await redraft.json()) as Json;
    await a.send('DELETE', `/api/v1/statuses/${redrafted.id}`);
    clock.advance(3_600_000);
    const late = await a.send('POST', '/api/v1/statuses', { status: 'again', media_ids: [media.id] });
    expect(late.status).toBe(422);
    expect((await a.get(`/api/v1/media/${media.id}`)).status).toBe(404);
    expect((await fetch(media.url as string)).status).toBe(404);
    expect(server.state.media.get(media.id as string)?.bytes).toEqual(bytes);

    // delete_media=true: gone at once.
    const m2 = await upload(server, Buffer.from('second'), 'two', 'v1');
    const p2 = (await (
      await a.send('POST', '/api/v1/statuses', { status: 'x', media_ids: [m2.id] })
    ).json()) as Json;
    await a.send('DELETE', `/api/v1/statuses/${p2.id}?delete_media=true`);
    expect((await a.send('POST', '/api/v1/statuses', { status: 'y', media_ids: [m2.id] })).status).toBe(422);
  });

  it("answers 404 when deleting someone else's status and keeps polls in the delete response", async () => {
    server = await startServer({ posts: 60 });
    const a = api(server);
    const foreign = [...server.state.statuses.values()].find(
      (s) => s.accountId !== server?.owner.id && s.visibility === 'public',
    );
    expect(foreign).toBeDefined();
    const res = await a.send('DELETE', `/api/v1/statuses/${foreign?.id}`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'Record not found' });
    const pollPost = (await (
      await a.send('POST', '/api/v1/statuses', {
        status: 'vote',
        poll: { options: ['a', 'b'], expires_in: 3600, multiple: true },
      })
    ).json()) as Json;
    const del = (await (await a.send('DELETE', `/api/v1/statuses/${pollPost.id}`)).json()) as Json;
    expect(((del.poll as Json).options as Json[]).map((o) => o.title)).toEqual(['a', 'b']);
  });

  it('accepts form-encoded bracket params', async () => {
    server = await startServer({ posts: 5 });
    const body = new URLSearchParams();
    body.append('status', 'form post');
    body.append('poll[options][]', 'one');
    body.append('poll[options][]', 'two');
    body.append('poll[expires_in]', '600');
    body.append('visibility', 'unlisted');
    const res = await fetch(`${server.url}/api/v1/statuses`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${server.ownerToken}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: body.toString(),
    });
    expect(res.status).toBe(200);
    const st = (await res.json()) as Json;
    expect(st.visibility).toBe('unlisted');
    expect(((st.poll as Json).options as Json[]).length).toBe(2);
  });
});

describe('account settings', () => {
  it('update_credentials changes privacy settings; noindex stays read-only', async () => {
    server = await startServer({ posts: 5 });
    const a = api(server);
    const before = (await (await a.get('/api/v1/accounts/verify_credentials')).json()) as Json;
    expect(before.locked).toBe(false);
    expect((before.source as Json).privacy).toBe('public');
    const res = await a.send('PATCH', '/api/v1/accounts/update_credentials', {
      locked: true,
      discoverable: false,
      indexable: false,
      hide_collections: true,
      noindex: true,
      source: { privacy: 'private' },
    });
    expect(res.status).toBe(200);
    const after = (await res.json()) as Json;
    expect([
      after.locked,
      after.discoverable,
      after.indexable,
      after.hide_collections,
      after.noindex,
    ]).toEqual([true, false, false, true, false]);
    expect((after.source as Json).privacy).toBe('private');
    const prefs = (await (await a.get('/api/v1/preferences')).json()) as Json;
    expect(prefs['posting:default:visibility']).toBe('private');
    const bad = await a.send('PATCH', '/api/v1/accounts/update_credentials', {
      source: { privacy: 'direct' },
    });
    expect(bad.status).toBe(422);
    // hide_collections: others see an empty list.
    expect(
      ((await (await fetch(`${server.url}/api/v1/accounts/${server.owner.id}/followers`)).json()) as Json[])
        .length,
    ).toBe(0);
  });

  it('publishes instance domain blocks with digests, or 404 when not published', async () => {
    server = await startServer({ posts: 0, followers: 20 });
    const blocks = (await (await fetch(`${server.url}/api/v1/instance/domain_blocks`)).json()) as Json[];
    expect(blocks.map((b) => b.severity)).toEqual(expect.arrayContaining(['suspend', 'silence']));
    expect(blocks[0]?.digest).toMatch(/^[0-9a-f]{64}$/);
    const suspended = blocks.find((b) => b.severity === 'suspend')?.domain as string;
    const followersOnIt = server.state.followers.filter(
      (f) => server?.state.accounts.get(f.accountId)?.domain === suspended,
    );
    expect(followersOnIt.length).toBeGreaterThan(0);
    // Blocking the domain as a user removes those followers (AfterBlockDomainFromAccountService).
    const a = api(server);
    expect((await a.send('POST', '/api/v1/domain_blocks', { domain: suspended })).status).toBe(200);
    expect(await (await a.get('/api/v1/domain_blocks')).json()).toEqual([suspended]);
    expect(
      server.state.followers.some((f) => server?.state.accounts.get(f.accountId)?.domain === suspended),
    ).toBe(false);
    await server.close();
    server = await startServer({ posts: 0, publishDomainBlocks: false });
    expect((await fetch(`${server.url}/api/v1/instance/domain_blocks`)).status).toBe(404);
  });
});
