/**
 * A crawl reads the stored snapshot when it starts and saves its result at the end. Whatever was
 * written in between (an archive merged while the crawl waited on the network) must survive that
 * save: the crawl's fresh view of the server wins for what it read, posts that only the newer
 * stored snapshot has (the archive's older posts) are kept, and stay marked as the archive's
 * unless the crawl read them from the API.
 */
import type { AccountSnapshot } from './types';

function newestFirst(a: { created_at: string }, b: { created_at: string }): number {
  return a.created_at === b.created_at ? 0 : a.created_at < b.created_at ? 1 : -1;
}

export function mergeAtSave(
  startedFrom: AccountSnapshot | null,
  stored: AccountSnapshot | null,
  crawled: AccountSnapshot,
): AccountSnapshot {
  // Nothing was written since the crawl started: its result is the whole truth.
  if (!stored || (startedFrom && stored.fetchedAt === startedFrom.fetchedAt)) return crawled;
  const known = new Set(startedFrom?.statuses.map((s) => s.id) ?? []);
  const crawledIds = new Set(crawled.statuses.map((s) => s.id));
  const added = stored.statuses.filter((s) => !known.has(s.id) && !crawledIds.has(s.id));
  if (added.length === 0 && stored.source === crawled.source) return crawled;
  const histories = { ...crawled.histories };
  for (const s of added) {
    const history = stored.histories[s.id];
    if (history && !histories[s.id]) histories[s.id] = history;
  }
  const archived = stored.source !== 'api' || crawled.source !== 'api';
  const storedArchiveOnly = new Set(stored.archiveOnly ?? []);
  const archiveOnly = [
    ...(crawled.archiveOnly ?? []),
    ...added.filter((s) => storedArchiveOnly.has(s.id)).map((s) => s.id),
  ];
  return {
    ...crawled,
    source: archived ? 'api+archive' : 'api',
    statuses: [...crawled.statuses, ...added].sort(newestFirst),
    ...(archived ? { archiveOnly } : {}),
    histories,
  };
}
