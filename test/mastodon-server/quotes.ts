/**
 * What Mastodon 4.5 and 4.6 added that the checkup reads: the version the server reports, a
 * post's quote policy (set after posting through PUT /api/v1/statuses/:id/interaction_policy,
 * https://docs.joinmastodon.org/methods/statuses/#edit_interaction_policy) and the 4.6 profile
 * display options and collection-featuring policy on verify_credentials, read and written through
 * GET/PATCH /api/v1/profile (https://docs.joinmastodon.org/methods/profile/).
 */
import { renderStatus } from './render';
import { error, json, NOT_FOUND, type RequestCtx, type ResolvedOptions, type RouteDef } from './context';
import type { AccountRecord, StatusRecord } from './state';
import { str, truthy } from './params';

export type QuotePolicy = 'public' | 'followers' | 'nobody';
type Json = Record<string, unknown>;

/**
 * The version string GET /api/v2/instance, v1 and nodeinfo report: the web UI's own release unless
 * a test asks for another, as a real server's UI and API come from one release.
 */
export function versionOf(opts: Pick<ResolvedOptions, 'webUi'> & { version?: string }): string {
  return opts.version ?? opts.webUi;
}

/** `api_versions.mastodon` per release (4.3.0 = 2, 4.4.0 = 6, 4.5.0 = 7, 4.6.0 = 10). */
export function apiVersionOf(version: string): number {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major < 4 || (major === 4 && minor < 3)) return 0;
  return ({ 3: 2, 4: 6, 5: 7 } as Record<number, number>)[minor] ?? 10;
}

function atLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

/** Who may quote a post, as quote_approval.automatic lists it. Followers-only and direct: nobody. */
export function quoteApproval(status: StatusRecord, own: boolean, version = '4.6.5'): Json | undefined {
  if (!atLeast(version, 4, 5)) return undefined;
  const open = status.visibility === 'public' || status.visibility === 'unlisted';
  const policy: QuotePolicy = open ? (status.quotePolicy ?? 'public') : 'nobody';
  return {
    automatic: policy === 'public' ? ['public'] : policy === 'followers' ? ['followers'] : [],
    manual: [],
    current_user: own ? 'automatic' : 'denied',
  };
}

/** A new post's quote policy: `quote_approval_policy` if valid, else the account's default. */
export function newPostQuotePolicy(asked: string | undefined, fallback: QuotePolicy): QuotePolicy {
  return asked === 'public' || asked === 'followers' || asked === 'nobody' ? asked : fallback;
}

/** The 4.6 additions to the owner's verify_credentials and update_credentials answers. */
export function withProfileOptions(
  body: Json,
  account: Pick<AccountRecord, 'discoverable' | 'showMedia' | 'showMediaReplies' | 'showFeatured'>,
  version: string,
): Json {
  if (!atLeast(version, 4, 6)) {
    const source = { ...(body.source as Json) };
    if (!atLeast(version, 4, 5)) delete source.quote_policy;
    return { ...body, source };
  }
  return {
    ...body,
    show_media: account.showMedia,
    show_media_replies: account.showMediaReplies,
    show_featured: account.showFeatured,
    // Mastodon approves featuring automatically for discoverable accounts.
    feature_approval: {
      automatic: account.discoverable ? ['public'] : [],
      manual: account.discoverable ? [] : ['public'],
      current_user: 'automatic',
    },
  };
}

function setInteractionPolicy(ctx: RequestCtx) {
  const s = ctx.core.state;
  const version = versionOf(ctx.core.opts);
  if (!atLeast(version, 4, 5)) return NOT_FOUND();
  const st = s.statuses.get(ctx.params.id ?? '');
  if (!st || st.deleted || st.accountId !== ctx.viewerId || st.reblogOfId) return NOT_FOUND();
  const policy = str(ctx.body, 'quote_approval_policy');
  if (policy !== 'public' && policy !== 'followers' && policy !== 'nobody')
    return error(422, 'Validation failed: Quote approval policy is not included in the list');
  // Mastodon forces `nobody` on followers-only and direct posts whatever is asked.
  st.quotePolicy = st.visibility === 'public' || st.visibility === 'unlisted' ? policy : 'nobody';
  return json(200, renderStatus({ state: s, viewerId: ctx.viewerId, now: ctx.now }, st));
}

function profileOwner(ctx: RequestCtx): AccountRecord | undefined {
  if (!atLeast(versionOf(ctx.core.opts), 4, 6)) return undefined;
  return ctx.core.state.accounts.get(ctx.core.state.ownerId);
}

/** The Profile entity: the owner's editable profile in one object (its images left out). */
function renderProfile(a: AccountRecord): Json {
  return {
    id: a.id,
    display_name: a.displayName,
    note: a.note,
    fields: a.fields.map((f) => ({
      name: f.name,
      value: f.value,
      verified_at: f.verifiedAt === null ? null : new Date(f.verifiedAt).toISOString(),
    })),
    locked: a.locked,
    bot: a.bot,
    hide_collections: a.hideCollections,
    discoverable: a.discoverable,
    indexable: a.indexable,
    show_media: a.showMedia,
    show_media_replies: a.showMediaReplies,
    show_featured: a.showFeatured,
    attribution_domains: [],
    featured_tags: [],
  };
}

function getProfile(ctx: RequestCtx) {
  const me = profileOwner(ctx);
  return me ? json(200, renderProfile(me)) : NOT_FOUND();
}

/** PATCH /api/v1/profile (4.6+): https://docs.joinmastodon.org/methods/profile/#update */
function updateProfile(ctx: RequestCtx) {
  const me = profileOwner(ctx);
  if (!me) return NOT_FOUND();
  const set = (key: string, apply: (v: boolean) => void) => {
    const v = truthy(ctx.body[key]);
    if (v !== undefined) apply(v);
  };
  set('locked', (v) => (me.locked = v));
  set('bot', (v) => (me.bot = v));
  set('discoverable', (v) => (me.discoverable = v));
  set('indexable', (v) => (me.indexable = v));
  set('hide_collections', (v) => (me.hideCollections = v));
  set('show_media', (v) => (me.showMedia = v));
  set('show_media_replies', (v) => (me.showMediaReplies = v));
  set('show_featured', (v) => (me.showFeatured = v));
  const displayName = str(ctx.body, 'display_name');
  if (displayName !== undefined) me.displayName = displayName;
  return json(200, renderProfile(me));
}

export const quoteRoutes: RouteDef[] = [
  {
    method: 'GET',
    pattern: '/api/v1/profile',
    auth: 'user',
    scopes: ['read:accounts', 'profile'],
    handler: getProfile,
  },
  {
    method: 'PATCH',
    pattern: '/api/v1/profile',
    auth: 'user',
    scopes: ['write:accounts'],
    handler: updateProfile,
  },
  {
    method: 'PUT',
    pattern: '/api/v1/statuses/:id/interaction_policy',
    auth: 'user',
    scopes: ['write:statuses'],
    handler: setInteractionPolicy,
  },
];
