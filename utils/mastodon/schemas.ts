/**
 * zod schemas for the Mastodon entities Fediprint reads, snake_case as on the wire.
 * Unknown keys are tolerated (zod objects strip them), so newer servers never break us.
 * Fields the docs mark optional, or that Mastodon-API servers other than Mastodon are known to
 * leave out (snac: `fields`; GoToSocial, Akkoma: several counters and flags), get a default
 * instead of failing the whole answer; enums take values we do not know yet (see `openEnum`).
 * Only what cannot be read at all (an id, a URI) still fails, and that failure names the field.
 * Field docs: https://docs.joinmastodon.org/entities/
 */
import { z } from 'zod';

// zod 4 probes `Function('')` for its JIT unless told not to; extension CSPs forbid eval.
z.config({ jitless: true });

// Ids are strings in Mastodon; some servers send numbers, which mean the same.
const id = z.union([z.string(), z.number().transform(String)]);
const datetime = z.string();
const nullableString = z.string().nullable();
/** Left out or null: the empty string (a bio, a display name). */
const text = z
  .string()
  .nullable()
  .optional()
  .transform((v) => v ?? '');
const flag = z
  .boolean()
  .nullable()
  .optional()
  .transform((v) => v ?? false);
const count = z
  .number()
  .nullable()
  .optional()
  .transform((v) => v ?? 0);
/** Left out or null: the empty list (servers leave out lists they have nothing in). */
const listOf = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullable()
    .optional()
    .transform((v): z.output<T>[] => v ?? []);

/**
 * An enum that also takes values newer or other servers send: a known value passes, anything else
 * becomes `fallback` (chosen per field as the reading that claims least), so a new visibility or
 * media type never makes a post unreadable.
 */
export function openEnum<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) {
  const known = new Set<string>(values);
  return z
    .string()
    .nullable()
    .optional()
    .transform((v): T[number] => (v != null && known.has(v) ? (v as T[number]) : fallback));
}

export const FieldSchema = z.object({
  name: text,
  value: text,
  /** Set when the link in `value` was verified with rel=me. https://docs.joinmastodon.org/entities/Account/#Field-verified_at */
  verified_at: z.string().nullable().optional(),
});

export const CustomEmojiSchema = z.object({
  shortcode: z.string(),
  url: z.string(),
  static_url: text,
  visible_in_picker: flag,
  category: z.string().nullable().optional(),
});

/**
 * QuoteApproval and FeatureApproval share this shape: who is approved automatically, who after a
 * manual review. Values are open-ended (`public`, `followers`, `following`, later more).
 * https://docs.joinmastodon.org/entities/QuoteApproval/
 */
export const ApprovalPolicySchema = z.object({
  automatic: z.array(z.string()),
  manual: z.array(z.string()),
  current_user: z.string().optional(),
});

export const AccountSchema = z.object({
  id,
  username: z.string(),
  /** `user` for local accounts, `user@domain` for remote ones. https://docs.joinmastodon.org/entities/Account/#acct */
  acct: z.string(),
  display_name: text,
  /** "Require follow requests". https://docs.joinmastodon.org/entities/Account/#locked */
  locked: flag,
  bot: flag,
  /** Opted into discovery features (directory, suggestions). Nullable on remote accounts. */
  discoverable: z.boolean().nullable().optional(),
  /** Public posts may be found by Mastodon's full-text search (4.2+). */
  indexable: z.boolean().nullable().optional(),
  /** Followers/following lists hidden from others (4.3+ at top level). */
  hide_collections: z.boolean().nullable().optional(),
  /** Opted out of search-engine indexing. Read-only through the API. */
  noindex: z.boolean().nullable().optional(),
  group: z.boolean().optional(),
  created_at: text,
  /** HTML on Mastodon, plain text on some servers (snac); read through htmlToText either way. */
  note: text,
  url: nullableString.optional().transform((v) => v ?? null),
  uri: z.string().optional(),
  avatar: text,
  avatar_static: z.string().optional(),
  header: text,
  header_static: z.string().optional(),
  /** Some servers always send 0 (snac): compare with what was read only where they can be trusted. */
  followers_count: count,
  following_count: count,
  statuses_count: count,
  last_status_at: z
    .string()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  emojis: listOf(CustomEmojiSchema),
  /** Left out by snac when the profile has none. */
  fields: listOf(FieldSchema),
  moved: z.unknown().optional(),
  suspended: z.boolean().optional(),
  limited: z.boolean().optional(),
  /** Profile display options, 4.6+: the media tab, replies in it, the featured tab. */
  show_media: z.boolean().nullable().optional(),
  show_media_replies: z.boolean().nullable().optional(),
  show_featured: z.boolean().nullable().optional(),
  /** Who may feature the account in a collection (4.6+). https://docs.joinmastodon.org/entities/FeatureApproval/ */
  feature_approval: ApprovalPolicySchema.optional(),
});

