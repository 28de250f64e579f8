/**
 * Small builders of schema-valid entities for tests. Every builder parses its result with the
 * real schema, so a factory can never hand a test something the API would not send.
 */
import {
  AccountSchema,
  ConversationSchema,
  CredentialAccountSchema,
  StatusEditSchema,
  StatusSchema,
  type Account,
  type Conversation,
  type CredentialAccount,
  type Status,
  type StatusEdit,
} from '../utils/mastodon/schemas';
import type { ArchiveActor } from '../utils/archive/actor';
import { SNAPSHOT_VERSION, type AccountSnapshot } from '../utils/snapshot/types';

let seq = 1000;
const nextId = () => String(++seq);

export const HOME = 'https://home.example';

export function makeAccount(overrides: Partial<Account> = {}): Account {
  const id = overrides.id ?? nextId();
  const username = overrides.username ?? `user${id}`;
  return AccountSchema.parse({
    id,
    username,
    acct: username,
    display_name: username,
    locked: false,
    bot: false,
    discoverable: false,
    indexable: false,
    hide_collections: false,
    noindex: true,
    group: false,
    created_at: '2022-01-01T00:00:00.000Z',
    note: '',
    url: `${HOME}/@${username}`,
    uri: `${HOME}/users/${username}`,
    avatar: `${HOME}/avatars/original/missing.png`,
    avatar_static: `${HOME}/avatars/original/missing.png`,
    header: `${HOME}/headers/original/missing.png`,
    header_static: `${HOME}/headers/original/missing.png`,
    followers_count: 0,
    following_count: 0,
    statuses_count: 0,
    last_status_at: null,
    emojis: [],
    fields: [],
    ...overrides,
  });
}

/** A remote account: acct is `user@domain`. */
export function makeRemoteAccount(
  username: string,
  domain: string,
  overrides: Partial<Account> = {},
): Account {
  return makeAccount({
    username,
    acct: `${username}@${domain}`,
    url: `https://${domain}/@${username}`,
    uri: `https://${domain}/users/${username}`,
    ...overrides,
  });
}

export function makeCredentialAccount(
  overrides: Partial<CredentialAccount> = {},
  source: Partial<CredentialAccount['source']> = {},
): CredentialAccount {
  const base = makeAccount({ username: 'owner', id: '1', ...overrides });
  return CredentialAccountSchema.parse({
    ...base,
    source: {
      privacy: 'public',
      sensitive: false,
      language: 'en',
      note: '',
      fields: [],
      follow_requests_count: 0,
      hide_collections: base.hide_collections ?? false,
      discoverable: base.discoverable ?? false,
      indexable: base.indexable ?? false,
      quote_policy: 'public',
      ...source,
    },
  });
}

export function makeStatus(overrides: Partial<Status> = {}): Status {
  const id = overrides.id ?? nextId();
  const account = overrides.account ?? makeAccount({ id: '1', username: 'owner' });
  return StatusSchema.parse({
    id,
    uri: `${HOME}/users/${account.username}/statuses/${id}`,
    url: `${HOME}/@${account.username}/${id}`,
    created_at: '2024-05-01T12:00:00.000Z',
    account,
    content: '<p>Hello</p>',
    visibility: 'public',
    sensitive: false,
    spoiler_text: '',
    media_attachments: [],
    application: { name: 'Web', website: null },
    mentions: [],
    tags: [],
    emojis: [],
    reblogs_count: 0,
    favourites_count: 0,
    replies_count: 0,
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    reblog: null,
    poll: null,
    card: null,
    language: 'en',
    text: null,
    edited_at: null,
    favourited: false,
    reblogged: false,
    muted: false,
    bookmarked: false,
    pinned: false,
    ...overrides,
  });
}

export function makeStatusEdit(overrides: Partial<StatusEdit> = {}): StatusEdit {
  return StatusEditSchema.parse({
    content: '<p>Hello</p>',
    spoiler_text: '',
    sensitive: false,
    created_at: '2024-05-01T12:00:00.000Z',
    account: overrides.account ?? makeAccount({ id: '1', username: 'owner' }),
    poll: null,
    media_attachments: [],
    emojis: [],
    ...overrides,
  });
}

export function makeConversation(overrides: Partial<Conversation> = {}): Conversation {
  return ConversationSchema.parse({
    id: overrides.id ?? nextId(),
    unread: false,
    accounts: [],
    last_status: null,
    ...overrides,
  });
}

export function makeSnapshot(overrides: Partial<AccountSnapshot> = {}): AccountSnapshot {
  return {
    version: SNAPSHOT_VERSION,
    server: HOME,
    source: 'api',
    fetchedAt: '2026-01-01T00:00:00.000Z',
    account: makeCredentialAccount(),
    instance: null,
    statuses: [],
    histories: {},
    followers: [],
    following: [],
    followRequests: [],
    conversations: [],
    domainBlocks: null,
    incomplete: [],
    ...overrides,
  };
}

/** The actor of an export archive of the owner of a test server (`startServer`). */
export function makeArchiveActor(server: {
  url: string;
  owner: { username: string; displayName: string };
}): ArchiveActor {
  return {
    id: `${server.url}/users/${server.owner.username}`,
    type: 'Person',
    preferredUsername: server.owner.username,
    name: server.owner.displayName,
    summary: '',
    followers: `${server.url}/users/${server.owner.username}/followers`,
    following: null,
    url: `${server.url}/@${server.owner.username}`,
    published: '2015-01-01T00:00:00Z',
    manuallyApprovesFollowers: false,
    discoverable: null,
    indexable: null,
    memorial: null,
    fields: [],
    icon: null,
    image: null,
    inferred: false,
  };
}
