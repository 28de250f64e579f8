/**
 * Re-scopes one post, step by step, writing the journal before each side effect.
 *
 * Why each step is safe to repeat after a crash:
 * - 'deleting' (the DELETE may or may not have reached the server, e.g. a connection reset after
 *   the server applied it): GET the old id first; 404 means it is gone, so continue with the
 *   re-post from the backup; 200 means delete again.
 * - 'reposting': POST again with the same Idempotency-Key; Mastodon returns the first post
 *   instead of creating a second one. https://docs.joinmastodon.org/methods/statuses/#create
 *   The key only changes (generation + 1) after the server definitively refused the payload.
 * Media is re-used by id (DELETE without delete_media keeps it about a day). Mastodon detaches a
 * deleted post's media in a background job, so a re-post sent right after the DELETE can be
 * refused (422) for media that becomes free within a second or so: the re-post is tried again
 * after MEDIA_DETACH_WAITS_MS before the media is re-uploaded from the backup (with the same alt
 * text), since every upload spends the small media budget.
 * https://docs.joinmastodon.org/methods/statuses/#delete
 */
import type { Clock } from '../clock';
import type { MastodonClient, NewStatus, QuotePolicy } from '../mastodon/client';
import type { Status, Visibility } from '../mastodon/schemas';
import {
  AbortedError,
  ForbiddenError,
  MastodonHttpError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  isRetryable,
} from '../mastodon/errors';
import { t } from '../i18n';
import { BackupError, backUpPost, mediaBlob, recordDeleted, type FetchLike } from './backup';
import { fail, idempotencyKey, isFinal, transition } from './journal';
import type { RescopeStore } from './store';
import type { JournalEntry, PostBackup, RescopeJob, WaitReason } from './types';

/** Transient failures (5xx, resets, timeouts) per post before it is marked failed. */
export const MAX_ATTEMPTS = 8;
/** Mastodon's poll duration bounds (PollValidator: 5 minutes to about a month). */
const MIN_POLL_SECONDS = 300;
const MAX_POLL_SECONDS = 2_629_746;
/**
 * Waits before re-sending a re-post whose old media was refused. Mastodon 4.3 with an idle queue
 * freed it about 0.6 s after the DELETE; a busy queue takes longer, a purged file never returns.
 */
export const MEDIA_DETACH_WAITS_MS = [2_000, 6_000] as const;

/** Thrown to stop running until `wakeAt` (the service worker sets an alarm instead of waiting). */
export class YieldUntil extends Error {
  override name = 'YieldUntil';
  constructor(
    readonly wakeAt: number,
    /** What the job waits for, shown to the user while it waits. */
    readonly reason: WaitReason = { kind: 'rate-limit', until: wakeAt },
  ) {
    super(`Waiting until ${new Date(wakeAt).toISOString()}`);
  }
}

/** The account can no longer act (token revoked, scope missing): the whole job stops, nothing is lost. */
export class JobBlockedError extends Error {
  override name = 'JobBlockedError';
}

export interface Pacer {
  /** Waits until the delete budget allows one more, and counts it (persisted). */
  beforeDelete(): Promise<void>;
  beforePost(): Promise<void>;
  beforeUpload(): Promise<void>;
  /**
   * Gives back the delete counted by beforeDelete when the DELETE never left: the client's own
   * pacing ended the run before sending it (YieldUntil), so it spent no budget.
   */
  refundDelete?(): Promise<void>;
  /** Waits out a 429 until its reset. */
  rateLimited(error: RateLimitedError): Promise<void>;
  /** Waits before retry number `attempt` of a transient failure. */
  backoff(attempt: number): Promise<void>;
}

export interface ExecutorDeps {
  client: MastodonClient;
  clock: Clock;
  store: RescopeStore;
  fetch: FetchLike;
  pacer: Pacer;
  signal?: AbortSignal;
  /** Called after every persisted step (progress, tests that kill the executor between steps). */
  onStep?: (entry: JournalEntry) => void | Promise<void>;
}

