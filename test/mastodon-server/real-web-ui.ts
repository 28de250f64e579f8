/**
 * Mastodon's real, prebuilt web UI served by the test server on its own origin, next to the API,
 * as a Mastodon server does: the HTML shell of `layouts/application.html.haml` with
 * `shared/_web_app.html.haml` (`/home`, `/publish`, any web-app route) or `shares/show.html.haml`
 * (`/share`), the initial state of each version's `InitialStateSerializer`, and the bundle's
 * `packs/` and `public/` files.
 *
 * Bundles are the release builds in the shared folder (`MASTODON_WEB_DIR` overrides where), unpacked
 * on first use into a cache outside the repo, keyed by version and archive hash, so that a changed
 * archive never serves stale files and parallel test workers never see a half-written directory.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Reply } from './context';
import { makePng } from './generator';

export const REAL_WEB_UI_VERSIONS = ['4.4.22', '4.5.15', '4.6.5'] as const;
export type RealWebUiVersion = (typeof REAL_WEB_UI_VERSIONS)[number];
/** The newest real UI: what the server serves when no version is asked for. */
export const NEWEST_WEB_UI: RealWebUiVersion = '4.6.5';

export function isRealWebUiVersion(value: string | undefined): value is RealWebUiVersion {
  return REAL_WEB_UI_VERSIONS.some((v) => v === value);
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Where the release archives live: `<repo>/../shared/mastodon-web` unless overridden. */
export function webUiArchiveDir(): string {
  return process.env.MASTODON_WEB_DIR ?? path.resolve(ROOT, '..', 'shared', 'mastodon-web');
}

/**
 * Why the real UI cannot be served here (no archive), or null when it can. Tests skip with this
 * as their notice; in CI a missing archive is an error instead.
 */
export function realWebUiMissing(version: RealWebUiVersion = NEWEST_WEB_UI): string | null {
  const archive = path.join(webUiArchiveDir(), `${version}.tgz`);
  return existsSync(archive) ? null : `Mastodon's web UI ${version} is not available (${archive} is missing)`;
}

interface Meta {
  version: string;
  languages: unknown;
  accept_content_types: unknown;
  /** 4.6: the inline script that picks the theme from `<html>`'s data attributes ('' before). */
  theme_selection_inline?: string;
  logos?: { icon?: string; wordmark?: string };
}

interface ManifestEntry {
  file: string;
  imports?: string[];
  css?: string[];
}

export interface WebUiBundle {
  version: RealWebUiVersion;
  dir: string;
  meta: Meta;
  /** `<script>`/`<link>` tags per part of the page, as vite_rails' helpers emit them in production. */
  tags: {
    theme: string;
    polyfills: string;
    inert: string;
    common: string;
    application: string;
    share: string;
  };
}

const bundles = new Map<RealWebUiVersion, WebUiBundle>();

function cacheRoot(): string {
  return path.join(ROOT, 'node_modules', '.cache', 'fediprint-mastodon-web');
}

function unpack(version: RealWebUiVersion): string {
  const archive = path.join(webUiArchiveDir(), `${version}.tgz`);
  const missing = realWebUiMissing(version);
  if (missing) throw new Error(missing);
  const hash = createHash('sha256').update(readFileSync(archive)).digest('hex').slice(0, 16);
  const dir = path.join(cacheRoot(), `${version}-${hash}`);
  if (existsSync(path.join(dir, 'mastodon-meta.json'))) return dir;
  mkdirSync(cacheRoot(), { recursive: true });
  // Unpack beside the target and rename: another process unpacking the same archive either wins
  // the rename or finds the finished directory.
  const partial = mkdtempSync(path.join(cacheRoot(), `.${version}-`));
  try {
    execFileSync('tar', ['xzf', archive, '-C', partial], { stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      renameSync(partial, dir);
    } catch (error) {
      if (!existsSync(path.join(dir, 'mastodon-meta.json'))) throw error;
    }
  } finally {
    rmSync(partial, { recursive: true, force: true });
  }
  return dir;
}

function buildTags(dir: string): WebUiBundle['tags'] {
  const manifest = JSON.parse(
    readFileSync(path.join(dir, 'packs', '.vite', 'manifest.json'), 'utf8'),
  ) as Record<string, ManifestEntry>;
  const find = (test: (key: string) => boolean) => Object.keys(manifest).find(test);
  const url = (file: string) => `/packs/${file}`;
  const walk = (key: string, seen = new Set<string>(), out = { js: [] as string[], css: [] as string[] }) => {
    const entry = manifest[key];
    if (seen.has(key) || !entry) return out;
    seen.add(key);
    for (const i of entry.imports ?? []) walk(i, seen, out);
    if (entry.file.endsWith('.js') && !out.js.includes(entry.file)) out.js.push(entry.file);
    for (const c of entry.css ?? []) if (!out.css.includes(c)) out.css.push(c);
    return out;
  };
  const entryTags = (key: string | undefined) => {
    const entry = key === undefined ? undefined : manifest[key];
    if (key === undefined || !entry) return '';
    const { js, css } = walk(key);
    return [
      `<script src="${url(entry.file)}" crossorigin="anonymous" type="module"></script>`,
      ...js
        .filter((f) => f !== entry.file)
        .map((f) => `<link rel="modulepreload" href="${url(f)}" as="script" crossorigin="anonymous">`),
      ...css.map((f) => `<link rel="stylesheet" href="${url(f)}" media="all" crossorigin="anonymous">`),
    ].join('\n');
  };
  const stylesheet = (key: string | undefined, extra = '') => {
    const entry = key === undefined ? undefined : manifest[key];
    return entry
      ? `<link rel="stylesheet" href="${url(entry.file)}" media="all"${extra} crossorigin="anonymous">`
      : '';
  };
  const polyfills = find((k) => /legacy-polyfills$/.test(k));
  const entrypoint = (name: string) => find((k) => new RegExp(`^entrypoints/${name}\\.[jt]sx?$`).test(k));
  return {
    theme: stylesheet(find((k) => /^styles\/application\.scss$/.test(k))),
    polyfills: polyfills
      ? `<script src="${url(manifest[polyfills]!.file)}" crossorigin="anonymous" type="module"></script>`
      : '',
    inert: stylesheet(
      find((k) => /inert\.s?css$/.test(k)),
      ' id="inert-style"',
    ),
    common: entryTags(entrypoint('common')),
    application: entryTags(entrypoint('application')),
    share: entryTags(entrypoint('share')),
  };
}

/** The unpacked bundle of one version (unpacked on first use, then cached on disk and in memory). */
export function webUiBundle(version: RealWebUiVersion): WebUiBundle {
  const cached = bundles.get(version);
  if (cached) return cached;
  const dir = unpack(version);
  const meta = JSON.parse(readFileSync(path.join(dir, 'mastodon-meta.json'), 'utf8')) as Meta;
  const bundle: WebUiBundle = { version, dir, meta, tags: buildTags(dir) };
  bundles.set(version, bundle);
  return bundle;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wasm': 'application/wasm',
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
};

/** A file of the bundle: `/packs/…` from the Vite output, anything else from Mastodon's `public/`. */
export function webUiStaticFile(bundle: WebUiBundle, urlPath: string): Reply | null {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath).replace(/^\/+/, '');
  } catch {
    return null;
  }
  if (rel === '' || rel.split('/').includes('..')) return null;
  let file = rel.startsWith('packs/') ? path.join(bundle.dir, rel) : path.join(bundle.dir, 'public', rel);
  if (!file.startsWith(bundle.dir + path.sep)) return null;
  try {
    // Mastodon links some public files into its packs (`public/sw.js` -> `public/packs/sw.js`); the
    // archive keeps the link with the build machine's absolute path, so follow it into this bundle.
    if (lstatSync(file).isSymbolicLink()) {
      const inPacks = /\/public\/(packs\/.+)$/.exec(readlinkSync(file))?.[1];
      if (!inPacks || inPacks.split('/').includes('..')) return null;
      file = path.join(bundle.dir, inPacks);
    }
    if (!statSync(file).isFile()) return null;
  } catch {
    return null;
  }
  return {
    status: 200,
    bytes: readFileSync(file),
    contentType: TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
  };
}

