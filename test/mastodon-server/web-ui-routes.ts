/**
 * The routes Mastodon's web UI calls at start-up and while composing, with the shapes a real
 * server sends (https://docs.joinmastodon.org/methods/): a 404 on any of them shows as a toast in
 * the real UI, and in 4.5+ a 404 on custom emojis throws. Collections the test server has no data
 * for (announcements, custom emojis, trends with trends off) are empty as on a fresh server.
 */
import { json, type Reply, type RequestCtx, type RouteDef } from './context';
import { list, str, type Params } from './params';
import { renderAccount, renderStatus, type RenderContext } from './render';
import { acctOf, type AccountRecord, type StatusRecord } from './state';
import { cmpId, iso } from './util';

function rctx(ctx: RequestCtx): RenderContext {
  return { state: ctx.core.state, viewerId: ctx.viewerId, now: ctx.now };
}

function limitOf(q: Params, def: number, max: number): number {
  const n = Number.parseInt(str(q, 'limit') ?? '', 10);
  return Number.isFinite(n) && n > 0 ? Math.min(n, max) : def;
}

/** Newest-first items inside max_id/since_id/min_id, as Mastodon's Paginable. */
function window<T extends { id: string }>(items: T[], q: Params, limit: number): T[] {
  const maxId = str(q, 'max_id');
  const sinceId = str(q, 'since_id');
  const minId = str(q, 'min_id');
  let inside = items.filter(
    (it) =>
      (!maxId || cmpId(it.id, maxId) < 0) &&
      (!sinceId || cmpId(it.id, sinceId) > 0) &&
      (!minId || cmpId(it.id, minId) > 0),
  );
  // min_id pages upwards: the oldest items above it, still returned newest first.
  if (minId && !sinceId) inside = inside.slice(-limit);
  return inside.slice(0, limit);
}

function pageLink(ctx: RequestCtx, page: { id: string }[]): Record<string, string> {
  const first = page[0];
  const last = page[page.length - 1];
  if (!first || !last) return {};
  const url = (key: string, id: string) => {
    const u = new URL(ctx.path, ctx.core.state.origin);
    for (const [k, v] of ctx.url.searchParams)
      if (!['max_id', 'min_id', 'since_id'].includes(k)) u.searchParams.append(k, v);
    u.searchParams.set(key, id);
    return u.toString();
  };
  return { Link: `<${url('max_id', last.id)}>; rel="next", <${url('min_id', first.id)}>; rel="prev"` };
}

function visibleOnHome(ctx: RequestCtx, status: StatusRecord): boolean {
  if (status.deleted) return false;
  if (status.accountId === ctx.core.state.ownerId) return true;
  return status.visibility !== 'direct' || status.mentionIds.includes(ctx.core.state.ownerId);
}

/** The owner's posts and those of the accounts they follow, newest first. */
function homeTimeline(ctx: RequestCtx): Reply {
  const s = ctx.core.state;
  const authors = [s.ownerId, ...s.following.map((f) => f.targetAccountId)];
  const all = authors
    .flatMap((id) => s.timelines.get(id) ?? [])
    .filter((status) => visibleOnHome(ctx, status))
    .sort((a, b) => cmpId(b.id, a.id));
  const page = window(all, ctx.query, limitOf(ctx.query, 20, 40));
  return json(
    200,
    page.map((status) => renderStatus(rctx(ctx), status)),
    pageLink(ctx, page),
  );
}

/** Mentions of the owner by others, the one notification type the test server's data holds. */
function mentionsOfOwner(ctx: RequestCtx): StatusRecord[] {
  const s = ctx.core.state;
  return [...s.statuses.values()]
    .filter((st) => !st.deleted && st.accountId !== s.ownerId && st.mentionIds.includes(s.ownerId))
    .sort((a, b) => cmpId(b.id, a.id));
}

/** GET /api/v2/notifications: grouped notifications (Mastodon 4.3+); mentions are never grouped. */
function groupedNotifications(ctx: RequestCtx): Reply {
  const s = ctx.core.state;
  const types = list(ctx.query['types[]'] ?? ctx.query.types);
  const excluded = list(ctx.query['exclude_types[]'] ?? ctx.query.exclude_types);
  const wanted = (types.length === 0 || types.includes('mention')) && !excluded.includes('mention');
  const page = wanted ? window(mentionsOfOwner(ctx), ctx.query, limitOf(ctx.query, 40, 80)) : [];
  const accounts = new Map<string, AccountRecord>();
  for (const st of page) {
    const a = s.accounts.get(st.accountId);
    if (a) accounts.set(a.id, a);
  }
  return json(
    200,
    {
      accounts: [...accounts.values()].map((a) => renderAccount(s, a)),
      statuses: page.map((st) => renderStatus(rctx(ctx), st)),
      notification_groups: page.map((st) => ({
        group_key: `ungrouped-${st.id}`,
        notifications_count: 1,
        type: 'mention',
        most_recent_notification_id: st.id,
        page_min_id: st.id,
        page_max_id: st.id,
        latest_page_notification_at: iso(st.createdAt),
        sample_account_ids: [st.accountId],
        status_id: st.id,
      })),
    },
    pageLink(ctx, page),
  );
}

function unreadCount(): Reply {
  return json(200, { count: 0 });
}

interface Marker {
  last_read_id: string;
  version: number;
  updated_at: string;
}

const markersByState = new WeakMap<object, Record<string, Marker>>();