export const VISIBILITIES = ['public', 'unlisted', 'private', 'direct'] as const;
/**
 * A visibility we do not know (Akkoma's `local` and `list`, a future one) reads as `private`: a
 * limited audience, never counted as public, and never mistaken for a DM.
 */
export const VisibilitySchema = openEnum(VISIBILITIES, 'private');
/** For messages between our own contexts, where an unknown value is a bug, not a newer server. */
export const KnownVisibilitySchema = z.enum(VISIBILITIES);
export const DefaultPrivacySchema = z.enum(['public', 'unlisted', 'private']);

export const AccountSourceSchema = z.object({
  /** Default post visibility. https://docs.joinmastodon.org/entities/Account/#source-privacy */
  privacy: z
    .string()
    .nullable()
    .optional()
    .transform((v) => v ?? 'public'),
  sensitive: flag,
  language: z
    .string()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  /** Plain-text bio. */
  note: text,
  fields: listOf(FieldSchema),
  /** Capped at 40 by the server; read /api/v1/follow_requests for the real count. */
  follow_requests_count: z.number().optional(),
  hide_collections: z.boolean().nullable().optional(),
  discoverable: z.boolean().nullable().optional(),
  indexable: z.boolean().nullable().optional(),
  /** Default quote policy, 4.5+. */
  quote_policy: z.string().optional(),
});

/** verify_credentials: https://docs.joinmastodon.org/methods/accounts/#verify_credentials */
export const CredentialAccountSchema = AccountSchema.extend({
  /** Every server we know sends it; a missing one reads as the defaults (public, no fields). */
  source: AccountSourceSchema.optional().transform((v) => v ?? AccountSourceSchema.parse({})),
});

/**
 * GET/PATCH /api/v1/profile (4.6+): https://docs.joinmastodon.org/methods/profile/
 * Only what Fediprint reads back; the rest of the entity is left unchecked.
 */
export const ProfileSchema = z.object({
  id,
  show_media: z.boolean().nullable().optional(),
  show_media_replies: z.boolean().nullable().optional(),
  show_featured: z.boolean().nullable().optional(),
});

export const MentionSchema = z.object({
  id,
  username: text,
  url: text,
  /** `user` when local to the author's server, `user@domain` otherwise. */
  acct: z.string(),
});

export const TagSchema = z.object({ name: z.string(), url: text });

export const MediaAttachmentSchema = z.object({
  id,
  type: openEnum(['unknown', 'image', 'gifv', 'video', 'audio'], 'unknown'),
  url: nullableString,
  preview_url: nullableString.optional().transform((v) => v ?? null),
  remote_url: nullableString.optional(),
  meta: z.unknown().optional(),
  /** Alt text. */
  description: nullableString.optional().transform((v) => v ?? null),
  blurhash: nullableString.optional(),
});

export const PollOptionSchema = z.object({
  title: z.string(),
  votes_count: z
    .number()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
});

export const PollSchema = z.object({
  id,
  expires_at: z
    .string()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  expired: flag,
  multiple: flag,
  votes_count: count,
  voters_count: z
    .number()
    .nullable()
    .optional()
    .transform((v) => v ?? null),
  options: z.array(PollOptionSchema),
  emojis: listOf(CustomEmojiSchema),
  voted: z.boolean().optional(),
  own_votes: z.array(z.number()).optional(),
});

export const ApplicationRefSchema = z.object({
  name: z.string(),
  website: z.string().nullable().optional(),
});

const StatusBaseSchema = z.object({
  id,
  uri: z.string(),
  url: nullableString.optional(),
  created_at: datetime,
  account: AccountSchema,
  /** HTML. Hostile: never inject it; convert with utils/pii htmlToText. */
  content: text,
  visibility: VisibilitySchema,
  sensitive: flag,
  /** Content warning text. */
  spoiler_text: text,
  media_attachments: listOf(MediaAttachmentSchema),
  application: ApplicationRefSchema.nullable().optional(),
  mentions: listOf(MentionSchema),
  tags: listOf(TagSchema),
  emojis: listOf(CustomEmojiSchema),
  reblogs_count: count,
  favourites_count: count,
  replies_count: count,
  in_reply_to_id: nullableString.optional(),
  in_reply_to_account_id: nullableString.optional(),
  poll: PollSchema.nullable().optional(),
  card: z.unknown().optional(),
  language: nullableString.optional(),
  /** Plain-text source; only present on DELETE responses. */
  text: nullableString.optional(),
  /** Set when the post was edited; its history is then at /api/v1/statuses/:id/history (public for public posts). */
  edited_at: z.string().nullable().optional(),
  favourited: z.boolean().optional(),
  reblogged: z.boolean().optional(),
  muted: z.boolean().optional(),
  bookmarked: z.boolean().optional(),
  pinned: z.boolean().optional(),
  /** Who may quote the post (4.5+); absent on older servers. */
  quote_approval: ApprovalPolicySchema.nullable().optional(),
});

