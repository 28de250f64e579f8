/** The server's responses must parse with the project's own zod schemas, page after page. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccountSchema,
  ConversationSchema,
  CredentialAccountSchema,
  DeletedStatusSchema,
  DomainBlockSchema,
  InstanceSchema,
  OAuthMetadataSchema,
  RelationshipSchema,
  StatusEditSchema,
  StatusSchema,
  StatusSourceSchema,
  V1InstanceSchema,
} from '../../utils/mastodon/schemas';
import { startServer, type RunningServer } from './index';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ posts: 400, seed: 9 });
});
afterAll(() => server.close());

async function get(path: string): Promise<unknown> {
  const res = await fetch(path.startsWith('http') ? path : `${server.url}${path}`, {
    headers: { Authorization: `Bearer ${server.ownerToken}` },
  });
  expect(res.status).toBe(200);
  return res.json();
}

describe('responses parse with utils/mastodon/schemas', () => {
  it('every own status, its history and source', async () => {
    let url: string | null = `${server.url}/api/v1/accounts/${server.owner.id}/statuses?limit=40`;
    let count = 0;
    while (url) {
      const res: Response = await fetch(url, { headers: { Authorization: `Bearer ${server.ownerToken}` } });
      const page = (await res.json()) as unknown[];
      for (const st of page) StatusSchema.parse(st);
      count += page.length;
      url = /<([^>]+)>; rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
    }
    expect(count).toBe(400);
    const edited = (server.state.timelines.get(server.owner.id) ?? [])
      .filter((s) => s.history.length > 0)
      .slice(0, 5);
    expect(edited.length).toBeGreaterThan(0);
    for (const st of edited) {
      const history = (await get(`/api/v1/statuses/${st.id}/history`)) as unknown[];
      expect(history.length).toBe(st.history.length);
      for (const v of history) StatusEditSchema.parse(v);
      StatusSourceSchema.parse(await get(`/api/v1/statuses/${st.id}/source`));
    }
  });

  it('accounts, relationships, conversations, instance, domain blocks, OAuth metadata', async () => {
    CredentialAccountSchema.parse(await get('/api/v1/accounts/verify_credentials'));
    for (const a of (await get(`/api/v1/accounts/${server.owner.id}/followers?limit=80`)) as unknown[])
      AccountSchema.parse(a);
    for (const a of (await get('/api/v1/follow_requests')) as unknown[]) AccountSchema.parse(a);
    for (const c of (await get('/api/v1/conversations?limit=40')) as unknown[]) ConversationSchema.parse(c);
    const someone = server.state.followers[0]?.accountId;
    for (const r of (await get(`/api/v1/accounts/relationships?id[]=${someone}`)) as unknown[])
      RelationshipSchema.parse(r);
    InstanceSchema.parse(await get('/api/v2/instance'));
    V1InstanceSchema.parse(await get('/api/v1/instance'));
    for (const b of (await get('/api/v1/instance/domain_blocks')) as unknown[]) DomainBlockSchema.parse(b);
    OAuthMetadataSchema.parse(await get('/.well-known/oauth-authorization-server'));
  });

  it('the DELETE response', async () => {
    const st = (server.state.timelines.get(server.owner.id) ?? []).find((s) => s.mediaIds.length > 0);
    const res = await fetch(`${server.url}/api/v1/statuses/${st?.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${server.ownerToken}` },
    });
    const body = DeletedStatusSchema.parse(await res.json());
    expect(body.text).toBe(st?.text);
    expect(body.media_attachments.length).toBe(st?.mediaIds.length);
  });
});