function markersOf(ctx: RequestCtx): Record<string, Marker> {
  let markers = markersByState.get(ctx.core.state);
  if (!markers) {
    markers = {};
    markersByState.set(ctx.core.state, markers);
  }
  return markers;
}

/** GET /api/v1/markers?timeline[]=home&timeline[]=notifications: only markers that were saved. */
function getMarkers(ctx: RequestCtx): Reply {
  const markers = markersOf(ctx);
  const out: Record<string, Marker> = {};
  for (const name of list(ctx.query['timeline[]'] ?? ctx.query.timeline)) {
    const marker = markers[name];
    if (marker) out[name] = marker;
  }
  return json(200, out);
}

/** POST /api/v1/markers with home[last_read_id] and/or notifications[last_read_id]. */
function saveMarkers(ctx: RequestCtx): Reply {
  const markers = markersOf(ctx);
  for (const name of ['home', 'notifications']) {
    const given = ctx.body[name];
    const id =
      given && typeof given === 'object' && !Array.isArray(given) && 'last_read_id' in given
        ? given.last_read_id
        : ctx.body[`${name}[last_read_id]`];
    if (typeof id !== 'string') continue;
    markers[name] = {
      last_read_id: id,
      version: (markers[name]?.version ?? -1) + 1,
      updated_at: iso(ctx.now),
    };
  }
  return json(200, markers);
}

function history(ctx: RequestCtx): { day: string; uses: string; accounts: string }[] {
  const day = Math.floor(ctx.now / 86_400_000) * 86_400;
  return Array.from({ length: 7 }, (_, i) => ({
    day: String(day - i * 86_400),
    uses: '0',
    accounts: '0',
  }));
}

/** The owner follows one hashtag, as the UI's sidebar shows it. */
function followedTags(ctx: RequestCtx): Reply {
  const origin = ctx.core.state.origin;
  return json(200, [
    { id: '1', name: 'climbing', url: `${origin}/tags/climbing`, history: history(ctx), following: true },
  ]);
}

function lists(): Reply {
  return json(200, [{ id: '1', title: 'Friends', replies_policy: 'list', exclusive: false }]);
}

/**
 * GET /api/v1/accounts/search: the compose box's @-autocomplete (`resolve=false`, `limit=4`).
 * Matches the start of the username or of the full handle, as Mastodon's AccountSearchService.
 */
function searchAccounts(ctx: RequestCtx): Reply {
  const s = ctx.core.state;
  const q = (str(ctx.query, 'q') ?? '').replace(/^@/, '').toLowerCase();
  if (q === '') return json(200, []);
  const limit = limitOf(ctx.query, 40, 80);
  const followed = new Set(s.following.map((f) => f.targetAccountId));
  const matches = [...s.accounts.values()]
    .filter((a) => a.id !== s.ownerId || str(ctx.query, 'following') !== 'true')
    .filter((a) => a.username.toLowerCase().startsWith(q) || acctOf(s, a).toLowerCase().startsWith(q))
    .sort((a, b) => Number(followed.has(b.id)) - Number(followed.has(a.id)) || cmpId(a.id, b.id))
    .slice(0, limit);
  return json(
    200,
    matches.map((a) => renderAccount(s, a)),
  );
}

const empty = (body: unknown) => () => json(200, body);

export const webUiRoutes: RouteDef[] = [
  {
    method: 'GET',
    pattern: '/api/v1/timelines/home',
    auth: 'user',
    scopes: ['read:statuses'],
    handler: homeTimeline,
  },
  {
    method: 'GET',
    pattern: '/api/v2/notifications',
    auth: 'user',
    scopes: ['read:notifications'],
    handler: groupedNotifications,
  },
  {
    method: 'GET',
    pattern: '/api/v2/notifications/unread_count',
    auth: 'user',
    scopes: ['read:notifications'],
    handler: unreadCount,
  },
  { method: 'GET', pattern: '/api/v1/markers', auth: 'user', scopes: ['read:statuses'], handler: getMarkers },
  {
    method: 'POST',
    pattern: '/api/v1/markers',
    auth: 'user',
    scopes: ['write:statuses'],
    handler: saveMarkers,
  },
  { method: 'GET', pattern: '/api/v1/lists', auth: 'user', scopes: ['read:lists'], handler: lists },
  {
    method: 'GET',
    pattern: '/api/v1/followed_tags',
    auth: 'user',
    scopes: ['read:follows'],
    handler: followedTags,
  },
  { method: 'GET', pattern: '/api/v1/custom_emojis', auth: 'none', handler: empty([]) },
  // Trends are off on this server (`trends_enabled: false`): Mastodon answers an empty list.
  { method: 'GET', pattern: '/api/v1/trends/tags', auth: 'none', handler: empty([]) },
  { method: 'GET', pattern: '/api/v1/announcements', auth: 'optional', handler: empty([]) },
  // No translation service configured: Mastodon answers an empty object.
  { method: 'GET', pattern: '/api/v1/instance/translation_languages', auth: 'none', handler: empty({}) },
  // The web app saves its column settings here (Mastodon's own web-only endpoint).
  { method: 'PUT', pattern: '/api/web/settings', auth: 'user', handler: empty({}) },
  // Follow suggestions the home feed shows when it is short: none on a server this small.
  { method: 'GET', pattern: '/api/v2/suggestions', auth: 'user', scopes: ['read'], handler: empty([]) },
  {
    method: 'GET',
    pattern: '/api/v1/accounts/search',
    auth: 'user',
    scopes: ['read:accounts'],
    handler: searchAccounts,
  },
];
