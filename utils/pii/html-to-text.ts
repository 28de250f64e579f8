/**
 * Mastodon status HTML to the plain text the detectors read. Status `content` is hostile HTML
 * (https://docs.joinmastodon.org/entities/Status/#content), so this never touches the DOM: a small
 * tokenizer that runs the same in Node, service workers and content scripts.
 *
 * - `<p>` and `<br>` become line breaks (paragraphs separated by a blank line).
 * - Mention and hashtag links become their visible text (`@user`, `#tag`).
 * - Mastodon shortens links by wrapping `https://` and the tail in `<span class="invisible">`
 *   and the middle in `<span class="ellipsis">`; all three parts are kept, so a URL stays whole
 *   and a detector sees exactly what the link points to.
 * - `<script>`, `<style>`, `<template>` and comments contribute nothing.
 */

const BLOCK = new Set([
  'p',
  'div',
  'blockquote',
  'li',
  'ul',
  'ol',
  'pre',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'tr',
]);
const SKIP_CONTENT = new Set([
  'script',
  'style',
  'template',
  'noscript',
  'iframe',
  'object',
  'svg',
  'math',
  'textarea',
  'title',
]);

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  laquo: '«',
  raquo: '»',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  bdquo: '„',
  euro: '€',
  pound: '£',
  yen: '¥',
  copy: '©',
  reg: '®',
  deg: '°',
  middot: '·',
  bull: '•',
  shy: '\u00ad',
  zwj: '\u200d',
  zwnj: '\u200c',
  auml: 'ä',
  ouml: 'ö',
  uuml: 'ü',
  Auml: 'Ä',
  Ouml: 'Ö',
  Uuml: 'Ü',
  szlig: 'ß',
  eacute: 'é',
  egrave: 'è',
  ecirc: 'ê',
  agrave: 'à',
  aacute: 'á',
  iacute: 'í',
  oacute: 'ó',
  uacute: 'ú',
  ntilde: 'ñ',
  ccedil: 'ç',
  Eacute: 'É',
};

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[A-Za-z][A-Za-z0-9]{1,31});?/g, (whole, body: string) => {
    if (body[0] === '#') {
      const code =
        body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      // Invalid or surrogate code points become U+FFFD, as browsers do.
      if (!Number.isFinite(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
        return '\ufffd';
      return String.fromCodePoint(code);
    }
    return NAMED[body] ?? whole;
  });
}

export function htmlToText(html: string): string {
  let out = '';
  let i = 0;
  const n = html.length;
  let skipUntil: string | null = null;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      if (skipUntil === null) out += decodeEntities(html.slice(i));
      break;
    }
    if (lt > i && skipUntil === null) out += decodeEntities(html.slice(i, lt));
    i = lt;
    if (html.startsWith('<!--', i)) {
      const close = html.indexOf('-->', i + 4);
      i = close < 0 ? n : close + 3;
      continue;
    }
    const tag = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)/.exec(html.slice(i, i + 64));
    if (!tag) {
      // A lone "<" (e.g. "a < b" left unescaped) is text.
      if (skipUntil === null) out += '<';
      i++;
      continue;
    }
    const end = tagEnd(html, i + tag[0].length);
    const closing = tag[1] === '/';
    const name = (tag[2] ?? '').toLowerCase();
    i = end;
    if (skipUntil !== null) {
      if (closing && name === skipUntil) skipUntil = null;
      continue;
    }
    if (SKIP_CONTENT.has(name) && !closing) {
      if (!/\/\s*>$/.test(html.slice(Math.max(0, end - 2), end))) skipUntil = name;
      continue;
    }
    if (name === 'br') {
      out += '\n';
    } else if (BLOCK.has(name)) {
      if (closing || out.length > 0) out = breakParagraph(out);
    }
  }
  return out
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** End of a tag, honouring quoted attribute values that may contain ">". */
function tagEnd(html: string, from: number): number {
  let quote: string | null = null;
  for (let j = from; j < html.length; j++) {
    const c = html[j];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return j + 1;
    }
  }
  return html.length;
}

function breakParagraph(out: string): string {
  if (out.length === 0 || out.endsWith('\n\n')) return out;
  return out.endsWith('\n') ? `${out}\n` : `${out}\n\n`;
}
