import { t, tn, uiLanguage } from '../utils/i18n';
import { notShownLabel, partLabel } from '../utils/snapshot/completeness-text';
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
          tn('count_posts', result.stats.posts),
          tn('count_followers', result.stats.followers),
          tn('count_findings', result.findings.length),
        )}
      </p>
      {(result.incomplete.length > 0 || result.checkErrors.length > 0) && (
        <p class="fp-error">{t('summary_incomplete')}</p>
      )}
      {result.shortfalls.map((s) => (
        <p class="fp-error" key={s.part} data-testid="not-fully-read">
          {s.reason === 'server-limit' || s.expected === null
            ? t('report_shortLimit', partLabel(s.part), fmt.format(s.read))
            : t('report_shortCount', partLabel(s.part), fmt.format(s.read), fmt.format(s.expected))}
        </p>
      ))}
      {result.notChecked.length > 0 && (
        <p class="fp-muted" data-testid="not-checked">
          {t('report_notChecked', result.notChecked.map(notShownLabel).join(', '))}
        </p>
      )}
      {(result.software || result.unread.length > 0) && (
        <details data-testid="read-details">
          <summary>{t('summary_details')}</summary>
          {result.software && (
            <p data-testid="software">
              {t('report_software', result.software.name, result.software.version ?? '')}
            </p>
          )}
          {result.unread.length > 0 && (
            <ul>
              {result.unread.map((u, i) => (
                <li key={i}>{t('report_unreadItem', u.part, u.endpoint, u.field, u.message)}</li>
              ))}
            </ul>
          )}
        </details>
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
