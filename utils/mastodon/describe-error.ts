/**
 * One sentence for the user per failure, saying what to do next. Never includes tokens or bodies.
 */
import { t, uiLanguage } from '../i18n';
import {
  AbortedError,
  ForbiddenError,
  InvalidResponseError,
  MastodonHttpError,
  NetworkError,
  NotFoundError,
  NotMastodonError,
  PaginationLoopError,
  RateLimitedError,
  ServerError,
  UnauthorizedError,
} from './errors';

export function formatTime(date: Date): string {
  try {
    return date.toLocaleTimeString(uiLanguage(), { hour: '2-digit', minute: '2-digit' });
  } catch (error) {
    // An unknown UI language tag must not hide the message itself.
    return date.toISOString().slice(11, 16) + (error instanceof RangeError ? ' UTC' : '');
  }
}

export function describeError(error: unknown): string {
  if (error instanceof UnauthorizedError) return t('error_unauthorized');
  if (error instanceof ForbiddenError) return t('error_forbidden');
  if (error instanceof NotFoundError) return t('error_notFound');
  if (error instanceof RateLimitedError) return t('error_rateLimited', formatTime(error.resetAt));
  if (error instanceof ServerError) return t('error_server', error.status);
  if (error instanceof MastodonHttpError) return t('error_http', error.status);
  if (error instanceof NotMastodonError) return t('error_notMastodon');
  if (error instanceof InvalidResponseError) return t('error_invalidResponse');
  if (error instanceof NetworkError) return t('error_network');
  if (error instanceof PaginationLoopError) return t('error_paginationLoop');
  if (error instanceof AbortedError) return t('error_aborted');
  if (error instanceof DOMException && error.name === 'AbortError') return t('error_aborted');
  const message = error instanceof Error ? error.message : String(error);
  return t('error_unknown', message);
}
