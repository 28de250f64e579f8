/**
 * One error class per kind of failure, so callers can tell the user what to do next.
 * Messages never contain tokens.
 */
export class MastodonError extends Error {
  override name = 'MastodonError';
}

/** The server answered with an HTTP error status. */
export class MastodonHttpError extends MastodonError {
  override name = 'MastodonHttpError';
  constructor(
    readonly status: number,
    readonly url: string,
    message: string,
  ) {
    super(message);
  }
}

/** 401: the token was revoked or is invalid; the user must sign in again. */
export class UnauthorizedError extends MastodonHttpError {
  override name = 'UnauthorizedError';
}

/** 403: the token lacks the scope this call needs. */
export class ForbiddenError extends MastodonHttpError {
  override name = 'ForbiddenError';
}

/** 404. */
export class NotFoundError extends MastodonHttpError {
  override name = 'NotFoundError';
}

/** 429, with the moment the window resets (from X-RateLimit-Reset). */
export class RateLimitedError extends MastodonHttpError {
  override name = 'RateLimitedError';
  constructor(
    url: string,
    readonly resetAt: Date,
  ) {
    super(429, url, `Rate limited until ${resetAt.toISOString()}`);
  }
}

/** 5xx, HTML maintenance pages. Retryable. */
export class ServerError extends MastodonHttpError {
  override name = 'ServerError';
}

/** The host answered, but not as a Mastodon server does (HTML page, wrong JSON). */
export class NotMastodonError extends MastodonError {
  override name = 'NotMastodonError';
}

/** The response did not match our schema. */
export class InvalidResponseError extends MastodonError {
  override name = 'InvalidResponseError';
  constructor(
    readonly url: string,
    message: string,
    /** The endpoint and field that could not be read, when a schema refused the answer. */
    readonly unread?: { endpoint: string; field: string; message: string },
  ) {
    super(message);
  }
}

/** DNS failure, refused connection, reset, timeout. Retryable. */
export class NetworkError extends MastodonError {
  override name = 'NetworkError';
}

/** The server sent a Link chain that loops back on itself. */
export class PaginationLoopError extends MastodonError {
  override name = 'PaginationLoopError';
}

/** The operation was cancelled through its AbortSignal. */
export class AbortedError extends MastodonError {
  override name = 'AbortedError';
}

export function isRetryable(error: unknown): boolean {
  return error instanceof ServerError || error instanceof NetworkError || error instanceof RateLimitedError;
}
