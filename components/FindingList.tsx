import { useMemo, useState } from 'preact/hooks';
import {
  FINDING_AREAS,
  areaLabel,
  collapseByCheck,
  filterFindings,
  fixButtonLabel,
  groupBySeverity,
  kindOptions,
  safeHttpUrl,
  splitDismissed,
  type FindingArea,
} from '../utils/checks/lib/finding-view';
import { kindLabel, severityLabel, whereLabel } from '../utils/checks/lib/labels';
import { SEVERITIES, type Finding, type Severity } from '../utils/checks/types';
import { t, tn } from '../utils/i18n';
import './FindingList.css';

export interface FindingListProps {
  findings: readonly Finding[];
  /** Ids the user dismissed or accepted; shown apart, collapsed. */
  dismissed?: ReadonlySet<string> | readonly string[];
  onFix(finding: Finding): void;
  onDismiss(id: string): void;
  /** Accepting a risk is remembered like a dismissal unless handled apart. */
  onAccept?(id: string): void;
  onRestore?(id: string): void;
  /** A finding whose fix is running: its buttons are disabled. */
  busyId?: string | null;
  /** Findings of one check shown per severity before "Show all". */
  pageSize?: number;
}

/** Findings grouped by severity, filterable by severity, area and kind of personal info. */
export function FindingList({
  findings,
  dismissed = [],
  onFix,
  onDismiss,
  onAccept,
  onRestore,
  busyId = null,
  pageSize = 10,
}: FindingListProps) {
  const [severities, setSeverities] = useState<Severity[]>([]);
  const [area, setArea] = useState<FindingArea | null>(null);
  const [kind, setKind] = useState<string | null>(null);
  /** Expanded `${severity}|${check}` runs. */
  const [expanded, setExpanded] = useState<Set<string>>(new Set());

  const split = useMemo(() => splitDismissed(findings, dismissed), [findings, dismissed]);
  const kinds = useMemo(() => kindOptions(split.active), [split.active]);
  const shown = useMemo(
    () => filterFindings(split.active, { severities, area, kind }),
    [split.active, severities, area, kind],
  );
  const groups = groupBySeverity(shown);
  const countBy = (s: Severity) => split.active.filter((f) => f.severity === s).length;

  const toggleSeverity = (s: Severity) =>
    setSeverities((prev) => (prev.includes(s) ? prev.filter((x) => x !== s) : [...prev, s]));

  return (
    <section class="fp-findings" aria-label={t('checks_findingsLabel')} data-testid="finding-list">
      <div class="fp-findings-filters">
        <fieldset class="fp-findings-severity">
          <legend>{t('checks_filterSeverity')}</legend>
          {SEVERITIES.map((s) => (
            <label key={s} class={`fp-chip fp-sev-${s}`}>
              <input
                type="checkbox"
                checked={severities.includes(s)}
                onChange={() => toggleSeverity(s)}
                data-testid={`filter-severity-${s}`}
              />
              {severityLabel(s)} ({countBy(s)})
            </label>
          ))}
        </fieldset>
        <label class="fp-findings-select">
          {t('checks_filterArea')}
          <select
            value={area ?? ''}
            onChange={(e) =>
              setArea(((e.currentTarget as HTMLSelectElement).value || null) as FindingArea | null)
            }
            data-testid="filter-area"
          >
            <option value="">{t('checks_filterAll')}</option>
            {FINDING_AREAS.map((a) => (
              <option key={a} value={a}>
                {areaLabel(a)}
              </option>
            ))}
          </select>
        </label>
        {kinds.length > 0 && (
          <label class="fp-findings-select">
            {t('checks_filterKind')}
            <select
              value={kind ?? ''}
              onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value || null)}
              data-testid="filter-kind"
            >
              <option value="">{t('checks_filterAll')}</option>
              {kinds.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {k.label} ({k.count})
                </option>
              ))}
            </select>
          </label>
        )}
      </div>

      <p class="fp-muted" role="status" aria-live="polite">
        {tn('checks_showing', split.active.length, shown.length)}
      </p>
      {groups.length === 0 && <p>{t('checks_noFindings')}</p>}

      {groups.map((group) => {
        const openChecks = new Set(
          [...expanded]
            .filter((k) => k.startsWith(`${group.severity}|`))
            .map((k) => k.slice(group.severity.length + 1)),
        );
        const { visible, hidden } = collapseByCheck(group.findings, pageSize, openChecks);
        const headingId = `fp-findings-${group.severity}`;
        return (
          <section
            key={group.severity}
            class={`fp-findings-group fp-sev-${group.severity}`}
            aria-labelledby={headingId}
          >
            <h3 id={headingId}>
              {t('checks_groupHeading', severityLabel(group.severity), group.findings.length)}
            </h3>
            <ul class="fp-findings-items">
              {visible.map((f) => (
                <FindingItem
                  key={f.id}
                  finding={f}
                  busy={busyId === f.id}
                  onFix={onFix}
                  onDismiss={onDismiss}
                  onAccept={onAccept ?? onDismiss}
                />
              ))}
            </ul>
            {hidden.map((h) => (
              <button
                key={h.check}
                type="button"
                class="fp-findings-more"
                onClick={() => setExpanded((prev) => new Set(prev).add(`${group.severity}|${h.check}`))}
                data-testid={`show-all-${group.severity}-${h.check}`}
              >
                {tn('checks_showMore', h.count, h.total)}
              </button>
            ))}
          </section>
        );
      })}

      {split.dismissed.length > 0 && (
        <details class="fp-findings-dismissed">
          <summary>{t('checks_dismissedHeading', split.dismissed.length)}</summary>
          <ul>
            {split.dismissed.map((f) => (
              <li key={f.id} data-finding-id={f.id}>
                <span>{f.title}</span>
                {onRestore && (
                  <button type="button" onClick={() => onRestore(f.id)}>
                    {t('checks_restore')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

interface FindingItemProps {
  finding: Finding;
  busy: boolean;
  onFix(finding: Finding): void;
  onDismiss(id: string): void;
  onAccept(id: string): void;
}

function FindingItem({ finding: f, busy, onFix, onDismiss, onAccept }: FindingItemProps) {
  const url = safeHttpUrl(f.url);
  const titleId = `fp-finding-${cssId(f.id)}`;
  return (
    <li>
      <article
        class={`fp-finding fp-sev-${f.severity}`}
        aria-labelledby={titleId}
        data-finding-id={f.id}
        data-check={f.check}
        data-status-id={f.statusId}
      >
        <header class="fp-finding-head">
          <span class="fp-sev-badge">{severityLabel(f.severity)}</span>
          <h4 id={titleId}>{f.title}</h4>
        </header>
        <p class="fp-finding-detail">{f.detail}</p>
        {f.evidence && f.evidence.length > 0 && (
          <div class="fp-finding-evidence">
            <span class="fp-muted">{t('checks_evidence')}</span>
            <ul>
              {f.evidence.map((e, i) => (
                <li key={i}>
                  {whereLabel(e.where)}
                  {e.kind ? ` (${kindLabel(e.kind)})` : ''}: <code class="fp-masked">{e.masked}</code>
                </li>
              ))}
            </ul>
          </div>
        )}
        {f.domains && f.domains.length > 0 && (
          <p class="fp-finding-domains">{t('checks_servers', f.domains.join(', '))}</p>
        )}
        <div class="fp-finding-actions">
          {url && (
            <a href={url} target="_blank" rel="noopener noreferrer">
              {f.statusId ? t('checks_openPost') : t('checks_openPage')}
            </a>
          )}
          {f.fix && (
            <button
              type="button"
              class="fp-primary"
              disabled={busy}
              aria-busy={busy}
              onClick={() => onFix(f)}
              data-testid="fix"
            >
              {fixButtonLabel(f.fix)}
            </button>
          )}
          <button type="button" disabled={busy} onClick={() => onDismiss(f.id)} data-testid="dismiss">
            {t('checks_dismiss')}
          </button>
          <button type="button" disabled={busy} onClick={() => onAccept(f.id)} data-testid="accept">
            {t('checks_accept')}
          </button>
        </div>
      </article>
    </li>
  );
}

function cssId(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_');
}
