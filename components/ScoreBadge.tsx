import { gradeLabel, type Grade } from '../utils/checks/score';
import { t } from '../utils/i18n';
import './ScoreBadge.css';

export interface ScoreBadgeProps {
  score: number;
  grade: Grade;
  /** Smaller variant for the popup. */
  compact?: boolean;
}

const RADIUS = 42;
const CIRCUMFERENCE = 2 * Math.PI * RADIUS;

/** The score as a ring with the number and the plain-words grade beside it. */
export function ScoreBadge({ score, grade, compact = false }: ScoreBadgeProps) {
  const clamped = Math.max(0, Math.min(100, Math.round(score)));
  const label = gradeLabel(grade);
  return (
    <div
      class={`fp-score-badge fp-grade-${grade}${compact ? ' fp-score-badge--compact' : ''}`}
      role="group"
      aria-label={t('checks_scoreLabel', clamped, label)}
      data-testid="score-badge"
      data-score={clamped}
      data-grade={grade}
    >
      <svg class="fp-score-ring" viewBox="0 0 100 100" aria-hidden="true" focusable="false">
        <circle class="fp-score-track" cx="50" cy="50" r={RADIUS} />
        <circle
          class="fp-score-value"
          cx="50"
          cy="50"
          r={RADIUS}
          stroke-dasharray={`${(CIRCUMFERENCE * clamped) / 100} ${CIRCUMFERENCE}`}
          transform="rotate(-90 50 50)"
        />
        <text x="50" y="50" class="fp-score-number">
          {clamped}
        </text>
      </svg>
      <div class="fp-score-text" aria-hidden="true">
        <span class="fp-score-grade">{label}</span>
        <span class="fp-score-outof">
          {clamped} {t('checks_scoreOutOf')}
        </span>
      </div>
    </div>
  );
}
