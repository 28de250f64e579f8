/**
 * Reads a range of own posts from both ends at once.
 *
 * Mastodon's post list is a chain: each page's `Link` names the next, so one walk takes at least
 * pages × round trip. Two walks halve that: one down from the newest (`max_id`), one up from the
 * oldest (`min_id`, following `prev`), until they meet. Both are paged requests, so the paged
 * budget spent is the same.
 *
 * Each walk keeps a frontier: every post of the range above the downward walk's frontier, and every
 * post at or below the upward walk's, has been read. Where they cross, the range is read; the
 * climb running out of pages on its own counts for nothing, only the downward walk reaching the
 * oldest post (an empty or short last page) or the two frontiers crossing does. If one
 * walk fails, the other carries on to its frontier; if both fail, the range left between the two
 * frontiers is handed back for the next run.
 *
 * A server that ignores `min_id` answers the upward walk with the newest posts; the upward walk's
 * first page then overlaps the downward walk's first page and it stops without claiming anything,
 * so such a server costs one request, never a post.
 */
import type { MastodonClient } from '../mastodon/client';
import { AbortedError } from '../mastodon/errors';
import { compareIds } from '../mastodon/megalodon-client';
import type { UnreadField } from '../mastodon/paginate';
import type { Status } from '../mastodon/schemas';

/** Posts older than `maxId` (null: from the newest) and newer than `sinceId` (null: down to the first). */
export interface Gap {
  maxId: string | null;
  sinceId: string | null;
}

export interface WalkGapOptions {
  signal?: AbortSignal;
  /**
   * Posts still unread, by the account's count. Prefetching stops when few are left: near the
   * meeting point a page asked for ahead would be thrown away.
   */
  remaining?: () => number;
  /** A post that cannot be read is left out and named here (the caller marks the part incomplete). */
  onUnread?: (unread: UnreadField) => void;
}

export interface WalkGapResult {
  /** What is still unread, or null when the whole gap was read. */
  left: Gap | null;
  /** Why it is not null. */
  error?: unknown;
}

/** Mastodon's largest page of posts. */
const STATUS_PAGE = 40;
/** No prefetching below this many unread posts: two walks, each one page in flight and one ahead. */
const PREFETCH_MIN_REMAINING = 4 * STATUS_PAGE;

const lowest = (page: Status[]) => page.reduce((a, s) => (compareIds(s.id, a) < 0 ? s.id : a), page[0]!.id);
const highest = (page: Status[]) => page.reduce((a, s) => (compareIds(s.id, a) > 0 ? s.id : a), page[0]!.id);

/**
 * Reads every post of `gap`, handing each page's new posts to `onStatuses` (a post may come twice
 * only if the server lists it twice). Never throws: a failure leaves the unread part in `left`.
 */
export async function walkGap(
  client: MastodonClient,
  accountId: string,
  gap: Gap,
  onStatuses: (statuses: Status[]) => void,
  options: WalkGapOptions = {},
): Promise<WalkGapResult> {
  let top = gap.maxId;
  let bottom = gap.sinceId;
  let covered = false;
  const met = () => covered || (top !== null && bottom !== null && compareIds(top, bottom) <= 0);
  const errors: unknown[] = [];

  // Once the gap is read, the other walk's request in flight (or waiting for a rate-limit window) is
  // of no use: cancel it.
  const done = new AbortController();
  const signal = done.signal;
  const cancel = () => done.abort(options.signal?.reason);
  if (options.signal?.aborted) cancel();
  options.signal?.addEventListener('abort', cancel, { once: true });
  const cover = () => {
    covered = true;
    done.abort(new AbortedError('Gap read.'));
  };
  const prefetch = () => !met() && (options.remaining?.() ?? Infinity) > PREFETCH_MIN_REMAINING;

  // The upward walk starts once the first page down shows there is more than a page to read.
  let firstPageLowest: string | null = null;
  let startClimb!: (go: boolean) => void;
  const climbMayStart = new Promise<boolean>((resolve) => (startClimb = resolve));

  const down = async () => {
    try {
      for await (const page of client.accountStatuses(accountId, {
        signal,
        maxId: gap.maxId ?? undefined,
        sinceId: gap.sinceId ?? undefined,
        prefetch,
        onUnread: options.onUnread,
      })) {
        const fresh = bottom === null ? page : page.filter((s) => compareIds(s.id, bottom!) > 0);
        if (fresh.length > 0) {
          onStatuses(fresh);
          top = lowest(fresh);
        }
        if (firstPageLowest === null) {
          firstPageLowest = lowest(page);
          startClimb(page.length >= STATUS_PAGE);
        }
        if (fresh.length < page.length) return cover();
        if (met()) return;
      }
      cover();
    } catch (error) {
      errors.push(error);
    } finally {
      startClimb(false);
    }
  };

  const up = async () => {
    if (!(await climbMayStart) || met()) return;
    let first = true;
    try {
      for await (const page of client.accountStatuses(accountId, {
        signal,
        direction: 'newer',
        maxId: gap.maxId ?? undefined,
        sinceId: gap.sinceId ?? undefined,
        prefetch,
        onUnread: options.onUnread,
      })) {
        if (first) {
          first = false;
          // Overlapping the newest page means min_id was not honoured (or the gap is under two
          // pages, where the downward walk finishes alone at no extra cost).
          if (firstPageLowest !== null && compareIds(highest(page), firstPageLowest) >= 0) return;
        }
        const fresh = top === null ? page : page.filter((s) => compareIds(s.id, top!) < 0);
        if (fresh.length > 0) {
          onStatuses(fresh);
          bottom = highest(fresh);
        }
        if (fresh.length < page.length) return cover();
        if (met()) return;
      }
      // The climb ran out of pages without reaching the downward walk: that proves nothing (a page
      // may have lost its link), so the downward walk carries on to its own end or to this frontier.
      if (met()) cover();
    } catch (error) {
      errors.push(error);
    }
  };

  await Promise.all([down(), up()]);
  options.signal?.removeEventListener('abort', cancel);
  if (met()) return { left: null };
  const error =
    errors.find((e) => !(e instanceof AbortedError)) ?? errors[0] ?? new AbortedError('Cancelled.');
  return { left: { maxId: top, sinceId: bottom }, error };
}