export type ShellAccount = Record<string, unknown> & { id: string; source?: Record<string, unknown> };

export interface ShellOptions {
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  /** The web session's token: real Mastodon puts it in the page's initial state. */
  accessToken: string;
  /** The signed-in account as verify_credentials renders it (with `source`). */
  credentialAccount: ShellAccount;
  title: string;
  vapidKey: string;
  /** The path asked for (`<meta name="initialPath">`). */
  path: string;
  /** `/share`'s query: `title`, `text`, `url` prefill the form, `visibility` may make it stricter. */
  query?: URLSearchParams;
}

const STRICTNESS = ['public', 'unlisted', 'private', 'direct'];

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** JSON inside a <script> element, escaped as Rails' json_escape does. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** ShareController's text: title, text and url joined with spaces (`compose.text`). */
function shareText(options: ShellOptions): { text?: string } {
  if (options.path !== '/share' || !options.query) return {};
  const parts = ['title', 'text', 'url'].map((k) => options.query!.get(k)).filter((v) => v !== null);
  return parts.length > 0 ? { text: parts.join(' ') } : {};
}

/** `?visibility=` on /share may only make the default stricter (`permit_visibilities`). */
function sharePrivacy(options: ShellOptions, fallback: unknown): unknown {
  const asked = options.path === '/share' ? options.query?.get('visibility') : null;
  const current = typeof fallback === 'string' ? fallback : 'public';
  if (!asked || !STRICTNESS.includes(asked)) return current;
  return STRICTNESS.indexOf(asked) > STRICTNESS.indexOf(current) ? asked : current;
}