export type Status = z.infer<typeof StatusBaseSchema> & { reblog?: Status | null };
export const StatusSchema: z.ZodType<Status> = StatusBaseSchema.extend({
  get reblog() {
    return StatusSchema.nullable().optional();
  },
}) as unknown as z.ZodType<Status>;

/** DELETE /api/v1/statuses/:id: the status with `text` in place of `content`. */
export const DeletedStatusSchema = StatusBaseSchema.omit({ content: true }).extend({
  content: z.string().optional(),
  text: z.string().nullable(),
});

/** One version in GET /api/v1/statuses/:id/history. https://docs.joinmastodon.org/entities/StatusEdit/ */
export const StatusEditSchema = z.object({
  content: text,
  spoiler_text: text,
  sensitive: flag,
  created_at: datetime,
  account: AccountSchema,
  poll: z
    .object({ options: z.array(z.object({ title: z.string() })) })
    .nullable()
    .optional(),
  media_attachments: listOf(MediaAttachmentSchema),
  emojis: listOf(CustomEmojiSchema),
});

export const StatusSourceSchema = z.object({ id, text: z.string(), spoiler_text: text });

export const ConversationSchema = z.object({
  id,
  unread: flag,
  accounts: listOf(AccountSchema),
  last_status: StatusSchema.nullable()
    .optional()
    .transform((v) => v ?? null),
});

/** Instance (v2). https://docs.joinmastodon.org/entities/Instance/ */
export const InstanceSchema = z.object({
  /** The WebFinger domain; may differ from the web host. */
  domain: z.string(),
  title: text,
  /** Mastodon's version, or a compatible server's own ("4.2.0 (compatible; snac 2.94)"). */
  version: text,
  source_url: z.string().optional(),
  description: z.string().optional(),
  api_versions: z.record(z.string(), z.number()).optional(),
  configuration: z
    .object({
      urls: z.object({ streaming: z.string().optional() }).partial().optional(),
      statuses: z
        .object({
          max_characters: z.number(),
          max_media_attachments: z.number(),
        })
        .partial()
        .optional(),
    })
    .partial()
    .optional(),
});

/** V1 instance, used to recognise older servers. */
export const V1InstanceSchema = z.object({
  uri: z.string(),
  title: text,
  version: text,
});

/** A server the home server limits or suspends, from /api/v1/instance/domain_blocks (often 404). */
export const DomainBlockSchema = z.object({
  domain: z.string(),
  digest: text,
  /** An unknown severity reads as `silence`: limited, not claimed cut off. */
  severity: openEnum(['silence', 'suspend'], 'silence'),
  comment: z.string().optional(),
});

export const RelationshipSchema = z.object({
  id,
  following: flag,
  followed_by: flag,
  blocking: flag,
  domain_blocking: flag,
  requested: flag,
});

/** POST /api/v1/apps. */
export const CredentialApplicationSchema = z.object({
  id: z.string().optional(),
  name: text,
  client_id: z.string(),
  client_secret: z.string(),
  redirect_uri: z.string().optional(),
  redirect_uris: z.array(z.string()).optional(),
});

/** POST /oauth/token. `created_at` is a Unix epoch integer. */
export const TokenSchema = z.object({
  access_token: z.string(),
  token_type: z
    .string()
    .optional()
    .transform((v) => v ?? 'Bearer'),
  scope: z.string(),
  created_at: count,
});

/** /.well-known/oauth-authorization-server (4.3+; 404 on older servers). */
export const OAuthMetadataSchema = z.object({
  issuer: z.string(),
  authorization_endpoint: z.string(),
  token_endpoint: z.string(),
  revocation_endpoint: z.string().optional(),
  scopes_supported: z.array(z.string()).optional(),
  code_challenge_methods_supported: z.array(z.string()).optional(),
  app_registration_endpoint: z.string().optional(),
});

export const MastodonErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().optional(),
});

export type Account = z.infer<typeof AccountSchema>;
export type CredentialAccount = z.infer<typeof CredentialAccountSchema>;
export type Profile = z.infer<typeof ProfileSchema>;
export type Visibility = z.infer<typeof VisibilitySchema>;
export type DefaultPrivacy = z.infer<typeof DefaultPrivacySchema>;
export type MediaAttachment = z.infer<typeof MediaAttachmentSchema>;
export type Poll = z.infer<typeof PollSchema>;
export type Mention = z.infer<typeof MentionSchema>;
export type DeletedStatus = z.infer<typeof DeletedStatusSchema>;
export type StatusEdit = z.infer<typeof StatusEditSchema>;
export type StatusSource = z.infer<typeof StatusSourceSchema>;
export type Conversation = z.infer<typeof ConversationSchema>;
export type Instance = z.infer<typeof InstanceSchema>;
export type DomainBlock = z.infer<typeof DomainBlockSchema>;
export type Relationship = z.infer<typeof RelationshipSchema>;
export type CredentialApplication = z.infer<typeof CredentialApplicationSchema>;
export type Token = z.infer<typeof TokenSchema>;
export type OAuthMetadata = z.infer<typeof OAuthMetadataSchema>;
