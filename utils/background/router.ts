/**
 * The background's message router: validates every request, dispatches it, and turns every error
 * into a sentence for the user. Handlers are plain async functions returning their answer
 * (WXT's fake browser passes no sendResponse).
 */
import { t } from '../i18n';
import { describeError } from '../mastodon/describe-error';
import { UnauthorizedError } from '../mastodon/errors';
import { RequestSchema, type Request, type RequestType, type Response } from '../messages';
import { CodeNeededError, UserFacingError } from './auth';

export type Handler<T extends RequestType> = (
  request: Extract<Request, { type: T }>,
  sender: { url?: string; tab?: { id?: number } },
) => Promise<Response<T>>;
export type Handlers = { [T in RequestType]: Handler<T> };

/** Requests a content script may send; everything else only from extension pages. */
const CONTENT_SCRIPT_ALLOWED: ReadonlySet<RequestType> = new Set(['compose/context']);

export function createRouter(handlers: Handlers, extensionOrigin: string) {
  return async (message: unknown, sender: { url?: string; tab?: { id?: number } }): Promise<unknown> => {
    const parsed = RequestSchema.safeParse(message);
    if (!parsed.success) return { ok: false, error: t('error_invalidMessage') };
    const request = parsed.data;
    const fromExtensionPage = sender.url?.startsWith(extensionOrigin) ?? false;
    if (!fromExtensionPage && !CONTENT_SCRIPT_ALLOWED.has(request.type)) {
      return { ok: false, error: t('error_invalidMessage') };
    }
    try {
      const handler = handlers[request.type] as Handler<typeof request.type>;
      return await handler(request as never, sender);
    } catch (error) {
      if (error instanceof CodeNeededError) return { ok: false, error: error.message, needCode: true };
      if (error instanceof UserFacingError) {
        return { ok: false, error: error.message || t('auth_signedOut'), signInAgain: error.signInAgain };
      }
      return { ok: false, error: describeError(error), signInAgain: error instanceof UnauthorizedError };
    }
  };
}
