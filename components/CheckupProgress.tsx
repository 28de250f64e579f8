import { t, uiLanguage } from '../utils/i18n';
import { PART_LABEL_KEYS } from '../utils/snapshot/part-labels';
import type { SnapshotPart } from '../utils/snapshot/types';

export interface ProgressPart {
  part: string;
  done: number;
  expected: number | null;
}

export interface CheckupProgressProps {
  parts: ProgressPart[];
  onCancel(): void;
}

export function CheckupProgress({ parts, onCancel }: CheckupProgressProps) {
  const fmt = new Intl.NumberFormat(uiLanguage());
  const totalDone = parts.reduce((n, p) => n + p.done, 0);
  const totalExpected = parts.reduce((n, p) => n + (p.expected ?? p.done), 0);
  return (
    <section class="fp-progress" aria-labelledby="fp-progress-title">
      <h2 id="fp-progress-title">{t('progress_title')}</h2>
      <progress
        max={Math.max(totalExpected, 1)}
        value={totalDone}
        aria-valuetext={t('progress_overall', fmt.format(totalDone), fmt.format(totalExpected))}
        data-testid="progress"
      />
      <ul class="fp-progress-parts" aria-live="polite">
        {parts.map((p) => (
          <li key={p.part} data-part={p.part}>
            <span>{p.part in PART_LABEL_KEYS ? t(PART_LABEL_KEYS[p.part as SnapshotPart]) : p.part}</span>{' '}
            <span class="fp-muted" data-testid={`progress-${p.part}`}>
              {p.expected != null
                ? t('progress_count', fmt.format(p.done), fmt.format(p.expected))
                : fmt.format(p.done)}
            </span>
          </li>
        ))}
      </ul>
      <button type="button" onClick={onCancel} data-testid="cancel">
        {t('progress_cancel')}
      </button>
    </section>
  );
}
