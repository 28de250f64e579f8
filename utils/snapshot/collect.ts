/**
 * Reads everything the checkup needs about the signed-in account into an AccountSnapshot.
 *
 * First run: every part in full, the posts from both ends at once (walk.ts). With `previous` (a
 * re-check) only what can have changed:
 * - posts newer than the newest cached one (one `since_id` page when nothing is new), plus any gap
 *   an interrupted run left (`resume.statusGaps`);
 * - edit histories only for posts that are new, newly edited, or whose history is missing;
 * - followers, following and follow requests only when their counts in verify_credentials changed;
 * - conversations from the newest until one is unchanged (one page when nothing is new);
 * - the instance and its domain blocks once a day.
 * So a re-check with nothing new costs 3 requests: credentials, one status page, one conversation page.
 *
 * Failures never throw away what was read: the result carries the error, the parts left
 * unfinished are listed in `incomplete`, and the next run continues from the saved gaps.
 */
import { systemClock, type Clock } from '../clock';
import type { MastodonClient } from '../mastodon/client';
import { AbortedError, NotFoundError } from '../mastodon/errors';
import { compareIds } from '../mastodon/megalodon-client';
import type { Account, Conversation, CredentialAccount, Status, StatusEdit } from '../mastodon/schemas';
import { BudgetGate, budgetView, listPageAllowed, type Demand } from './schedule';
import { walkGap, type Gap } from './walk';
import { SNAPSHOT_VERSION, type AccountSnapshot, type SnapshotPart, type SnapshotProgress } from './types';

export interface CollectOptions {
  previous?: AccountSnapshot | null;
  signal?: AbortSignal;
  onProgress?: (progress: SnapshotProgress) => void;
  clock?: Clock;
  /** Edit-history and instance requests in flight beside the post walk and the list walks. */
  concurrency?: number;
  /** How long a cached instance and its domain blocks stay fresh. */
  instanceMaxAgeMs?: number;
}

export interface CollectResult {
  snapshot: AccountSnapshot;
  /** Requests made by this run. */
  requests: number;
  /** Posts read by this run that were not in `previous`. */
  newStatuses: number;
  /** The first failure, when any part is incomplete. */
  error?: unknown;
}

/** Mastodon caps `source.follow_requests_count` at 40, so at 40 the real number is unknown. */
const FOLLOW_REQUESTS_CAP = 40;
/** Largest pages Mastodon serves: 40 posts or conversations, 80 accounts. */
const STATUS_PAGE = 40;
const ACCOUNT_PAGE = 80;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A counting semaphore: at most `size` tasks at once, started in order. */
function createPool(size: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    active -= 1;
    queue.shift()?.();
  };
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (active >= size) await new Promise<void>((resolve) => queue.push(resolve));
    active += 1;
    try {
      return await task();
    } finally {
      release();
    }
  };
}

const newestFirst = (a: { id: string }, b: { id: string }) => compareIds(b.id, a.id);

function usablePrevious(previous: AccountSnapshot | null | undefined, origin: string, accountId: string) {
  if (!previous || previous.version !== SNAPSHOT_VERSION) return null;
  if (previous.server !== origin || previous.account.id !== accountId) return null;
  return previous;
}

