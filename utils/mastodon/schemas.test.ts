/**
 * One test per tolerance: what servers are known to leave out or vary reads with a default, and
 * what cannot be read still fails, naming the endpoint and the field. Where a real example from
 * the Mastodon documentation exists (../shared/mastodon-fixtures) it is the starting point;
 * without the folder those cases are skipped with a notice.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvalidResponseError } from './errors';
import { parseWith, unreadField } from './paginate';
import {
  AccountSchema,
  CredentialAccountSchema,
  DomainBlockSchema,
  InstanceSchema,
  MediaAttachmentSchema,
  RelationshipSchema,
  StatusSchema,
  TokenSchema,
  V1InstanceSchema,
} from './schemas';

const FIXTURES = path.resolve(__dirname, '../../../shared/mastodon-fixtures');
const present = existsSync(path.join(FIXTURES, 'index.json'));
if (!present) console.warn(`[mastodon/schemas.test] ${FIXTURES} not found: skipping the fixture cases.`);
const fixture = (file: string) =>
  JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as Record<string, unknown>;
const without = (o: Record<string, unknown>, ...keys: string[]) =>
  Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

describe.skipIf(!present)('tolerances on the documentation examples', () => {
  it('verify_credentials without `fields` (snac when the profile has none) reads as no fields', () => {
    const account = fixture('entities/CredentialAccount.json');
    const parsed = CredentialAccountSchema.parse(without(account, 'fields'));
    expect(parsed.fields).toEqual([]);
    expect(parsed.source.fields.length).toBeGreaterThanOrEqual(0);
  });

  it('an account without counters, flags or last_status_at reads with zeros and false', () => {
    const account = fixture('entities/Account.json');
    const parsed = AccountSchema.parse(
      without(account, 'followers_count', 'statuses_count', 'bot', 'locked', 'last_status_at', 'emojis'),
    );
    expect(parsed).toMatchObject({ followers_count: 0, statuses_count: 0, bot: false, locked: false });
    expect(parsed.last_status_at).toBeNull();
    expect(parsed.emojis).toEqual([]);
  });

  it('a status with an unknown visibility reads as a limited audience, not public and not a DM', () => {
    const status = fixture('entities/Status.json');
    expect(StatusSchema.parse({ ...status, visibility: 'local' }).visibility).toBe('private');
    expect(StatusSchema.parse({ ...status, visibility: 'list' }).visibility).toBe('private');
    expect(StatusSchema.parse(status).visibility).toBe(status.visibility);
  });

  it('a status without tags, mentions, emojis, counters or spoiler_text reads with empty defaults', () => {
    const status = fixture('entities/Status.json');
    const parsed = StatusSchema.parse(
      without(status, 'tags', 'mentions', 'emojis', 'reblogs_count', 'spoiler_text', 'sensitive'),
    );
    expect(parsed).toMatchObject({ tags: [], mentions: [], emojis: [], reblogs_count: 0, spoiler_text: '' });
    expect(parsed.sensitive).toBe(false);
  });

  it('a media attachment of a type we do not know reads as `unknown`', () => {
    const media = fixture('entities/MediaAttachment-image.json');
    expect(MediaAttachmentSchema.parse({ ...media, type: 'document' }).type).toBe('unknown');
    expect(MediaAttachmentSchema.parse(without(media, 'description')).description).toBeNull();
  });

  it('a domain block with a severity we do not know reads as limited, not suspended', () => {
    const block = fixture('entities/DomainBlock.json');
    expect(DomainBlockSchema.parse({ ...block, severity: 'noop' }).severity).toBe('silence');
  });

  it('a v2 instance without title or version still reads', () => {
    const instance = fixture('entities/Instance.json');
    expect(InstanceSchema.parse(without(instance, 'title', 'version'))).toMatchObject({
      title: '',
      version: '',
    });
  });
});

describe('tolerances without a documentation example', () => {
  it('numeric ids read as the same ids in string form', () => {
    const parsed = RelationshipSchema.parse({ id: 42 });
    expect(parsed.id).toBe('42');
    expect(parsed.following).toBe(false);
  });

  it('a v1 instance with only `uri` reads (snac, old Pleroma)', () => {
    expect(V1InstanceSchema.parse({ uri: 'example.social' })).toEqual({
      uri: 'example.social',
      title: '',
      version: '',
    });
  });

  it('a token answer without token_type or created_at reads', () => {
    expect(TokenSchema.parse({ access_token: 'x', scope: 'read' })).toMatchObject({
      token_type: 'Bearer',
      created_at: 0,
    });
  });

  it('verify_credentials without `source` reads as the defaults', () => {
    const parsed = CredentialAccountSchema.parse({ id: '1', username: 'a', acct: 'a' });
    expect(parsed.source).toMatchObject({ privacy: 'public', fields: [], note: '' });
  });
});

describe('what cannot be read is named', () => {
  it('names the endpoint and the field', () => {
    const url = 'https://example.social/api/v1/accounts/verify_credentials?x=1';
    let error: unknown;
    try {
      parseWith(CredentialAccountSchema, { id: '1', username: 'a' }, url);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).unread).toMatchObject({
      endpoint: '/api/v1/accounts/verify_credentials',
      field: 'acct',
    });
    expect((error as Error).message).toContain('/api/v1/accounts/verify_credentials, field acct');
  });

  it('names a nested field of a list item', () => {
    const unread = unreadField(
      StatusSchema,
      { id: '1', uri: 'u', created_at: 'x', visibility: 'public' },
      'https://e.x/api/v1/s',
    );
    expect(unread).toMatchObject({ endpoint: '/api/v1/s', field: 'account' });
  });
});
