/**
 * The real export sample in ../shared/mastodon-fixtures/archive (a public account's archive,
 * cut to 10 items; NOTES.md §5): zipped here in memory, in both zip layouts, and imported.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { archiveToSnapshot, importArchive } from '../../utils/archive/index';
import { StatusSchema } from '../../utils/mastodon/schemas';
import { bytesToStream } from './generate';
import { zipStreamed, zipWithSizes } from './helpers';

const dir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../shared/mastodon-fixtures/archive',
);
const present =
  existsSync(path.join(dir, 'outbox.sample.json')) && existsSync(path.join(dir, 'actor.sample.json'));
if (!present) console.warn(`archive sample tests skipped: ${dir} is absent`);

describe.skipIf(!present)('the real archive sample', () => {
  const outbox = present ? readFileSync(path.join(dir, 'outbox.sample.json')) : new Uint8Array();
  const actor = present ? readFileSync(path.join(dir, 'actor.sample.json')) : new Uint8Array();
  const entries = () => ({
    'outbox.json': new Uint8Array(outbox),
    'media_attachments/files/109/333/835/161/429/021/original/3381f6f615f26246.jpeg': new Uint8Array(
      3000,
    ).fill(9),
    'actor.json': new Uint8Array(actor),
    'avatar.jpg': new Uint8Array(100),
  });

  it('has the quirks NOTES.md describes', () => {
    const text = new TextDecoder().decode(outbox);
    expect(text.match(/"orderedItems":/g)).toHaveLength(2);
    const parsed = JSON.parse(text) as { totalItems: number; orderedItems: unknown[] };
    expect(parsed.totalItems).not.toBe(parsed.orderedItems.length);
  });

  it.each([
    ['sizes in headers, 64 KiB chunks', () => zipWithSizes(entries()), 65536],
    ['data descriptors, 13-byte chunks', () => zipStreamed(entries()), 13],
    ['data descriptors, stored entries, 1000-byte chunks', () => zipStreamed(entries(), () => true), 1000],
  ])('imports (%s)', async (_name, build, chunk) => {
    const imp = await importArchive(bytesToStream(build(), chunk), {
      expectedAccount: { acct: 'dealingwith@indieweb.social' },
    });
    // Same items as JSON.parse keeps (the last orderedItems), not the first empty list.
    const parsed = JSON.parse(new TextDecoder().decode(outbox)) as { orderedItems: { type: string }[] };
    expect(imp.statuses).toHaveLength(parsed.orderedItems.length);
    for (const s of imp.statuses) StatusSchema.parse(s);

    expect(imp.stats).toMatchObject({
      posts: 9,
      boosts: 1,
      byVisibility: { public: 6, unlisted: 1, private: 1, direct: 1 },
      edited: 1,
      withMedia: 2,
      actorMissing: false,
    });
    const byId = new Map(imp.statuses.map((s) => [s.id, s]));
    // Reply to a remote post: the URI stands in for the id; mention acct from `@mcg@social.lol`.
    const reply = byId.get('109309145334822499')!;
    expect(reply.in_reply_to_id).toBe('https://social.lol/users/mcg/statuses/109308078398027392');
    expect(reply.in_reply_to_account_id).toBe('https://social.lol/users/mcg');
    expect(reply.mentions).toEqual([
      {
        id: 'https://social.lol/users/mcg',
        username: 'mcg',
        url: 'https://social.lol/users/mcg',
        acct: 'mcg@social.lol',
      },
    ]);
    expect(reply.language).toBe('en');
    // DM to a local account: to = the mentioned actor only.
    const dm = imp.statuses.find((s) => s.visibility === 'direct')!;
    expect(dm.mentions.map((m) => m.acct)).toEqual(['obsolete29']);
    // Media description from the attachment name; id from the storage path.
    const cat = byId.get('109333840388857217')!;
    expect(cat.media_attachments[0]).toMatchObject({
      id: '109333835161429021',
      type: 'image',
      description: 'Picture of a white cat laying on a white couch',
    });
    expect(cat.tags).toEqual([{ name: 'caterday', url: 'https://indieweb.social/tags/caterday' }]);
    const noAlt = imp.statuses.find((s) => s.media_attachments.length === 2)!;
    expect(noAlt.media_attachments.map((m) => m.description)).toEqual([null, null]);
    // Content warning.
    expect(imp.statuses.find((s) => s.spoiler_text === 'Personal website updates...')).toBeDefined();
    // Boost: the object is a bare URI string.
    const boost = imp.statuses.find((s) => s.reblog)!;
    expect(boost.reblog!.uri).toBe('https://mastodon.social/users/s0mmer/statuses/109440048909776763');
    expect(boost.reblog!.account.acct).toBe('s0mmer@mastodon.social');
    expect(boost.uri).toMatch(/\/activity$/);
    // Edit.
    expect(imp.statuses.filter((s) => s.edited_at)).toEqual([
      expect.objectContaining({ edited_at: '2022-12-22T21:30:04Z' }),
    ]);
    // Newest first.
    const dates = imp.statuses.map((s) => s.created_at);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('becomes an archive snapshot with the settings actor.json holds', async () => {
    const imp = await importArchive(bytesToStream(zipWithSizes(entries())));
    const snap = archiveToSnapshot(imp, null, new Date('2026-01-01T00:00:00Z'));
    expect(snap.source).toBe('archive');
    expect(snap.server).toBe('https://indieweb.social');
    expect(snap.account).toMatchObject({
      username: 'dealingwith',
      locked: false,
      discoverable: true,
      indexable: false,
      statuses_count: 9,
      avatar: 'avatar.jpg',
    });
    expect(snap.account.fields[0]?.name).toBe('Web');
    expect(snap.account.source.privacy).toBe('unknown');
    expect(snap.incomplete).toContain('followers');
  });
});
