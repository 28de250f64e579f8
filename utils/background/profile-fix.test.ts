/**
 * The profile display options fix against the test server: the client's PATCH /api/v1/profile
 * changes what verify_credentials reports (and is refused before 4.6 or without write:accounts),
 * and the background's 'fix/profile' command makes the media-tab finding go away on the checkup
 * it starts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { startServer, type RunningServer } from '../../test/mastodon-server';
import { signInAsOwner } from '../../test/signed-in';
import { createClient, ForbiddenError, NotFoundError } from '../mastodon';
import { RequestSchema, type Request } from '../messages';
import { deleteToken } from '../secrets';
import { deleteAllSnapshots } from '../snapshot/store';
import { readKey } from '../storage';
import { startCheckup } from './checkup';
import { handlers } from './handlers';

const page = { url: 'chrome-extension://test/dashboard.html' };

/** A request as a page sends it, validated like the router does. */
async function command<T extends Request['type']>(request: Extract<Request, { type: T }>) {
  const parsed = RequestSchema.parse(request) as Extract<Request, { type: T }>;
  const handler = handlers[parsed.type] as (r: typeof parsed, s: typeof page) => Promise<unknown>;
  return handler(parsed, page) as ReturnType<(typeof handlers)[T]>;
}

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} never happened: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ seed: 12, posts: 80, followers: 10, following: 5 });
});
afterAll(() => server.close());

const client = (token = server.ownerToken) => createClient({ origin: server.url, token });
/** The owner's record on the server: what a PATCH must change. */
const owner = () => {
  const record = server.state.accounts.get(server.owner.id);
  if (!record) throw new Error('owner missing');
  return record;
};

describe('PATCH /api/v1/profile through the client', () => {
  beforeEach(() => {
    owner().showMedia = true;
    owner().showMediaReplies = true;
  });

  it('changes the option on the server, and verify_credentials reports it', async () => {
    expect((await client().verifyCredentials()).show_media_replies).toBe(true);
    const profile = await client().updateProfile({ show_media_replies: false });
    expect(profile).toMatchObject({ id: server.owner.id, show_media: true, show_media_replies: false });
    expect(owner().showMediaReplies).toBe(false);
    const account = await client().verifyCredentials();
    expect(account).toMatchObject({ show_media: true, show_media_replies: false });
  });

  it('is refused without write:accounts, and nothing changes', async () => {
    const readOnly = client(server.issueToken(['read']));
    await expect(readOnly.updateProfile({ show_media_replies: false })).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    expect(owner().showMediaReplies).toBe(true);
  });

  it('is a 404 on a server before 4.6', async () => {
    const old = await startServer({ seed: 12, posts: 5, followers: 1, following: 1, version: '4.5.3' });
    try {
      const c = createClient({ origin: old.url, token: old.ownerToken });
      await expect(c.updateProfile({ show_media_replies: false })).rejects.toBeInstanceOf(NotFoundError);
    } finally {
      await old.close();
    }
  });
});

describe("the background's 'fix/profile' command", () => {
  beforeAll(async () => {
    // A public reply with a picture: what the media tab gathers once replies are in it.
    const c = client();
    const parent = [...server.state.statuses.values()].find(
      (s) => s.accountId === server.owner.id && !s.deleted && !s.reblogOfId,
    );
    const picture = new Blob([new TextEncoder().encode('\x89PNG reply')], { type: 'image/png' });
    const media = await c.uploadMedia(picture, { description: 'the view', filename: 'view.png' });
    await c.postStatus({
      status: 'From the balcony',
      visibility: 'public',
      in_reply_to_id: parent?.id ?? null,
      media_ids: [media.id],
      idempotencyKey: 'profile-fix-reply',
    });
  });
  beforeEach(async () => {
    fakeBrowser.reset();
    owner().showMedia = true;
    owner().showMediaReplies = true;
    await deleteAllSnapshots();
    await deleteToken();
  });

  const checkupDone = () =>
    until(
      'checkup',
      () => readKey('checkupState'),
      (s) => s?.status === 'done',
    );
  const mediaTab = async () =>
    (await readKey('checkupResult'))?.findings.find((f) => f.check === 'profile-media-tab');

  it('leaves replies out of the media tab, and the checkup it starts no longer finds them', async () => {
    await signInAsOwner(server, ['read', 'write:accounts']);
    await startCheckup();
    await checkupDone();
    const finding = await mediaTab();
    expect(finding?.fix).toEqual({ type: 'update-profile', patch: { show_media_replies: false } });
    if (finding?.fix?.type !== 'update-profile') throw new Error('no profile fix');
    const ranAt = (await readKey('checkupResult'))?.ranAt;

    await expect(command({ type: 'fix/profile', patch: finding.fix.patch })).resolves.toEqual({ ok: true });
    expect(owner().showMediaReplies).toBe(false);
    expect(owner().showMedia).toBe(true);
    await until(
      'the new checkup',
      () => readKey('checkupResult'),
      (r) => r !== undefined && r.ranAt !== ranAt,
    );
    await checkupDone();
    expect(await mediaTab()).toBeUndefined();
  });

  it('rejects a patch that is not a profile option before it reaches the server', () => {
    expect(() => RequestSchema.parse({ type: 'fix/profile', patch: { show_media_replies: 'no' } })).toThrow();
  });
});
