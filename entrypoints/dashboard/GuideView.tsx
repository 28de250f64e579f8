import { useEffect, useMemo, useState } from 'preact/hooks';
import { CheckupChanges, NotApplicableList } from '../../components/CheckupChanges';
import { GuidedFix } from '../../components/GuidedFix';
import { diffCheckups } from '../../utils/checks/diff';
import { GUIDE_STEPS, guideSteps, type GuideStep } from '../../utils/checks/guide';
import { tn, t } from '../../utils/i18n';
import { send } from '../../utils/messages';
import {
  onKeyChanged,
  readKey,
  type GuideProgress,
  type StorageValue,
  type StoredCheckupResult,
} from '../../utils/storage';

type QuoteJob = StorageValue<'quotePolicyJob'>;

export interface GuideViewProps {
  result: StoredCheckupResult;
  dismissed: readonly string[];
  /** Applies a step's fix the way the report's fix buttons do; resolves when it was started. */
  applyFix(step: GuideStep): Promise<boolean>;
  onError(text: string): void;
}

/** Wires the guided flow to the background: progress is read and watched, changed by commands. */
export function GuideView({ result, dismissed, applyFix, onError }: GuideViewProps) {
  const [progress, setProgress] = useState<GuideProgress | undefined>();
  const [job, setJob] = useState<QuoteJob | undefined>();
  const [busy, setBusy] = useState<string | null>(null);
  useEffect(() => {
    void readKey('guideProgress').then(setProgress);
    void readKey('quotePolicyJob').then(setJob);
    const offs = [onKeyChanged('guideProgress', setProgress), onKeyChanged('quotePolicyJob', setJob)];
    return () => offs.forEach((off) => off());
  }, []);

  const dismissedSet = useMemo(() => new Set(dismissed), [dismissed]);
  const all = useMemo(
    () => new Map(guideSteps(result.findings, dismissedSet, 50).map((s) => [s.check, s])),
    [result, dismissedSet],
  );
  const offered = useMemo(
    () => guideSteps(result.findings, dismissedSet, GUIDE_STEPS),
    [result, dismissedSet],
  );

  const update = async (action: Parameters<typeof guideUpdate>[0]) => {
    const r = await guideUpdate(action).catch((e: Error) => ({ ok: false as const, error: e.message }));
    if (!r.ok) onError(r.error);
  };
  const outcome = (step: GuideStep, kind: 'fixed' | 'kept' | 'skipped') =>
    update({
      kind: 'outcome',
      check: step.check,
      outcome: kind,
      findingIds: kind === 'kept' ? step.findingIds : [],
    });

  return (
    <GuidedFix
      steps={(progress?.steps ?? []).map((check) => ({ check, step: all.get(check) ?? null }))}
      outcomes={progress ? progress.outcomes : null}
      available={offered.length}
      score={result.score}
      startScore={progress?.startScore ?? result.score}
      busy={busy}
      jobNote={job ? jobNote(job) : undefined}
      onStart={() => void update({ kind: 'start', steps: offered.map((s) => s.check) })}
      onFix={(step) => {
        setBusy(step.check);
        void applyFix(step)
          .then((started) => (started ? outcome(step, 'fixed') : undefined))
          .finally(() => setBusy(null));
      }}
      onKeep={(step) => void outcome(step, 'kept')}
      onSkip={(step) => void outcome(step, 'skipped')}
      onRestart={() => void update({ kind: 'reset' })}
      onRunAgain={() => void send({ type: 'checkup/run' })}
    />
  );
}

function guideUpdate(action: Extract<Parameters<typeof send>[0], { type: 'guide/update' }>['action']) {
  return send({ type: 'guide/update', action });
}

function jobNote(job: QuoteJob): string {
  const total = job.done.length + job.gone.length + job.pending.length;
  if (job.status === 'done') return t('guide_quoteJobDone');
  if (job.status === 'stopped') return t('guide_quoteJobStopped', job.error ?? '');
  return tn('guide_quoteJob', total, job.done.length + job.gone.length);
}

/** The report's "what changed" and "not applicable" parts. */
export function ChangesView({ result }: { result: StoredCheckupResult }) {
  const [previous, setPrevious] = useState<StoredCheckupResult | undefined>();
  useEffect(() => {
    void readKey('previousCheckup').then(setPrevious);
    return onKeyChanged('previousCheckup', setPrevious);
  }, []);
  const diff = useMemo(() => (previous ? diffCheckups(previous, result) : null), [previous, result]);
  return (
    <>
      <NotApplicableList items={result.notApplicable} />
      <CheckupChanges diff={diff} />
    </>
  );
}
