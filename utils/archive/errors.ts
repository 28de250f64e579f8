/**
 * Why an archive could not be imported. Each code maps to one sentence for the user
 * (`archive_error_<code>` in the locale files) that says what to do next.
 */
export type ArchiveErrorCode =
  'not-zip' | 'no-outbox' | 'truncated' | 'corrupt' | 'wrong-account' | 'bad-json' | 'too-large';

export class ArchiveError extends Error {
  override name = 'ArchiveError';
  constructor(
    readonly code: ArchiveErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The i18n key of the user-facing sentence for an error code. */
export const ARCHIVE_ERROR_KEYS = {
  'not-zip': 'archive_error_notZip',
  'no-outbox': 'archive_error_noOutbox',
  truncated: 'archive_error_truncated',
  corrupt: 'archive_error_corrupt',
  'wrong-account': 'archive_error_wrongAccount',
  'bad-json': 'archive_error_badJson',
  'too-large': 'archive_error_tooLarge',
} as const satisfies Record<ArchiveErrorCode, string>;
