import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { RescopeJob as RescopeJobView } from '../../components/RescopeJob';
import { RescopePlanner } from '../../components/RescopePlanner';
import type { Finding } from '../../utils/checks/types';
import { t } from '../../utils/i18n';
import { send } from '../../utils/messages';
import { exportBackup, deleteBackup } from '../../utils/rescope/backup';
import { IN_FLIGHT_STATES, createJob, isFinal, jobReport } from '../../utils/rescope/journal';
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

/**
 * Host-permission patterns for the servers the planned posts' media files come from. Mastodon
 * serves them without CORS headers (nginx `/system/`, object storage), so the background can only
 * download them for the backup with host access. Port-less patterns, as the manifest's optional
 * origins are written (a pattern without a port matches every port).
 */
export function mediaOrigins(
  snapshot: AccountSnapshot,
  plan: { posts: { id: string; mediaCount: number }[] },
): string[] {
  const wanted = new Set(plan.posts.filter((p) => p.mediaCount > 0).map((p) => p.id));
  const origins = new Set<string>();
  for (const status of snapshot.statuses) {
    if (!wanted.has(status.id)) continue;
    for (const m of status.media_attachments) {
      const url = m.url ?? m.remote_url;
      if (!url) continue;
      const parsed = new URL(url);
      origins.add(`${parsed.protocol}//${parsed.hostname}/*`);
    }
  }
  return [...origins];
}

const ACTIVE: RescopeJob['status'][] = ['running', 'waiting', 'paused', 'cancelling'];

/**
 * Posts the planner must leave out: those a job may already have deleted (the snapshot keeps
 * them until the next checkup notices, and planning them again would only skip them as gone)
 * and those still queued in an unfinished job (two jobs must never work on one post).
 */
async function postsTakenByJobs(store: RescopeStore, jobs: RescopeJob[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (const job of jobs) {
    for (const e of await store.listEntries(job.id)) {
      const gone =
        e.state === 'verified' ||
        IN_FLIGHT_STATES.includes(e.state) ||
        (e.state === 'failed' && e.failedIn !== null && IN_FLIGHT_STATES.includes(e.failedIn));
      if (gone || (ACTIVE.includes(job.status) && !isFinal(e))) taken.add(e.postId);
    }
  }
  return taken;
}

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

  const [taken, setTaken] = useState<Set<string>>(() => new Set());
  const plan = useMemo(() => {
    if (!snapshot) return null;
    const statuses = snapshot.statuses.filter((s) => !taken.has(s.id));
    return planRescope({ ...snapshot, statuses }, options, relevantFindings);
  }, [snapshot, options, relevantFindings, taken]);

  useEffect(() => {
    let stop = false;
    let opened: RescopeStore | null = null;
    let seen = '';
    const refresh = async () => {
      if (!opened) return;
      const jobs = (await opened.listJobs()).sort((a, b) => b.createdAt - a.createdAt);
      const signature = jobs.map((j) => `${j.id}:${j.status}`).join(',');
      if (signature !== seen) {
        seen = signature;
        const ids = await postsTakenByJobs(opened, jobs);
        if (!stop) setTaken(ids);
      }
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
    setError(undefined);
    try {
      const reply = await send({ type: 'rescope/control', jobId: current.job.id, action });
      if (!reply.ok) setError(reply.error);
    } catch (e) {
      // The background did not answer (extension reloading): say so instead of failing silently.
      setError((e as Error).message);
    }
  };

  const confirm = (confirmed: typeof plan) => {
    if (!confirmed || !store) return;
    const origins = mediaOrigins(snapshot, confirmed);
    // Asked for inside the click itself: Firefox only shows the prompt during the user's gesture.
    const permission = origins.length ? browser.permissions.request({ origins }) : Promise.resolve(true);
    void start(confirmed, store, origins, permission);
  };

  const start = async (
    confirmed: NonNullable<typeof plan>,
    store: RescopeStore,
    origins: string[],
    permission: Promise<boolean>,
  ) => {
    setBusy(true);
    setError(undefined);
    try {
      if (!(await permission))
        return setError(
          t('rescope_errorMediaPermission', origins.map((o) => o.replace(/^\w+:\/\/|\/\*$/g, '')).join(', ')),
        );
      // Write access is asked for now, at the moment the fix needs it.
      const grant = await send({ type: 'auth/grant', scopes: ['write:statuses', 'write:media'] });
      if (!grant.ok) return setError(grant.error);
      const job = await createJob(store, confirmed, Date.now());
      const reply = await send({ type: 'rescope/start', jobId: job.id });
      if (!reply.ok) return setError(reply.error);
      setPlanning(false);
    } catch (e) {
      setError((e as Error).message);
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
    // The planner and the job view bring their own heading; the tab names the panel.
    <div class="fp-view-rescope">
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
              void retryFailed(store, current.job.id, Date.now())
                .then(() => send({ type: 'rescope/start', jobId: current.job.id }))
                .then((reply) => !reply.ok && setError(reply.error))
                .catch((e: Error) => setError(e.message))
            }
            // RescopeJob asks for the confirmation itself; asking here too showed two dialogs.
            onDeleteBackup={() =>
              store && void deleteBackup(store, current.job.id).catch((e: Error) => setError(e.message))
            }
          />
          {!ACTIVE.includes(current.job.status) && (
            <button type="button" onClick={() => setPlanning(true)} data-testid="plan-new">
              {t('dash_planNew')}
            </button>
          )}
        </>
      ) : (
        <RescopePlanner options={options} plan={plan} onChange={setOptions} onConfirm={confirm} busy={busy} />
      )}
    </div>
  );
}
