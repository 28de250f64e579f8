/**
 * Shared shapes of the re-scope feature: plan, job, journal entry, backup.
 * Everything here is persisted in IndexedDB, so every field is plain, structured-clone-safe data.
 */
import type { DeletedStatus, Status, Visibility } from '../mastodon/schemas';

/** Where a post goes: a narrower visibility, or away altogether. */
export type RescopeTarget = 'unlisted' | 'private' | 'delete';

export interface RescopeOptions {
  target: RescopeTarget;
  /** Only posts older than this many days; null = any age. */
  olderThanDays: number | null;
  /** Current visibilities to include. `direct` is never touched, whatever is passed. */
  visibilities: Visibility[];
  /** Only posts a checkup finding points at (finding.statusId). */
  onlyWithFindings: boolean;
  keepPinned: boolean;
  /** Keep posts with at least this many favourites; null = off. */
  keepMinFavourites: number | null;
  /** Keep posts with at least this many boosts; null = off. */
  keepMinBoosts: number | null;
  /** Keep every post of a thread in which any post has favourites, boosts or replies from others. */
  keepEngagedThreads: boolean;
  /** Keep posts carrying any of these hashtags (without `#`, case-insensitive). */
  keepHashtags: string[];
  /** Include replies to other people. */
  includeReplies: boolean;
}

export const DEFAULT_RESCOPE_OPTIONS: RescopeOptions = {
  target: 'private',
  olderThanDays: 90,
  visibilities: ['public'],
  onlyWithFindings: false,
  keepPinned: true,
  keepMinFavourites: null,
  keepMinBoosts: null,
  keepEngagedThreads: false,
  keepHashtags: [],
  includeReplies: true,
};

export type SkipReason =
  | 'boost'
  | 'direct'
  | 'already-narrow'
  | 'visibility-filter'
  | 'too-recent'
  | 'no-finding'
  | 'pinned'
  | 'favourites'
  | 'boosts'
  | 'engaged-thread'
  | 'hashtag'
  | 'reply';

export interface PlannedPost {
  id: string;
  url: string | null;
  createdAt: string;
  visibility: Visibility;
  /** Plain-text excerpt for the preview (never HTML). */
  excerpt: string;
  favourites: number;
  boosts: number;
  replies: number;
  mediaCount: number;
  hasPoll: boolean;
  inReplyToId: string | null;
}

export interface Eta {
  /** Milliseconds from `now` until the last post is done. */
  ms: number;
  finishAt: string;
  /** How many 30-minute delete windows the job spans (the current one included). */
  windows: number;
}

export interface RescopePlan {
  target: RescopeTarget;
  options: RescopeOptions;
  server: string;
  accountId: string;
  /** Oldest first: a thread's parent is re-posted before its replies, so they can point at it. */
  posts: PlannedPost[];
  counts: { considered: number; planned: number; skipped: Partial<Record<SkipReason, number>> };
  eta: Eta;
}

export type JobStatus = 'running' | 'waiting' | 'paused' | 'cancelling' | 'cancelled' | 'done';

export interface RescopeJob {
  id: string;
  server: string;
  accountId: string;
  target: RescopeTarget;
  createdAt: number;
  status: JobStatus;
  /** Post ids in processing order. */
  order: string[];
  /** When a waiting job may continue (epoch ms), for the alarm. */
  wakeAt: number | null;
  /** Our own delete count per epoch-aligned window, so we never exceed the budget even without headers. */
  deleteWindow: { start: number; count: number };
  finishedAt: number | null;
  /** Why the job stopped on its own (signed out, missing scope): a sentence for the user. */
  error: string | null;
  /** What a waiting job waits for, so the page can say it (null: not waiting). */
  waitReason: WaitReason | null;
}

export type WaitReason =
  /** Our own count of the delete budget per window is spent until `until`. */
  | { kind: 'delete-limit'; until: number }
  /** The server answered 429 or its headers said the budget is spent. */
  | { kind: 'rate-limit'; until: number }
  /** The server did not answer or answered 5xx; retry number `attempt` at `until`. */
  | { kind: 'server-down'; attempt: number; until: number };

export type JournalState =
  | 'planned'
  | 'backed-up'
  | 'deleting'
  | 'deleted'
  | 'reposting'
  | 'reposted'
  | 'verified'
  | 'failed'
  | 'skipped';

export interface JournalEntry {
  jobId: string;
  postId: string;
  seq: number;
  state: JournalState;
  oldUrl: string | null;
  inReplyToId: string | null;
  /** The id the re-post replies to, decided right before re-posting (the parent's new id, or null when it is gone). */
  replyTo: string | null;
  /** Bumped only after the server definitively refused a re-post (so the new payload gets a new key). */
  generation: number;
  /** Media ids the re-post sends (the old ids first, fresh uploads after a purge). */
  mediaIds: string[] | null;
  mediaReuploaded: boolean;
  /**
   * Fresh uploads by backed-up media id, journaled as each upload answers, so a restart re-uses
   * them instead of uploading the file again (which would leave an orphan on the server).
   */
  uploadedMedia: Record<string, string>;
  newId: string | null;
  newUrl: string | null;
  /** Failed/skipped: a sentence for the report. Failed after delete means: the backup holds the post. */
  reason: string | null;
  /** The state a failed entry failed in, so a retry knows where to continue. */
  failedIn: JournalState | null;
  attempts: number;
  updatedAt: number;
}

export interface BackedUpMedia {
  id: string;
  type: string;
  url: string | null;
  description: string | null;
  mime: string;
  filename: string;
  size: number;
  /** Key into the 'media' store. */
  key: string;
}

export interface PostBackup {
  jobId: string;
  postId: string;
  /** The full status as the server returned it right before the delete. */
  status: Status;
  /** Plain-text source (GET /statuses/:id/source), the fallback when the DELETE answer was lost. */
  source: { text: string; spoiler_text: string } | null;
  /** The DELETE response (with `text`), once we have it. */
  deleted: DeletedStatus | null;
  media: BackedUpMedia[];
  poll: { options: string[]; multiple: boolean; expiresAt: string | null; expired: boolean } | null;
  createdAt: number;
}

export interface StoredMedia {
  key: string;
  bytes: ArrayBuffer;
  mime: string;
}

export interface RescopeProgress {
  jobId: string;
  status: JobStatus;
  total: number;
  done: number;
  failed: number;
  skipped: number;
  /** The post being worked on. */
  current: string | null;
  eta: Eta | null;
  wakeAt: number | null;
  /** What a waiting job waits for (the page says it, with the time). */
  waitReason?: WaitReason | null;
}

export interface ReportRow {
  postId: string;
  state: JournalState;
  oldUrl: string | null;
  newUrl: string | null;
  reason: string | null;
  hasBackup: boolean;
}

export interface JobReport {
  jobId: string;
  target: RescopeTarget;
  status: JobStatus;
  verified: number;
  failed: number;
  skipped: number;
  pending: number;
  rows: ReportRow[];
}