export function pollExpiresIn(poll: NonNullable<PostBackup['poll']>, now: number): number {
  // An open poll keeps its remaining time (as the web UI's re-draft does); a closed one closes
  // again after the minimum instead of reopening for its whole original duration.
  const remaining =
    poll.expiresAt && !poll.expired ? Math.round((Date.parse(poll.expiresAt) - now) / 1000) : 0;
  return Math.min(MAX_POLL_SECONDS, Math.max(MIN_POLL_SECONDS, remaining));
}

export function repostText(backup: PostBackup): { text: string; spoiler: string } | null {
  const text = backup.deleted?.text ?? backup.source?.text ?? null;
  if (text === null) return null;
  return {
    text,
    spoiler: backup.deleted?.spoiler_text ?? backup.source?.spoiler_text ?? backup.status.spoiler_text,
  };
}

export class RescopeExecutor {
  /** Re-posts already sent again after a media refusal, by post id (in memory: a restart waits anew). */
  private readonly mediaWaits = new Map<string, number>();

  constructor(
    private readonly deps: ExecutorDeps,
    private readonly job: RescopeJob,
  ) {}

  private get now(): number {
    return this.deps.clock.now();
  }

  private async save(
    entry: JournalEntry,
    state: JournalEntry['state'],
    patch: Partial<JournalEntry> = {},
  ): Promise<JournalEntry> {
    const next = await transition(this.deps.store, entry, state, this.now, patch);
    await this.deps.onStep?.(next);
    return next;
  }

  private checkAbort(): void {
    const signal = this.deps.signal;
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new AbortedError('Aborted');
  }

  /** Runs the post until it is verified, failed or skipped. */
  async process(start: JournalEntry): Promise<JournalEntry> {
    let entry = start;
    while (!isFinal(entry)) {
      this.checkAbort();
      try {
        entry = await this.advance(entry);
      } catch (error) {
        if (this.deps.signal?.aborted || error instanceof YieldUntil || error instanceof AbortedError)
          throw error;
        if (error instanceof UnauthorizedError || error instanceof ForbiddenError)
          throw new JobBlockedError(
            error instanceof UnauthorizedError ? t('rescope_errorSignedOut') : t('rescope_errorScope'),
          );
        if (error instanceof RateLimitedError) {
          await this.deps.pacer.rateLimited(error);
          continue;
        }
        if (isRetryable(error)) {
          const attempts = entry.attempts + 1;
          if (attempts >= MAX_ATTEMPTS) {
            entry = await this.failEntry(entry, t('rescope_reasonServerFailing', (error as Error).message));
            continue;
          }
          entry = await this.save(entry, entry.state, { attempts });
          await this.deps.pacer.backoff(attempts);
          continue;
        }
        const message = error instanceof Error ? error.message : String(error);
        entry = await this.failEntry(
          entry,
          error instanceof BackupError ? message : `Unexpected error: ${message}`,
        );
      }
    }
    return entry;
  }

  private async failEntry(entry: JournalEntry, why: string): Promise<JournalEntry> {
    const gone = ['deleting', 'deleted', 'reposting'].includes(entry.state);
    const reason = gone
      ? t('rescope_reasonGone', why)
      : entry.state === 'reposted'
        ? t('rescope_reasonUnverified', why)
        : t('rescope_reasonUntouched', why);
    const next = await fail(this.deps.store, entry, reason, this.now);
    await this.deps.onStep?.(next);
    return next;
  }

  private async backup(entry: JournalEntry): Promise<PostBackup> {
    const backup = await this.deps.store.getBackup(this.job.id, entry.postId);
    if (!backup) throw new BackupError('The local backup of this post is missing.');
    return backup;
  }

