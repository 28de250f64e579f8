/**
 * A running or finished re-scope job: progress, ETA, pause/resume/cancel, the final report with
 * old → new URLs, and the backup export. Props in, events out; the background does the work.
 */
import { t, type MessageKey } from '../utils/i18n';
import type { JobReport, JobStatus, JournalState, RescopeProgress } from '../utils/rescope/types';
import { formatDateTime, formatDuration } from './RescopePlanner';

export interface RescopeJobProps {
  progress: RescopeProgress;
  report: JobReport | null;
  /** Why the job stopped on its own (signed out…), from the job record. */
  error?: string | null;
  onPause: () => void;
  onResume: () => void;
  onCancel: () => void;
  onExportBackup: () => void;
  onRetryFailed?: () => void;
  onDeleteBackup?: () => void;
  /** Posts deleted and not re-posted yet while the job cannot go on. */
  stranded?: { postId: string; oldUrl: string | null; hasBackup: boolean }[];
  /** The job stopped because the sign-in is gone: signing in again finishes the stranded posts. */
  signedOut?: boolean;
}

function waitSentence(reason: NonNullable<RescopeProgress['waitReason']>): string {
  const at = formatDateTime(reason.until);
  if (reason.kind === 'server-down') return t('rescope_wait_serverDown', reason.attempt, at);
  return t(reason.kind === 'delete-limit' ? 'rescope_wait_deleteLimit' : 'rescope_wait_rateLimit', at);
}

const STATUS_LABELS: Record<JobStatus, MessageKey> = {
  running: 'rescope_status_running',
  waiting: 'rescope_status_waiting',
  paused: 'rescope_status_paused',
  cancelling: 'rescope_status_cancelling',
  cancelled: 'rescope_status_cancelled',
  done: 'rescope_status_done',
};

const STATE_LABELS: Record<JournalState, MessageKey> = {
  planned: 'rescope_state_planned',
  'backed-up': 'rescope_state_backedUp',
  deleting: 'rescope_state_deleting',
  deleted: 'rescope_state_deleted',
  reposting: 'rescope_state_reposting',
  reposted: 'rescope_state_reposted',
  verified: 'rescope_state_verified',
  failed: 'rescope_state_failed',
  skipped: 'rescope_state_skipped',
};

/** Only http(s) links are rendered as links; anything else is shown as text. */
function Url({ href }: { href: string | null }) {
  if (!href) return <span class="fp-muted">{t('rescope_none')}</span>;
  return /^https?:\/\//i.test(href) ? (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {href}
    </a>
  ) : (
    <span>{href}</span>
  );
}

