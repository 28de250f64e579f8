/**
 * The protocol between extension pages / content scripts and the background.
 * Every request and every reply is validated with zod on both ends.
 */
import { browser } from 'wxt/browser';
import { z } from 'zod';
import { CredentialsUpdateSchema, ProfileUpdateSchema } from './findings-schema';
import { StatusSchema } from './mastodon/schemas';
import { JobReportSchema, RescopeOptionsSchema, RescopeProgressSchema } from './rescope/messages';
import { JobKindSchema, SessionSchema, SettingsSchema } from './storage';

/** The archive's account (utils/archive/actor.ts ArchiveActor). */
const ArchiveActorSchema = z.object({
  id: z.string(),
  type: z.string(),
  preferredUsername: z.string(),
  name: z.string(),
  summary: z.string(),
  followers: z.string().nullable(),
  following: z.string().nullable(),
  url: z.string().nullable(),
  published: z.string().nullable(),
  manuallyApprovesFollowers: z.boolean().nullable(),
  discoverable: z.boolean().nullable(),
  indexable: z.boolean().nullable(),
  memorial: z.boolean().nullable(),
  fields: z.array(z.object({ name: z.string(), value: z.string() })),
  icon: z.string().nullable(),
  image: z.string().nullable(),
  inferred: z.boolean(),
});

/** Posts per archive/merge message: a 50,000-post archive in one message would pass Chrome's 64 MiB limit. */
export const ARCHIVE_CHUNK_POSTS = 2_000;

const ScopeSchema = z.enum([
  'read:accounts',
  'read:statuses',
  'read:follows',
  'write:accounts',
  'write:follows',
  'write:blocks',
  'write:statuses',
  'write:media',
]);

export const RequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth/status') }),
  z.object({ type: z.literal('auth/signIn'), server: z.string().max(300) }),
  z.object({ type: z.literal('auth/signOut') }),
  /** The code the user pasted from the server's page (out-of-band sign-in). */
  z.object({ type: z.literal('auth/code'), code: z.string().min(1).max(500) }),
  z.object({ type: z.literal('auth/grant'), scopes: z.array(ScopeSchema).min(1) }),
  z.object({ type: z.literal('checkup/run') }),
  z.object({ type: z.literal('checkup/cancel') }),
  /** Re-run the checks on the cached snapshot (after trusting a server, importing an archive). */
  z.object({ type: z.literal('checkup/recompute') }),
  z.object({ type: z.literal('fix/credentials'), update: CredentialsUpdateSchema }),
  z.object({ type: z.literal('fix/profile'), patch: ProfileUpdateSchema }),
  z.object({ type: z.literal('holders/removeFollowers'), domain: z.string() }),
  z.object({ type: z.literal('holders/blockDomain'), domain: z.string() }),
  z.object({ type: z.literal('compose/context') }),
  z.object({ type: z.literal('compose/enabled'), enabled: z.boolean() }),
  z.object({ type: z.literal('rescope/start'), jobId: z.string() }),
  z.object({
    type: z.literal('rescope/control'),
    jobId: z.string(),
    action: z.enum(['pause', 'resume', 'cancel', 'retry', 'deleteBackup']),
  }),
  /**
   * Plans from the background's snapshot with these options and re-scopes the posts of that plan
   * the user confirmed (`postIds`, from the preview): the background is the one that creates jobs.
   */
  z.object({
    type: z.literal('rescope/create'),
    options: RescopeOptionsSchema,
    /** Finding status ids the planner was narrowed to (a finding's fix). */
    findingStatusIds: z.array(z.string()).optional(),
    postIds: z.array(z.string()).min(1),
  }),
  /** The newest job (the unfinished one first), its progress and report, and posts jobs hold. */
  z.object({ type: z.literal('rescope/state') }),
  z.object({ type: z.literal('schedule/update') }),
  /** Set who may quote these posts to nobody: a paced background job (4.5+; loses nothing). */
  z.object({ type: z.literal('fix/quotePolicy'), statusIds: z.array(z.string()).min(1).max(20_000) }),
  /** The guided flow's progress: start it, record a step's outcome, or start over. */
  z.object({
    type: z.literal('guide/update'),
    action: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('start'), steps: z.array(z.string()).max(20) }),
      z.object({
        kind: z.literal('outcome'),
        check: z.string(),
        outcome: z.enum(['fixed', 'kept', 'skipped']),
        /** With 'kept': the findings to accept as a risk. */
        findingIds: z.array(z.string()).max(20_000).default([]),
      }),
      z.object({ kind: z.literal('reset') }),
    ]),
  }),
  z.object({ type: z.literal('settings/update'), patch: SettingsSchema.partial() }),
  z.object({ type: z.literal('findings/dismiss'), id: z.string(), dismissed: z.boolean() }),
  /**
   * An archive the page read (the file never leaves the page), in parts of at most
   * ARCHIVE_CHUNK_POSTS posts; the background merges it once the last part is in.
   */
  z.object({
    type: z.literal('archive/merge'),
    importId: z.string().min(1).max(100),
    part: z.number().int().min(0),
    parts: z.number().int().min(1).max(10_000),
    statuses: z.array(StatusSchema).max(ARCHIVE_CHUNK_POSTS),
    /** With the last part. */
    actor: ArchiveActorSchema.optional(),
    posts: z.number().int().min(0).optional(),
  }),
]);
export type Request = z.infer<typeof RequestSchema>;
export type RequestType = Request['type'];

