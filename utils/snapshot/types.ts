/**
 * Everything the checkup reads about one account, collected once (from the API or from an
 * archive), cached, and updated incrementally. Checks and the holders map read only this.
 */
import type {
  Account,
  Conversation,
  CredentialAccount,
  DomainBlock,
  Instance,
  Status,
  StatusEdit,
} from '../mastodon/schemas';

export const SNAPSHOT_VERSION = 1;

export interface AccountSnapshot {
  version: typeof SNAPSHOT_VERSION;
  /** The home server's origin, e.g. `https://mastodon.social`. */
  server: string;
  /** Where the posts came from. Settings and followers always come from the API when signed in. */
  source: 'api' | 'archive' | 'api+archive';
  /** ISO time the snapshot was last refreshed. */
  fetchedAt: string;
  account: CredentialAccount;
  /** null when /api/v2/instance could not be read. */
  instance: Instance | null;
  /** Every own post of every visibility, DMs included, newest first. Boosts appear with `reblog` set. */
  statuses: Status[];
  /** Edit history of every edited post, by status id, oldest version first (as the API returns it). */
  histories: Record<string, StatusEdit[]>;
  followers: Account[];
  following: Account[];
  followRequests: Account[];
  conversations: Conversation[];
  /** Servers the home server limits or suspends; null when the server does not publish them. */
  domainBlocks: DomainBlock[] | null;
  /** Parts that were not read completely (cancelled, failed); the UI says so. */
  incomplete: SnapshotPart[];
  /** ISO time the instance and its domain blocks were last read; they are re-read once a day. */
  instanceFetchedAt?: string;
  /** Where an interrupted read continues next time; absent when nothing is left unread. */
  resume?: SnapshotResume;
}

export interface SnapshotResume {
  /** Own posts not read yet: those older than `maxId` (null: from the newest) and newer than `sinceId` (null: down to the first post). */
  statusGaps?: { maxId: string | null; sinceId: string | null }[];
}

export type SnapshotPart =
  | 'account'
  | 'instance'
  | 'statuses'
  | 'histories'
  | 'followers'
  | 'following'
  | 'followRequests'
  | 'conversations'
  | 'domainBlocks';

export interface SnapshotProgress {
  part: SnapshotPart;
  done: number;
  /** From the account's counts when known. */
  expected: number | null;
}
