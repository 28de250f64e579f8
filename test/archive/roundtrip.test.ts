import { describe, expect, it } from 'vitest';
import { archiveToSnapshot, importArchive } from '../../utils/archive/index';
import { checkContext, runCheckup } from '../../utils/checks/index';
import { StatusSchema } from '../../utils/mastodon/schemas';
import { makeAccount, makeCredentialAccount, makeSnapshot, makeStatus } from '../factories';
import { archiveTruth, generateArchive, type GenerateArchiveOptions } from './generate';

describe('generated archive round trip', () => {
  it.each<[string, GenerateArchiveOptions]>([
    ['classic ids', { seed: 11, posts: 1500, mediaBytes: 4_000_000 }],
    [
      'numeric /ap/users ids',
      { seed: 12, posts: 600, account: { numericId: '110000000000000042', username: 'num' } },
    ],
  ])('imports what the generator planted (%s)', async (_name, opts) => {
    const truth = archiveTruth(opts);
    const imp = await importArchive(generateArchive(opts));
    expect(imp.stats).toMatchObject({
      posts: truth.posts,
      boosts: truth.boosts,
      replies: truth.replies,
      edited: truth.edited,
      polls: truth.polls,
      withMedia: truth.withMedia,
      byVisibility: truth.byVisibility,
      // media files + avatar + header
      mediaEntriesSkipped: truth.mediaFiles + 2,
      actorMissing: false,
    });
    expect(imp.actor.followers).toBe(truth.followers);
    for (const s of imp.statuses) StatusSchema.parse(s);
    let checked = 0;
    for (const s of imp.statuses) {
      const planted = truth.sample.get(s.id);
      if (!planted) continue;
      checked++;
      expect(s.visibility, s.id).toBe(planted.visibility);
      expect(s.reblog ? 'boost' : 'post').toBe(planted.kind);
      expect(s.media_attachments.map((m) => m.description)).toEqual(planted.descriptions);
    }
    expect(checked).toBe(truth.sample.size);
    // Self-replies point at our own numeric ids and at our own account.
    const selfReply = imp.statuses.find((s) => s.in_reply_to_account_id === s.account.id);
    expect(selfReply?.in_reply_to_id).toMatch(/^\d+$/);
  });

  it('without actor.json the followers collection is inferred and visibilities still hold', async () => {
    const opts: GenerateArchiveOptions = { seed: 5, posts: 400, omit: ['actor.json'] };
    const truth = archiveTruth(opts);
    const imp = await importArchive(generateArchive(opts));
    expect(imp.stats.actorMissing).toBe(true);
    expect(imp.stats.byVisibility).toEqual(truth.byVisibility);
  });

  it('polls, bookmarks and languages come through', async () => {
    const imp = await importArchive(generateArchive({ seed: 11, posts: 1500 }));
    const poll = imp.statuses.find((s) => s.poll)!;
    expect(poll.poll!.options.length).toBe(3);
    expect(poll.poll!.expired).toBe(true);
    expect(imp.statuses.filter((s) => s.bookmarked)).toHaveLength(3);
    expect(new Set(imp.statuses.map((s) => s.language))).toEqual(new Set(['en', 'de', null]));
  });

  it('the checkup finds the planted personal info in public posts of an archive-only snapshot', async () => {
    const imp = await importArchive(generateArchive({ seed: 11, posts: 1500 }));
    const snapshot = archiveToSnapshot(imp, null, new Date('2026-01-10T12:00:00Z'));
    expect(snapshot.archiveOnly).toEqual(snapshot.statuses.map((s) => s.id));
    const result = runCheckup(checkContext(snapshot, undefined, new Date('2026-01-10T12:00:00Z')));
    expect(result.errors).toEqual([]);
    const piiFindings = result.findings.filter((f) => f.check === 'public-post-personal-info');
    expect(piiFindings.length).toBeGreaterThan(0);
    const ids = new Set(snapshot.statuses.map((s) => s.id));
    for (const f of piiFindings) {
      expect(ids.has(f.statusId!)).toBe(true);
      const status = snapshot.statuses.find((s) => s.id === f.statusId)!;
      expect(['public', 'unlisted']).toContain(status.visibility);
    }
    // Settings the archive cannot know are not turned into findings.
    expect(result.findings.map((f) => f.check)).not.toContain('default-visibility-public');
    expect(result.findings.map((f) => f.check)).not.toContain('search-engine-indexing');
    // The profile field with a phone number is in actor.json.
    expect(result.findings.map((f) => f.check)).toContain('profile-personal-info');
  });

  it('merges into an API snapshot: settings and followers stay live, API statuses enrich', async () => {
    const imp = await importArchive(generateArchive({ seed: 11, posts: 300 }));
    const apiAccount = makeCredentialAccount(
      { id: '77', username: 'owner', locked: true },
      { privacy: 'private' },
    );
    const own = makeAccount({ id: '77', username: 'owner' });
    const shared = imp.statuses.find((s) => !s.reblog)!;
    const live = makeStatus({
      id: shared.id,
      account: own,
      favourites_count: 12,
      visibility: shared.visibility,
    });
    const newer = makeStatus({
      id: '999999999999999999',
      account: own,
      created_at: '2026-02-01T00:00:00.000Z',
    });
    const follower = makeAccount({ acct: 'x@y.example' });
    const base = makeSnapshot({
      account: apiAccount,
      statuses: [live, newer],
      followers: [follower],
      histories: { [shared.id]: [] },
      incomplete: ['statuses'],
    });
    const merged = archiveToSnapshot(imp, base);
    expect(merged.source).toBe('api+archive');
    expect(merged.account).toBe(base.account);
    expect(merged.followers).toEqual([follower]);
    expect(merged.histories).toBe(base.histories);
    expect(merged.incomplete).toEqual([]);
    expect(merged.statuses).toHaveLength(imp.statuses.length + 1);
    expect(merged.statuses[0]!.id).toBe(newer.id);
    // Every post but the two the API gave is the archive's alone.
    expect(merged.archiveOnly).toEqual(
      merged.statuses.filter((s) => s !== live && s !== newer).map((s) => s.id),
    );
    expect(archiveToSnapshot(imp, merged).archiveOnly).toEqual(merged.archiveOnly);
    expect(merged.statuses.find((s) => s.id === shared.id)!.favourites_count).toBe(12);
    // Archive-only posts are attributed to the live account, self-replies included.
    for (const s of merged.statuses) expect(s.account.id).toBe('77');
    const selfReply = merged.statuses.find(
      (s) => s.in_reply_to_id && /^\d+$/.test(s.in_reply_to_id) && s.in_reply_to_account_id,
    );
    expect(selfReply?.in_reply_to_account_id).toBe('77');
  });
});
