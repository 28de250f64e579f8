/**
 * What the compose warnings read from a compose box and what they say about it.
 * The analysis is pure: a ComposeInput plus a ComposeContext in, warnings out.
 */
import type { PiiKind } from '../pii/types';

export const VISIBILITIES = ['public', 'unlisted', 'private', 'direct'] as const;
/** Mastodon's post visibilities. https://docs.joinmastodon.org/entities/Status/#visibility */
export type Visibility = (typeof VISIBILITIES)[number];

export const QUOTE_POLICIES = ['public', 'followers', 'nobody'] as const;
/** Who may quote a post (Mastodon 4.5+). https://docs.joinmastodon.org/entities/QuoteApproval/ */
export type QuotePolicy = (typeof QUOTE_POLICIES)[number];

export interface ComposeInput {
  text: string;
  /** The content warning text; empty when the CW is off. It is published like the text. */
  spoiler: string;
  pollOptions: string[];
  /** null when the visibility control could not be read (unknown UI): treated as possibly public. */
  visibility: Visibility | null;
  /** Who may quote it (4.5+); null where the UI has no quote setting or it is unknown. */
  quotePolicy: QuotePolicy | null;
  /** Mastodon itself shows "Your account is not locked…" under the form, so we need not say it. */
  pageWarnsUnlocked: boolean;
  /** Mastodon itself says "Posts on Mastodon are not end-to-end encrypted…" (direct posts). */
  pageWarnsUnencrypted: boolean;
}

export interface PersonalInfoItem {
  kind: PiiKind;
  /** Distinct values found, masked with `maskValue`, in order of appearance (at most 3). */
  masked: string[];
  /** How many matches of this kind, including those not listed in `masked`. */
  count: number;
}

export type ComposeWarning =
  /** Personal info in a post anyone can read (or whose visibility we could not read). */
  | { type: 'personal-info'; visibility: 'public' | 'unlisted' | null; items: PersonalInfoItem[] }
  /** Followers-only while "require follow requests" is off: anyone can follow, then read. */
  | { type: 'followers-only-unlocked' }
  /** A DM or followers-only post that mentions accounts on servers the user has not trusted. */
  | {
      type: 'untrusted-mentions';
      visibility: 'private' | 'direct';
      servers: string[];
      /** Mastodon's own notice already says DMs are not end-to-end encrypted: not repeated. */
      pageSaysUnencrypted?: boolean;
    }
  /** The quiet audience line, only ever added next to a risk. */
  | {
      type: 'audience';
      visibility: Visibility;
      serverCount: number;
      /** Who may quote a public or unlisted post, where the server has quotes (4.5+). */
      quotePolicy: QuotePolicy | null;
    };

export type ComposeWarningType = ComposeWarning['type'];