/** InitialStateSerializer for a signed-in user with Mastodon's default web settings. */
export function initialState(bundle: WebUiBundle, options: ShellOptions): Record<string, unknown> {
  const { source = {}, ...account } = options.credentialAccount;
  delete account.role;
  const domain = new URL(options.origin).host;
  return {
    meta: {
      access_token: options.accessToken,
      activity_api_enabled: true,
      admin: null,
      domain,
      limited_federation_mode: false,
      locale: 'en',
      mascot: null,
      profile_directory: true,
      registrations_open: false,
      repository: 'mastodon/mastodon',
      search_enabled: false,
      single_user_mode: false,
      source_url: 'https://github.com/mastodon/mastodon',
      sso_redirect: null,
      status_page_url: '',
      streaming_api_base_url: options.origin.replace(/^http/, 'ws'),
      title: options.title,
      landing_page: 'about',
      trends_enabled: false,
      version: bundle.meta.version,
      terms_of_service_enabled: false,
      local_live_feed_access: 'public',
      remote_live_feed_access: 'public',
      local_topic_feed_access: 'public',
      remote_topic_feed_access: 'public',
      me: account.id,
      boost_modal: false,
      quick_boosting: false,
      delete_modal: true,
      missing_alt_text_modal: true,
      auto_play_gif: false,
      display_media: 'default',
      expand_spoilers: false,
      reduce_motion: false,
      disable_swiping: false,
      disable_hover_cards: false,
      advanced_layout: false,
      use_blurhash: true,
      use_pending_items: false,
      show_trends: false,
      emoji_style: 'auto',
      wrapstodon: null,
    },
    compose: {
      me: account.id,
      default_privacy: sharePrivacy(options, source.privacy),
      default_sensitive: source.sensitive === true,
      default_language: source.language ?? 'en',
      // Serialized from 4.5 on; older UIs ignore it.
      default_quote_policy: source.quote_policy ?? 'public',
      ...shareText(options),
    },
    accounts: { [account.id]: account },
    media_attachments: { accept_content_types: bundle.meta.accept_content_types },
    settings: {},
    languages: bundle.meta.languages,
    features: [],
    push_subscription: null,
    role: { id: '-99', name: '', permissions: '65536', color: '', highlighted: false },
  };
}

/**
 * The HTML Mastodon renders for a web-app route, or for `/share` (`shares/show`: the compose form
 * alone, mounted on `#mastodon-compose` by the `share` entry point).
 */
