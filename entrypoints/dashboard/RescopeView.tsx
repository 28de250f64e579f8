import { useEffect, useMemo, useState } from 'preact/hooks';
import { RescopeJob as RescopeJobView } from '../../components/RescopeJob';
import { RescopePlanner } from '../../components/RescopePlanner';
import type { Finding } from '../../utils/checks/types';
import { t } from '../../utils/i18n';
import { send } from '../../utils/messages';
import { exportBackup, deleteBackup } from '../../utils/rescope/backup';
import { createJob, jobReport } from '../../utils/rescope/journal';
import { planRescope } from '../../utils/rescope/planner';
import { jobProgress, retryFailed } from '../../utils/rescope/scheduler';
import { openRescopeStore, type RescopeStore } from '../../utils/rescope/store';
import {
  DEFAULT_RESCOPE_OPTIONS,
  type JobReport,
  type RescopeJob,
  type RescopeOptions,
  type RescopeProgress,
} from '../../utils/rescope/types';
import type { AccountSnapshot } from '../../utils/snapshot/types';

export interface RescopeViewProps {
  snapshot: AccountSnapshot | null;
  findings: readonly Finding[];
  /** Posts a finding's fix asked to re-scope: the planner starts with only those. */
  preselected?: string[];
}

const ACTIVE: RescopeJob['status'][] = ['running', 'waiting', 'paused', 'cancelling'];

type JobState = { job: RescopeJob; progress: RescopeProgress | null; report: JobReport | null };

/**
 * Plans in this page (the snapshot is here), stores the job in the extension's IndexedDB, and
 * lets the background run it; progress is read back from the same journal every second.
 */
export function RescopeView({ snapshot, findings, preselected }: RescopeViewProps) {
  const [store, setStore] = useState<RescopeStore | null>(null);
  const [options, setOptions] = useState<RescopeOptions>(() =>
    preselected?.length
      ? { ...DEFAULT_RESCOPE_OPTIONS, onlyWithFindings: true, olderThanDays: null }
      : DEFAULT_RESCOPE_OPTIONS,
  );
  const [current, setCurrent] = useState<JobState | null>(null);
  const [planning, setPlanning] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();

  const relevantFindings = useMemo(() => {
    const list = [...findings];
    if (!preselected?.length) return list;
    const ids = new Set(preselected);
    return list.filter((f) => f.statusId && ids.has(f.statusId));
  }, [findings, preselected]);

  const plan = useMemo(
    () => (snapshot ? planRescope(snapshot, options, relevantFindings) : null),
    [snapshot, options, relevantFindings],
  );

  useEffect(() => {
    let stop = false;
    let opened: RescopeStore | null = null;
    const refresh = async () => {
      if (!opened) return;
      const jobs = (await opened.listJobs()).sort((a, b) => b.createdAt - a.createdAt);
      const job = jobs.find((j) => ACTIVE.includes(j.status)) ?? jobs[0];
      if (!job) return setCurrent(null);
      const progress = await jobProgress(opened, job.id, Date.now());
      const report = ACTIVE.includes(job.status) ? null : await jobReport(opened, job.id);
      if (!stop) setCurrent({ job, progress, report });
    };
    void openRescopeStore()
      .then((s) => {
        opened = s;
        setStore(s);
        return refresh();
      })
      .catch((e: Error) => setError(e.message));
    const timer = setInterval(() => void refresh().catch((e: Error) => setError(e.message)), 1000);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, []);

  if (!snapshot) return <p>{t('dash_noResult')}</p>;

  const control = async (action: 'pause' | 'resume' | 'cancel') => {
    if (!current) return;
    const reply = await send({ type: 'rescope/control', jobId: current.job.id, action });
    if (!reply.ok) setError(reply.error);
  };

  const confirm = async (confirmed: typeof plan) => {
    if (!confirmed || !store) return;
    setBusy(true);
    setError(undefined);
    try {
      // Write access is asked for now, at the moment the fix needs it.
      const grant = await send({ type: 'auth/grant', scopes: ['write:statuses', 'write:media'] });
      if (!grant.ok) return setError(grant.error);
      const job = await createJob(store, confirmed, Date.now());
      const reply = await send({ type: 'rescope/start', jobId: job.id });
      if (!reply.ok) return setError(reply.error);
      setPlanning(false);
    } finally {
      setBusy(false);
    }
  };

  const download = async (jobId?: string) => {
    if (!store) return;
    const blob = await exportBackup(store, jobId);
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `fediprint-backup-${new Date().toISOString().slice(0, 10)}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const showJob = current && current.progress && (ACTIVE.includes(current.job.status) || !planning);
  return (
    <section aria-labelledby="fp-rescope-title">
      <h2 id="fp-rescope-title">{t('dash_tabRescope')}</h2>
      {error && (
        <p class="fp-banner fp-error" role="alert">
          {error}
        </p>
      )}
      {showJob ? (
        <>
          <RescopeJobView
            progress={current.progress!}
            report={current.report}
            error={current.job.error}
            onPause={() => void control('pause')}
            onResume={() => void control('resume')}
            onCancel={() => void control('cancel')}
            onExportBackup={() => void download(current.job.id)}
            onRetryFailed={() =>
              store &&
              void retryFailed(store, current.job.id, Date.now()).then(() =>
                send({ type: 'rescope/start', jobId: current.job.id }),
              )
            }
            onDeleteBackup={() =>
              store &&
              window.confirm(t('dash_deleteBackupConfirm')) &&
              void deleteBackup(store, current.job.id)
            }
          />
          {!ACTIVE.includes(current.job.status) && (
            <button type="button" onClick={() => setPlanning(true)} data-testid="plan-new">
              {t('dash_planNew')}
            </button>
          )}
        </>
      ) : (
        <RescopePlanner
          options={options}
          plan={plan}
          onChange={setOptions}
          onConfirm={(p) => void confirm(p)}
          busy={busy}
        />
      )}
    </section>
  );
}
