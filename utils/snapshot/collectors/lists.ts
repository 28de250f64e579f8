/**
 * Followers, following and follow requests: each re-read only when its count in
 * verify_credentials moved (or the last run did not finish it); a zero count needs no request.
 */
import type { PageOptions } from '../../mastodon/client';
import type { Account } from '../../mastodon/schemas';
import type { Collector, CollectContext } from './context';

/** Mastodon caps `source.follow_requests_count` at 40, so at 40 the real number is unknown. */
export const FOLLOW_REQUESTS_CAP = 40;
/** Largest page of accounts Mastodon serves. */
const ACCOUNT_PAGE = 80;

type ListPart = 'followers' | 'following' | 'followRequests';

function listCollector(
  part: ListPart,
  count: (ctx: CollectContext) => number | null,
  read: (ctx: CollectContext, opts: PageOptions) => AsyncGenerator<Account[]>,
): Collector {
  return {
    parts: [part],
    async collect(ctx) {
      const expected = count(ctx);
      const cached = ctx.prev?.[part];
      const items = await ctx.paged.walkList(
        part,
        expected === null ? 1 : Math.ceil(expected / ACCOUNT_PAGE),
        async () => {
          const unchanged =
            ctx.prev !== null &&
            !ctx.prevIncomplete.has(part) &&
            cached !== undefined &&
            expected !== null &&
            cached.length === expected;
          if (unchanged || expected === 0) {
            ctx.progress(part, expected ?? cached?.length ?? 0, expected);
            return expected === 0 ? [] : (cached ?? []);
          }
          const read_: Account[] = [];
          try {
            const pages = read(ctx, { signal: ctx.signal, limit: ACCOUNT_PAGE, onUnread: ctx.unread(part) });
            await ctx.paged.readPages(part, pages, (page) => {
              read_.push(...page);
              ctx.progress(part, read_.length, expected);
            });
            return read_;
          } catch (error) {
            ctx.fail(part, error);
            // Keep the fuller of the two partial views rather than shrinking the list.
            return cached && cached.length > read_.length ? cached : read_;
          }
        },
      );
      return { [part]: items };
    },
  };
}

/**
 * A count of 0 is only taken at its word where counts can be trusted: a server that always says 0
 * (snac) still gets its one request, so what it does list is read.
 */
const countOf = (ctx: CollectContext, n: number) => (n === 0 && ctx.account.statuses_count === 0 ? null : n);

export const followersCollector = listCollector(
  'followers',
  (ctx) => countOf(ctx, ctx.account.followers_count),
  (ctx, opts) => ctx.client.followers(ctx.account.id, opts),
);
export const followingCollector = listCollector(
  'following',
  (ctx) => countOf(ctx, ctx.account.following_count),
  (ctx, opts) => ctx.client.following(ctx.account.id, opts),
);
export const followRequestsCollector = listCollector(
  'followRequests',
  (ctx) => {
    const n = ctx.account.source.follow_requests_count;
    return n === undefined || n >= FOLLOW_REQUESTS_CAP ? null : n;
  },
  (ctx, opts) => ctx.client.followRequests(opts),
);
