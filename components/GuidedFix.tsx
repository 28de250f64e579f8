import { useEffect, useRef } from 'preact/hooks';
import type { GuideStep, StepOutcome } from '../utils/checks/guide';
import { fixButtonLabel } from '../utils/checks/lib/finding-view';
import { severityLabel } from '../utils/checks/lib/labels';
import { gradeOf } from '../utils/checks/score';
import { t, tn } from '../utils/i18n';
import { ScoreBadge } from './ScoreBadge';
import './GuidedFix.css';

export interface GuidedFixProps {
  /** The steps chosen when the flow started, in order; a step whose findings are gone is `null`. */
  steps: { check: string; step: GuideStep | null }[];
  /** null: the flow has not started. */
  outcomes: Readonly<Record<string, StepOutcome>> | null;
  /** Steps on offer before the flow starts. */
  available: number;
  score: number;
  startScore: number;
  /** The step whose fix is being applied. */
  busy: string | null;
  /** A sentence about the quote-policy job, when one exists. */
  jobNote?: string;
  onStart(): void;
  onFix(step: GuideStep): void;
  onKeep(step: GuideStep): void;
  onSkip(step: GuideStep): void;
  onRestart(): void;
  onRunAgain(): void;
}

/**
 * "Fix the top issues": one card per step with what it is, why it matters, and the fix or
 * "keep it". Every control is a button; the card's heading takes the focus when the step
 * changes, so keyboard and screen-reader users land on the new step.
 */
export function GuidedFix(props: GuidedFixProps) {
  const { steps, outcomes, score, startScore } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  const index = outcomes ? steps.findIndex((s) => s.step && !outcomes[s.check]) : -1;
  const key = outcomes ? `${index}` : 'intro';
  const first = useRef(true);
  useEffect(() => {
    // Not on first render: the tab itself has the focus then.
    if (first.current) first.current = false;
    else heading.current?.focus();
  }, [key]);

  if (!outcomes) {
    return (
      <section class="fp-guide" aria-labelledby="fp-guide-title" data-testid="guide">
        <h2 id="fp-guide-title" ref={heading} tabIndex={-1}>
          {t('guide_title')}
        </h2>
        {props.available === 0 ? (
          <p data-testid="guide-nothing">{t('guide_nothing')}</p>
        ) : (
          <>
            <p>{tn('guide_intro', props.available, score)}</p>
            <button type="button" class="fp-primary" onClick={props.onStart} data-testid="guide-start">
              {t('guide_start')}
            </button>
          </>
        )}
      </section>
    );
  }

  const current = index === -1 ? null : (steps[index]?.step ?? null);
  return (
    <section class="fp-guide" aria-labelledby="fp-guide-title" data-testid="guide">
      <ol class="fp-guide-steps" aria-label={t('guide_stepsLabel')}>
        {steps.map((s, i) => {
          const outcome = s.step ? outcomes[s.check] : 'gone';
          return (
            <li
              key={s.check}
              class={`fp-guide-dot${i === index ? ' fp-guide-dot--current' : ''}`}
              aria-current={i === index ? 'step' : undefined}
              data-outcome={outcome ?? 'open'}
            >
              <span class="fp-visually-hidden">
                {t('guide_stepOf', i + 1, steps.length)}
                {outcome ? `: ${outcomeLabel(outcome)}` : ''}
              </span>
            </li>
          );
        })}
      </ol>
      {props.jobNote && (
        <p class="fp-banner" role="status" data-testid="guide-job">
          {props.jobNote}
        </p>
      )}
      {current ? (
        <article
          class={`fp-guide-card fp-sev-${current.severity}`}
          data-testid="guide-card"
          data-check={current.check}
        >
          <p class="fp-muted" aria-live="polite">
            {t('guide_stepOf', index + 1, steps.length)} · {severityLabel(current.severity)}
          </p>
          <h2 id="fp-guide-title" ref={heading} tabIndex={-1}>
            {current.title}
          </h2>
          <h3>{t('guide_why')}</h3>
          <p>{current.detail}</p>
          {current.count > 1 && <p class="fp-muted">{tn('guide_more', current.count - 1)}</p>}
          {current.gain >= 0.5 && <p>{tn('guide_gain', Math.round(current.gain))}</p>}
          <div class="fp-guide-actions">
            {current.fix ? (
              <button
                type="button"
                class="fp-primary"
                disabled={props.busy === current.check}
                onClick={() => props.onFix(current)}
                data-testid="guide-fix"
              >
                {fixButtonLabel(current.fix)}
              </button>
            ) : (
              <p>{t('guide_noFix')}</p>
            )}
            <button type="button" onClick={() => props.onKeep(current)} data-testid="guide-keep">
              {t('guide_keep')}
            </button>
            <button type="button" onClick={() => props.onSkip(current)} data-testid="guide-skip">
              {t('guide_skip')}
            </button>
          </div>
          <p class="fp-muted">{t('guide_keepHint')}</p>
        </article>
      ) : (
        <article class="fp-guide-card" data-testid="guide-done">
          <h2 id="fp-guide-title" ref={heading} tabIndex={-1}>
            {t('guide_doneTitle')}
          </h2>
          <ScoreBadge score={score} grade={gradeOf(score)} />
          <p data-testid="guide-new-score">{t('guide_doneScore', score, startScore)}</p>
          <ul class="fp-guide-summary">
            {steps.map((s) => (
              <li key={s.check}>
                {s.step?.title ?? s.check}: {outcomeLabel(s.step ? (outcomes[s.check] ?? 'skipped') : 'gone')}
              </li>
            ))}
          </ul>
          <p class="fp-muted">{t('guide_donePending')}</p>
          <div class="fp-guide-actions">
            <button type="button" class="fp-primary" onClick={props.onRunAgain} data-testid="guide-run-again">
              {t('guide_runAgain')}
            </button>
            <button type="button" onClick={props.onRestart} data-testid="guide-restart">
              {t('guide_restart')}
            </button>
          </div>
        </article>
      )}
    </section>
  );
}

function outcomeLabel(outcome: StepOutcome | 'gone'): string {
  switch (outcome) {
    case 'fixed':
      return t('guide_outcome_fixed');
    case 'kept':
      return t('guide_outcome_kept');
    case 'skipped':
      return t('guide_outcome_skipped');
    case 'gone':
      return t('guide_outcome_gone');
  }
}