  private async advance(entry: JournalEntry): Promise<JournalEntry> {
    const { client, store } = this.deps;
    const signal = this.deps.signal;
    switch (entry.state) {
      case 'planned': {
        const backup = await backUpPost(
          { client, store, fetch: this.deps.fetch, now: this.now },
          this.job.id,
          entry.postId,
          signal,
        );
        if (!backup) return this.save(entry, 'skipped', { reason: t('rescope_reasonAlreadyGone') });
        return this.save(entry, 'backed-up', { attempts: 0 });
      }
      case 'backed-up': {
        await this.deps.pacer.beforeDelete();
        entry = await this.save(entry, 'deleting');
        return this.delete(entry);
      }
      case 'deleting': {
        // We do not know whether the last DELETE reached the server: ask before deleting again.
        try {
          await client.getStatus(entry.postId, signal);
        } catch (error) {
          if (error instanceof NotFoundError) return this.afterDelete(entry);
          throw error;
        }
        await this.deps.pacer.beforeDelete();
        return this.delete(entry);
      }
      case 'deleted': {
        if (this.job.target === 'delete') return this.save(entry, 'verified', { attempts: 0 });
        const replyTo = await this.resolveReplyTo(entry);
        await this.deps.pacer.beforePost();
        entry = await this.save(entry, 'reposting', { replyTo });
        return this.repost(entry);
      }
      case 'reposting':
        await this.deps.pacer.beforePost();
        return this.repost(entry);
      case 'reposted':
        return this.verify(entry);
      default:
        return entry;
    }
  }

  private async delete(entry: JournalEntry): Promise<JournalEntry> {
    try {
      const deleted = await this.deps.client.deleteStatus(entry.postId, this.deps.signal);
      await recordDeleted(this.deps.store, await this.backup(entry), deleted);
    } catch (error) {
      if (error instanceof YieldUntil) await this.deps.pacer.refundDelete?.();
      // 404 on DELETE: already gone (our earlier DELETE applied); the backup still has the source.
      if (!(error instanceof NotFoundError)) throw error;
    }
    return this.afterDelete(entry);
  }

  private afterDelete(entry: JournalEntry): Promise<JournalEntry> {
    return this.save(entry, 'deleted', { attempts: 0 });
  }

  private async resolveReplyTo(entry: JournalEntry): Promise<string | null> {
    const parent = entry.inReplyToId;
    if (!parent) return null;
    const parentEntry = await this.deps.store.getEntry(this.job.id, parent);
    if (parentEntry?.newId) return parentEntry.newId;
    try {
      await this.deps.client.getStatus(parent, this.deps.signal);
      return parent;
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  private async payload(entry: JournalEntry, backup: PostBackup): Promise<NewStatus> {
    const text = repostText(backup);
    if (!text) throw new BackupError('The backup has no source text for this post.');
    const mediaIds = entry.mediaIds ?? backup.media.map((m) => m.id);
    const target = this.job.target === 'delete' ? 'private' : this.job.target;
    return {
      status: text.text,
      spoiler_text: text.spoiler,
      sensitive: backup.status.sensitive,
      language: backup.status.language ?? null,
      visibility: target,
      in_reply_to_id: entry.replyTo,
      ...quotePolicyFor(backup.status, target),
      ...(mediaIds.length > 0 ? { media_ids: mediaIds } : {}),
      poll: backup.poll
        ? {
            options: backup.poll.options,
            multiple: backup.poll.multiple,
            expires_in: pollExpiresIn(backup.poll, this.now),
          }
        : null,
      idempotencyKey: idempotencyKey(this.job.id, entry.postId, entry.generation),
    };
  }

  private async repost(entry: JournalEntry): Promise<JournalEntry> {
    const backup = await this.backup(entry);
    try {
      const created = await this.deps.client.postStatus(await this.payload(entry, backup), this.deps.signal);
      return this.save(entry, 'reposted', {
        newId: created.id,
        newUrl: created.url ?? created.uri,
        attempts: 0,
      });
    } catch (error) {
      const refused =
        error instanceof MastodonHttpError &&
        (error.status === 404 || error.status === 422) &&
        !(error instanceof RateLimitedError);
      if (!refused) throw error;
      // A definitive refusal: nothing was posted, so a changed payload may take a new key.
      if (entry.replyTo) {
        const stillThere = await this.resolveReplyTo({ ...entry, inReplyToId: entry.replyTo });
        if (!stillThere)
          return this.save(entry, 'reposting', { replyTo: null, generation: entry.generation + 1 });
      }
      if (backup.media.length > 0 && !entry.mediaReuploaded) {
        const waited = this.mediaWaits.get(entry.postId) ?? 0;
        const wait = MEDIA_DETACH_WAITS_MS[waited];
        if (wait !== undefined) {
          this.mediaWaits.set(entry.postId, waited + 1);
          await this.deps.clock.sleep(wait, this.deps.signal);
          return entry;
        }
        let current = entry;
        const mediaIds: string[] = [];
        for (const media of backup.media) {
          // Uploaded before a restart: the journal has its id, so it is not uploaded (and orphaned) again.
          const known = current.uploadedMedia[media.id];
          if (known) {
            mediaIds.push(known);
            continue;
          }
          await this.deps.pacer.beforeUpload();
          const uploaded = await this.uploadWithRetry(media);
          current = await this.save(current, 'reposting', {
            uploadedMedia: { ...current.uploadedMedia, [media.id]: uploaded },
          });
          mediaIds.push(uploaded);
        }
        return this.save(current, 'reposting', {
          mediaIds,
          mediaReuploaded: true,
          generation: current.generation + 1,
        });
      }
      return this.failEntry(entry, t('rescope_reasonRefused', (error as Error).message));
    }
  }

  private async uploadWithRetry(media: PostBackup['media'][number]): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      try {
        const file = await mediaBlob(this.deps.store, media);
        const uploaded = await this.deps.client.uploadMedia(
          file,
          { description: media.description, filename: media.filename },
          this.deps.signal,
        );
        return uploaded.id;
      } catch (error) {
        if (error instanceof RateLimitedError) {
          await this.deps.pacer.rateLimited(error);
          continue;
        }
        // An upload that failed midway at worst leaves an unattached file the server purges.
        if (!isRetryable(error) || attempt >= MAX_ATTEMPTS || this.deps.signal?.aborted) throw error;
        await this.deps.pacer.backoff(attempt);
      }
    }
  }

