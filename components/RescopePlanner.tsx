/**
 * The re-scope planner: filters, a preview with counts and an honest ETA, what is lost, and an
 * explicit confirmation. Props in, events out: the parent computes the plan (planRescope) and
 * starts the job; nothing here talks to the API or to storage. Post text is rendered as text.
 */
import { useEffect, useState } from 'preact/hooks';
import { t, tn, uiLanguage, type MessageKey } from '../utils/i18n';
import { LOST_ON_DELETE, LOST_ON_REDRAFT } from '../utils/rescope/planner';
import type { RescopeOptions, RescopePlan, RescopeTarget, SkipReason } from '../utils/rescope/types';
import type { Visibility } from '../utils/mastodon/schemas';

export interface RescopePlannerProps {
  options: RescopeOptions;
  /** The preview for `options`, or null while it is computed. */
  plan: RescopePlan | null;
  onChange: (options: RescopeOptions) => void;
  onConfirm: (plan: RescopePlan) => void;
  /** True while the job is being created. */
  busy?: boolean;
  /** Posts listed in the preview; the rest are counted. */
  previewLimit?: number;
}

const TARGETS: { value: RescopeTarget; label: MessageKey }[] = [
  { value: 'unlisted', label: 'rescope_targetUnlisted' },
  { value: 'private', label: 'rescope_targetPrivate' },
  { value: 'delete', label: 'rescope_targetDelete' },
];

const VISIBILITIES: { value: Visibility; label: MessageKey }[] = [
  { value: 'public', label: 'rescope_visPublic' },
  { value: 'unlisted', label: 'rescope_visUnlisted' },
  { value: 'private', label: 'rescope_visPrivate' },
];

export const SKIP_LABELS: Record<SkipReason, MessageKey> = {
  boost: 'rescope_skip_boost',
  direct: 'rescope_skip_direct',
  'already-narrow': 'rescope_skip_alreadyNarrow',
  'visibility-filter': 'rescope_skip_visibilityFilter',
  'too-recent': 'rescope_skip_tooRecent',
  'no-finding': 'rescope_skip_noFinding',
  pinned: 'rescope_skip_pinned',
  favourites: 'rescope_skip_favourites',
  boosts: 'rescope_skip_boosts',
  'engaged-thread': 'rescope_skip_engagedThread',
  hashtag: 'rescope_skip_hashtag',
  reply: 'rescope_skip_reply',
};

export function formatDuration(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return t('rescope_durationMinutes', minutes);
  return t('rescope_durationHours', Math.floor(minutes / 60), minutes % 60);
}

export function formatDateTime(iso: string | number): string {
  return new Date(iso).toLocaleString(uiLanguage(), { dateStyle: 'medium', timeStyle: 'short' });
}

