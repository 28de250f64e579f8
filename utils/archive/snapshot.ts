/**
 * An imported archive as an AccountSnapshot, alone or merged into what the API gave.
 */
import type { Account, Status } from '../mastodon/schemas';
import { SNAPSHOT_VERSION, type AccountSnapshot, type SnapshotPart } from '../snapshot/types';
import { archiveAccountId, credentialAccountFromActor } from './actor';
import type { ArchiveImport } from './index';

/** What an archive never holds: these parts are reported as not read. */
const NOT_IN_ARCHIVE: SnapshotPart[] = [
  'account',
  'instance',
  'histories',
  'followers',
  'following',
  'followRequests',
  'conversations',
  'domainBlocks',
];

function originOf(imp: ArchiveImport): string {
  for (const candidate of [imp.actor.url, imp.actor.id]) {
    try {
      if (candidate) return new URL(candidate).origin;
    } catch {
      // Try the next candidate; an actor with no URL at all is refused below.
      continue;
    }
  }
  return imp.actor.id;
}

/**
 * `base` (from the API, same account) keeps settings, followers, following, follow requests,
 * conversations, domain blocks and edit histories live; statuses come from the archive, each
 * replaced by the API's version where both have it (real counts, media URLs, application), plus
 * posts newer than the archive that only the API has.
 */
export function archiveToSnapshot(
  imp: ArchiveImport,
  base?: AccountSnapshot | null,
  now: Date = new Date(),
): AccountSnapshot {
  if (!base) {
    const account = credentialAccountFromActor(
      imp.actor,
      imp.stats.posts,
      imp.statuses[0]?.created_at ?? null,
    );
    return {
      version: SNAPSHOT_VERSION,
      server: originOf(imp),
      source: 'archive',
      fetchedAt: now.toISOString(),
      account,
      instance: null,
      statuses: imp.statuses,
      archiveOnly: imp.statuses.map((s) => s.id),
      histories: {},
      followers: [],
      following: [],
      followRequests: [],
      conversations: [],
      domainBlocks: null,
      incomplete: NOT_IN_ARCHIVE,
    };
  }
  const { source: _source, ...liveAccount } = base.account;
  const own: Account = liveAccount;
  const archiveId = archiveAccountId(imp.actor.id);
  // An earlier archive's posts in `base` are not the API's: they stay archive-only unless it lists them.
  const earlierArchive = new Set(base.archiveOnly ?? []);
  const fromApi = new Map(base.statuses.filter((s) => !earlierArchive.has(s.id)).map((s) => [s.id, s]));
  const seen = new Set<string>();
  const statuses: Status[] = imp.statuses.map((s) => {
    seen.add(s.id);
    const live = fromApi.get(s.id);
    if (live) return live;
    return {
      ...s,
      account: own,
      in_reply_to_account_id: s.in_reply_to_account_id === archiveId ? own.id : s.in_reply_to_account_id,
    };
  });
  for (const s of base.statuses) if (!seen.has(s.id)) statuses.push(s);
  statuses.sort((a, b) => (a.created_at === b.created_at ? 0 : a.created_at < b.created_at ? 1 : -1));
  return {
    ...base,
    source: 'api+archive',
    fetchedAt: now.toISOString(),
    statuses,
    archiveOnly: statuses.filter((s) => !fromApi.has(s.id)).map((s) => s.id),
    // The archive is a complete list of posts up to its date, whatever the API read managed.
    incomplete: base.incomplete.filter((part) => part !== 'statuses'),
  };
}
