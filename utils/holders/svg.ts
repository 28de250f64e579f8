/**
 * The "who holds your data" picture as SVG text: one pure function for the dashboard (which
 * inserts it and handles clicks and keys by delegation, through the `data-key` attributes) and
 * for the exported report (a standalone file with its own light and dark colours). Hand-written
 * rather than a chart library: it is one fixed layout of boxes, curves and marks, and a library
 * would bring a renderer for each context.
 *
 * Every piece of text comes through t() and is XML-escaped here: domains come from other servers.
 */
import { t, type MessageKey } from '../i18n';
import {
  STANDINGS,
  type HeldCounts,
  type HolderGroup,
  type HolderGroupId,
  type HolderMap,
  type HolderStanding,
} from './index';

export interface SvgOptions {
  /** Buttons with keyboard focus and names, for the dashboard; otherwise an image. */
  interactive: boolean;
  /** Adds the colours the page's theme would give, for a file opened on its own. */
  standalone?: boolean;
  /** For number formatting. */
  locale?: string;
}

const W = 760;
const PAD = 8;
const YOU = { cx: 32, r: 20 };
const HOME = { x: 76, w: 212 };
const GROUPS_X = 340;
const GROUP_W = W - GROUPS_X - PAD;
const INNER = 12;
const MARK_PITCH = 16;
const MARK_R = 6;
const MAX_MARK_ROWS = 4;
const GAP = 14;

/**
 * Colours of assets/theme.css for the standalone file, which cannot load the extension's
 * stylesheet. A unit test keeps them equal to the theme's.
 */
export const STANDALONE_THEME = {
  light: {
    '--fp-bg': '#ffffff',
    '--fp-surface': '#f4f5f8',
    '--fp-fg': '#17181c',
    '--fp-muted': '#5b5f6b',
    '--fp-border': '#d5d8e0',
    '--fp-accent': '#4b3fd8',
    '--fp-accent-fg': '#ffffff',
    '--fp-high': '#b3261e',
    '--fp-medium': '#a15c00',
    '--fp-low': '#2f6b2f',
    '--fp-focus': '#4b3fd8',
  },
  dark: {
    '--fp-bg': '#15161a',
    '--fp-surface': '#202228',
    '--fp-fg': '#eceef3',
    '--fp-muted': '#a7acb8',
    '--fp-border': '#3a3d47',
    '--fp-accent': '#a59cff',
    '--fp-accent-fg': '#15161a',
    '--fp-high': '#ff8a80',
    '--fp-medium': '#ffb74d',
    '--fp-low': '#81c784',
    '--fp-focus': '#a59cff',
  },
} as const;

/** Colour is the third cue: every standing also has its own shape and its words. */
export const STANDING_COLOR: Record<HolderStanding, string> = {
  home: 'var(--fp-accent)',
  trusted: 'var(--fp-low)',
  untrusted: 'var(--fp-medium)',
  limited: 'var(--fp-high)',
  suspended: 'var(--fp-high)',
};

const STYLE = `
.fp-hm { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif; }
.fp-hm text { fill: var(--fp-fg); font-size: 12px; }
.fp-hm .fp-hm-title { font-size: 15px; font-weight: 700; }
.fp-hm .fp-hm-domain { font-size: 13px; font-weight: 600; }
.fp-hm .fp-hm-muted { fill: var(--fp-muted); }
.fp-hm .fp-hm-you-text { fill: var(--fp-accent-fg); font-weight: 700; }
.fp-hm .fp-hm-box { fill: var(--fp-surface); stroke: var(--fp-border); stroke-width: 1; }
.fp-hm .fp-hm-box-empty { fill: none; stroke-dasharray: 5 4; }
.fp-hm .fp-hm-home { stroke: var(--fp-accent); stroke-width: 2; }
.fp-hm .fp-hm-you { fill: var(--fp-accent); }
.fp-hm .fp-hm-flow { fill: none; stroke: var(--fp-muted); stroke-opacity: 0.45; }
.fp-hm .fp-hm-flow-empty { stroke-dasharray: 4 4; }
.fp-hm .fp-hm-arrow { fill: var(--fp-muted); }
${STANDINGS.map((s) => `.fp-hm .fp-hm-s-${s} { fill: ${STANDING_COLOR[s]}; }`).join('\n')}
.fp-hm .fp-hm-frame { fill: transparent; stroke: none; }
.fp-hm [data-key] { cursor: pointer; outline: none; }
.fp-hm [data-key]:hover .fp-hm-frame { stroke: var(--fp-muted); stroke-width: 1.5; }
.fp-hm [data-key]:focus-visible .fp-hm-frame,
.fp-hm [data-key][aria-pressed='true'] .fp-hm-frame { stroke: var(--fp-focus); stroke-width: 3; }
.fp-hm [data-key]:focus-visible .fp-hm-box,
.fp-hm [data-key][aria-pressed='true'] .fp-hm-box { stroke: var(--fp-focus); stroke-width: 3; }
`;

