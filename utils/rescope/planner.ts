/**
 * Chooses which posts a re-scope job touches, and says honestly how long it will take.
 *
 * Decisions:
 * - Boosts (reblogs) are always skipped, never un-boosted: a boost is someone else's post, it
 *   cannot be re-drafted, and un-boosting would remove it rather than re-scope it (and spend the
 *   same delete budget: unreblog shares the 30/30 min throttle).
 *   https://docs.joinmastodon.org/methods/statuses/#unreblog
 * - Direct messages are never touched.
 * - A post is never widened: re-scoping to `unlisted` skips posts that are already unlisted or
 *   followers-only. Only `delete` takes any visibility the user selected.
 * - Oldest first, so a self-thread's parent is re-posted before its replies and they can point at
 *   the new parent.
 */
import type { Finding } from '../checks/types';
import type { RateLimitInfo } from '../mastodon/client';
import type { Status, Visibility } from '../mastodon/schemas';
import type { AccountSnapshot } from '../snapshot/types';
import type { Eta, PlannedPost, RescopeOptions, RescopePlan, SkipReason } from './types';

/** Mastodon's `throttle_api_delete`: 30 per 30 minutes per user, fixed epoch-aligned windows. https://github.com/mastodon/mastodon/blob/main/config/initializers/rack_attack.rb */
export const DELETE_LIMIT = 30;
export const DELETE_WINDOW_MS = 30 * 60 * 1000;
/** Posting and editing: 300 per 3 hours (`app/lib/rate_limiter.rb`). */
export const POST_LIMIT = 300;
export const POST_WINDOW_MS = 3 * 60 * 60 * 1000;
/** Deletes per window left to the user's own web UI, which shares the per-user budget. */
export const DEFAULT_DELETE_RESERVE = 1;
/** Rough time one post takes outside rate-limit waits (backup, delete, re-post, verify). */
export const SECONDS_PER_POST = 3;

const BREADTH: Record<Visibility, number> = { public: 3, unlisted: 2, private: 1, direct: 0 };
const DAY_MS = 24 * 60 * 60 * 1000;

export function windowStart(now: number, windowMs = DELETE_WINDOW_MS): number {
  return now - (now % windowMs);
}

/**
 * How long `count` deletes take under the delete budget. With headers, the current window has
 * `remaining` left until `resetAt`; without, we assume the current window is still untouched
 * (the preview says "about").
 */
export function estimateDuration(
  count: number,
  rateLimitInfo: RateLimitInfo | undefined,
  now: number,
  reserve: number = DEFAULT_DELETE_RESERVE,
): Eta {
  if (count <= 0) return { ms: 0, finishAt: new Date(now).toISOString(), windows: 0 };
  const perPost = SECONDS_PER_POST * 1000;
  const resetAt =
    rateLimitInfo && rateLimitInfo.resetAt.getTime() > now
      ? rateLimitInfo.resetAt.getTime()
      : windowStart(now) + DELETE_WINDOW_MS;
  const budget =
    rateLimitInfo?.limit && rateLimitInfo.limit > 0
      ? Math.min(DELETE_LIMIT, rateLimitInfo.limit)
      : DELETE_LIMIT;
  const limit = Math.max(1, budget - reserve);
  const remaining =
    rateLimitInfo && rateLimitInfo.resetAt.getTime() > now
      ? Math.max(0, Math.min(limit, rateLimitInfo.remaining - reserve))
      : limit;
  const inThisWindow = Math.min(count, remaining);
  const timeNow = inThisWindow * perPost;
  // Posts done now may not all fit before the reset; this only matters for tiny windows.
  if (count <= remaining && now + timeNow <= resetAt) {
    return { ms: timeNow, finishAt: new Date(now + timeNow).toISOString(), windows: 1 };
  }
  const rest = count - inThisWindow;
  const fullWindows = Math.ceil(rest / limit);
  const lastBatch = rest - (fullWindows - 1) * limit;
  const finish = resetAt + (fullWindows - 1) * DELETE_WINDOW_MS + lastBatch * perPost;
  return { ms: finish - now, finishAt: new Date(finish).toISOString(), windows: fullWindows + 1 };
}

