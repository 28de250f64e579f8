import { useState } from 'preact/hooks';
import { t } from '../utils/i18n';
import type { Settings } from '../utils/storage';

export interface TrustSuggestion {
  domain: string;
  mutuals: number;
}

export interface SettingsPanelProps {
  settings: Settings;
  homeDomain: string;
  suggestions: TrustSuggestion[];
  message?: { kind: 'ok' | 'error'; text: string };
  onChange(patch: Partial<Settings>): void;
  /** Must run inside the click: the browser asks for the home server's origin. */
  onToggleCompose(enabled: boolean): void;
  onToggleNotify(enabled: boolean): void;
}

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}(?::\d{1,5})?$/i;
const RECHECK_CHOICES = [null, 6, 12, 24, 72, 168] as const;

export function SettingsPanel({
  settings,
  homeDomain,
  suggestions,
  message,
  onChange,
  onToggleCompose,
  onToggleNotify,
}: SettingsPanelProps) {
  const [draft, setDraft] = useState('');
  const [draftError, setDraftError] = useState<string | undefined>();
  const trusted = settings.trustedServers.filter((d) => d !== homeDomain);
  const addDomain = (raw: string) => {
    const domain = raw
      .trim()
      .toLowerCase()
      .replace(/^https?:\/\//, '')
      .replace(/\/$/, '')
      .replace(/^@?[^@]+@/, '');
    if (!DOMAIN.test(domain)) {
      setDraftError(t('settings_trustInvalid'));
      return;
    }
    setDraftError(undefined);
    setDraft('');
    if (!settings.trustedServers.includes(domain))
      onChange({ trustedServers: [...settings.trustedServers, domain] });
  };
  const openSuggestions = suggestions.filter(
    (s) => !settings.trustedServers.includes(s.domain) && s.domain !== homeDomain,
  );
  return (
    <section class="fp-settings" aria-labelledby="fp-settings-title">
      <h2 id="fp-settings-title">{t('settings_title')}</h2>
      {message && (
        <p
          class={message.kind === 'error' ? 'fp-error' : 'fp-ok'}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      )}

      <fieldset>
        <legend>{t('settings_trustedTitle')}</legend>
        <p class="fp-muted">{t('settings_trustedIntro')}</p>
        <ul class="fp-trusted" data-testid="trusted-list">
          <li>
            <strong>{homeDomain}</strong> <span class="fp-muted">{t('settings_homeAlwaysTrusted')}</span>
          </li>
          {trusted.map((domain) => (
            <li key={domain} data-domain={domain}>
              {domain}{' '}
              <button
                type="button"
                aria-label={t('settings_untrustLabel', domain)}
                onClick={() =>
                  onChange({ trustedServers: settings.trustedServers.filter((d) => d !== domain) })
                }
              >
                {t('settings_untrust')}
              </button>
            </li>
          ))}
        </ul>
        <form
          class="fp-row"
          onSubmit={(e) => {
            e.preventDefault();
            addDomain(draft);
          }}
        >
          <label for="fp-trust-input" class="fp-visually-hidden">
            {t('settings_trustInputLabel')}
          </label>
          <input
            id="fp-trust-input"
            value={draft}
            placeholder="example.social"
            onInput={(e) => setDraft(e.currentTarget.value)}
            aria-invalid={draftError ? true : undefined}
            aria-describedby={draftError ? 'fp-trust-error' : undefined}
          />
          <button type="submit">{t('settings_trustAdd')}</button>
        </form>
        {draftError && (
          <p id="fp-trust-error" class="fp-error" role="alert">
            {draftError}
          </p>
        )}
        {openSuggestions.length > 0 && (
          <div class="fp-suggestions">
            <p>{t('settings_suggestionsIntro')}</p>
            <ul>
              {openSuggestions.slice(0, 8).map((s) => (
                <li key={s.domain}>
                  {s.domain} <span class="fp-muted">{t('settings_mutuals', s.mutuals)}</span>{' '}
                  <button
                    type="button"
                    onClick={() => onChange({ trustedServers: [...settings.trustedServers, s.domain] })}
                  >
                    {t('settings_trustAdd')}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
      </fieldset>

      <fieldset>
        <legend>{t('settings_retentionTitle')}</legend>
        <label class="fp-row">
          <input
            type="checkbox"
            checked={settings.retentionDays !== null}
            onChange={(e) => onChange({ retentionDays: e.currentTarget.checked ? 365 : null })}
          />
          {t('settings_retentionToggle')}
        </label>
        {settings.retentionDays !== null && (
          <label class="fp-row">
            {t('settings_retentionDays')}
            <input
              type="number"
              min={1}
              max={3650}
              value={settings.retentionDays}
              onChange={(e) => {
                const days = Number(e.currentTarget.value);
                if (Number.isInteger(days) && days > 0) onChange({ retentionDays: days });
              }}
            />
          </label>
        )}
      </fieldset>

      <fieldset>
        <legend>{t('settings_composeTitle')}</legend>
        <p class="fp-muted">{t('settings_composeIntro', homeDomain)}</p>
        <label class="fp-row">
          <input
            type="checkbox"
            data-testid="compose-toggle"
            checked={settings.composeWarnings}
            onChange={(e) => onToggleCompose(e.currentTarget.checked)}
          />
          {t('settings_composeToggle')}
        </label>
      </fieldset>

      <fieldset>
        <legend>{t('settings_scheduleTitle')}</legend>
        <label class="fp-row">
          {t('settings_scheduleEvery')}
          <select
            data-testid="recheck-select"
            value={String(settings.recheckHours ?? 'off')}
            onChange={(e) => {
              const v = e.currentTarget.value;
              onChange({ recheckHours: v === 'off' ? null : Number(v) });
            }}
          >
            {RECHECK_CHOICES.map((h) => (
              <option key={String(h)} value={h === null ? 'off' : String(h)}>
                {h === null ? t('settings_scheduleOff') : t('settings_scheduleHours', h)}
              </option>
            ))}
          </select>
        </label>
        <label class="fp-row">
          <input
            type="checkbox"
            checked={settings.notify}
            onChange={(e) => onToggleNotify(e.currentTarget.checked)}
          />
          {t('settings_notify')}
        </label>
      </fieldset>
    </section>
  );
}