const Ok = z.object({ ok: z.literal(true) });
/** `error` is a sentence for the user that says what to do next. */
const Failure = z.object({
  ok: z.literal(false),
  error: z.string(),
  signInAgain: z.boolean().optional(),
  /** The server shows a code in a tab; the user pastes it and the page sends `auth/code`. */
  needCode: z.boolean().optional(),
});
const result = <T extends z.ZodRawShape>(shape: T) => z.union([Ok.extend(shape), Failure]);

export const ResponseSchemas = {
  'auth/status': z.union([
    z.object({ signedIn: z.literal(false) }),
    z.object({ signedIn: z.literal(true), session: SessionSchema }),
  ]),
  'auth/signIn': result({ session: SessionSchema }),
  'auth/signOut': result({}),
  'auth/code': result({ session: SessionSchema }),
  'auth/grant': result({ scopes: z.array(z.string()) }),
  /** `joined`: a crawl was already running or queued; `behind`: the job it waits for. */
  'checkup/run': result({ joined: z.boolean().optional(), behind: JobKindSchema.nullable().optional() }),
  'checkup/cancel': result({}),
  'checkup/recompute': result({}),
  'fix/credentials': result({}),
  'fix/profile': result({}),
  'holders/removeFollowers': result({ removed: z.number() }),
  'holders/blockDomain': result({}),
  'compose/context': z.union([
    z.object({
      ok: z.literal(true),
      context: z.object({
        locked: z.boolean(),
        homeDomain: z.string(),
        trustedServers: z.array(z.string()),
        followerDomainCount: z.number(),
        defaultQuotePolicy: z.string().nullable().optional(),
      }),
    }),
    Failure,
  ]),
  'compose/enabled': result({}),
  'rescope/start': result({}),
  'rescope/control': result({}),
  'rescope/create': result({
    jobId: z.string(),
    /** An unfinished job already existed (another tab made it): nothing new was created. */
    joined: z.boolean(),
    /** Confirmed posts left out because a job already holds them or they are no longer in the plan. */
    leftOut: z.number(),
  }),
  'rescope/state': result({
    job: z
      .object({
        id: z.string(),
        status: RescopeProgressSchema.shape.status,
        error: z.string().nullable(),
      })
      .nullable(),
    progress: RescopeProgressSchema.nullable(),
    report: JobReportSchema.nullable(),
    /** Deleted and not re-posted yet while the job cannot go on: shown with their backup. */
    stranded: z.array(
      z.object({ postId: z.string(), oldUrl: z.string().nullable(), hasBackup: z.boolean() }),
    ),
    /** Posts the planner must leave out: held by an unfinished job, or already deleted by one. */
    taken: z.array(z.string()),
  }),
  'schedule/update': result({}),
  'fix/quotePolicy': result({}),
  'guide/update': result({}),
  'settings/update': result({ settings: SettingsSchema }),
  'findings/dismiss': result({ dismissed: z.array(z.string()) }),
  'archive/merge': result({ complete: z.boolean(), behind: JobKindSchema.nullable().optional() }),
} satisfies Record<RequestType, z.ZodType>;

export type Response<T extends RequestType> = z.infer<(typeof ResponseSchemas)[T]>;
export type Failure = z.infer<typeof Failure>;

/** Send a request to the background and validate the reply. */
export async function send<T extends RequestType>(
  request: Extract<Request, { type: T }>,
): Promise<Response<T>> {
  const raw: unknown = await browser.runtime.sendMessage(RequestSchema.parse(request));
  const schema = ResponseSchemas[request.type as T];
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `The background sent an invalid reply to ${request.type}: ${parsed.error.issues[0]?.message}`,
    );
  }
  return parsed.data as Response<T>;
}