function themeCss(vars: Record<string, string>): string {
  return Object.entries(vars)
    .map(([k, v]) => `${k}: ${v};`)
    .join(' ');
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}

type Attrs = Record<string, string | number | undefined>;
function el(tag: string, attrs: Attrs, children = ''): string {
  const a = Object.entries(attrs)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(typeof v === 'number' ? fmtNum(v) : v)}"`)
    .join('');
  return children === '' ? `<${tag}${a}/>` : `<${tag}${a}>${children}</${tag}>`;
}
const fmtNum = (n: number) => String(Math.round(n * 10) / 10);

/** Rough width of `text` at `size` px in a system sans-serif: enough to wrap and to squeeze. */
export function textWidth(text: string, size: number): number {
  let em = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (
      c >= 0x1100 &&
      (c <= 0x115f ||
        (c >= 0x2e80 && c <= 0xa4cf) ||
        (c >= 0xac00 && c <= 0xd7a3) ||
        (c >= 0xf900 && c <= 0xfaff) ||
        (c >= 0xfe30 && c <= 0xfe4f) ||
        (c >= 0xff00 && c <= 0xff60))
    )
      em += 1;
    else if (ch === ' ') em += 0.28;
    else if (/[A-ZÄÖÜÉÈÀ@mwMW]/.test(ch)) em += 0.68;
    else if (/[ilj.,:;'|!]/.test(ch)) em += 0.28;
    else em += 0.55;
  }
  return em * size;
}

/** Greedy line breaking by estimated width; words too long for a line (or text without spaces) break anywhere. */
export function wrapText(text: string, maxWidth: number, size: number): string[] {
  const lines: string[] = [];
  let line = '';
  const push = (word: string) => {
    const candidate = line ? `${line} ${word}` : word;
    if (textWidth(candidate, size) <= maxWidth) {
      line = candidate;
      return;
    }
    if (line) lines.push(line);
    line = '';
    if (textWidth(word, size) <= maxWidth) {
      line = word;
      return;
    }
    let part = '';
    for (const ch of word) {
      if (textWidth(part + ch, size) > maxWidth && part) {
        lines.push(part);
        part = '';
      }
      part += ch;
    }
    line = part;
  };
  for (const word of text.split(/\s+/).filter(Boolean)) push(word);
  if (line) lines.push(line);
  return lines;
}

/** Joins pieces with " · ", starting a new line where the next piece would not fit. */
function flowPieces(pieces: string[], maxWidth: number, size: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const p of pieces) {
    const candidate = line ? `${line} · ${p}` : p;
    if (line && textWidth(candidate, size) > maxWidth) {
      lines.push(line);
      line = p;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/** A text element that is squeezed to fit when the estimate says it would overflow. */
function text(
  x: number,
  y: number,
  content: string,
  cls: string,
  size: number,
  maxWidth: number,
  anchor?: 'middle',
): string {
  // Bold titles and the semibold domain run wider than the estimate's regular weight.
  const weight = cls === 'fp-hm-title' ? 1.12 : cls === 'fp-hm-domain' ? 1.06 : 1;
  const squeeze = textWidth(content, size) * weight > maxWidth;
  return el(
    'text',
    {
      x,
      y,
      class: cls || undefined,
      'text-anchor': anchor,
      textLength: squeeze ? maxWidth : undefined,
      lengthAdjust: squeeze ? 'spacingAndGlyphs' : undefined,
    },
    escapeXml(content),
  );
}

/**
 * The mark of a standing, centred on (cx, cy) within radius r, as one path so that the picture,
 * the legend and the dashboard's icons share it: circle trusted, triangle not trusted, hollow
 * square limited, cross suspended, house the home server.
 */
export function markPath(standing: HolderStanding, cx: number, cy: number, r: number): string {
  const f = fmtNum;
  switch (standing) {
    case 'trusted':
      return `M${f(cx - r)} ${f(cy)}a${f(r)} ${f(r)} 0 1 0 ${f(2 * r)} 0a${f(r)} ${f(r)} 0 1 0 ${f(-2 * r)} 0Z`;
    case 'untrusted':
      return `M${f(cx)} ${f(cy - r)}L${f(cx + r)} ${f(cy + 0.85 * r)}L${f(cx - r)} ${f(cy + 0.85 * r)}Z`;
    case 'limited': {
      const o = 0.85 * r;
      const i = 0.4 * r;
      return `M${f(cx - o)} ${f(cy - o)}H${f(cx + o)}V${f(cy + o)}H${f(cx - o)}Z M${f(cx - i)} ${f(cy - i)}V${f(cy + i)}H${f(cx + i)}V${f(cy - i)}Z`;
    }
    case 'suspended': {
      const a = r;
      const b = 0.3 * r;
      // A cross of two bars, as one outline.
      return `M${f(cx - a)} ${f(cy - a + b)}L${f(cx - a + b)} ${f(cy - a)}L${f(cx)} ${f(cy - b)}L${f(cx + a - b)} ${f(cy - a)}L${f(cx + a)} ${f(cy - a + b)}L${f(cx + b)} ${f(cy)}L${f(cx + a)} ${f(cy + a - b)}L${f(cx + a - b)} ${f(cy + a)}L${f(cx)} ${f(cy + b)}L${f(cx - a + b)} ${f(cy + a)}L${f(cx - a)} ${f(cy + a - b)}L${f(cx - b)} ${f(cy)}Z`;
    }
    case 'home':
      return `M${f(cx)} ${f(cy - r)}L${f(cx + r)} ${f(cy - 0.1 * r)}V${f(cy + r)}H${f(cx - r)}V${f(cy - 0.1 * r)}Z`;
  }
}

export function mark(standing: HolderStanding, cx: number, cy: number, r: number): string {
  return el('path', {
    d: markPath(standing, cx, cy, r),
    class: `fp-hm-s-${standing}`,
    'fill-rule': 'evenodd',
  });
}

const STANDING_KEYS: Record<HolderStanding, MessageKey> = {
  home: 'holders_standing_home',
  trusted: 'holders_standing_trusted',
  untrusted: 'holders_standing_untrusted',
  limited: 'holders_standing_limited',
  suspended: 'holders_standing_suspended',
};
export const standingLabel = (s: HolderStanding): string => t(STANDING_KEYS[s]);

const GROUP_KEYS: Record<HolderGroupId, MessageKey> = {
  home: 'holders_group_home',
  direct: 'holders_group_direct',
  followersOnly: 'holders_group_followersOnly',
  public: 'holders_group_public',
};
export const groupLabel = (g: HolderGroupId): string => t(GROUP_KEYS[g]);

/** "Private mentions: 17" and the like, for what is held; zero counts are left out unless `keep`. */
export function heldPieces(
  held: HeldCounts,
  fmt: (n: number) => string,
  keep: (keyof HeldCounts)[] = [],
): string[] {
  const out: string[] = [];
  if (held.direct > 0 || keep.includes('direct')) out.push(t('holders_count_direct', fmt(held.direct)));
  if (held.followersOnly > 0 || keep.includes('followersOnly'))
    out.push(t('holders_count_followersOnly', fmt(held.followersOnly)));
  if (held.public > 0 || keep.includes('public')) out.push(t('holders_count_public', fmt(held.public)));
  return out;
}

/** The count a group is defined by: shown even when zero. */
const DEFINING: Record<HolderGroupId, (keyof HeldCounts)[]> = {
  home: ['direct', 'followersOnly', 'public'],
  direct: ['direct'],
  followersOnly: ['followersOnly'],
  public: ['public'],
};

/** One sentence naming a group and what it holds: the name of its button, and the table's row. */
export function groupSummary(group: HolderGroup, fmt: (n: number) => string): string {
  const servers = t('holders_count_servers', fmt(group.domains.length));
  const standings = STANDINGS.filter((s) => s !== 'home' && group.standings[s] > 0).map((s) =>
    t('holders_count_standing', standingLabel(s), fmt(group.standings[s])),
  );
  return [servers, ...standings, ...heldPieces(group.held, fmt, DEFINING[group.id])].join('; ');
}

interface Laid {
  svg: string;
  height: number;
}

/**
 * A button's attributes. Boxes with visible text are named by that text (a separate label would
 * have to repeat it word for word to match what is seen); marks, which show none, get `label`.
 */
function targetAttrs(
  interactive: boolean,
  key: string,
  label: string | undefined,
  focusable: boolean,
): Attrs {
  if (!interactive) return { 'data-key': undefined };
  return {
    'data-key': key,
    role: 'button',
    tabindex: focusable ? 0 : -1,
    'aria-label': label,
    'aria-pressed': 'false',
  };
}

function layGroup(
  group: HolderGroup,
  map: HolderMap,
  y: number,
  options: SvgOptions,
  fmt: (n: number) => string,
): Laid {
  const x = GROUPS_X;
  const innerW = GROUP_W - 2 * INNER;
  const tx = x + INNER;
  const parts: string[] = [];
  let cy = y + INNER + 15;
  parts.push(text(tx, cy, groupLabel(group.id), 'fp-hm-title', 15, innerW));
  cy += 6;
  const pieces = [
    t('holders_count_servers', fmt(group.domains.length)),
    ...heldPieces(group.held, fmt, DEFINING[group.id]),
  ];
  for (const line of flowPieces(pieces, innerW, 12)) {
    cy += 16;
    parts.push(text(tx, cy, line, '', 12, innerW));
  }

  const n = group.domains.length;
  const perRow = Math.floor(innerW / MARK_PITCH);
  const cap = perRow * MAX_MARK_ROWS;
  const shown = n > cap ? cap - 1 : n;
  const rows = Math.ceil((n > cap ? cap : n) / perRow);
  const marksTop = cy + 8;
  const marks: string[] = [];
  const byDomain = new Map(map.servers.map((s) => [s.domain, s]));
  for (let i = 0; i < shown; i++) {
    const server = byDomain.get(group.domains[i]!)!;
    const mx = tx + (i % perRow) * MARK_PITCH + MARK_PITCH / 2;
    const my = marksTop + Math.floor(i / perRow) * MARK_PITCH + MARK_PITCH / 2;
    const label = t('holders_markLabel', server.domain, standingLabel(server.standing));
    marks.push(
      el(
        'g',
        {
          ...targetAttrs(options.interactive, `server:${server.domain}`, label, false),
          'data-standing': server.standing,
          'data-in': group.id,
        },
        el('title', {}, escapeXml(label)) +
          el('rect', { class: 'fp-hm-frame', x: mx - 8, y: my - 8, width: 16, height: 16, rx: 3 }) +
          mark(server.standing, mx, my, MARK_R),
      ),
    );
  }
  if (n > cap) {
    const i = cap - 1;
    parts.push(
      text(
        tx + (i % perRow) * MARK_PITCH,
        marksTop + Math.floor(i / perRow) * MARK_PITCH + 12,
        t('holders_moreMarks', fmt(n - shown)),
        'fp-hm-muted',
        11,
        40,
      ),
    );
  }
  if (n === 0) {
    cy += 18;
    parts.push(text(tx, cy, t('holders_groupEmpty'), 'fp-hm-muted', 12, innerW));
  } else cy = marksTop + rows * MARK_PITCH;

  // Legend of the standings present, mark beside its label and count.
  let lx = tx;
  let ly = cy + 16;
  for (const s of STANDINGS) {
    if (s === 'home' || group.standings[s] === 0) continue;
    const label = t('holders_count_standing', standingLabel(s), fmt(group.standings[s]));
    const w = 16 + textWidth(label, 12) * 1.1 + 16;
    if (lx > tx && lx + w > tx + innerW) {
      lx = tx;
      ly += 18;
    }
    parts.push(mark(s, lx + 6, ly - 4, 5.5), text(lx + 16, ly, label, 'fp-hm-muted', 12, innerW - 16));
    lx += w;
  }
  const bottom = (n > 0 ? ly : cy) + INNER;
  const height = bottom - y;
  const box = el('rect', {
    class: n === 0 ? 'fp-hm-box fp-hm-box-empty' : 'fp-hm-box',
    x,
    y,
    width: GROUP_W,
    height,
    rx: 8,
  });
  const g = el(
    'g',
    { ...targetAttrs(options.interactive, `group:${group.id}`, undefined, true), 'data-group': group.id },
    box + parts.join(''),
  );
  return { svg: g + marks.join(''), height };
}

function layHome(map: HolderMap, y: number, options: SvgOptions, fmt: (n: number) => string): Laid {
  const home = map.groups.find((g) => g.id === 'home')!;
  const innerW = HOME.w - 2 * INNER;
  const tx = HOME.x + INNER;
  const parts: string[] = [];
  let cy = y + INNER + 15;
  parts.push(
    mark('home', tx + 7, cy - 5, 7),
    text(tx + 20, cy, groupLabel('home'), 'fp-hm-title', 15, innerW - 20),
  );
  cy += 18;
  parts.push(text(tx, cy, map.homeDomain, 'fp-hm-domain', 13, innerW));
  cy += 2;
  for (const line of wrapText(t('holders_groupNote_home'), innerW, 12)) {
    cy += 15;
    parts.push(text(tx, cy, line, 'fp-hm-muted', 12, innerW));
  }
  cy += 4;
  for (const piece of heldPieces(home.held, fmt, DEFINING.home)) {
    cy += 16;
    parts.push(text(tx, cy, piece, '', 12, innerW));
  }
  const height = cy + INNER - y;
  const box = el('rect', { class: 'fp-hm-box fp-hm-home', x: HOME.x, y, width: HOME.w, height, rx: 10 });
  return {
    svg: el(
      'g',
      {
        ...targetAttrs(options.interactive, `server:${map.homeDomain}`, undefined, true),
        'data-group': 'home',
      },
      box + parts.join(''),
    ),
    height,
  };
}

/** The whole picture: you → your home server → each group of servers, as SVG text. */
export function holdersSvg(map: HolderMap, options: SvgOptions): string {
  const nf = new Intl.NumberFormat(options.locale ?? 'en');
  const fmt = (n: number) => nf.format(n);
  const remoteGroups = map.groups.filter((g) => g.id !== 'home');

  const laid: (Laid & { group: HolderGroup; y: number })[] = [];
  let y = PAD;
  for (const g of remoteGroups) {
    const l = layGroup(g, map, y, options, fmt);
    laid.push({ ...l, group: g, y });
    y += l.height + GAP;
  }
  const groupsHeight = y - GAP - PAD;
  // The home box is laid once to learn its height, then again where it is centred.
  const homeHeight = layHome(map, 0, options, fmt).height;
  const height = Math.max(groupsHeight, homeHeight) + 2 * PAD;
  const home = layHome(map, (height - homeHeight) / 2, options, fmt);
  const mid = height / 2;

  const flows: string[] = [];
  const maxServers = Math.max(1, ...remoteGroups.map((g) => g.domains.length));
  laid.forEach((l, i) => {
    const n = l.group.domains.length;
    const sw = n === 0 ? 1.5 : 3 + 9 * Math.sqrt(n / maxServers);
    const x1 = HOME.x + HOME.w;
    const y1 = mid + (i - (laid.length - 1) / 2) * 18;
    const x2 = GROUPS_X - 6;
    const y2 = l.y + INNER + 10;
    const xm = (x1 + x2) / 2;
    flows.push(
      el('path', {
        class: n === 0 ? 'fp-hm-flow fp-hm-flow-empty' : 'fp-hm-flow',
        d: `M${fmtNum(x1)} ${fmtNum(y1)}C${fmtNum(xm)} ${fmtNum(y1)} ${fmtNum(xm)} ${fmtNum(y2)} ${fmtNum(x2)} ${fmtNum(y2)}`,
        'stroke-width': sw,
      }),
      el('path', { class: 'fp-hm-arrow', d: `M${GROUPS_X} ${fmtNum(y2)}l-8 -5v10Z` }),
    );
  });

  const you =
    el('circle', { class: 'fp-hm-you', cx: YOU.cx, cy: mid, r: YOU.r }) +
    text(YOU.cx, mid + 4, t('holders_you'), 'fp-hm-you-text', 12, 2 * YOU.r - 4, 'middle') +
    el('path', {
      class: 'fp-hm-flow',
      d: `M${YOU.cx + YOU.r} ${fmtNum(mid)}H${HOME.x - 6}`,
      'stroke-width': 3,
    }) +
    el('path', { class: 'fp-hm-arrow', d: `M${HOME.x} ${fmtNum(mid)}l-8 -5v10Z` });

  const style = options.standalone
    ? `.fp-hm { ${themeCss(STANDALONE_THEME.light)} }\n@media (prefers-color-scheme: dark) { .fp-hm { ${themeCss(STANDALONE_THEME.dark)} } }${STYLE}`
    : STYLE;
  const title = t('holders_title');
  const desc = t('holders_diagramLabel');
  const rootAttrs: Attrs = options.interactive
    ? { role: 'group', 'aria-label': desc }
    : { role: 'img', 'aria-labelledby': 'fp-hm-title fp-hm-desc' };
  const body =
    (options.interactive
      ? ''
      : el('title', { id: 'fp-hm-title' }, escapeXml(title)) +
        el('desc', { id: 'fp-hm-desc' }, escapeXml(desc))) +
    el('style', {}, style) +
    (options.standalone ? el('rect', { x: 0, y: 0, width: W, height, fill: 'var(--fp-bg)' }) : '') +
    flows.join('') +
    you +
    home.svg +
    laid.map((l) => l.svg).join('');
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      class: 'fp-hm',
      viewBox: `0 0 ${W} ${fmtNum(height)}`,
      width: options.standalone ? W : undefined,
      height: options.standalone ? fmtNum(height) : undefined,
      ...rootAttrs,
    },
    body,
  );
}