function numberOrNull(value: string): number | null {
  if (value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : null;
}

export function RescopePlanner({
  options,
  plan,
  onChange,
  onConfirm,
  busy = false,
  previewLimit = 50,
}: RescopePlannerProps) {
  const [confirmed, setConfirmed] = useState(false);
  // Any change to what would be done asks for the confirmation again.
  useEffect(() => setConfirmed(false), [plan]);
  const set = (patch: Partial<RescopeOptions>) => onChange({ ...options, ...patch });
  const toggleVisibility = (v: Visibility, on: boolean) =>
    set({
      visibilities: on
        ? [...new Set([...options.visibilities, v])]
        : options.visibilities.filter((x) => x !== v),
    });
  const lost = options.target === 'delete' ? LOST_ON_DELETE : LOST_ON_REDRAFT;
  const skippedTotal = plan ? Object.values(plan.counts.skipped).reduce((a, b) => a + (b ?? 0), 0) : 0;
  const canStart = Boolean(plan && plan.posts.length > 0 && confirmed && !busy);

  return (
    <section class="fp-rescope-planner" aria-labelledby="fp-rescope-title">
      <h2 id="fp-rescope-title">{t('rescope_plannerTitle')}</h2>
      <p class="fp-muted">{t('rescope_plannerIntro')}</p>

      <form onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>{t('rescope_target')}</legend>
          {TARGETS.map(({ value, label }) => (
            <label key={value} class="fp-choice">
              <input
                type="radio"
                name="fp-rescope-target"
                value={value}
                checked={options.target === value}
                onChange={() => set({ target: value })}
              />
              {t(label)}
            </label>
          ))}
        </fieldset>

        <fieldset>
          <legend>{t('rescope_filters')}</legend>
          <label class="fp-field">
            {t('rescope_olderThan')}
            <input
              type="number"
              min={0}
              name="olderThanDays"
              value={options.olderThanDays ?? ''}
              onInput={(e) => set({ olderThanDays: numberOrNull(e.currentTarget.value) })}
            />
          </label>
          <fieldset class="fp-inline">
            <legend>{t('rescope_visibilities')}</legend>
            {VISIBILITIES.map(({ value, label }) => (
              <label key={value} class="fp-choice">
                <input
                  type="checkbox"
                  name={`visibility-${value}`}
                  checked={options.visibilities.includes(value)}
                  onChange={(e) => toggleVisibility(value, e.currentTarget.checked)}
                />
                {t(label)}
              </label>
            ))}
          </fieldset>
          <Toggle
            name="onlyWithFindings"
            label="rescope_onlyFindings"
            checked={options.onlyWithFindings}
            onToggle={(v) => set({ onlyWithFindings: v })}
          />
          <Toggle
            name="keepPinned"
            label="rescope_keepPinned"
            checked={options.keepPinned}
            onToggle={(v) => set({ keepPinned: v })}
          />
          <Toggle
            name="keepEngagedThreads"
            label="rescope_keepThreads"
            checked={options.keepEngagedThreads}
            onToggle={(v) => set({ keepEngagedThreads: v })}
          />
          <Toggle
            name="includeReplies"
            label="rescope_includeReplies"
            checked={options.includeReplies}
            onToggle={(v) => set({ includeReplies: v })}
          />
          <label class="fp-field">
            {t('rescope_keepMinFavourites')}
            <input
              type="number"
              min={0}
              name="keepMinFavourites"
              value={options.keepMinFavourites ?? ''}
              onInput={(e) => set({ keepMinFavourites: numberOrNull(e.currentTarget.value) })}
            />
          </label>
          <label class="fp-field">
            {t('rescope_keepMinBoosts')}
            <input
              type="number"
              min={0}
              name="keepMinBoosts"
              value={options.keepMinBoosts ?? ''}
              onInput={(e) => set({ keepMinBoosts: numberOrNull(e.currentTarget.value) })}
            />
          </label>
          <label class="fp-field">
            {t('rescope_keepHashtags')}
            <input
              type="text"
              name="keepHashtags"
              value={options.keepHashtags.join(', ')}
              onChange={(e) =>
                set({
                  keepHashtags: e.currentTarget.value
                    .split(',')
                    .map((s) => s.trim().replace(/^#/, ''))
                    .filter(Boolean),
                })
              }
            />
          </label>
          <p class="fp-muted">{t('rescope_neverTouched')}</p>
        </fieldset>
      </form>

      <section aria-labelledby="fp-rescope-preview" aria-live="polite">
        <h3 id="fp-rescope-preview">{t('rescope_previewTitle')}</h3>
        {plan && (
          <>
            <p class="fp-rescope-counts" data-testid="rescope-counts">
              {t('rescope_previewCounts', plan.counts.planned, plan.counts.considered, skippedTotal)}
            </p>
            <p class="fp-rescope-eta">
              {plan.posts.length === 0
                ? t('rescope_etaNone')
                : t('rescope_eta', formatDuration(plan.eta.ms), formatDateTime(plan.eta.finishAt))}
            </p>
            {skippedTotal > 0 && (
              <ul class="fp-rescope-skipped">
                {(Object.entries(plan.counts.skipped) as [SkipReason, number][]).map(([reason, n]) => (
                  <li key={reason}>{t('rescope_keptBy', `${t(SKIP_LABELS[reason])}: ${n}`)}</li>
                ))}
              </ul>
            )}
            {/* Scrolls on its own: focusable so keyboard users can scroll it too. */}
            <ol class="fp-rescope-list" tabIndex={0} aria-labelledby="fp-rescope-preview">
              {plan.posts.slice(0, previewLimit).map((post) => (
                <li key={post.id}>
                  <span class="fp-rescope-excerpt">{post.excerpt}</span>{' '}
                  <span class="fp-muted">
                    {t('rescope_postMeta', formatDateTime(post.createdAt), post.favourites, post.boosts)}
                  </span>
                </li>
              ))}
            </ol>
            {plan.posts.length > previewLimit && (
              <p class="fp-muted">{t('rescope_previewMore', plan.posts.length - previewLimit)}</p>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="fp-rescope-lost" class="fp-rescope-lost">
        <h3 id="fp-rescope-lost">{t('rescope_lostTitle')}</h3>
        <ul>
          {lost.map((key) => (
            <li key={key}>{t(key)}</li>
          ))}
        </ul>
        <p>{t('rescope_backupNote')}</p>
        <label class="fp-choice">
          <input
            type="checkbox"
            name="confirm"
            checked={confirmed}
            disabled={!plan || plan.posts.length === 0}
            onChange={(e) => setConfirmed(e.currentTarget.checked)}
          />
          {t('rescope_confirm')}
        </label>
        <button
          type="button"
          class="fp-button fp-danger"
          data-testid="rescope-start"
          disabled={!canStart}
          onClick={() => plan && canStart && onConfirm(plan)}
        >
          {options.target === 'delete'
            ? tn('rescope_startDelete', plan?.posts.length ?? 0)
            : tn('rescope_start', plan?.posts.length ?? 0)}
        </button>
      </section>
      <style>{STYLE}</style>
    </section>
  );
}

function Toggle(props: {
  name: string;
  label: MessageKey;
  checked: boolean;
  onToggle: (value: boolean) => void;
}) {
  return (
    <label class="fp-choice">
      <input
        type="checkbox"
        name={props.name}
        checked={props.checked}
        onChange={(e) => props.onToggle(e.currentTarget.checked)}
      />
      {t(props.label)}
    </label>
  );
}

const STYLE = `
.fp-rescope-planner { color: var(--fp-fg); background: var(--fp-bg); }
.fp-rescope-planner fieldset { border: 1px solid var(--fp-border); border-radius: 6px; margin: 0 0 1rem; padding: .5rem 1rem; }
.fp-rescope-planner .fp-inline { border: none; padding: 0; }
.fp-rescope-planner .fp-choice, .fp-rescope-planner .fp-field { display: block; margin: .35rem 0; }
.fp-rescope-planner .fp-field input { display: block; margin-top: .2rem; }
.fp-rescope-planner .fp-muted { color: var(--fp-muted); }
.fp-rescope-list { max-height: 24rem; overflow: auto; background: var(--fp-surface); border: 1px solid var(--fp-border); padding: .5rem 2rem; }
.fp-rescope-lost { border-left: 4px solid var(--fp-high); padding-left: 1rem; margin-top: 1rem; }
.fp-rescope-planner .fp-button { background: var(--fp-accent); color: var(--fp-bg); border: none; border-radius: 4px; padding: .5rem 1rem; }
.fp-rescope-planner .fp-danger { background: var(--fp-high); }
.fp-rescope-planner .fp-button:disabled { opacity: .5; }
.fp-rescope-planner :focus-visible { outline: 2px solid var(--fp-accent); outline-offset: 2px; }
`;