export async function collectSnapshot(
  client: MastodonClient,
  options: CollectOptions = {},
): Promise<CollectResult> {
  const { signal, onProgress } = options;
  const clock = options.clock ?? systemClock;
  const startRequests = client.requestCount;
  const run = createPool(options.concurrency ?? 4);
  const incomplete = new Set<SnapshotPart>();
  const errors: unknown[] = [];
  const fail = (part: SnapshotPart, error: unknown) => {
    incomplete.add(part);
    errors.push(error);
  };
  const progress = (part: SnapshotPart, done: number, expected: number | null) =>
    onProgress?.({ part, done, expected });

  // Paged budget goes to the post walk first, the lists' later pages only beside it (schedule.ts).
  // Histories are not paged: the transport paces them, so they proceed while the walk waits.
  const gate = new BudgetGate(signal);
  let statusPagesLeft = () => 0;
  const listPagesLeft = new Map<string, number>();
  let listsInFlight = 0;
  const demand = (): Demand => ({
    statusPages: statusPagesLeft(),
    listPages: [...listPagesLeft.values()].reduce((a, b) => a + b, 0),
    listsInFlight,
  });
  const view = () => budgetView((family) => client.rateLimit(family), clock.now());

  let account: CredentialAccount;
  try {
    account = await client.verifyCredentials(signal);
  } catch (error) {
    // Without the account there is nothing to attach a fresh read to; keep the cached snapshot if any.
    const previous = options.previous;
    if (!previous || previous.server !== client.origin) throw error;
    return {
      snapshot: { ...previous, incomplete: [...new Set<SnapshotPart>([...previous.incomplete, 'account'])] },
      requests: client.requestCount - startRequests,
      newStatuses: 0,
      error,
    };
  }
  progress('account', 1, 1);
  const prev = usablePrevious(options.previous, client.origin, account.id);
  const prevIncomplete = new Set(prev?.incomplete ?? []);
  const instanceAge = prev?.instanceFetchedAt ? clock.now() - Date.parse(prev.instanceFetchedAt) : Infinity;
  const instanceFresh = instanceAge < (options.instanceMaxAgeMs ?? DAY_MS);
  const cachedFresh = (part: SnapshotPart) => prev !== null && !prevIncomplete.has(part) && instanceFresh;
  let instanceFetchedAt = instanceFresh ? prev?.instanceFetchedAt : undefined;

  // ---- instance and its domain blocks (rarely change) ----
  let instance = prev?.instance ?? null;
  let domainBlocks = prev?.domainBlocks ?? null;
  const instanceTask =
    cachedFresh('instance') && prev?.instance
      ? Promise.resolve()
      : run(async () => {
          try {
            instance = await client.instance(signal);
            instanceFetchedAt = new Date(clock.now()).toISOString();
          } catch (error) {
            fail('instance', error);
          }
        });
  const domainBlocksTask = cachedFresh('domainBlocks')
    ? Promise.resolve()
    : run(async () => {
        try {
          domainBlocks = await client.instanceDomainBlocks(signal);
        } catch (error) {
          fail('domainBlocks', error);
        }
      });

  // ---- followers, following, follow requests: re-read only when the count moved ----
  async function readList(
    part: 'followers' | 'following' | 'followRequests',
    cached: Account[] | undefined,
    count: number | null,
    read: () => AsyncGenerator<Account[]>,
  ): Promise<Account[]> {
    return walkList(part, count === null ? 1 : Math.ceil(count / ACCOUNT_PAGE), async () => {
      const unchanged =
        prev !== null &&
        !prevIncomplete.has(part) &&
        cached !== undefined &&
        count !== null &&
        cached.length === count;
      // A zero count needs no request at all, even on the first run.
      if (unchanged || count === 0) {
        progress(part, count ?? cached?.length ?? 0, count);
        return count === 0 ? [] : (cached ?? []);
      }
      const items: Account[] = [];
      try {
        await readPages(part, read(), (page) => {
          items.push(...page);
          progress(part, items.length, count);
        });
        return items;
      } catch (error) {
        fail(part, error);
        // Keep the fuller of the two partial views rather than shrinking the list.
        return cached && cached.length > items.length ? cached : items;
      }
    });
  }

  /** Runs one list walk while counting the pages it is expected to still need. */
  async function walkList<T>(part: string, expectedPages: number, body: () => Promise<T>): Promise<T> {
    listPagesLeft.set(part, Math.max(1, expectedPages));
    try {
      return await body();
    } finally {
      listPagesLeft.delete(part);
      gate.notify();
    }
  }

  /** Reads a list page by page; every page after the first (a paged request) waits its turn. */
  async function readPages<T>(
    part: string,
    pages: AsyncGenerator<T[]>,
    onPage: (page: T[]) => boolean | void,
  ) {
    let first = true;
    try {
      for (;;) {
        if (!first) {
          await gate.until(() => listPageAllowed(view(), demand()));
          listsInFlight += 1;
        }
        let next: IteratorResult<T[]>;
        try {
          next = await pages.next();
        } finally {
          if (!first) listsInFlight -= 1;
          first = false;
          gate.notify();
        }
        if (next.done) return;
        listPagesLeft.set(part, Math.max(1, (listPagesLeft.get(part) ?? 1) - 1));
        if (onPage(next.value) === false) return;
      }
    } finally {
      await pages.return(undefined);
    }
  }
  const requestsCount = account.source.follow_requests_count;
  // The list walks are chains of one request at a time, outside the pool: one waiting for paged
  // budget must not hold up the histories.
  const followersTask = readList('followers', prev?.followers, account.followers_count, () =>
    client.followers(account.id, { signal, limit: ACCOUNT_PAGE }),
  );
  const followingTask = readList('following', prev?.following, account.following_count, () =>
    client.following(account.id, { signal, limit: ACCOUNT_PAGE }),
  );
  const followRequestsTask = readList(
    'followRequests',
    prev?.followRequests,
    requestsCount === undefined || requestsCount >= FOLLOW_REQUESTS_CAP ? null : requestsCount,
    () => client.followRequests({ signal, limit: ACCOUNT_PAGE }),
  );

  // ---- conversations: newest first, until one is unchanged ----
  const conversationsTask = walkList('conversations', 1, async (): Promise<Conversation[]> => {
    const cached = new Map((prev?.conversations ?? []).map((c) => [c.id, c]));
    const incremental = prev !== null && !prevIncomplete.has('conversations');
    const fresh: Conversation[] = [];
    try {
      await readPages('conversations', client.conversations({ signal, limit: STATUS_PAGE }), (page) => {
        for (const conversation of page) {
          const old = cached.get(conversation.id);
          if (incremental && old && old.last_status?.id === conversation.last_status?.id) return false;
          fresh.push(conversation);
        }
        progress('conversations', fresh.length, null);
        return true;
      });
    } catch (error) {
      fail('conversations', error);
    }
    const freshIds = new Set(fresh.map((c) => c.id));
    return [...fresh, ...(prev?.conversations ?? []).filter((c) => !freshIds.has(c.id))];
  });

  // ---- own posts, and the edit histories of edited ones ----
  const prevStatuses = prev?.statuses ?? [];
  const byId = new Map<string, Status>(prevStatuses.map((s) => [s.id, s]));
  const prevEditedAt = new Map(prevStatuses.map((s) => [s.id, s.edited_at ?? null]));
  const histories: Record<string, StatusEdit[]> = { ...(prev?.histories ?? {}) };
  let newStatuses = 0;
  let historiesExpected = 0;
  let historiesDone = 0;
  let historiesFailed = false;
  const historyTasks: Promise<void>[] = [];

  const scheduled = new Set<string>();
  // New, newly edited, or owed by an earlier run that did not get to it.
  const needsHistory = (s: Status) =>
    Boolean(s.edited_at) &&
    !scheduled.has(s.id) &&
    (!histories[s.id] || prevEditedAt.get(s.id) !== s.edited_at);
  const fetchHistory = (s: Status) => {
    scheduled.add(s.id);
    historiesExpected += 1;
    historyTasks.push(
      run(async () => {
        if (historiesFailed) return;
        try {
          histories[s.id] = await client.statusHistory(s.id, signal);
          historiesDone += 1;
          progress('histories', historiesDone, historiesExpected);
        } catch (error) {
          // Deleted since it was listed: nothing to keep.
          if (error instanceof NotFoundError) return;
          // One failure usually means the next would fail too; the next run picks up what is missing.
          historiesFailed = true;
          fail('histories', error);
        }
      }),
    );
  };
  for (const status of prevStatuses) if (needsHistory(status)) fetchHistory(status);

  const gaps: Gap[] = [];
  const newest = prevStatuses[0]?.id ?? null;
  gaps.push({ maxId: null, sinceId: newest });
  // With nothing cached the first walk covers everything; otherwise continue where the last run stopped.
  if (newest !== null) gaps.push(...(prev?.resume?.statusGaps ?? []));
  const leftGaps: Gap[] = [];

  /** Reads one gap from both ends (walk.ts); what a failure leaves unread comes back as a gap. */
  async function walk(gap: Gap, onStatus: (s: Status) => void, onPage: () => void): Promise<Gap | null> {
    const { left, error } = await walkGap(
      client,
      account.id,
      gap,
      (page) => {
        for (const status of page) onStatus(status);
        onPage();
      },
      { signal, remaining: () => account.statuses_count - byId.size },
    );
    if (left) fail('statuses', error);
    return left;
  }

  const take = (status: Status) => {
    if (!byId.has(status.id)) newStatuses += 1;
    byId.set(status.id, status);
    if (needsHistory(status)) fetchHistory(status);
  };
  const statusesExpected = () => Math.max(account.statuses_count, byId.size);
  // At least one more page (the one that comes back short or empty) while a walk runs.
  const walking = () => Math.ceil(Math.max(0, account.statuses_count - byId.size) / STATUS_PAGE) + 1;
  statusPagesLeft = walking;
  for (const gap of gaps) {
    if (signal?.aborted) {
      fail('statuses', new AbortedError('Cancelled.'));
      leftGaps.push(gap);
      continue;
    }
    const left = await walk(gap, take, () => {
      progress('statuses', byId.size, statusesExpected());
      gate.notify();
    });
    if (left) leftGaps.push(left);
  }

  // Posts deleted elsewhere, or missed: the counts disagree under both readings of statuses_count
  // (Mastodon leaves DMs out of it; a simpler server may not). Only then walk everything again.
  if (leftGaps.length === 0 && prev) {
    const all = [...byId.values()];
    const nonDirect = all.filter((s) => s.visibility !== 'direct').length;
    if (all.length < account.statuses_count || nonDirect > account.statuses_count) {
      const seen = new Set<string>();
      const left = await walk(
        { maxId: null, sinceId: null },
        (s) => {
          seen.add(s.id);
          take(s);
        },
        () => progress('statuses', seen.size, account.statuses_count),
      );
      if (left) leftGaps.push(left);
      else for (const id of [...byId.keys()]) if (!seen.has(id)) byId.delete(id);
    }
  }
  // The post walk no longer needs paged budget: the lists and histories may have all of it.
  statusPagesLeft = () => 0;
  gate.notify();
  const [followers, following, followRequests, conversations] = await Promise.all([
    followersTask,
    followingTask,
    followRequestsTask,
    conversationsTask,
  ]);
  await Promise.all([instanceTask, domainBlocksTask]);
  await Promise.all(historyTasks);

  const statuses = [...byId.values()].sort(newestFirst);
  const ids = new Set(statuses.map((s) => s.id));
  for (const id of Object.keys(histories)) if (!ids.has(id)) delete histories[id];
  if (signal?.aborted && errors.length === 0) errors.push(new AbortedError('Cancelled.'));

  const snapshot: AccountSnapshot = {
    version: SNAPSHOT_VERSION,
    server: client.origin,
    source: !prev || prev.source === 'api' ? 'api' : 'api+archive',
    fetchedAt: new Date(clock.now()).toISOString(),
    account,
    instance,
    statuses,
    histories,
    followers,
    following,
    followRequests,
    conversations,
    domainBlocks,
    incomplete: [...incomplete],
    ...(instanceFetchedAt ? { instanceFetchedAt } : {}),
    ...(leftGaps.length ? { resume: { statusGaps: leftGaps } } : {}),
  };
  return {
    snapshot,
    requests: client.requestCount - startRequests,
    newStatuses,
    ...(errors.length ? { error: errors.find((e) => !(e instanceof AbortedError)) ?? errors[0] } : {}),
  };
}
