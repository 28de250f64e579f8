/**
 * What every collector gets: the client, the signed-in account, the previous snapshot when it is
 * usable for a re-check, and the shared machinery (a request pool, the paged-budget gate that puts
 * the post walk first, failure and progress reporting).
 */
import type { Clock } from '../../clock';
import type { MastodonClient } from '../../mastodon/client';
import type { UnreadField } from '../../mastodon/paginate';
import type { CredentialAccount } from '../../mastodon/schemas';
import { BudgetGate, budgetView, listPageAllowed, type Demand } from '../schedule';
import { SNAPSHOT_VERSION, type AccountSnapshot, type SnapshotPart, type SnapshotProgress } from '../types';

export interface CollectContext {
  client: MastodonClient;
  account: CredentialAccount;
  /** The previous snapshot of this account on this server, or null (first run, other account). */
  prev: AccountSnapshot | null;
  /** Parts the previous run left unfinished: those are read in full again. */
  prevIncomplete: ReadonlySet<SnapshotPart>;
  signal: AbortSignal | undefined;
  clock: Clock;
  /** Whether the cached instance part is fresh enough to keep (read once a day). */
  instanceFresh: boolean;
  /** At most `concurrency` of these tasks at once (histories, instance). */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Marks `part` incomplete and keeps the error. */
  fail(part: SnapshotPart, error: unknown): void;
  /** An item of `part` that could not be read: it is left out, named, and the part is incomplete. */
  unread(part: SnapshotPart): (field: UnreadField) => void;
  progress(part: SnapshotPart, done: number, expected: number | null): void;
  /** The paged budget (schedule.ts): the post walk says how many pages it still needs. */
  paged: PagedBudget;
}

export interface PagedBudget {
  setStatusPagesLeft(pages: () => number): void;
  /** Runs one list walk while counting the pages it is expected to still need. */
  walkList<T>(part: string, expectedPages: number, body: () => Promise<T>): Promise<T>;
  /** Reads a list page by page; every page after the first waits its turn for paged budget. */
  readPages<T>(
    part: string,
    pages: AsyncGenerator<T[]>,
    onPage: (page: T[]) => boolean | void,
  ): Promise<void>;
  notify(): void;
}

export interface ContextOptions {
  previous: AccountSnapshot | null | undefined;
  signal: AbortSignal | undefined;
  clock: Clock;
  concurrency: number;
  instanceMaxAgeMs: number;
  onProgress?: (progress: SnapshotProgress) => void;
}

export interface ContextState {
  incomplete: Set<SnapshotPart>;
  errors: unknown[];
  unread: (UnreadField & { part: SnapshotPart })[];
}

/** A counting semaphore: at most `size` tasks at once, started in order. */
function createPool(size: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  const release = () => {
    active -= 1;
    queue.shift()?.();
  };
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (active >= size) await new Promise<void>((resolve) => queue.push(resolve));
    active += 1;
    try {
      return await task();
    } finally {
      release();
    }
  };
}

export function usablePrevious(
  previous: AccountSnapshot | null | undefined,
  origin: string,
  accountId: string,
): AccountSnapshot | null {
  if (!previous || previous.version !== SNAPSHOT_VERSION) return null;
  if (previous.server !== origin || previous.account.id !== accountId) return null;
  return previous;
}

function createPagedBudget(
  client: MastodonClient,
  clock: Clock,
  signal: AbortSignal | undefined,
): PagedBudget {
  // Paged budget goes to the post walk first, the lists' later pages only beside it (schedule.ts).
  // Histories are not paged: the transport paces them, so they proceed while the walk waits.
  const gate = new BudgetGate(signal);
  let statusPagesLeft = () => 0;
  const listPagesLeft = new Map<string, number>();
  let listsInFlight = 0;
  const demand = (): Demand => ({
    statusPages: statusPagesLeft(),
    listPages: [...listPagesLeft.values()].reduce((a, b) => a + b, 0),
    listsInFlight,
  });
  const view = () => budgetView((family) => client.rateLimit(family), clock.now());
  return {
    setStatusPagesLeft(pages) {
      statusPagesLeft = pages;
      gate.notify();
    },
    notify: () => gate.notify(),
    async walkList(part, expectedPages, body) {
      listPagesLeft.set(part, Math.max(1, expectedPages));
      try {
        return await body();
      } finally {
        listPagesLeft.delete(part);
        gate.notify();
      }
    },
    async readPages(part, pages, onPage) {
      let first = true;
      try {
        for (;;) {
          if (!first) {
            await gate.until(() => listPageAllowed(view(), demand()));
            listsInFlight += 1;
          }
          let next;
          try {
            next = await pages.next();
          } finally {
            if (!first) listsInFlight -= 1;
            first = false;
            gate.notify();
          }
          if (next.done) return;
          listPagesLeft.set(part, Math.max(1, (listPagesLeft.get(part) ?? 1) - 1));
          if (onPage(next.value) === false) return;
        }
      } finally {
        await pages.return(undefined);
      }
    },
  };
}

export function createContext(
  client: MastodonClient,
  account: CredentialAccount,
  options: ContextOptions,
): { context: CollectContext; state: ContextState } {
  const state: ContextState = { incomplete: new Set(), errors: [], unread: [] };
  const prev = usablePrevious(options.previous, client.origin, account.id);
  const instanceAge = prev?.instanceFetchedAt
    ? options.clock.now() - Date.parse(prev.instanceFetchedAt)
    : Infinity;
  const context: CollectContext = {
    client,
    account,
    prev,
    prevIncomplete: new Set(prev?.incomplete ?? []),
    signal: options.signal,
    clock: options.clock,
    instanceFresh: instanceAge < options.instanceMaxAgeMs,
    run: createPool(options.concurrency),
    fail(part, error) {
      state.incomplete.add(part);
      state.errors.push(error);
    },
    unread: (part) => (field) => {
      state.incomplete.add(part);
      state.unread.push({ part, ...field });
    },
    progress: (part, done, expected) => options.onProgress?.({ part, done, expected }),
    paged: createPagedBudget(client, options.clock, options.signal),
  };
  return { context, state };
}

/** One part (or a few that are read together) of the snapshot. */
export interface Collector {
  /** The snapshot parts it fills. */
  readonly parts: readonly SnapshotPart[];
  collect(context: CollectContext): Promise<CollectedPart>;
}

/** What a collector hands back: its fields of the snapshot, and how many posts were new. */
export type CollectedPart = Partial<
  Pick<
    AccountSnapshot,
    | 'instance'
    | 'instanceFetchedAt'
    | 'software'
    | 'domainBlocks'
    | 'statuses'
    | 'archiveOnly'
    | 'histories'
    | 'followers'
    | 'following'
    | 'followRequests'
    | 'conversations'
    | 'resume'
  >
> & { newStatuses?: number };
