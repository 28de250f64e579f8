/**
 * zod schemas for the Mastodon entities Fediprint reads, snake_case as on the wire.
 * Unknown keys are tolerated (zod objects strip them), so newer servers never break us.
 * Field docs: https://docs.joinmastodon.org/entities/
 */
import { z } from 'zod';

// zod 4 probes `Function('')` for its JIT unless told not to; extension CSPs forbid eval.
z.config({ jitless: true });

const id = z.string();
const datetime = z.string();
const nullableString = z.string().nullable();

export const FieldSchema = z.object({
  name: z.string(),
  value: z.string(),
  /** Set when the link in `value` was verified with rel=me. https://docs.joinmastodon.org/entities/Account/#Field-verified_at */
  verified_at: z.string().nullable().optional(),
});

export const CustomEmojiSchema = z.object({
  shortcode: z.string(),
  url: z.string(),
  static_url: z.string(),
  visible_in_picker: z.boolean(),
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
  display_name: z.string(),
  /** "Require follow requests". https://docs.joinmastodon.org/entities/Account/#locked */
  locked: z.boolean(),
  bot: z.boolean(),
  /** Opted into discovery features (directory, suggestions). Nullable on remote accounts. */
  discoverable: z.boolean().nullable().optional(),
  /** Public posts may be found by Mastodon's full-text search (4.2+). */
  indexable: z.boolean().nullable().optional(),
  /** Followers/following lists hidden from others (4.3+ at top level). */
  hide_collections: z.boolean().nullable().optional(),
  /** Opted out of search-engine indexing. Read-only through the API. */
  noindex: z.boolean().nullable().optional(),
  group: z.boolean().optional(),
  created_at: datetime,
  note: z.string(),
  url: nullableString,
  uri: z.string().optional(),
  avatar: z.string(),
  avatar_static: z.string().optional(),
  header: z.string(),
  header_static: z.string().optional(),
  followers_count: z.number(),
  following_count: z.number(),
  statuses_count: z.number(),
  last_status_at: z.string().nullable(),
  emojis: z.array(CustomEmojiSchema).optional().default([]),
  fields: z.array(FieldSchema),
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

export const VisibilitySchema = z.enum(['public', 'unlisted', 'private', 'direct']);
export const DefaultPrivacySchema = z.enum(['public', 'unlisted', 'private']);

export const AccountSourceSchema = z.object({
  /** Default post visibility. https://docs.joinmastodon.org/entities/Account/#source-privacy */
  privacy: z.string(),
  sensitive: z.boolean(),
  language: z.string().nullable(),
  /** Plain-text bio. */
  note: z.string(),
  fields: z.array(FieldSchema),
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
  source: AccountSourceSchema,
});

export const MentionSchema = z.object({
  id,
  username: z.string(),
  url: z.string(),
  /** `user` when local to the author's server, `user@domain` otherwise. */
  acct: z.string(),
});

export const TagSchema = z.object({ name: z.string(), url: z.string() });

export const MediaAttachmentSchema = z.object({
  id,
  type: z.enum(['unknown', 'image', 'gifv', 'video', 'audio']),
  url: nullableString,
  preview_url: nullableString,
  remote_url: nullableString.optional(),
  meta: z.unknown().optional(),
  /** Alt text. */
  description: nullableString,
  blurhash: nullableString.optional(),
});

export const PollOptionSchema = z.object({
  title: z.string(),
  votes_count: z.number().nullable(),
});

export const PollSchema = z.object({
  id,
  expires_at: z.string().nullable(),
  expired: z.boolean(),
  multiple: z.boolean(),
  votes_count: z.number(),
  voters_count: z.number().nullable(),
  options: z.array(PollOptionSchema),
  emojis: z.array(CustomEmojiSchema).optional().default([]),
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
  content: z.string(),
  visibility: VisibilitySchema,
  sensitive: z.boolean(),
  /** Content warning text. */
  spoiler_text: z.string(),
  media_attachments: z.array(MediaAttachmentSchema),
  application: ApplicationRefSchema.nullable().optional(),
  mentions: z.array(MentionSchema),
  tags: z.array(TagSchema),
  emojis: z.array(CustomEmojiSchema).optional().default([]),
  reblogs_count: z.number(),
  favourites_count: z.number(),
  replies_count: z.number(),
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
  content: z.string(),
  spoiler_text: z.string(),
  sensitive: z.boolean(),
  created_at: datetime,
  account: AccountSchema,
  poll: z
    .object({ options: z.array(z.object({ title: z.string() })) })
    .nullable()
    .optional(),
  media_attachments: z.array(MediaAttachmentSchema),
  emojis: z.array(CustomEmojiSchema).optional().default([]),
});

export const StatusSourceSchema = z.object({ id, text: z.string(), spoiler_text: z.string() });

export const ConversationSchema = z.object({
  id,
  unread: z.boolean(),
  accounts: z.array(AccountSchema),
  last_status: StatusSchema.nullable(),
});

/** Instance (v2). https://docs.joinmastodon.org/entities/Instance/ */
export const InstanceSchema = z.object({
  /** The WebFinger domain; may differ from the web host. */
  domain: z.string(),
  title: z.string(),
  version: z.string(),
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
  title: z.string(),
  version: z.string(),
});

/** A server the home server limits or suspends, from /api/v1/instance/domain_blocks (often 404). */
export const DomainBlockSchema = z.object({
  domain: z.string(),
  digest: z.string(),
  severity: z.enum(['silence', 'suspend']),
  comment: z.string().optional(),
});

export const RelationshipSchema = z.object({
  id,
  following: z.boolean(),
  followed_by: z.boolean(),
  blocking: z.boolean(),
  domain_blocking: z.boolean(),
  requested: z.boolean(),
});

/** POST /api/v1/apps. */
export const CredentialApplicationSchema = z.object({
  id: z.string().optional(),
  name: z.string(),
  client_id: z.string(),
  client_secret: z.string(),
  redirect_uri: z.string().optional(),
  redirect_uris: z.array(z.string()).optional(),
});

/** POST /oauth/token. `created_at` is a Unix epoch integer. */
export const TokenSchema = z.object({
  access_token: z.string(),
  token_type: z.string(),
  scope: z.string(),
  created_at: z.number(),
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
