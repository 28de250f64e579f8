import { t, uiLanguage } from '../utils/i18n';
import { ScoreBadge } from './ScoreBadge';
import type { StoredCheckupResult } from '../utils/storage';

export interface CheckupSummaryProps {
  result: StoredCheckupResult;
  /** How many top findings to show. */
  top?: number;
  onOpenReport(): void;
}

const ORDER = { high: 0, medium: 1, low: 2, info: 3 } as const;

export function CheckupSummary({ result, top = 3, onOpenReport }: CheckupSummaryProps) {
  const fmt = new Intl.NumberFormat(uiLanguage());
  const findings = [...result.findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]).slice(0, top);
  return (
    <section class="fp-summary" aria-labelledby="fp-summary-title">
      <h2 id="fp-summary-title" class="fp-visually-hidden">
        {t('summary_title')}
      </h2>
      <div data-testid="score">
        <ScoreBadge score={result.score} grade={result.grade} compact />
      </div>
      <p class="fp-muted" data-testid="stats">
        {t(
          'summary_stats',
          fmt.format(result.stats.posts),
          fmt.format(result.stats.followers),
          fmt.format(result.findings.length),
        )}
      </p>
      {(result.incomplete.length > 0 || result.checkErrors.length > 0) && (
        <p class="fp-error">{t('summary_incomplete')}</p>
      )}
      <ul class="fp-top-findings">
        {findings.map((f) => (
          <li key={f.id} class={`fp-sev-${f.severity}`} data-check={f.check}>
            <span class="fp-sev-label">{t(`severity_${f.severity}`)}</span> {f.title}
          </li>
        ))}
      </ul>
      <button type="button" class="fp-primary" onClick={onOpenReport} data-testid="open-report">
        {t('summary_openReport')}
      </button>
    </section>
  );
}
