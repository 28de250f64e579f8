/**
 * The account facts the compose warnings need, sent by the background in answer to
 * `{ type: 'compose/context' }`. The content script validates the answer with this schema and
 * shows nothing when it does not fit. No token and no post content ever travel in these messages.
 */
import { z } from 'zod';
import { QUOTE_POLICIES } from './types';

// Extension CSPs forbid eval; zod 4 probes `Function('')` for its JIT unless told not to.
z.config({ jitless: true });

export const ComposeContextRequestSchema = z.object({ type: z.literal('compose/context') });
export type ComposeContextRequest = z.infer<typeof ComposeContextRequestSchema>;

export const ComposeContextSchema = z.object({
  /** "Require follow requests". https://docs.joinmastodon.org/entities/Account/#locked */
  locked: z.boolean(),
  /** The home server's domain (e.g. `mastodon.social`), the part after the second `@` of handles. */
  homeDomain: z.string().min(1),
  /** Domains the user trusts with DMs and followers-only posts, besides the home server. */
  trustedServers: z.array(z.string()),
  /** How many distinct servers the user's followers are on (the public delivery audience). */
  followerDomainCount: z.number().int().nonnegative(),
  /**
   * The account's default quote policy (`source.quote_policy`, 4.5+); null or absent when unknown.
   * A value this version does not know is treated as unknown rather than failing the context.
   */
  defaultQuotePolicy: z.enum(QUOTE_POLICIES).nullable().catch(null).optional(),
});
export type ComposeContext = z.infer<typeof ComposeContextSchema>;

export const COMPOSE_CONTEXT_REQUEST: ComposeContextRequest = { type: 'compose/context' };

/**
 * The background's answer: the router wraps results as `{ ok: true, context }` or
 * `{ ok: false, error }` (utils/messages.ts); a bare context is accepted too.
 */
export const ComposeContextReplySchema = z.union([
  ComposeContextSchema,
  z.object({ ok: z.literal(true), context: ComposeContextSchema }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

export type ComposeContextResult = { ok: true; context: ComposeContext } | { ok: false; reason: string };

/** Validates the background's answer; `reason` says why there is no usable context (for the console). */
export function parseComposeContextReply(reply: unknown): ComposeContextResult {
  const parsed = ComposeContextReplySchema.safeParse(reply);
  if (!parsed.success) {
    return {
      ok: false,
      reason: `unexpected answer (${parsed.error.issues.map((i) => `${i.path.join('.') || 'reply'}: ${i.message}`).join('; ')})`,
    };
  }
  const value = parsed.data;
  if ('ok' in value)
    return value.ok ? { ok: true, context: value.context } : { ok: false, reason: value.error };
  return { ok: true, context: value };
}
