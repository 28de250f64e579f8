import type { PiiKind } from '../pii/types';
import type { AccountSnapshot } from '../snapshot/types';
import type { CredentialsUpdate, ProfileUpdate } from '../mastodon/client';

export type Severity = 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['high', 'medium', 'low', 'info'];

/** What a one-click fix does. */
export type Fix =
  /** PATCH update_credentials with these fields (needs write:accounts). */
  | { type: 'update-credentials'; update: CredentialsUpdate }
  /** PATCH /api/v1/profile with these display options (4.6+, needs write:accounts). */
  | { type: 'update-profile'; patch: ProfileUpdate }
  /** A setting with no API: open this page on the home server. */
  | { type: 'open-settings'; url: string }
  /** Re-scope or delete these posts through the re-scope planner. */
  | { type: 'rescope'; statusIds: string[] }
  /** Add these servers to the trusted list, or review them. */
  | { type: 'trust-servers'; domains: string[] }
  /** Remove followers on these servers (needs write:follows). */
  | { type: 'remove-followers'; domains: string[] }
  /** Set who may quote these posts, one paced PUT interaction_policy each (4.5+; loses nothing). */
  | { type: 'quote-policy'; statusIds: string[]; policy: 'nobody' };

export interface Evidence {
  /** Where the text came from: 'content', 'spoiler', 'poll', 'media', 'display_name', 'note', 'field', 'history'. */
  where: string;
  /** The sensitive value, masked (`+49 151 ••••• 789`). The unmasked value is never stored in findings. */
  masked: string;
  kind?: PiiKind;
}

export interface Finding {
  /** Stable across runs: `${check}:${statusId ?? ''}:${discriminator}`. Used to remember dismissals. */
  id: string;
  check: string;
  severity: Severity;
  title: string;
  detail: string;
  statusId?: string;
  /** The posts a summary finding covers (one finding for many posts of the same kind of risk). */
  statusIds?: string[];
  /** Link to the post or setting on the home server. */
  url?: string;
  kinds?: PiiKind[];
  evidence?: Evidence[];
  /** Servers this finding is about (DM recipients, untrusted follower servers). */
  domains?: string[];
  fix?: Fix;
}

export interface CheckSettings {
  /** Domains the user trusts; always includes the home server's domain. */
  trustedServers: string[];
  /** Public posts older than this are flagged by the retention check. null = off. */
  retentionDays: number | null;
}

export interface CheckContext {
  snapshot: AccountSnapshot;
  settings: CheckSettings;
  /** The clock, so tests are deterministic. */
  now: Date;
  /** The home server's WebFinger domain (instance.domain, else the origin's host). */
  homeDomain: string;
}

export interface Check {
  /** Same as the file name, kebab-case. */
  id: string;
  /**
   * The first Mastodon version with the setting this check reads. On an older server the
   * check does not run and the report says it does not apply there.
   */
  since?: string;
  run(context: CheckContext): Finding[];
}
