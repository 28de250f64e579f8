/**
 * Shared by the re-scope fault tests and the benchmark: a real test server and the real client on
 * one SimulatedClock, a plan read through the API, and the one assertion every fault test ends
 * with, made on the server's full state.
 */
import { createHash } from 'node:crypto';
import { SimulatedClock } from '../../utils/clock';
import type { MastodonClient } from '../../utils/mastodon/client';
import { createMegalodonClient } from '../../utils/mastodon/megalodon-client';
import type { Status } from '../../utils/mastodon/schemas';
import { planRescope } from '../../utils/rescope/planner';
import { openRescopeStore, type RescopeStore } from '../../utils/rescope/store';
import { DEFAULT_RESCOPE_OPTIONS, type RescopePlan, type RescopeTarget } from '../../utils/rescope/types';
import { makeSnapshot } from '../factories';
import { startServer } from '../mastodon-server';
import type { ServerState, StatusRecord } from '../mastodon-server/state';

export type TestServer = Awaited<ReturnType<typeof startServer>>;

export interface Harness {
  server: TestServer;
  clock: SimulatedClock;
  client: MastodonClient;
  /** A fresh client, as after a service-worker restart (no rate-limit memory). */
  newClient(): MastodonClient;
  openStore(): Promise<RescopeStore>;
  ownerId: string;
}

let dbSeq = 0;

export async function harness(
  opts: {
    posts?: number;
    seed?: number;
    mediaRetentionMs?: number;
    mediaDetachMs?: number;
    start?: number;
    onClientRetry?: (error: unknown) => void;
  } = {},
): Promise<Harness> {
  const clock = new SimulatedClock(opts.start ?? Date.UTC(2026, 0, 15, 12, 0, 0));
  const server = await startServer({
    seed: opts.seed ?? 11,
    posts: opts.posts ?? 80,
    clock,
    ...(opts.mediaRetentionMs !== undefined ? { mediaRetentionMs: opts.mediaRetentionMs } : {}),
    ...(opts.mediaDetachMs !== undefined ? { mediaDetachMs: opts.mediaDetachMs } : {}),
  });
  // reserve 1: the job keeps one delete per window for the user's web UI, as its pacer does.
  const newClient = () =>
    createMegalodonClient({
      origin: server.url,
      token: server.ownerToken,
      clock,
      reserve: 1,
      timeoutMs: 1_500,
      ...(opts.onClientRetry ? { retry: { onRetry: opts.onClientRetry } } : {}),
    });
  const client = newClient();
  const me = await client.verifyCredentials();
  const dbName = `rescope-it-${process.pid}-${++dbSeq}`;
  return { server, clock, client, newClient, openStore: () => openRescopeStore(dbName), ownerId: me.id };
}

/** Every own post through the API, then a plan; `pick` keeps a varied subset (media, polls, CWs, replies, threads). */
export async function planFromServer(h: Harness, target: RescopeTarget, pick?: number): Promise<RescopePlan> {
  const statuses: Status[] = [];
  for await (const page of h.client.accountStatuses(h.ownerId)) statuses.push(...page);
  const account = await h.client.verifyCredentials();
  const snapshot = makeSnapshot({ server: h.server.url, account, statuses });
  const plan = planRescope(
    snapshot,
    { ...DEFAULT_RESCOPE_OPTIONS, target, olderThanDays: null, keepPinned: false, visibilities: ['public'] },
    [],
    h.clock.now(),
  );
  if (pick === undefined || plan.posts.length <= pick) return plan;
  const chosen = new Set<string>();
  const take = (pred: (p: RescopePlan['posts'][number]) => boolean, n: number) => {
    for (const p of plan.posts) {
      if (chosen.size < pick && n > 0 && !chosen.has(p.id) && pred(p)) {
        chosen.add(p.id);
        n--;
      }
    }
  };
  take((p) => p.mediaCount > 0, 3);
  take((p) => p.hasPoll, 2);
  take((p) => p.inReplyToId !== null, 2);
  take((p) => /\[/.test(p.excerpt), 1);
  take(() => true, pick);
  const posts = plan.posts.filter((p) => chosen.has(p.id));
  return { ...plan, posts, counts: { ...plan.counts, planned: posts.length } };
}

function mediaFingerprint(state: ServerState, ids: string[]): string {
  return ids
    .map((id) => {
      const m = state.media.get(id);
      if (!m) return 'missing';
      return `${createHash('sha256').update(m.bytes).digest('hex')}|${m.description ?? ''}`;
    })
    .join(',');
}

function contentKey(state: ServerState, s: StatusRecord, mediaIds: string[]): string {
  return JSON.stringify([
    s.text,
    s.spoilerText,
    s.sensitive,
    s.language,
    mediaFingerprint(state, mediaIds),
    s.poll?.options.map((o) => o.title) ?? null,
    s.poll?.multiple ?? null,
  ]);
}

export interface Before {
  ids: string[];
  keys: Map<string, string>;
  /** Every status id that existed before the job. */
  existing: Set<string>;
}

/** Records what the planned posts look like before the job. */
export function recordBefore(server: TestServer, plan: RescopePlan): Before {
  const state = server.state as ServerState;
  const keys = new Map<string, string>();
  for (const p of plan.posts) {
    const s = state.statuses.get(p.id)!;
    keys.set(p.id, contentKey(state, s, s.mediaIds));
  }
  return { ids: plan.posts.map((p) => p.id), keys, existing: new Set(state.statuses.keys()) };
}

export interface Outcome {
  rescoped: number;
  untouched: number;
  /** Planned posts neither untouched nor present exactly once at the target. */
  lost: string[];
  duplicated: string[];
  /** New statuses that match no planned post. */
  stray: string[];
}

/**
 * Every planned post exists exactly once at the target visibility with identical text, content
 * warning, media (same bytes and alt text) and poll options, or is untouched; nothing duplicated.
 */
export function checkServerState(server: TestServer, before: Before, target: RescopeTarget): Outcome {
  const state = server.state as ServerState;
  const created = [...state.statuses.values()].filter((s) => !before.existing.has(s.id));
  const liveNew = new Map<string, StatusRecord[]>();
  for (const s of created) {
    if (s.deleted || s.reblogOfId) continue;
    const key = contentKey(state, s, s.mediaIds);
    liveNew.set(key, [...(liveNew.get(key) ?? []), s]);
  }
  const wanted = new Map<string, string[]>();
  let untouched = 0;
  for (const id of before.ids) {
    const old = state.statuses.get(id)!;
    if (!old.deleted) {
      if (contentKey(state, old, old.mediaIds) !== before.keys.get(id)) wanted.set(`changed:${id}`, [id]);
      else untouched++;
      continue;
    }
    if (target === 'delete') continue;
    const key = before.keys.get(id)!;
    wanted.set(key, [...(wanted.get(key) ?? []), id]);
  }
  const lost: string[] = [];
  const duplicated: string[] = [];
  let rescoped = 0;
  for (const [key, ids] of wanted) {
    const found = (liveNew.get(key) ?? []).filter((s) => s.visibility === target);
    if (found.length < ids.length) lost.push(...ids.slice(found.length));
    if (found.length > ids.length) duplicated.push(...found.slice(ids.length).map((s) => s.id));
    rescoped += Math.min(found.length, ids.length);
  }
  const stray = [...liveNew.entries()]
    .filter(([key]) => !wanted.has(key))
    .flatMap(([, list]) => list.map((s) => s.id));
  return { rescoped, untouched, lost, duplicated, stray };
}
