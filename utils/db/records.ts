/**
 * zod schemas of what the database holds, checked on every read: a record written by an older
 * version, cut short by a full disk or edited by hand is read as missing, never misread.
 */
import { z } from 'zod';
import { DeletedStatusSchema, StatusSchema, VisibilitySchema } from '../mastodon/schemas';
import {
  JobStatusSchema,
  JournalStateSchema,
  RescopeTargetSchema,
  WaitReasonSchema,
} from '../rescope/messages';
import type { JournalEntry, PostBackup, RescopeJob, StoredMedia } from '../rescope/types';
import { SNAPSHOT_VERSION, type AccountSnapshot } from '../snapshot/types';

const entity = z.looseObject({ id: z.string() });
const nullableString = z.string().nullable();

/**
 * The snapshot's entities were validated against the API schemas when they were read; re-parsing
 * tens of thousands of posts on every load would cost seconds, so the read checks the shape and
 * keeps the record as stored (no field stripped).
 */
const SnapshotShape = z.looseObject({
  version: z.literal(SNAPSHOT_VERSION),
  server: z.string(),
  source: z.enum(['api', 'archive', 'api+archive']),
  fetchedAt: z.string(),
  account: z.looseObject({ id: z.string(), acct: z.string() }),
  instance: z.looseObject({}).nullable(),
  statuses: z.array(z.looseObject({ id: z.string(), visibility: VisibilitySchema, created_at: z.string() })),
  archiveOnly: z.array(z.string()).optional(),
  histories: z.record(z.string(), z.array(z.looseObject({}))),
  followers: z.array(entity),
  following: z.array(entity),
  followRequests: z.array(entity),
  conversations: z.array(entity),
  domainBlocks: z.array(z.looseObject({ domain: z.string() })).nullable(),
  incomplete: z.array(z.string()),
});
/**
 * Records from before `archiveOnly` existed: an archive alone is all archive; one merged with the
 * API no longer says which posts were whose, so all its posts count as the archive's. Nothing is
 * then swept as deleted, and the next check, finding fewer of the API's posts than the account
 * counts, reads them all again and hands back to the API every post it returns.
 */
function withArchiveOnly(snapshot: AccountSnapshot): AccountSnapshot {
  if (snapshot.archiveOnly || snapshot.source === 'api') return snapshot;
  return { ...snapshot, archiveOnly: snapshot.statuses.map((s) => s.id) };
}

export const SnapshotRecordSchema = z
  .custom<AccountSnapshot>(
    (value) => SnapshotShape.safeParse(value).success,
    'not a snapshot of this version',
  )
  .transform(withArchiveOnly);

export const RescopeJobSchema: z.ZodType<RescopeJob> = z.object({
  id: z.string(),
  server: z.string(),
  accountId: z.string(),
  target: RescopeTargetSchema,
  createdAt: z.number(),
  status: JobStatusSchema,
  order: z.array(z.string()),
  wakeAt: z.number().nullable(),
  deleteWindow: z.object({ start: z.number(), count: z.number() }),
  finishedAt: z.number().nullable(),
  error: nullableString,
  waitReason: WaitReasonSchema.nullable().default(null),
});

export const JournalEntrySchema: z.ZodType<JournalEntry> = z.object({
  jobId: z.string(),
  postId: z.string(),
  seq: z.number(),
  state: JournalStateSchema,
  oldUrl: nullableString,
  inReplyToId: nullableString,
  replyTo: nullableString,
  generation: z.number(),
  mediaIds: z.array(z.string()).nullable(),
  mediaReuploaded: z.boolean(),
  uploadedMedia: z.record(z.string(), z.string()).default({}),
  newId: nullableString,
  newUrl: nullableString,
  reason: nullableString,
  failedIn: JournalStateSchema.nullable(),
  attempts: z.number(),
  updatedAt: z.number(),
});

const BackedUpMediaSchema = z.object({
  id: z.string(),
  type: z.string(),
  url: nullableString,
  description: nullableString,
  mime: z.string(),
  filename: z.string(),
  size: z.number(),
  key: z.string(),
});

export const PostBackupSchema: z.ZodType<PostBackup> = z.object({
  jobId: z.string(),
  postId: z.string(),
  status: StatusSchema,
  source: z.object({ text: z.string(), spoiler_text: z.string() }).nullable(),
  deleted: DeletedStatusSchema.nullable(),
  media: z.array(BackedUpMediaSchema),
  poll: z
    .object({
      options: z.array(z.string()),
      multiple: z.boolean(),
      expiresAt: nullableString,
      expired: z.boolean(),
    })
    .nullable(),
  createdAt: z.number(),
}) as unknown as z.ZodType<PostBackup>;

export const StoredMediaSchema: z.ZodType<StoredMedia> = z.object({
  key: z.string(),
  bytes: z.custom<ArrayBuffer>((v) => v instanceof ArrayBuffer, 'media bytes missing'),
  mime: z.string(),
});
