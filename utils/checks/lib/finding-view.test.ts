import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../types';
import {
  areaOf,
  collapseByCheck,
  filterFindings,
  fixButtonLabel,
  groupBySeverity,
  kindOptions,
  safeHttpUrl,
  splitDismissed,
} from './finding-view';

const f = (id: string, check: string, severity: Severity, kinds?: string[]): Finding => ({
  id,
  check,
  severity,
  title: id,
  detail: '',
  ...(kinds ? { kinds: kinds as Finding['kinds'] } : {}),
});

const findings = [
  f('a', 'public-post-personal-info', 'high', ['payment-card', 'phone']),
  f('b', 'account-not-locked', 'medium'),
  f('c', 'dm-personal-info', 'low', ['phone']),
  f('d', 'followers-on-blocked-servers', 'high'),
  f('e', 'profile-personal-info', 'medium', ['email']),
];

describe('finding view helpers', () => {
  const cases: { name: string; filter: Parameters<typeof filterFindings>[1]; ids: string[] }[] = [
    { name: 'no filter', filter: {}, ids: ['a', 'b', 'c', 'd', 'e'] },
    { name: 'severity high', filter: { severities: ['high'] }, ids: ['a', 'd'] },
    { name: 'two severities', filter: { severities: ['high', 'low'] }, ids: ['a', 'c', 'd'] },
    { name: 'area messages', filter: { area: 'messages' }, ids: ['c'] },
    { name: 'area settings', filter: { area: 'settings' }, ids: ['b'] },
    { name: 'kind phone', filter: { kind: 'phone' }, ids: ['a', 'c'] },
    { name: 'kind and severity', filter: { kind: 'phone', severities: ['low'] }, ids: ['c'] },
  ];
  it.each(cases)('filter: $name', ({ filter, ids }) => {
    expect(filterFindings(findings, filter).map((x) => x.id)).toEqual(ids);
  });

  it('groups by severity in order, leaving empty groups out', () => {
    expect(groupBySeverity(findings).map((g) => [g.severity, g.findings.map((x) => x.id)])).toEqual([
      ['high', ['a', 'd']],
      ['medium', ['b', 'e']],
      ['low', ['c']],
    ]);
  });

  it('offers the kinds present, most frequent first, with labels', () => {
    expect(kindOptions(findings)).toEqual([
      { kind: 'phone', label: 'phone number', count: 2 },
      { kind: 'email', label: 'email address', count: 1 },
      { kind: 'payment-card', label: 'payment card number', count: 1 },
    ]);
  });

  it('areas, fix words, dismissed split and safe links', () => {
    expect(areaOf({ check: 'old-public-posts' })).toBe('posts');
    expect(areaOf({ check: 'some-future-check' })).toBe('settings');
    expect(fixButtonLabel({ type: 'update-credentials', update: { locked: true } })).toBe('Fix');
    expect(fixButtonLabel({ type: 'update-profile', patch: { show_media_replies: false } })).toBe('Fix');
    expect(fixButtonLabel({ type: 'remove-followers', domains: ['x'] })).toBe('Remove followers…');
    const split = splitDismissed(findings, ['b', 'c']);
    expect(split.active.map((x) => x.id)).toEqual(['a', 'd', 'e']);
    expect(split.dismissed.map((x) => x.id)).toEqual(['b', 'c']);
    expect(splitDismissed(findings, new Set(['a'])).dismissed.map((x) => x.id)).toEqual(['a']);
    expect(safeHttpUrl('https://home.example/@owner/1')).toBe('https://home.example/@owner/1');
    expect(safeHttpUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeHttpUrl('not a url')).toBeUndefined();
    expect(safeHttpUrl(undefined)).toBeUndefined();
  });

  it('collapses long runs of one check, per check', () => {
    const many = [
      ...Array.from({ length: 4 }, (_, i) => f(`old${i}`, 'old-public-posts', 'low')),
      f('x', 'collections-shown', 'low'),
    ];
    const collapsed = collapseByCheck(many, 2, new Set());
    expect(collapsed.visible.map((x) => x.id)).toEqual(['old0', 'old1', 'x']);
    expect(collapsed.hidden).toEqual([{ check: 'old-public-posts', count: 2, total: 4 }]);
    const open = collapseByCheck(many, 2, new Set(['old-public-posts']));
    expect(open.visible).toHaveLength(5);
    expect(open.hidden).toEqual([]);
  });
});
