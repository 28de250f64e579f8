/**
 * What the holders picture and table show, derived from a HolderMap. Kept out of the Preact
 * component so it is unit-tested; the component only lays it out.
 */
import { t } from '../i18n';
import type { HolderMap, ServerHolding } from './index';

export type HolderTone = 'home' | 'trusted' | 'untrusted' | 'blocked';

export interface HolderBar {
  domain: string;
  total: number;
  /** 0..1 share of the widest bar. Square-root scaled so small servers stay visible. */
  size: number;
  tone: HolderTone;
  /** One sentence for screen readers and tooltips. */
  label: string;
}

export interface HolderRow {
  key: string;
  label: string;
  count: number | null;
}

export function toneOf(server: ServerHolding): HolderTone {
  if (server.isHome) return 'home';
  if (server.block) return 'blocked';
  return server.trusted ? 'trusted' : 'untrusted';
}

export function toneLabel(tone: HolderTone): string {
  switch (tone) {
    case 'home':
      return t('holders_tone_home');
    case 'trusted':
      return t('holders_tone_trusted');
    case 'untrusted':
      return t('holders_tone_untrusted');
    case 'blocked':
      return t('holders_tone_blocked');
  }
}

/** The ranked bars, at most `limit` (the table lists every server). */
export function holderBars(map: HolderMap, limit = 30): HolderBar[] {
  const shown = map.servers.slice(0, limit);
  const max = Math.max(1, ...shown.map((s) => s.total));
  return shown.map((s) => {
    const tone = toneOf(s);
    return {
      domain: s.domain,
      total: s.total,
      size: s.isHome ? 1 : Math.max(0.02, Math.sqrt(s.total / max)),
      tone,
      label: t('holders_barLabel', s.domain, s.total, toneLabel(tone)),
    };
  });
}

/** What one server holds, line by line, for the detail panel. Zero lines are left out. */
export function holderBreakdown(server: ServerHolding): HolderRow[] {
  const rows: HolderRow[] = [];
  if (server.holdsEverything)
    rows.push({ key: 'everything', label: t('holders_row_everything'), count: null });
  rows.push({ key: 'profile', label: t('holders_row_profile'), count: null });
  const counted: [string, string, number][] = [
    ['public', t('holders_row_public'), server.posts.public],
    ['unlisted', t('holders_row_unlisted'), server.posts.unlisted],
    ['followersOnly', t('holders_row_followersOnly'), server.posts.followersOnly],
    ['direct', t('holders_row_direct'), server.posts.direct],
    ['mentioning', t('holders_row_mentioning'), server.posts.mentioning],
    ['followers', t('holders_row_followers'), server.followers],
    ['following', t('holders_row_following'), server.following],
  ];
  for (const [key, label, count] of counted) if (count > 0) rows.push({ key, label, count });
  return rows;
}

/** Which actions make sense for a server. */
export function holderActions(server: ServerHolding): {
  removeFollowers: boolean;
  block: boolean;
  trust: boolean;
  untrust: boolean;
} {
  return {
    removeFollowers: !server.isHome && server.followers > 0,
    block: !server.isHome,
    trust: !server.isHome && !server.trusted,
    untrust: !server.isHome && server.trusted,
  };
}
