/**
 * Our zod schemas against the Mastodon project's own response examples (../shared/mastodon-fixtures,
 * copied from docs.joinmastodon.org). Every complete example that maps to one of our schemas must
 * parse; truncated ("partial") ones are checked for their outer shape only (see the folder's NOTES.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AccountSchema,
  ConversationSchema,
  CredentialAccountSchema,
  CredentialApplicationSchema,
  CustomEmojiSchema,
  DeletedStatusSchema,
  DomainBlockSchema,
  InstanceSchema,
  MastodonErrorSchema,
  MediaAttachmentSchema,
  OAuthMetadataSchema,
  PollSchema,
  RelationshipSchema,
  StatusEditSchema,
  StatusSchema,
  StatusSourceSchema,
  TagSchema,
  TokenSchema,
  V1InstanceSchema,
} from '../utils/mastodon/schemas';

const FIXTURES = path.resolve(__dirname, '../../shared/mastodon-fixtures');
const present = existsSync(path.join(FIXTURES, 'index.json'));
if (!present) console.warn(`[schemas.test] ${FIXTURES} not found: skipping the fixture checks.`);

interface IndexEntry {
  file: string;
  partial: boolean;
  status: number | null;
}

/** Which schema reads which example. Files with an error status read as MastodonError. */
const MAP: [RegExp, z.ZodType][] = [
  [/^entities\/Account\.json$/, AccountSchema],
  [/^entities\/CredentialAccount(-entity-page)?\.json$/, CredentialAccountSchema],
  [/^entities\/CredentialApplication\.json$/, CredentialApplicationSchema],
  [/^entities\/CustomEmoji\.json$/, CustomEmojiSchema],
  [/^entities\/DomainBlock\.json$/, DomainBlockSchema],
  [/^entities\/Instance\.json$/, InstanceSchema],
  [/^entities\/V1_Instance\.json$/, V1InstanceSchema],
  [/^entities\/MediaAttachment-\w+\.json$/, MediaAttachmentSchema],
  [/^entities\/Poll\.json$/, PollSchema],
  [/^entities\/Relationship\.json$/, RelationshipSchema],
  [/^entities\/Status\.json$/, StatusSchema],
  [/^entities\/StatusEdit\.json$/, StatusEditSchema],
  [/^entities\/StatusSource\.json$/, StatusSourceSchema],
  [/^entities\/Conversation\.json$/, ConversationSchema],
  [/^entities\/Tag\.json$/, TagSchema],
  [/^entities\/Token\.json$/, TokenSchema],
  [/^entities\/Error\.json$/, MastodonErrorSchema],
  [/^methods\/accounts-(verify|update)_credentials\.json$/, CredentialAccountSchema],
  [/^methods\/accounts-get-(local|remote|suspended)\.json$/, AccountSchema],
  [/^methods\/accounts-(followers|following|index)\.json$/, z.array(AccountSchema)],
  [/^methods\/accounts-statuses\.json$/, z.array(StatusSchema)],
  [/^methods\/accounts-(follow|unfollow|remove_from_followers)\.json$/, RelationshipSchema],
  [/^methods\/accounts-relationships\.json$/, z.array(RelationshipSchema)],
  [/^methods\/apps-create(-multiple-redirect-uris)?\.json$/, CredentialApplicationSchema],
  [/^methods\/conversations\.json$/, z.array(ConversationSchema)],
  [/^methods\/conversations-read\.json$/, ConversationSchema],
  [/^methods\/follow_requests\.json$/, z.array(AccountSchema)],
  [/^methods\/instance-domain_blocks\.json$/, z.array(DomainBlockSchema)],
  [/^methods\/instance-v1\.json$/, V1InstanceSchema],
  [/^methods\/instance-v2\.json$/, InstanceSchema],
  [/^methods\/oauth-authorization-server\.json$/, OAuthMetadataSchema],
  [/^methods\/oauth-token\.json$/, TokenSchema],
  [/^methods\/statuses-(get|create|edit)\.json$/, StatusSchema],
  [/^methods\/statuses-index\.json$/, z.array(StatusSchema)],
  [/^methods\/statuses-delete(-poll)?\.json$/, DeletedStatusSchema],
  [/^methods\/statuses-history\.json$/, z.array(StatusEditSchema)],
  [/^methods\/statuses-source\.json$/, StatusSourceSchema],
  [/^methods\/timelines-direct\.json$/, z.array(StatusSchema)],
];

function schemaFor(entry: IndexEntry): z.ZodType | undefined {
  if (entry.status !== null && entry.status >= 400) return MastodonErrorSchema;
  return MAP.find(([pattern]) => pattern.test(entry.file))?.[1];
}

const entries: IndexEntry[] = present
  ? (
      JSON.parse(readFileSync(path.join(FIXTURES, 'index.json'), 'utf8')) as { files: IndexEntry[] }
    ).files.filter((f) => f.file.startsWith('entities/') || f.file.startsWith('methods/'))
  : [];
const read = (file: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8'));
const mapped = entries.filter((e) => schemaFor(e));
const complete = mapped.filter((e) => !e.partial);
const partial = mapped.filter((e) => e.partial);

/** The envelope a truncated example must still have: list or object, string ids. */
function outerShape(schema: z.ZodType): 'array' | 'object' {
  return schema instanceof z.ZodArray ? 'array' : 'object';
}
function idsAreStrings(value: unknown): boolean {
  const items = Array.isArray(value) ? value : [value];
  return items.every((item) => {
    if (!item || typeof item !== 'object') return false;
    const id = (item as { id?: unknown }).id;
    return id === undefined || typeof id === 'string';
  });
}

describe.skipIf(!present)('schemas against the Mastodon documentation examples', () => {
  it('covers every example of the entities Fediprint reads', () => {
    // A guard against the mapping silently matching nothing.
    expect(complete.length).toBeGreaterThan(80);
    expect(partial.length).toBeGreaterThan(15);
    for (const needed of [
      'entities/Status.json',
      'entities/CredentialAccount.json',
      'methods/instance-v2.json',
      'methods/statuses-get.json',
    ]) {
      expect(complete.map((e) => e.file)).toContain(needed);
    }
  });

  it.each(complete.map((e) => [e.file, e] as const))('%s parses', (_file, entry) => {
    const schema = schemaFor(entry);
    const result = schema!.safeParse(read(entry.file));
    expect(result.success ? 'ok' : JSON.stringify(result.error.issues.slice(0, 3))).toBe('ok');
  });

  it.each(partial.map((e) => [e.file, e] as const))('%s (partial) has the outer shape', (_file, entry) => {
    const data = read(entry.file);
    const shape = outerShape(schemaFor(entry)!);
    expect(
      Array.isArray(data) ? 'array' : typeof data === 'object' && data !== null ? 'object' : typeof data,
    ).toBe(shape);
    expect(idsAreStrings(data)).toBe(true);
  });

  it('reads an unknown visibility as a limited audience, and still refuses a Status without an id', () => {
    const status = read('entities/Status.json') as Record<string, unknown>;
    expect(StatusSchema.parse({ ...status, visibility: 'limited-ish' }).visibility).toBe('private');
    const { id: _id, ...withoutId } = status;
    expect(StatusSchema.safeParse(withoutId).success).toBe(false);
  });
});
