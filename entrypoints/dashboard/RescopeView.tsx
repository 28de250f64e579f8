import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { RescopeJob as RescopeJobView } from '../../components/RescopeJob';
import { RescopePlanner } from '../../components/RescopePlanner';
import type { Finding } from '../../utils/checks/types';
import { t } from '../../utils/i18n';
import { rescopeReader } from '../../utils/db/read';
import { send, type Response } from '../../utils/messages';
import { exportBackup } from '../../utils/rescope/backup';
import { planRescope } from '../../utils/rescope/planner';
import { DEFAULT_RESCOPE_OPTIONS, type RescopeJob, type RescopeOptions } from '../../utils/rescope/types';
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

type JobState = Extract<Response<'rescope/state'>, { ok: true }>;

/**
 * Plans in this page for the preview (the snapshot is here); the background creates, runs and
 * controls the job on this page's commands, and this page asks it for the job's state every second.
 */
export function RescopeView({ snapshot, findings, preselected }: RescopeViewProps) {
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
    const refresh = async () => {
      const answer = await send({ type: 'rescope/state' });
      if (stop) return;
      if (!answer.ok) return setError(answer.error);
      setTaken((before) => {
        const next = new Set(answer.taken);
        return next.size === before.size && answer.taken.every((id) => before.has(id)) ? before : next;
      });
      setCurrent(answer.job ? answer : null);
    };
    void refresh().catch((e: Error) => setError(e.message));
    const timer = setInterval(() => void refresh().catch((e: Error) => setError(e.message)), 1000);
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, []);

  if (!snapshot) return <p>{t('dash_noResult')}</p>;

  const control = async (action: 'pause' | 'resume' | 'cancel' | 'retry' | 'deleteBackup') => {
    if (!current?.job) return;
    setError(undefined);
    try {
      if (action === 'resume' || action === 'retry') {
        // Continuing needs write access: asked for now, if the sign-in lost it.
        const grant = await send({ type: 'auth/grant', scopes: ['write:statuses', 'write:media'] });
        if (!grant.ok) return setError(grant.error);
      }
      const reply = await send({ type: 'rescope/control', jobId: current.job.id, action });
      if (!reply.ok) setError(reply.error);
    } catch (e) {
      // The background did not answer (extension reloading): say so instead of failing silently.
      setError((e as Error).message);
    }
  };

  const confirm = (confirmed: typeof plan) => {
    if (!confirmed) return;
    const origins = mediaOrigins(snapshot, confirmed);
    // Asked for inside the click itself: Firefox only shows the prompt during the user's gesture.
    const permission = origins.length ? browser.permissions.request({ origins }) : Promise.resolve(true);
    void start(confirmed, origins, permission);
  };

  const start = async (
    confirmed: NonNullable<typeof plan>,
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
      // The background plans again from its own snapshot and creates the job for these posts; an
      // unfinished job (say, from another tab) is joined instead of a second one made.
      const reply = await send({
        type: 'rescope/create',
        options,
        ...(preselected?.length ? { findingStatusIds: preselected } : {}),
        postIds: confirmed.posts.map((p) => p.id),
      });
      if (!reply.ok) return setError(reply.error);
      setPlanning(false);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const download = async (jobId?: string) => {
    const blob = await exportBackup(await rescopeReader(), jobId);
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `fediprint-backup-${new Date().toISOString().slice(0, 10)}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const job = current?.job ?? null;
  const showJob = current && job && current.progress && (ACTIVE.includes(job.status) || !planning);
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
            error={job.error}
            onPause={() => void control('pause')}
            onResume={() => void control('resume')}
            onCancel={() => void control('cancel')}
            onExportBackup={() => void download(job.id).catch((e: Error) => setError(e.message))}
            onRetryFailed={() => void control('retry')}
            // RescopeJob asks for the confirmation itself; asking here too showed two dialogs.
            onDeleteBackup={() => void control('deleteBackup')}
            stranded={current.stranded}
            signedOut={job.error !== null && job.status === 'paused'}
          />
          {!ACTIVE.includes(job.status) && (
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
