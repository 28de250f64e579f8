/**
 * zod schemas for what crosses between the dashboard and the background about re-scope jobs
 * (options in, progress and reports out), so the lead's message router can validate both ways.
 */
import { z } from 'zod';
import { KnownVisibilitySchema } from '../mastodon/schemas';

export const RescopeTargetSchema = z.enum(['unlisted', 'private', 'delete']);

export const RescopeOptionsSchema = z.object({
  target: RescopeTargetSchema,
  olderThanDays: z.number().int().min(0).nullable(),
  visibilities: z.array(KnownVisibilitySchema),
  onlyWithFindings: z.boolean(),
  keepPinned: z.boolean(),
  keepMinFavourites: z.number().int().min(0).nullable(),
  keepMinBoosts: z.number().int().min(0).nullable(),
  keepEngagedThreads: z.boolean(),
  keepHashtags: z.array(z.string().max(100)).max(100),
  includeReplies: z.boolean(),
});

export const JobStatusSchema = z.enum(['running', 'waiting', 'paused', 'cancelling', 'cancelled', 'done']);
export const JournalStateSchema = z.enum([
  'planned',
  'backed-up',
  'deleting',
  'deleted',
  'reposting',
  'reposted',
  'verified',
  'failed',
  'skipped',
]);

export const WaitReasonSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('delete-limit'), until: z.number() }),
  z.object({ kind: z.literal('rate-limit'), until: z.number() }),
  z.object({ kind: z.literal('server-down'), attempt: z.number(), until: z.number() }),
]);

export const EtaSchema = z.object({ ms: z.number(), finishAt: z.string(), windows: z.number() });

export const RescopeProgressSchema = z.object({
  jobId: z.string(),
  status: JobStatusSchema,
  total: z.number(),
  done: z.number(),
  failed: z.number(),
  skipped: z.number(),
  current: z.string().nullable(),
  eta: EtaSchema.nullable(),
  wakeAt: z.number().nullable(),
  waitReason: WaitReasonSchema.nullable().optional(),
});

export const JobReportSchema = z.object({
  jobId: z.string(),
  target: RescopeTargetSchema,
  status: JobStatusSchema,
  verified: z.number(),
  failed: z.number(),
  skipped: z.number(),
  pending: z.number(),
  rows: z.array(
    z.object({
      postId: z.string(),
      state: JournalStateSchema,
      oldUrl: z.string().nullable(),
      newUrl: z.string().nullable(),
      reason: z.string().nullable(),
      hasBackup: z.boolean(),
    }),
  ),
});
