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
import type { NotShownPart, ServerSoftware } from '../mastodon/software';

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
  /**
   * Ids of the posts in `statuses` that only an imported archive holds: the API has not returned
   * them (older or deleted posts, whose copies other servers may still hold). They are kept, and
   * left out wherever posts are compared with the API's counts. A post leaves this list once the
   * API returns it. Absent: none (written whenever `source` is not `api`).
   */
  archiveOnly?: string[];
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
  /** The server's software and version from nodeinfo; null when it publishes none. */
  software?: ServerSoftware | null;
  /**
   * Parts read to their end that still hold fewer items than the account's counts say, or as many
   * as the server lists at most. Each of these parts is also in `incomplete`.
   */
  shortfalls?: Shortfall[];
  /** What the server does not give apps at all: not checked, and not an error. */
  notChecked?: NotShownPart[];
  /** Items left out because a field could not be read; their parts are also in `incomplete`. */
  unread?: UnreadItem[];
}

export interface Shortfall {
  part: 'statuses' | 'followers' | 'following' | 'followRequests';
  read: number;
  /** The account's count; null when only the server's listing limit is known. */
  expected: number | null;
  /** `count`: fewer than the account's count; `server-limit`: the server lists no more than `read`. */
  reason: 'count' | 'server-limit';
}

export interface UnreadItem {
  part: SnapshotPart;
  /** The path on the server, e.g. `/api/v1/accounts/1/statuses`. */
  endpoint: string;
  /** Position in the page and the field inside the item, e.g. `3.account.id`. */
  field: string;
  message: string;
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
