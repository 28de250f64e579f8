/**
 * Reads everything the checkup needs about the signed-in account into an AccountSnapshot: the
 * account first, then every part of the registry (./collectors) at once, then the completeness
 * check (./completeness.ts).
 *
 * With `previous` (a re-check) each part reads only what can have changed, so a re-check with
 * nothing new costs 3 requests: credentials, one status page, one conversation page.
 *
 * Failures never throw away what was read: the result carries the error, the parts left
 * unfinished are listed in `incomplete`, and the next run continues from the saved gaps. A part
 * read to its end that still falls short of the account's counts is `incomplete` too, with the
 * numbers in `shortfalls`; what the server does not give apps is in `notChecked`.
 */
import { systemClock, type Clock } from '../clock';
import type { MastodonClient } from '../mastodon/client';
import { AbortedError } from '../mastodon/errors';
import { COLLECTORS, type CollectedPart, type Collector } from './collectors';
import { createContext } from './collectors/context';
import { completeness } from './completeness';
import { SNAPSHOT_VERSION, type AccountSnapshot, type SnapshotPart, type SnapshotProgress } from './types';

export interface CollectOptions {
  previous?: AccountSnapshot | null;
  signal?: AbortSignal;
  onProgress?: (progress: SnapshotProgress) => void;
  clock?: Clock;
  /** Edit-history and instance requests in flight beside the post walk and the list walks. */
  concurrency?: number;
  /** How long a cached instance and its domain blocks stay fresh. */
  instanceMaxAgeMs?: number;
  /** The parts to read; the registry's by default. */
  collectors?: readonly Collector[];
}

export interface CollectResult {
  snapshot: AccountSnapshot;
  /** Requests made by this run. */
  requests: number;
  /** Posts read by this run that were not in `previous`. */
  newStatuses: number;
  /** The first failure, when any part failed. */
  error?: unknown;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function collectSnapshot(
  client: MastodonClient,
  options: CollectOptions = {},
): Promise<CollectResult> {
  const { signal } = options;
  const clock = options.clock ?? systemClock;
  const startRequests = client.requestCount;

  let account;
  try {
    account = await client.verifyCredentials(signal);
  } catch (error) {
    // Without the account there is nothing to attach a fresh read to; keep the cached snapshot if any.
    const previous = options.previous;
    if (!previous || previous.server !== client.origin) throw error;
    return {
      snapshot: { ...previous, incomplete: [...new Set<SnapshotPart>([...previous.incomplete, 'account'])] },
      requests: client.requestCount - startRequests,
      newStatuses: 0,
      error,
    };
  }
  options.onProgress?.({ part: 'account', done: 1, expected: 1 });
  const { context, state } = createContext(client, account, {
    previous: options.previous,
    signal,
    clock,
    concurrency: options.concurrency ?? 4,
    instanceMaxAgeMs: options.instanceMaxAgeMs ?? DAY_MS,
    onProgress: options.onProgress,
  });
  const prev = context.prev;

  const parts: CollectedPart = Object.assign(
    {},
    ...(await Promise.all((options.collectors ?? COLLECTORS).map((c) => c.collect(context)))),
  );
  if (signal?.aborted && state.errors.length === 0) state.errors.push(new AbortedError('Cancelled.'));

  const read = {
    account,
    statuses: parts.statuses ?? prev?.statuses ?? [],
    followers: parts.followers ?? prev?.followers ?? [],
    following: parts.following ?? prev?.following ?? [],
    followRequests: parts.followRequests ?? prev?.followRequests ?? [],
  };
  const software = parts.software !== undefined ? parts.software : (prev?.software ?? null);
  const { shortfalls, notChecked } = completeness(read, software, state.incomplete);
  for (const s of shortfalls) state.incomplete.add(s.part);

  const instanceFetchedAt =
    parts.instanceFetchedAt ?? (context.instanceFresh ? prev?.instanceFetchedAt : undefined);
  const source = !prev || prev.source === 'api' ? 'api' : 'api+archive';
  const snapshot: AccountSnapshot = {
    version: SNAPSHOT_VERSION,
    server: client.origin,
    source,
    fetchedAt: new Date(clock.now()).toISOString(),
    ...read,
    ...(source === 'api' ? {} : { archiveOnly: parts.archiveOnly ?? prev?.archiveOnly ?? [] }),
    instance: parts.instance !== undefined ? parts.instance : (prev?.instance ?? null),
    histories: parts.histories ?? prev?.histories ?? {},
    conversations: parts.conversations ?? prev?.conversations ?? [],
    domainBlocks: parts.domainBlocks !== undefined ? parts.domainBlocks : (prev?.domainBlocks ?? null),
    incomplete: [...state.incomplete],
    software,
    ...(shortfalls.length ? { shortfalls } : {}),
    ...(notChecked.length ? { notChecked } : {}),
    ...(state.unread.length ? { unread: state.unread } : {}),
    ...(instanceFetchedAt ? { instanceFetchedAt } : {}),
    ...(parts.resume ? { resume: parts.resume } : {}),
  };
  return {
    snapshot,
    requests: client.requestCount - startRequests,
    newStatuses: parts.newStatuses ?? 0,
    ...(state.errors.length
      ? { error: state.errors.find((e) => !(e instanceof AbortedError)) ?? state.errors[0] }
      : {}),
  };
}
