/**
 * Sets who may quote a list of posts (PUT /api/v1/statuses/:id/interaction_policy, 4.5+), one
 * post at a time: the client paces every request by the server's rate-limit headers, so a few
 * hundred posts never run into 429, and the web UI keeps its reserve. The job is a plain value
 * the caller persists after every post, so a closed browser resumes where it stopped.
 * https://docs.joinmastodon.org/methods/statuses/#edit_interaction_policy
 */
import type { MastodonClient, QuotePolicy } from '../mastodon/client';
import { NotFoundError } from '../mastodon/errors';
import type { Status } from '../mastodon/schemas';

export interface QuotePolicyJob {
  policy: QuotePolicy;
  /** Posts not done yet, in order. */
  pending: string[];
  done: string[];
  /** Posts gone from the server meanwhile: nothing left to protect. */
  gone: string[];
  status: 'running' | 'done' | 'stopped';
  /** Why it stopped, as a sentence for the user. */
  error?: string;
}

export function newQuotePolicyJob(
  statusIds: readonly string[],
  policy: QuotePolicy = 'nobody',
): QuotePolicyJob {
  return { policy, pending: [...new Set(statusIds)], done: [], gone: [], status: 'running' };
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Called after each post with the job as it stands (persist it) and the updated post. */
  onProgress?: (job: QuotePolicyJob, updated: Status | null) => Promise<void> | void;
  /** Turns an error into a sentence for the user. */
  describe: (error: unknown) => string;
}

export async function runQuotePolicyJob(
  client: Pick<MastodonClient, 'setQuotePolicy'>,
  start: QuotePolicyJob,
  options: RunOptions,
): Promise<QuotePolicyJob> {
  let job: QuotePolicyJob = { ...start, status: 'running', error: undefined };
  while (job.pending.length > 0) {
    if (options.signal?.aborted) return { ...job, status: 'stopped' };
    const [id, ...rest] = job.pending as [string, ...string[]];
    let updated: Status | null = null;
    try {
      updated = await client.setQuotePolicy(id, job.policy, options.signal);
      job = { ...job, pending: rest, done: [...job.done, id] };
    } catch (error) {
      if (error instanceof NotFoundError) {
        job = { ...job, pending: rest, gone: [...job.gone, id] };
      } else {
        // Anything else (signed out, server down, cancelled) stops the job with the post still
        // pending, so a retry starts from it; nothing is lost by stopping.
        job = { ...job, status: 'stopped', error: options.describe(error) };
        await options.onProgress?.(job, null);
        return job;
      }
    }
    await options.onProgress?.(job, updated);
  }
  job = { ...job, status: 'done' };
  await options.onProgress?.(job, null);
  return job;
}
