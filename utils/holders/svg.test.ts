import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DOMParser } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { makeRemoteAccount, makeSnapshot, makeStatus } from '../../test/factories';
import type { Mention } from '../mastodon/schemas';
import { computeHolders, STANDINGS } from './index';
import { STANDALONE_THEME, holdersSvg, markPath, textWidth, wrapText } from './svg';

const mention = (acct: string): Mention => ({ id: acct, username: 'u', acct, url: `https://x/@${acct}` });

function map(followerDomains: string[], dmTo: string[] = []) {
  const snapshot = makeSnapshot({
    instance: { domain: 'home.example', title: 'Home', version: '4.3.0' },
    statuses: [
      makeStatus({ visibility: 'public' }),
      makeStatus({ visibility: 'private' }),
      ...dmTo.map((acct) => makeStatus({ visibility: 'direct', mentions: [mention(acct)] })),
    ],
    followers: followerDomains.map((d, i) => makeRemoteAccount(`f${i}`, d)),
  });
  return computeHolders(snapshot, {
    trustedServers: ['home.example', 'friends.example'],
    retentionDays: null,
  });
}

const parse = (svg: string) => new DOMParser().parseFromString(svg, 'image/svg+xml');

describe('holders picture', () => {
  const m = map(['friends.example', 'far.example', 'far.example'], ['eve@dm.example']);

  it('makes the home server, every group and every server a button in the dashboard', () => {
    const doc = parse(holdersSvg(m, { interactive: true }));
    const keys = [...doc.querySelectorAll('[data-key]')].map((e) => e.getAttribute('data-key'));
    expect(keys).toEqual([
      'server:home.example',
      'group:direct',
      'server:dm.example',
      'group:followersOnly',
      'server:far.example',
      'server:friends.example',
      'group:public',
    ]);
    for (const el of doc.querySelectorAll('[data-key]')) expect(el.getAttribute('role')).toBe('button');
    // Marks show no text: they carry a label. Boxes are named by the text they show.
    expect(doc.querySelector('[data-key="server:dm.example"]')!.getAttribute('aria-label')).toBe(
      'dm.example (not trusted)',
    );
    expect(doc.querySelector('[data-key="group:direct"]')!.getAttribute('aria-label')).toBe(null);
    // Tab reaches the home server and the groups; the arrow keys reach the servers.
    expect(doc.querySelector('[data-key="group:direct"]')!.getAttribute('tabindex')).toBe('0');
    expect(doc.querySelector('[data-key="server:dm.example"]')!.getAttribute('tabindex')).toBe('-1');
    expect(doc.querySelector('[data-key="server:far.example"]')!.getAttribute('data-standing')).toBe(
      'untrusted',
    );
    expect(doc.querySelector('[data-key="group:direct"]')!.textContent).toBe(
      'Servers holding your private mentionsServers: 1 · Private mentions: 1not trusted: 1',
    );
  });

  it('is an image with a title and no controls in the export, with its own light and dark colours', () => {
    const svg = holdersSvg(m, { interactive: false, standalone: true });
    const doc = parse(svg);
    const root = doc.querySelector('svg')!;
    expect(root.getAttribute('role')).toBe('img');
    expect(root.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
    expect(doc.querySelector('title')!.textContent).toBe('Who holds your data');
    expect(doc.querySelectorAll('[role=button], [tabindex]').length).toBe(0);
    expect(svg).toContain('@media (prefers-color-scheme: dark)');
    expect(svg).toContain('home.example');
  });

  it('escapes what other servers named themselves', () => {
    const hostile = map(['x.example'], ['a@<script>alert(1)</script>&"q']);
    const svg = holdersSvg(hostile, { interactive: true });
    const doc = parse(svg);
    expect(doc.querySelectorAll('script').length).toBe(0);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;q');
    expect(svg).toContain('data-key="server:&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;q"');
  });

  it('shows at most four rows of servers per group and says how many more', () => {
    const many = map(Array.from({ length: 150 }, (_, i) => `s${i}.example`));
    const doc = parse(holdersSvg(many, { interactive: true }));
    const marks = doc.querySelectorAll('[data-standing]');
    expect(marks.length).toBeLessThan(150);
    expect(marks.length).toBeGreaterThan(60);
    const more = [...doc.querySelectorAll('text')].map((e) => e.textContent).find((s) => s?.startsWith('+'));
    expect(more).toBe(`+${150 - marks.length}`);
  });

  it('gives each standing its own shape', () => {
    const paths = STANDINGS.map((s) => markPath(s, 8, 8, 6));
    expect(new Set(paths).size).toBe(STANDINGS.length);
  });

  it('wraps text to the width, also without spaces', () => {
    const lines = wrapText(
      'Holds everything: your e-mail address, the IP addresses you sign in from',
      150,
      12,
    );
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(textWidth(l, 12)).toBeLessThanOrEqual(150);
    const ja = wrapText('メールアドレス、サインインに使うIPアドレス、すべての投稿と非公開の返信', 120, 12);
    expect(ja.length).toBeGreaterThan(1);
    for (const l of ja) expect(textWidth(l, 12)).toBeLessThanOrEqual(120);
  });

  it('uses the theme’s colours in the standalone file', () => {
    const css = readFileSync(path.resolve(__dirname, '../../assets/theme.css'), 'utf8');
    const block = (from: number) => css.slice(css.indexOf('{', from) + 1, css.indexOf('}', from));
    const vars = (text: string) =>
      Object.fromEntries([...text.matchAll(/(--fp-[a-z-]+):\s*([^;]+);/g)].map((x) => [x[1], x[2]!.trim()]));
    const light = vars(block(css.indexOf(':root')));
    const dark = vars(block(css.indexOf(':root', css.indexOf('prefers-color-scheme: dark'))));
    for (const [k, v] of Object.entries(STANDALONE_THEME.light)) expect(light[k], k).toBe(v);
    for (const [k, v] of Object.entries(STANDALONE_THEME.dark)) expect(dark[k], k).toBe(v);
  });
});