  private async verify(entry: JournalEntry): Promise<JournalEntry> {
    const { client } = this.deps;
    const backup = await this.backup(entry);
    if (!entry.newId) return this.failEntry(entry, 'The journal lost the new post id.');
    const created = await client.getStatus(entry.newId, this.deps.signal);
    const source = await client.statusSource(entry.newId, this.deps.signal);
    const expected = repostText(backup);
    const problems: string[] = [];
    if (created.visibility !== this.job.target) problems.push(`visibility is ${created.visibility}`);
    if (expected && source.text !== expected.text) problems.push('text differs');
    if (expected && source.spoiler_text !== expected.spoiler) problems.push('content warning differs');
    const alts = created.media_attachments.map((m) => m.description ?? '');
    if (alts.join('\u0000') !== backup.media.map((m) => m.description ?? '').join('\u0000'))
      problems.push('media differ');
    const options = created.poll?.options.map((o) => o.title) ?? [];
    if (options.join('\u0000') !== (backup.poll?.options ?? []).join('\u0000'))
      problems.push('poll options differ');
    if (problems.length > 0) return this.failEntry(entry, t('rescope_reasonMismatch', problems.join(', ')));
    return this.save(entry, 'verified', { newUrl: created.url ?? created.uri, attempts: 0 });
  }
}

/**
 * The re-post keeps who may quote the post: without it the server applies the account's default,
 * which may let more people quote it than the original did. Mastodon lists the policy as who is
 * approved automatically; anything it cannot express on posting (manual review only) becomes
 * `nobody`, never wider. Followers-only and direct posts cannot be quoted (Mastodon's own web UI
 * sends `nobody` for them too), and a server without quotes (no `quote_approval`) gets nothing.
 */
export function quotePolicyFor(
  status: Pick<Status, 'quote_approval'>,
  target: Visibility,
): { quote_approval_policy?: QuotePolicy } {
  const approval = status.quote_approval;
  if (!approval) return {};
  if (target === 'private' || target === 'direct') return { quote_approval_policy: 'nobody' };
  const automatic = approval.automatic;
  if (automatic.includes('public')) return { quote_approval_policy: 'public' };
  if (automatic.includes('followers')) return { quote_approval_policy: 'followers' };
  return { quote_approval_policy: 'nobody' };
}
