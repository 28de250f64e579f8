/**
 * The protocol between extension pages / content scripts and the background.
 * Every request and every reply is validated with zod on both ends.
 */
import { browser } from 'wxt/browser';
import { z } from 'zod';
import { CredentialsUpdateSchema } from './findings-schema';
import { SessionSchema } from './storage';

const ScopeSchema = z.enum([
  'read:accounts',
  'read:statuses',
  'read:follows',
  'write:accounts',
  'write:follows',
  'write:blocks',
  'write:statuses',
  'write:media',
]);

export const RequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth/status') }),
  z.object({ type: z.literal('auth/signIn'), server: z.string().max(300) }),
  z.object({ type: z.literal('auth/signOut') }),
  /** The code the user pasted from the server's page (out-of-band sign-in). */
  z.object({ type: z.literal('auth/code'), code: z.string().min(1).max(500) }),
  z.object({ type: z.literal('auth/grant'), scopes: z.array(ScopeSchema).min(1) }),
  z.object({ type: z.literal('checkup/run') }),
  z.object({ type: z.literal('checkup/cancel') }),
  /** Re-run the checks on the cached snapshot (after trusting a server, importing an archive). */
  z.object({ type: z.literal('checkup/recompute') }),
  z.object({ type: z.literal('fix/credentials'), update: CredentialsUpdateSchema }),
  z.object({ type: z.literal('holders/removeFollowers'), domain: z.string() }),
  z.object({ type: z.literal('holders/blockDomain'), domain: z.string() }),
  z.object({ type: z.literal('compose/context') }),
  z.object({ type: z.literal('compose/enabled'), enabled: z.boolean() }),
  z.object({ type: z.literal('rescope/start'), jobId: z.string() }),
  z.object({
    type: z.literal('rescope/control'),
    jobId: z.string(),
    action: z.enum(['pause', 'resume', 'cancel']),
  }),
  z.object({ type: z.literal('schedule/update') }),
]);
export type Request = z.infer<typeof RequestSchema>;
export type RequestType = Request['type'];

const Ok = z.object({ ok: z.literal(true) });
/** `error` is a sentence for the user that says what to do next. */
const Failure = z.object({
  ok: z.literal(false),
  error: z.string(),
  signInAgain: z.boolean().optional(),
  /** The server shows a code in a tab; the user pastes it and the page sends `auth/code`. */
  needCode: z.boolean().optional(),
});
const result = <T extends z.ZodRawShape>(shape: T) => z.union([Ok.extend(shape), Failure]);

export const ResponseSchemas = {
  'auth/status': z.union([
    z.object({ signedIn: z.literal(false) }),
    z.object({ signedIn: z.literal(true), session: SessionSchema }),
  ]),
  'auth/signIn': result({ session: SessionSchema }),
  'auth/signOut': result({}),
  'auth/code': result({ session: SessionSchema }),
  'auth/grant': result({ scopes: z.array(z.string()) }),
  'checkup/run': result({}),
  'checkup/cancel': result({}),
  'checkup/recompute': result({}),
  'fix/credentials': result({}),
  'holders/removeFollowers': result({ removed: z.number() }),
  'holders/blockDomain': result({}),
  'compose/context': z.union([
    z.object({
      ok: z.literal(true),
      context: z.object({
        locked: z.boolean(),
        homeDomain: z.string(),
        trustedServers: z.array(z.string()),
        followerDomainCount: z.number(),
        defaultQuotePolicy: z.string().nullable().optional(),
      }),
    }),
    Failure,
  ]),
  'compose/enabled': result({}),
  'rescope/start': result({}),
  'rescope/control': result({}),
  'schedule/update': result({}),
} satisfies Record<RequestType, z.ZodType>;

export type Response<T extends RequestType> = z.infer<(typeof ResponseSchemas)[T]>;
export type Failure = z.infer<typeof Failure>;

/** Send a request to the background and validate the reply. */
export async function send<T extends RequestType>(
  request: Extract<Request, { type: T }>,
): Promise<Response<T>> {
  const raw: unknown = await browser.runtime.sendMessage(RequestSchema.parse(request));
  const schema = ResponseSchemas[request.type as T];
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `The background sent an invalid reply to ${request.type}: ${parsed.error.issues[0]?.message}`,
    );
  }
  return parsed.data as Response<T>;
}