export function renderRealShell(bundle: WebUiBundle, options: ShellOptions): string {
  const share = options.path === '/share';
  // 4.6 moved the theme and scrollbar classes to <html>, chosen by an inline script.
  const htmlTheme = !!bundle.meta.theme_selection_inline;
  const props = escapeHtml(JSON.stringify({ locale: 'en' }));
  const body = share
    ? `<div class="container-alt"><div id="mastodon-compose" data-props="${props}"></div></div>`
    : `<div class="notranslate app-holder" id="mastodon" data-props="${props}"><noscript><div>To use the Mastodon web application, please enable JavaScript.</div></noscript></div>`;
  return `<!DOCTYPE html>
${htmlTheme ? '<html lang="en" class="custom-scrollbars no-reduce-motion" data-contrast="auto" data-color-scheme="auto" data-system-theme="true">' : '<html lang="en">'}
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<link rel="manifest" href="/manifest">
${htmlTheme ? `<script type="text/javascript">${bundle.meta.theme_selection_inline}</script>` : ''}
<meta name="theme-color" content="#181820" media="(prefers-color-scheme: dark)">
<meta name="theme-color" content="#ffffff" media="(prefers-color-scheme: light)">
<meta name="mobile-web-app-capable" content="yes">
<title>${escapeHtml(options.title)}</title>
${bundle.tags.theme}
${bundle.tags.polyfills}
${bundle.tags.inert}
${bundle.tags.common}
<meta name="csrf-param" content="authenticity_token">
<meta name="csrf-token" content="test-csrf-token">
<meta name="robots" content="noindex">
<meta name="initialPath" content="${escapeHtml(options.path)}">
<meta name="applicationServerKey" content="${escapeHtml(options.vapidKey)}">
<script id="initial-state" type="application/json">${scriptJson(initialState(bundle, options))}</script>
${share ? bundle.tags.share : bundle.tags.application}
</head>
<body class="${htmlTheme ? 'app-body' : 'app-body theme-default custom-scrollbars no-reduce-motion'}${share ? ' modal-layout compose-standalone' : ''}">
${body}
<div class="logo-resources" tabindex="-1" inert aria-hidden="true">
${bundle.meta.logos?.icon ?? ''}
${bundle.meta.logos?.wordmark ?? ''}
</div>
</body>
</html>
`;
}

/** Paths the web app answers with its shell (Rails' `/home`, `/publish`, `/@user`, … routes). */
export function isWebAppPath(urlPath: string): boolean {
  return (
    urlPath === '/' ||
    urlPath === '/share' ||
    /^\/(home|publish|notifications|explore|search|statuses|deck|getting-started|bookmarks|favourites|lists|conversations|directory|start|public|tags|@[^/]+)(\/|$)/.test(
      urlPath,
    )
  );
}

/** The manifest Mastodon serves at `/manifest` (a trimmed ManifestSerializer). */
export function webManifest(title: string): Reply {
  return {
    status: 200,
    bytes: Buffer.from(
      JSON.stringify({
        id: '/home',
        name: title,
        short_name: title,
        start_url: '/home',
        scope: '/',
        display: 'standalone',
        icons: [],
      }),
    ),
    contentType: 'application/manifest+json; charset=utf-8',
  };
}

const FAVICON = makePng('favicon');

/** The server's title and push key, as its instance endpoint gives them. */
const TITLE = 'Fediprint Test Server';
const VAPID_KEY = 'BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0_OH5mMlI4UkkDTpaZwozy0TzdZ2M=';

/**
 * The answer to a GET that no API route took: the web app's shell, one of the bundle's files, the
 * web manifest, or null (not the web UI's: the caller answers 404).
 */
export function serveWebUi(
  version: RealWebUiVersion,
  urlPath: string,
  options: {
    origin: string;
    accessToken: string;
    credentialAccount: () => ShellAccount;
    query?: URLSearchParams;
  },
): Reply | null {
  if (urlPath === '/manifest' || urlPath === '/manifest.json') return webManifest(TITLE);
  // Mastodon's favicon comes from its own public folder, not the front end's build.
  if (urlPath === '/favicon.ico') return { status: 200, bytes: FAVICON, contentType: 'image/png' };
  const app = isWebAppPath(urlPath);
  const file =
    !app &&
    !/^\/(api|oauth|system|\.well-known|nodeinfo)(\/|$)/.test(urlPath) &&
    (urlPath.startsWith('/packs/') || /\.[a-z0-9]{2,5}$/i.test(urlPath));
  if (!app && !file) return null;
  const missing = realWebUiMissing(version);
  if (missing) return { status: 404, html: `<!doctype html><h1>${escapeHtml(missing)}</h1>` };
  const bundle = webUiBundle(version);
  if (file) return webUiStaticFile(bundle, urlPath) ?? { status: 404, html: '<h1>Not Found</h1>' };
  return {
    status: 200,
    html: renderRealShell(bundle, {
      origin: options.origin,
      accessToken: options.accessToken,
      credentialAccount: options.credentialAccount(),
      title: TITLE,
      vapidKey: VAPID_KEY,
      path: urlPath,
      query: options.query,
    }),
  };
}
