/**
 * The user's own posts, as the checks and the holders map see them.
 */
import type { Status } from '../../mastodon/schemas';
import type { AccountSnapshot } from '../../snapshot/types';

/** Stable finding id: `${check}:${statusId ?? ''}:${discriminator}`. */
export function findingId(check: string, statusId: string | undefined, discriminator: string): string {
  return `${check}:${statusId ?? ''}:${discriminator}`;
}

/**
 * Posts the user wrote: boosts are someone else's content and are skipped. `snapshot.statuses`
 * holds own posts only (archive imports may not carry the API's account id, so it is not
 * compared). Private mentions that only the conversations list holds (the statuses read was
 * incomplete) are added from it when the user wrote them.
 *
 * Every post check calls this, so the list is built once per snapshot: deduplicating 50,000
 * snowflake ids costs ~100 ms (V8 hashes long numeric strings poorly). The memo is keyed on the
 * snapshot and checked against its arrays, so a snapshot whose lists are replaced or grown is
 * read afresh. The returned array is shared: callers must not mutate it.
 */
export function ownPosts(snapshot: AccountSnapshot): Status[] {
  const memo = ownPostsMemo.get(snapshot);
  if (
    memo &&
    memo.statuses === snapshot.statuses &&
    memo.conversations === snapshot.conversations &&
    memo.statusCount === snapshot.statuses.length &&
    memo.conversationCount === snapshot.conversations.length &&
    memo.accountId === snapshot.account.id
  )
    return memo.posts;
  const posts = collectOwnPosts(snapshot);
  ownPostsMemo.set(snapshot, {
    statuses: snapshot.statuses,
    conversations: snapshot.conversations,
    statusCount: snapshot.statuses.length,
    conversationCount: snapshot.conversations.length,
    accountId: snapshot.account.id,
    posts,
  });
  return posts;
}

interface OwnPostsMemo {
  statuses: AccountSnapshot['statuses'];
  conversations: AccountSnapshot['conversations'];
  statusCount: number;
  conversationCount: number;
  accountId: string;
  posts: Status[];
}

const ownPostsMemo = new WeakMap<AccountSnapshot, OwnPostsMemo>();

function collectOwnPosts(snapshot: AccountSnapshot): Status[] {
  const ownId = snapshot.account.id;
  const seen = new Set<string>();
  const out: Status[] = [];
  for (const s of snapshot.statuses) {
    if (s.reblog || seen.has(s.id)) continue;
    seen.add(s.id);
    out.push(s);
  }
  for (const c of snapshot.conversations) {
    const s = c.last_status;
    if (!s || s.reblog || s.account.id !== ownId || seen.has(s.id)) continue;
    seen.add(s.id);
    out.push(s);
  }
  return out;
}

export function isPublicish(status: Status): boolean {
  return status.visibility === 'public' || status.visibility === 'unlisted';
}

/** Link to a post on the home server. */
export function postUrl(snapshot: AccountSnapshot, status: Status): string {
  return status.url ?? `${snapshot.server}/@${snapshot.account.username}/${status.id}`;
}
