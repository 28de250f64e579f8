/**
 * Picking a Mastodon archive and following its import. Props in, events out: the parent runs
 * `importArchive` (utils/archive), feeds the state back, and saves only on success.
 */
import { useId } from 'preact/hooks';
import {
  ArchiveError,
  ARCHIVE_ERROR_KEYS,
  type ArchiveErrorCode,
  type ArchiveStats,
} from '../utils/archive/index';
import { t, tn, uiLanguage } from '../utils/i18n';

export type ArchiveImportState =
  | { status: 'idle' }
  | { status: 'reading'; fileName: string; bytes: number; total: number | null }
  | { status: 'error'; code: ArchiveErrorCode | 'cancelled' | 'unknown'; detail?: string }
  | { status: 'done'; fileName: string; stats: ArchiveStats };

export interface ArchiveImportProps {
  state: ArchiveImportState;
  onPick(file: File): void;
  onCancel(): void;
}

/** The state to show for an error thrown by importArchive. */
export function archiveErrorState(error: unknown): ArchiveImportState {
  if (error instanceof ArchiveError) return { status: 'error', code: error.code, detail: error.message };
  if (error instanceof DOMException && error.name === 'AbortError')
    return { status: 'error', code: 'cancelled' };
  return { status: 'error', code: 'unknown', detail: error instanceof Error ? error.message : String(error) };
}

function errorSentence(state: Extract<ArchiveImportState, { status: 'error' }>): string {
  if (state.code === 'cancelled') return t('archive_cancelled');
  if (state.code === 'unknown') return t('archive_error_unknown', state.detail ?? '');
  return t(ARCHIVE_ERROR_KEYS[state.code]);
}

export function ArchiveImport({ state, onPick, onCancel }: ArchiveImportProps) {
  const inputId = useId();
  const number = new Intl.NumberFormat(uiLanguage());
  const size = (bytes: number) =>
    `${new Intl.NumberFormat(uiLanguage(), { maximumFractionDigits: 1 }).format(bytes / 1024 / 1024)} MB`;
  const reading = state.status === 'reading';

  const picker = (
    <p>
      <label for={inputId}>{t('archive_pickLabel')}</label>{' '}
      <input
        id={inputId}
        type="file"
        accept=".zip,application/zip,application/x-zip-compressed"
        disabled={reading}
        onChange={(event) => {
          const input = event.currentTarget;
          const file = input.files?.[0];
          // Clear it so choosing the same file again (after fixing a download) fires again.
          input.value = '';
          if (file) onPick(file);
        }}
      />
    </p>
  );

  return (
    <section class="archive-import" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>{t('archive_title')}</h2>
      <p>{t('archive_intro')}</p>
      {picker}
      {state.status === 'reading' && (
        <div>
          <progress
            value={state.total ? state.bytes : undefined}
            max={state.total ?? undefined}
            aria-label={t('archive_title')}
          />
          <p aria-live="polite">
            {state.total
              ? t('archive_reading', size(state.bytes), size(state.total))
              : t('archive_readingUnknown', size(state.bytes))}
          </p>
          <button type="button" onClick={onCancel}>
            {t('archive_cancel')}
          </button>
        </div>
      )}
      {state.status === 'error' && (
        <div role="alert">
          <p>{errorSentence(state)}</p>
          {state.code !== 'cancelled' && <p>{t('archive_unchanged')}</p>}
        </div>
      )}
      {state.status === 'done' && (
        <div aria-live="polite">
          <p>
            {t('archive_done', tn('count_posts', state.stats.posts), tn('count_boosts', state.stats.boosts))}
          </p>
          <p>
            {t(
              'archive_byVisibility',
              number.format(state.stats.byVisibility.public),
              number.format(state.stats.byVisibility.unlisted),
              number.format(state.stats.byVisibility.private),
              number.format(state.stats.byVisibility.direct),
            )}
          </p>
          {state.stats.mediaEntriesSkipped > 0 && (
            <p>{t('archive_skippedMedia', number.format(state.stats.mediaEntriesSkipped))}</p>
          )}
          {state.stats.actorMissing && <p>{t('archive_actorMissing')}</p>}
          <p>{t('archive_unknownSettings')}</p>
        </div>
      )}
    </section>
  );
}
