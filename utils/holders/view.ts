/**
 * What the holders view says, derived from a HolderMap: the worst facts first, each server's
 * breakdown and the fixes that apply. Kept out of the Preact component so it is unit-tested;
 * the component only lays it out (the picture itself is ./svg.ts).
 */
import { t } from '../i18n';
import type { HolderFact, HolderMap, ServerHolding } from './index';

export type HolderTone = 'home' | 'trusted' | 'untrusted' | 'blocked';

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

export type HolderFix = 'trust' | 'removeFollowers' | 'block';

export interface FactView {
  kind: HolderFact['kind'];
  /** The fact as one sentence, counts substituted. */
  text: string;
  /** What to do about it. */
  fix: string;
  domains: string[];
  /** Fixes offered for its servers, in the order they are suggested. */
  fixes: HolderFix[];
}

/** The few facts that matter most, worst first, in words. Empty when nothing is held where it should not be. */
export function factViews(map: HolderMap, fmt: (n: number) => string = String): FactView[] {
  return map.facts.map((f): FactView => {
    switch (f.kind) {
      case 'direct-untrusted':
        return {
          kind: f.kind,
          text: t('holders_fact_directUntrusted', fmt(f.domains.length), fmt(f.direct)),
          fix: t('holders_fix_directUntrusted'),
          domains: f.domains,
          fixes: ['trust', 'block'],
        };
      case 'blocked-holding':
        return {
          kind: f.kind,
          text:
            f.direct > 0
              ? t('holders_fact_blockedHolding', fmt(f.domains.length), fmt(f.direct), fmt(f.followersOnly))
              : t('holders_fact_blockedHoldingFollowersOnly', fmt(f.domains.length), fmt(f.followersOnly)),
          fix: t('holders_fix_blockedHolding'),
          domains: f.domains,
          fixes: ['removeFollowers', 'block'],
        };
      case 'followers-only-untrusted':
        return {
          kind: f.kind,
          text: t('holders_fact_followersOnlyUntrusted', fmt(f.followersOnly), fmt(f.domains.length)),
          fix: t('holders_fix_followersOnlyUntrusted'),
          domains: f.domains,
          fixes: ['trust', 'removeFollowers'],
        };
    }
  });
}

/** The standing sentence shown in a server's detail, when there is one. */
export function standingNote(server: ServerHolding): string | null {
  if (server.isHome) return t('holders_detailHome');
  if (server.standing === 'limited') return t('holders_detailLimited');
  if (server.standing === 'suspended') return t('holders_detailSuspended');
  return null;
}
