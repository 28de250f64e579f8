/**
 * Every storage key in one place, each validated with zod on read (storage is input too).
 *
 * - browser.storage.local: what pages may see (who is signed in, settings, checkup state/results).
 * - IndexedDB 'fediprint' (utils/db): cached snapshots, re-scope jobs and, in its 'secrets' store,
 *   the token and app credentials, read by the background only. Content scripts run in the page's
 *   origin and cannot open it.
 *
 * Only the background writes any of it; pages send commands (utils/messages.ts) and watch.
 */
import { browser } from 'wxt/browser';
import { z } from 'zod';
import { FindingSchema } from './findings-schema';

export const STORAGE_VERSION = 1;

export const SessionSchema = z.object({
  origin: z.string(),
  accountId: z.string(),
  acct: z.string(),
  /** user@domain, for display. */
  handle: z.string(),
  displayName: z.string(),
  avatar: z.string().optional(),
  scopes: z.array(z.string()),
  signedInAt: z.string(),
});
export type Session = z.infer<typeof SessionSchema>;

export const SettingsSchema = z.object({
  /** Domains trusted with DMs and followers-only posts. The home domain is always trusted. */
  trustedServers: z.array(z.string()).default([]),
  retentionDays: z.number().int().positive().nullable().default(365),
  composeWarnings: z.boolean().default(false),
  /** Scheduled re-checks every N hours; null = off. */
  recheckHours: z.number().int().positive().nullable().default(null),
  notify: z.boolean().default(false),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const CheckupResultSchema = z.object({
  ranAt: z.string(),
  score: z.number(),
  grade: z.enum(['well-protected', 'mostly-private', 'exposed', 'highly-exposed']),
  findings: z.array(FindingSchema),
  /** Checks that failed: their findings are missing, and the report says so. */
  checkErrors: z.array(z.object({ check: z.string(), message: z.string() })).default([]),
  /** Checks for settings newer than the server's Mastodon version. */
  notApplicable: z.array(z.object({ check: z.string(), since: z.string(), version: z.string() })).default([]),
  stats: z.object({
    posts: z.number(),
    followers: z.number(),
    following: z.number(),
    requests: z.number(),
    seconds: z.number(),
  }),
  source: z.enum(['api', 'archive', 'api+archive']).default('api'),
  incomplete: z.array(z.string()).default([]),
  /** How complete the read was (utils/snapshot/completeness.ts): shown as "not fully read" / "not checked". */
  software: z
    .object({ name: z.string(), version: z.string().nullable(), family: z.string() })
    .nullable()
    .optional(),
  shortfalls: z
    .array(
      z.object({
        part: z.enum(['statuses', 'followers', 'following', 'followRequests']),
        read: z.number(),
        expected: z.number().nullable(),
        reason: z.enum(['count', 'server-limit']),
      }),
    )
    .default([]),
  notChecked: z.array(z.enum(['privatePosts', 'directPosts', 'followers', 'histories'])).default([]),
  unread: z
    .array(z.object({ part: z.string(), endpoint: z.string(), field: z.string(), message: z.string() }))
    .default([]),
});
export type StoredCheckupResult = z.infer<typeof CheckupResultSchema>;

export const ProgressSchema = z.object({
  part: z.string(),
  done: z.number(),
  expected: z.number().nullable(),
});

export const JobKindSchema = z.enum(['crawl', 'archive-merge', 'rescope', 'fix']);

/** The account's job queue, as pages show it: what runs, what waits. */
export const JobQueueSchema = z.object({
  running: JobKindSchema.nullable(),
  waiting: z.array(JobKindSchema),
});

/** An archive the page read, being merged by the background. */
export const ArchiveMergeStateSchema = z.object({
  importId: z.string(),
  status: z.enum(['queued', 'merging', 'done', 'error']),
  behind: JobKindSchema.nullable().default(null),
  /** status error: a sentence for the user. */
  message: z.string().nullable().default(null),
  at: z.string(),
});
export type ArchiveMergeState = z.infer<typeof ArchiveMergeStateSchema>;

export const CheckupStateSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('idle') }),
  z.object({
    status: z.literal('running'),
    startedAt: z.string(),
    /** Set while the crawl waits its turn behind another job of the account (utils/background/queue.ts). */
    behind: JobKindSchema.optional(),
    /** Refreshed while the crawl runs; a stale heartbeat means the service worker died. */
    heartbeat: z.number(),
    progress: z.array(ProgressSchema),
  }),
  z.object({ status: z.literal('done'), finishedAt: z.string() }),
  z.object({
    status: z.literal('error'),
    message: z.string(),
    at: z.string(),
    signInAgain: z.boolean().default(false),
  }),
  z.object({ status: z.literal('cancelled'), at: z.string() }),
]);
export type CheckupState = z.infer<typeof CheckupStateSchema>;

