import type { CheckupDiff } from '../utils/checks/diff';
import { checkName, severityLabel } from '../utils/checks/lib/labels';
import { t, tn, uiLanguage } from '../utils/i18n';
import type { NotApplicable } from '../utils/checks';
import './GuidedFix.css';

export interface CheckupChangesProps {
  /** null: there is no earlier checkup to compare with. */
  diff: CheckupDiff | null;
}

/** "What changed since the last checkup": new findings, findings gone, summaries that moved. */
export function CheckupChanges({ diff }: CheckupChangesProps) {
  return (
    <section class="fp-changes" aria-labelledby="fp-changes-title" data-testid="changes">
      <h2 id="fp-changes-title">{t('changes_title')}</h2>
      {!diff ? (
        <p data-testid="changes-first">{t('changes_first')}</p>
      ) : (
        <>
          <p class="fp-muted">
            {t(
              'changes_since',
              new Date(diff.since).toLocaleString(uiLanguage()),
              diff.scoreBefore,
              diff.scoreAfter,
            )}
          </p>
          {diff.added.length === 0 && diff.fixed.length === 0 && diff.changed.length === 0 && (
            <p data-testid="changes-none">{t('changes_none')}</p>
          )}
          {diff.added.length > 0 && (
            <>
              <h3>{tn('changes_new', diff.added.length)}</h3>
              <ul data-testid="changes-new">
                {diff.added.map((f) => (
                  <li key={f.id} class={`fp-sev-${f.severity}`} data-change-check={f.check}>
                    <span class="fp-sev-label">{severityLabel(f.severity)}</span> {f.title}
                  </li>
                ))}
              </ul>
            </>
          )}
          {diff.fixed.length > 0 && (
            <>
              <h3>{tn('changes_fixed', diff.fixed.length)}</h3>
              <ul data-testid="changes-fixed">
                {diff.fixed.map((f) => (
                  <li key={f.id} data-change-check={f.check}>
                    <s>{f.title}</s>
                  </li>
                ))}
              </ul>
            </>
          )}
          {diff.changed.length > 0 && (
            <>
              <h3>{t('changes_changedTitle')}</h3>
              <ul data-testid="changes-changed">
                {diff.changed.map((c) => (
                  <li key={c.finding.id}>{t('changes_changed', c.finding.title, c.before, c.after)}</li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}

export interface NotApplicableListProps {
  items: readonly NotApplicable[];
}

/** Checks the server is too old for: "not applicable on your server (Mastodon X)". */
export function NotApplicableList({ items }: NotApplicableListProps) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="fp-na-title" data-testid="not-applicable">
      <h3 id="fp-na-title">{t('checks_notApplicableTitle')}</h3>
      <ul>
        {items.map((item) => (
          <li key={item.check} data-na-check={item.check}>
            {t('checks_notApplicable', checkName(item.check), item.version, item.since)}
          </li>
        ))}
      </ul>
    </section>
  );
}