function normaliseTag(tag: string): string {
  return tag.trim().replace(/^#/, '').toLowerCase();
}

/** Tags and entities stripped for a preview line; the UI renders it as text, never as HTML. */
export function excerptOf(status: Status, max = 140): string {
  const text = status.content
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<\/p>\s*<p>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  const shown = status.spoiler_text ? `[${status.spoiler_text}] ${text}` : text;
  return shown.length > max ? `${shown.slice(0, max - 1)}…` : shown;
}

/** Own self-threads: every post mapped to the id of its thread's root (within own posts). */
function threadRoots(statuses: Status[]): Map<string, string> {
  const byId = new Map(statuses.map((s) => [s.id, s]));
  const roots = new Map<string, string>();
  const rootOf = (s: Status): string => {
    const known = roots.get(s.id);
    if (known) return known;
    const seen = new Set<string>();
    let current = s;
    while (current.in_reply_to_id && byId.has(current.in_reply_to_id) && !seen.has(current.id)) {
      seen.add(current.id);
      current = byId.get(current.in_reply_to_id)!;
    }
    roots.set(s.id, current.id);
    return current.id;
  };
  for (const s of statuses) rootOf(s);
  return roots;
}

export function planRescope(
  snapshot: AccountSnapshot,
  options: RescopeOptions,
  findings: Finding[] = [],
  now: number = Date.now(),
  rateLimitInfo?: RateLimitInfo,
): RescopePlan {
  const ownId = snapshot.account.id;
  const own = snapshot.statuses.filter((s) => s.account.id === ownId);
  const flagged = new Set(findings.flatMap((f) => (f.statusId ? [f.statusId] : [])));
  const keepTags = new Set(options.keepHashtags.map(normaliseTag).filter(Boolean));
  const wanted = new Set(options.visibilities.filter((v) => v !== 'direct'));

  // Threads with engagement: a favourite, a boost or a reply by someone else anywhere in them.
  const roots = threadRoots(own.filter((s) => !s.reblog));
  const ownReplies = new Map<string, number>();
  for (const s of own)
    if (s.in_reply_to_id) ownReplies.set(s.in_reply_to_id, (ownReplies.get(s.in_reply_to_id) ?? 0) + 1);
  const threadSize = new Map<string, number>();
  for (const root of roots.values()) threadSize.set(root, (threadSize.get(root) ?? 0) + 1);
  const engagedRoots = new Set<string>();
  for (const s of own) {
    const root = roots.get(s.id);
    if (!root) continue;
    const othersReplied = s.replies_count > (ownReplies.get(s.id) ?? 0);
    const isThread = (threadSize.get(root) ?? 0) > 1 || othersReplied;
    if (isThread && (s.favourites_count > 0 || s.reblogs_count > 0 || othersReplied)) engagedRoots.add(root);
  }

  const skipped: Partial<Record<SkipReason, number>> = {};
  const posts: PlannedPost[] = [];
  const skip = (reason: SkipReason) => {
    skipped[reason] = (skipped[reason] ?? 0) + 1;
  };
  for (const s of own) {
    const reason = skipReason(s);
    if (reason) {
      skip(reason);
      continue;
    }
    posts.push({
      id: s.id,
      url: s.url ?? null,
      createdAt: s.created_at,
      visibility: s.visibility,
      excerpt: excerptOf(s),
      favourites: s.favourites_count,
      boosts: s.reblogs_count,
      replies: s.replies_count,
      mediaCount: s.media_attachments.length,
      hasPoll: Boolean(s.poll),
      inReplyToId: s.in_reply_to_id ?? null,
    });
  }
  posts.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || compareIds(a.id, b.id));

  return {
    target: options.target,
    options,
    server: snapshot.server,
    accountId: ownId,
    posts,
    counts: { considered: own.length, planned: posts.length, skipped },
    eta: estimateDuration(posts.length, rateLimitInfo, now),
  };

  function skipReason(s: Status): SkipReason | null {
    if (s.reblog) return 'boost';
    if (s.visibility === 'direct') return 'direct';
    if (options.target !== 'delete' && BREADTH[s.visibility] <= BREADTH[options.target])
      return 'already-narrow';
    if (!wanted.has(s.visibility)) return 'visibility-filter';
    if (options.olderThanDays !== null && now - Date.parse(s.created_at) < options.olderThanDays * DAY_MS)
      return 'too-recent';
    if (options.onlyWithFindings && !flagged.has(s.id)) return 'no-finding';
    if (options.keepPinned && s.pinned) return 'pinned';
    if (options.keepMinFavourites !== null && s.favourites_count >= options.keepMinFavourites)
      return 'favourites';
    if (options.keepMinBoosts !== null && s.reblogs_count >= options.keepMinBoosts) return 'boosts';
    if (options.keepEngagedThreads && engagedRoots.has(roots.get(s.id) ?? s.id)) return 'engaged-thread';
    if (keepTags.size > 0 && s.tags.some((tag) => keepTags.has(normaliseTag(tag.name)))) return 'hashtag';
    if (!options.includeReplies && s.in_reply_to_id && s.in_reply_to_account_id !== ownId) return 'reply';
    return null;
  }
}

/** Mastodon ids are numeric strings (snowflakes); compare by length, then lexically. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** What delete and re-draft loses, as i18n keys, in the order the planner shows them. https://docs.joinmastodon.org/methods/statuses/#delete */
export const LOST_ON_REDRAFT = [
  'rescope_lostFavourites',
  'rescope_lostBoosts',
  'rescope_lostBookmarks',
  'rescope_lostPollVotes',
  'rescope_lostPin',
  'rescope_lostThreading',
  'rescope_lostQuotes',
  'rescope_lostUrlDate',
  'rescope_lostEditHistory',
  'rescope_lostNotifyAgain',
  'rescope_lostRemoteCopies',
] as const;

/** Deleting loses the post itself; the rest of the list still applies to the backup's value. */
export const LOST_ON_DELETE = [
  'rescope_lostPost',
  'rescope_lostFavourites',
  'rescope_lostBoosts',
  'rescope_lostBookmarks',
  'rescope_lostPollVotes',
  'rescope_lostThreading',
  'rescope_lostQuotes',
  'rescope_lostRemoteCopies',
] as const;