export const GuideProgressSchema = z.object({
  /** The checkup the flow started from (`ranAt`): a newer checkup does not reset the steps. */
  startedFrom: z.string(),
  startScore: z.number(),
  /** The steps chosen at the start, by check id, in order. */
  steps: z.array(z.string()).max(20),
  outcomes: z.record(z.string(), z.enum(['fixed', 'kept', 'skipped'])),
});
export type GuideProgress = z.infer<typeof GuideProgressSchema>;

export const QuotePolicyJobSchema = z.object({
  policy: z.enum(['public', 'followers', 'nobody']),
  pending: z.array(z.string()),
  done: z.array(z.string()),
  gone: z.array(z.string()),
  status: z.enum(['running', 'done', 'stopped']),
  error: z.string().optional(),
});

const keys = {
  version: z.number(),
  session: SessionSchema,
  settings: SettingsSchema,
  checkupState: CheckupStateSchema,
  checkupResult: CheckupResultSchema,
  /** Finding ids the user dismissed or accepted as a risk. */
  dismissed: z.array(z.string()),
  /** Count of new findings from the last scheduled re-check, shown on the badge. */
  newFindings: z.number(),
  /** The result a full checkup replaced, for "what changed since the last checkup". */
  previousCheckup: CheckupResultSchema,
  /** Where the "Fix the top issues" flow stands, so it resumes in another window or later. */
  guideProgress: GuideProgressSchema,
  /** The paced job that sets who may quote old posts; resumed at start-up while running. */
  quotePolicyJob: QuotePolicyJobSchema,
  jobQueue: JobQueueSchema,
  archiveMerge: ArchiveMergeStateSchema,
} as const;
export type StorageKey = keyof typeof keys;
export type StorageValue<K extends StorageKey> = z.infer<(typeof keys)[K]>;

export async function readKey<K extends StorageKey>(key: K): Promise<StorageValue<K> | undefined> {
  const raw = (await browser.storage.local.get(key))[key];
  if (raw === undefined) return undefined;
  const parsed = keys[key].safeParse(raw);
  if (!parsed.success) {
    console.warn(`Fediprint: stored ${key} is invalid and was ignored`, parsed.error.issues[0]?.message);
    return undefined;
  }
  return parsed.data as StorageValue<K>;
}

export async function writeKey<K extends StorageKey>(key: K, value: StorageValue<K>): Promise<void> {
  await browser.storage.local.set({ [key]: keys[key].parse(value) });
}

export async function removeKeys(...names: StorageKey[]): Promise<void> {
  await browser.storage.local.remove(names);
}

export async function readSettings(): Promise<Settings> {
  return (await readKey('settings')) ?? SettingsSchema.parse({});
}

export async function updateSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = SettingsSchema.parse({ ...(await readSettings()), ...patch });
  await writeKey('settings', next);
  return next;
}

/** Runs once per start: later versions add migrations here, keyed by the stored version. */
export async function migrateStorage(): Promise<void> {
  const version = await readKey('version');
  if (version === STORAGE_VERSION) return;
  await writeKey('version', STORAGE_VERSION);
}

/** Sign-out: every key except settings the user chose goes. */
export async function clearAccountData(): Promise<void> {
  await removeKeys(
    'session',
    'checkupState',
    'checkupResult',
    'dismissed',
    'newFindings',
    'jobQueue',
    'archiveMerge',
  );
  await removeKeys('previousCheckup', 'guideProgress', 'quotePolicyJob');
}

export function onKeyChanged<K extends StorageKey>(
  key: K,
  listener: (value: StorageValue<K> | undefined) => void,
): () => void {
  const handler = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(key in changes)) return;
    const raw = changes[key]?.newValue;
    const parsed = raw === undefined ? undefined : keys[key].safeParse(raw);
    listener(parsed?.success ? (parsed.data as StorageValue<K>) : undefined);
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
