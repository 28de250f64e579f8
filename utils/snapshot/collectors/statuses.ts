/**
 * Own posts, and the edit histories of edited ones.
 *
 * First run: every post, from both ends at once (../walk.ts). A re-check reads the posts newer than
 * the newest cached one (one `since_id` page when nothing is new), plus any gap an interrupted run
 * left; histories only for posts that are new, newly edited, or whose history is missing. When the
 * counts say posts were deleted elsewhere or missed, everything is walked again.
 *
 * Posts that only an imported archive holds (`archiveOnly`) are kept as they are: the API does not
 * list them, so they take no part in the walk's starting point, the counts or the sweep of deleted
 * posts. One the API does return is from then on the API's.
 */
import { AbortedError, NotFoundError } from '../../mastodon/errors';
import { compareIds } from '../../mastodon/megalodon-client';
import type { Status, StatusEdit } from '../../mastodon/schemas';
import { walkGap, type Gap } from '../walk';
import type { Collector, CollectContext } from './context';

/** Mastodon's largest page of posts. */
const STATUS_PAGE = 40;
const newestFirst = (a: { id: string }, b: { id: string }) => compareIds(b.id, a.id);

export const statusesCollector: Collector = {
  parts: ['statuses', 'histories'],
  async collect(ctx: CollectContext) {
    const { client, account, prev, signal } = ctx;
    const prevStatuses = prev?.statuses ?? [];
    const byId = new Map<string, Status>(prevStatuses.map((s) => [s.id, s]));
    const archiveOnly = new Set((prev?.archiveOnly ?? []).filter((id) => byId.has(id)));
    const fromApi = (s: { id: string }) => !archiveOnly.has(s.id);
    /** Posts held that the API delivered, the only ones its counts can be compared with. */
    const apiSize = () => byId.size - archiveOnly.size;
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
        ctx.run(async () => {
          if (historiesFailed) return;
          try {
            histories[s.id] = await client.statusHistory(s.id, signal);
            historiesDone += 1;
            ctx.progress('histories', historiesDone, historiesExpected);
          } catch (error) {
            // Deleted since it was listed (or a server without histories: see capabilitiesOf).
            if (error instanceof NotFoundError) return;
            // One failure usually means the next would fail too; the next run picks up what is missing.
            historiesFailed = true;
            ctx.fail('histories', error);
          }
        }),
      );
    };
    for (const status of prevStatuses) if (needsHistory(status)) fetchHistory(status);

    const gaps: Gap[] = [];
    // An archive's post may be newer than any the API still lists (deleted since), and its id need
    // not be the server's: the walk starts after the newest post the API gave.
    const newest = prevStatuses
      .filter(fromApi)
      .reduce<string | null>((max, s) => (max === null || compareIds(s.id, max) > 0 ? s.id : max), null);
    gaps.push({ maxId: null, sinceId: newest });
    // With nothing cached the first walk covers everything; otherwise continue where the last run stopped.
    if (newest !== null) gaps.push(...(prev?.resume?.statusGaps ?? []));
    const leftGaps: Gap[] = [];
    const onUnread = ctx.unread('statuses');

    /** Reads one gap from both ends; what a failure leaves unread comes back as a gap. */
    async function walk(gap: Gap, onStatus: (s: Status) => void, onPage: () => void): Promise<Gap | null> {
      const { left, error } = await walkGap(
        client,
        account.id,
        gap,
        (page) => {
          for (const status of page) onStatus(status);
          onPage();
        },
        { signal, remaining: () => account.statuses_count - apiSize(), onUnread },
      );
      if (left) ctx.fail('statuses', error);
      return left;
    }

    const take = (status: Status) => {
      if (!byId.has(status.id)) newStatuses += 1;
      byId.set(status.id, status);
      archiveOnly.delete(status.id);
      if (needsHistory(status)) fetchHistory(status);
    };
    const statusesExpected = () => Math.max(account.statuses_count, apiSize());
    // At least one more page (the one that comes back short or empty) while a walk runs.
    ctx.paged.setStatusPagesLeft(
      () => Math.ceil(Math.max(0, account.statuses_count - apiSize()) / STATUS_PAGE) + 1,
    );
    for (const gap of gaps) {
      if (signal?.aborted) {
        ctx.fail('statuses', new AbortedError('Cancelled.'));
        leftGaps.push(gap);
        continue;
      }
      const left = await walk(gap, take, () => {
        ctx.progress('statuses', apiSize(), statusesExpected());
        ctx.paged.notify();
      });
      if (left) leftGaps.push(left);
    }

    // Posts deleted elsewhere, or missed: the counts disagree under both readings of statuses_count
    // (Mastodon leaves DMs out of it; a simpler server may not). Only then walk everything again;
    // a count of 0 beside posts read is a server that does not count (snac), not a deletion.
    const countsMean = !(account.statuses_count === 0 && apiSize() > 0);
    if (leftGaps.length === 0 && prev && countsMean) {
      const all = [...byId.values()].filter(fromApi);
      const nonDirect = all.filter((s) => s.visibility !== 'direct').length;
      if (all.length < account.statuses_count || nonDirect > account.statuses_count) {
        const seen = new Set<string>();
        const left = await walk(
          { maxId: null, sinceId: null },
          (s) => {
            seen.add(s.id);
            take(s);
          },
          () => ctx.progress('statuses', seen.size, account.statuses_count),
        );
        if (left) leftGaps.push(left);
        else for (const id of [...byId.keys()]) if (!seen.has(id) && !archiveOnly.has(id)) byId.delete(id);
      }
    }
    // The post walk no longer needs paged budget: the lists and histories may have all of it.
    ctx.paged.setStatusPagesLeft(() => 0);
    await Promise.all(historyTasks);

    const statuses = [...byId.values()].sort(newestFirst);
    const ids = new Set(statuses.map((s) => s.id));
    for (const id of Object.keys(histories)) if (!ids.has(id)) delete histories[id];
    return {
      statuses,
      archiveOnly: statuses.filter((s) => archiveOnly.has(s.id)).map((s) => s.id),
      histories,
      newStatuses,
      ...(leftGaps.length ? { resume: { statusGaps: leftGaps } } : {}),
    };
  },
};
