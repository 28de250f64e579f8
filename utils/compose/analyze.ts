/**
 * The compose warnings' decisions, pure and synchronous: what is in the post, who will get it,
 * and which of that is a risk. Nothing here touches the DOM, the network or storage, so the typed
 * text stays in the page and every rule is a table test.
 */
import { detectInParts, detectPersonalInfo, maskValue } from '../pii';
import { CONTEXTUAL_KINDS, PII_KINDS, type PiiKind, type PiiMatch } from '../pii/types';
import type { ComposeContext } from './context';
import { untrustedMentionServers } from './mentions';
import type { ComposeInput, ComposeWarning, PersonalInfoItem } from './types';

export type PiiDetector = (text: string) => PiiMatch[];

/** Structured kinds are checksum- or format-validated; the detector's default bar is enough. */
export const STRUCTURED_MIN_CONFIDENCE = 0.5;
/**
 * Contextual kinds ("I'm away until…", family, health) come from phrases and misfire more often;
 * while someone is writing, a false alarm costs attention, so they need more confidence here.
 */
export const CONTEXTUAL_MIN_CONFIDENCE = 0.7;
/** Values shown per kind; the rest are counted. */
export const MAX_MASKED_PER_KIND = 3;

const contextual = new Set<PiiKind>(CONTEXTUAL_KINDS);

export const defaultDetector: PiiDetector = (text) =>
  detectPersonalInfo(text, { minConfidence: STRUCTURED_MIN_CONFIDENCE }).filter(
    (m) => !contextual.has(m.kind) || m.confidence >= CONTEXTUAL_MIN_CONFIDENCE,
  );

export interface AnalyzeOptions {
  /** Defaults to `defaultDetector`; the live analyzer passes a cached one. */
  detect?: PiiDetector;
}

/** Every field that gets published with the post: the CW, the text, each poll option. */
export function publishedFields(input: ComposeInput): string[] {
  return [input.spoiler, input.text, ...input.pollOptions].filter((field) => field.trim() !== '');
}

function personalInfoItems(fields: readonly string[], detect: PiiDetector): PersonalInfoItem[] {
  const byKind = new Map<PiiKind, { masked: string[]; count: number }>();
  // The fields are one post: a poll's question says whose the numbers in its options are.
  for (const { part, match } of detectInParts(fields, detect)) {
    const entry = byKind.get(match.kind) ?? { masked: [], count: 0 };
    entry.count += 1;
    const masked = maskValue(fields[part]!.slice(match.start, match.end), match.kind);
    if (entry.masked.length < MAX_MASKED_PER_KIND && !entry.masked.includes(masked))
      entry.masked.push(masked);
    byKind.set(match.kind, entry);
  }
  // A stable order (the detector's kind list: structured first) so the panel does not reshuffle as one types.
  return PII_KINDS.flatMap((kind) => {
    const entry = byKind.get(kind);
    return entry ? [{ kind, ...entry }] : [];
  });
}

export function analyzeCompose(
  input: ComposeInput,
  context: ComposeContext,
  options: AnalyzeOptions = {},
): ComposeWarning[] {
  const detect = options.detect ?? defaultDetector;
  const { visibility } = input;
  const warnings: ComposeWarning[] = [];

  // Public and unlisted posts can be read by anyone and copied by any server, for good: visibility
  // cannot be changed after posting. An unreadable control counts as possibly public.
  if (visibility === 'public' || visibility === 'unlisted' || visibility === null) {
    const items = personalInfoItems(publishedFields(input), detect);
    if (items.length > 0) warnings.push({ type: 'personal-info', visibility, items });
  }

  // Mastodon's own form says this for followers-only posts ("Your account is not locked…"); the
  // panel repeats nothing the page already says.
  if (visibility === 'private' && !context.locked && !input.pageWarnsUnlocked)
    warnings.push({ type: 'followers-only-unlocked' });

  // Mentioned accounts receive DMs and followers-only posts on their own servers.
  // https://docs.joinmastodon.org/user/posting/#privacy
  if (visibility === 'private' || visibility === 'direct') {
    const mentionText = [input.spoiler, input.text, ...input.pollOptions].join('\n');
    const servers = untrustedMentionServers(mentionText, context.homeDomain, context.trustedServers);
    if (servers.length > 0)
      warnings.push({
        type: 'untrusted-mentions',
        visibility,
        servers,
        pageSaysUnencrypted: input.pageWarnsUnencrypted,
      });
  }

  // The audience line is context for a risk, never a warning of its own.
  if (warnings.length > 0 && visibility !== null) {
    // Mastodon forces `nobody` for followers-only and direct posts; only public ones can be quoted.
    const quotePolicy = visibility === 'public' || visibility === 'unlisted' ? input.quotePolicy : null;
    warnings.push({ type: 'audience', visibility, serverCount: context.followerDomainCount, quotePolicy });
  }
  return warnings;
}

/** A key that changes whenever a warning would read differently; used to skip redraws. */
export function warningKey(warning: ComposeWarning): string {
  switch (warning.type) {
    case 'personal-info':
      return `personal-info:${warning.visibility}:${warning.items.map((i) => `${i.kind}=${i.masked.join(',')}/${i.count}`).join(';')}`;
    case 'followers-only-unlocked':
      return warning.type;
    case 'untrusted-mentions':
      return `untrusted-mentions:${warning.visibility}:${warning.servers.join(',')}:${warning.pageSaysUnencrypted === true}`;
    case 'audience':
      return `audience:${warning.visibility}:${warning.serverCount}:${warning.quotePolicy}`;
  }
}

/**
 * A coarser key for "dismiss": the warning stays dismissed while the person keeps typing the same
 * kind of thing, and comes back when something new appears (another kind, another server).
 */
export function dismissKey(warning: ComposeWarning): string {
  switch (warning.type) {
    case 'personal-info':
      return `personal-info:${warning.items.map((i) => i.kind).join(',')}`;
    case 'followers-only-unlocked':
      return warning.type;
    case 'untrusted-mentions':
      return `untrusted-mentions:${warning.servers.join(',')}`;
    case 'audience':
      return warning.type;
  }
}