export function RescopeJob({
  progress,
  report,
  error,
  onPause,
  onResume,
  onCancel,
  onExportBackup,
  onRetryFailed,
  onDeleteBackup,
  stranded = [],
  signedOut = false,
}: RescopeJobProps) {
  const { status } = progress;
  const active = status === 'running' || status === 'waiting';
  const finished = status === 'done' || status === 'cancelled';
  const handled = progress.done + progress.failed + progress.skipped;

  return (
    <section class="fp-rescope-job" aria-labelledby="fp-rescope-job-title">
      <h2 id="fp-rescope-job-title">{t('rescope_jobTitle')}</h2>
      <p class="fp-rescope-status" role="status" data-testid="rescope-status" data-status={status}>
        {t(STATUS_LABELS[status])}
      </p>
      {error && (
        <p class="fp-rescope-error" role="alert">
          {t('rescope_jobError', error)}
        </p>
      )}
      <progress
        max={Math.max(1, progress.total)}
        value={handled}
        aria-label={t('rescope_progress', progress.done, progress.total, progress.failed, progress.skipped)}
      />
      <p data-testid="rescope-progress">
        {t('rescope_progress', progress.done, progress.total, progress.failed, progress.skipped)}
      </p>
      {!finished && progress.eta && progress.eta.ms > 0 && (
        <p>{t('rescope_eta', formatDuration(progress.eta.ms), formatDateTime(progress.eta.finishAt))}</p>
      )}
      {active && progress.waitReason && (
        <p class="fp-muted" data-testid="rescope-wait" data-kind={progress.waitReason.kind}>
          {waitSentence(progress.waitReason)}
        </p>
      )}
      {status === 'waiting' && progress.wakeAt !== null && (
        <p class="fp-muted">{t('rescope_waitingUntil', formatDateTime(progress.wakeAt))}</p>
      )}
      {stranded.length > 0 && (
        <div class="fp-rescope-stranded" role="alert" data-testid="rescope-stranded">
          <h3>{t('rescope_strandedTitle')}</h3>
          <p>{t(signedOut ? 'rescope_strandedSignIn' : 'rescope_strandedResume')}</p>
          <ul>
            {stranded.map((post) => (
              <li key={post.postId}>
                <Url href={post.oldUrl} /> (
                {t(post.hasBackup ? 'rescope_strandedBackup' : 'rescope_strandedNoBackup')})
              </li>
            ))}
          </ul>
        </div>
      )}

      <div class="fp-rescope-actions">
        {active && (
          <button type="button" class="fp-button" onClick={onPause} data-testid="rescope-pause">
            {t('rescope_pause')}
          </button>
        )}
        {status === 'paused' && (
          <button type="button" class="fp-button" onClick={onResume} data-testid="rescope-resume">
            {t('rescope_resume')}
          </button>
        )}
        {!finished && status !== 'cancelling' && (
          <button
            type="button"
            class="fp-button fp-secondary"
            onClick={onCancel}
            data-testid="rescope-cancel"
          >
            {t('rescope_cancel')}
          </button>
        )}
        {progress.failed > 0 && onRetryFailed && (
          <button type="button" class="fp-button" onClick={onRetryFailed}>
            {t('rescope_retryFailed')}
          </button>
        )}
        <button type="button" class="fp-button fp-secondary" onClick={onExportBackup}>
          {t('rescope_exportBackup')}
        </button>
        {finished && onDeleteBackup && (
          <button
            type="button"
            class="fp-button fp-secondary"
            onClick={() =>
              globalThis.confirm?.(t('rescope_deleteBackupConfirm')) !== false && onDeleteBackup()
            }
          >
            {t('rescope_deleteBackup')}
          </button>
        )}
      </div>

      {report && (
        <section aria-labelledby="fp-rescope-report">
          <h3 id="fp-rescope-report">{t('rescope_reportTitle')}</h3>
          {report.failed > 0 && <p class="fp-rescope-error">{t('rescope_reportFailedNote')}</p>}
          <table class="fp-rescope-report" data-testid="rescope-report">
            <thead>
              <tr>
                <th scope="col">{t('rescope_reportOld')}</th>
                <th scope="col">{t('rescope_reportNew')}</th>
                <th scope="col">{t('rescope_reportState')}</th>
                <th scope="col">{t('rescope_reportNote')}</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((row) => (
                <tr
                  key={row.postId}
                  class={`fp-state-${row.state}`}
                  data-post-id={row.postId}
                  data-state={row.state}
                >
                  <td>
                    <Url href={row.oldUrl} />
                  </td>
                  <td>
                    <Url href={row.newUrl} />
                  </td>
                  <td>{t(STATE_LABELS[row.state])}</td>
                  <td>{row.reason ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <style>{STYLE}</style>
    </section>
  );
}

const STYLE = `
.fp-rescope-job { color: var(--fp-fg); background: var(--fp-bg); }
.fp-rescope-job progress { width: 100%; accent-color: var(--fp-accent); }
.fp-rescope-job .fp-muted { color: var(--fp-muted); }
.fp-rescope-error { color: var(--fp-high); }
.fp-rescope-actions { display: flex; gap: .5rem; flex-wrap: wrap; margin: .75rem 0; }
.fp-rescope-job .fp-button { background: var(--fp-accent); color: var(--fp-bg); border: none; border-radius: 4px; padding: .5rem 1rem; }
.fp-rescope-job .fp-secondary { background: var(--fp-surface); color: var(--fp-fg); border: 1px solid var(--fp-border); }
.fp-rescope-job :focus-visible { outline: 2px solid var(--fp-accent); outline-offset: 2px; }
.fp-rescope-report { border-collapse: collapse; width: 100%; background: var(--fp-surface); }
.fp-rescope-report th, .fp-rescope-report td { border: 1px solid var(--fp-border); padding: .25rem .5rem; text-align: left; word-break: break-all; }
.fp-rescope-report .fp-state-failed td { color: var(--fp-high); }
.fp-rescope-report .fp-state-verified td:nth-child(3) { color: var(--fp-low); }
`;
