import { useState } from 'preact/hooks';
import type { HolderMap, ServerHolding } from '../utils/holders/index';
import { holderActions, holderBars, holderBreakdown, toneLabel, toneOf } from '../utils/holders/view';
import { t, uiLanguage } from '../utils/i18n';
import './HoldersMap.css';

export interface HoldersMapProps {
  map: HolderMap;
  /** The chosen server; uncontrolled when left out. */
  selected?: string | null;
  onSelect?(domain: string): void;
  /** Fired after the user confirmed. The caller asks for the write scope and does it. */
  onRemoveFollowers(domain: string): void;
  /** Fired after the user confirmed. */
  onBlockDomain(domain: string): void;
  onTrust(domain: string): void;
  onUntrust?(domain: string): void;
  /** A server whose action is running: its buttons are disabled. */
  busyDomain?: string | null;
  /** Bars in the picture; the table lists every server. */
  maxBars?: number;
}

type Pending = { action: 'remove' | 'block'; domain: string } | null;

/** "Who holds your data": a ranked bar picture, a table under it, and the chosen server's details. */
export function HoldersMap({
  map,
  selected,
  onSelect,
  onRemoveFollowers,
  onBlockDomain,
  onTrust,
  onUntrust,
  busyDomain = null,
  maxBars = 30,
}: HoldersMapProps) {
  const [own, setOwn] = useState<string | null>(map.servers[0]?.domain ?? null);
  const current = selected === undefined ? own : selected;
  const choose = (domain: string) => {
    setOwn(domain);
    onSelect?.(domain);
  };
  const fmt = new Intl.NumberFormat(uiLanguage());
  const bars = holderBars(map, maxBars);
  const server = map.servers.find((s) => s.domain === current) ?? null;

  return (
    <section class="fp-holders" aria-labelledby="fp-holders-title" data-testid="holders-map">
      <h2 id="fp-holders-title">{t('holders_title')}</h2>
      <p>
        {t('holders_summary', map.totals.servers, map.totals.untrustedServers, map.totals.blockedServers)}
      </p>
      <p class="fp-muted">
        {t('holders_anyone', fmt.format(map.anyone.public), fmt.format(map.anyone.unlisted))}
      </p>
      {map.incomplete.length > 0 && <p class="fp-error">{t('holders_incomplete')}</p>}

      <ul class="fp-holders-legend" aria-hidden="true">
        {(['home', 'trusted', 'untrusted', 'blocked'] as const).map((tone) => (
          <li key={tone}>
            <span class={`fp-holders-swatch fp-tone-${tone}`} />
            {toneLabel(tone)}
          </li>
        ))}
      </ul>

      <ol class="fp-holders-chart" aria-label={t('holders_chartLabel')}>
        {bars.map((bar) => (
          <li key={bar.domain}>
            <button
              type="button"
              class={`fp-holders-bar fp-tone-${bar.tone}`}
              aria-pressed={bar.domain === current}
              title={bar.label}
              onClick={() => choose(bar.domain)}
              data-domain={bar.domain}
            >
              <span class="fp-holders-fill" style={{ width: `${Math.round(bar.size * 100)}%` }} />
              <span class="fp-holders-bar-text">
                <span class="fp-holders-domain">{bar.domain}</span>
                <span class="fp-holders-count">{fmt.format(bar.total)}</span>
              </span>
            </button>
          </li>
        ))}
      </ol>
      {map.servers.length > bars.length && (
        <p class="fp-muted">{t('holders_more', map.servers.length - bars.length)}</p>
      )}

      {server && (
        <HolderDetail
          server={server}
          busy={busyDomain === server.domain}
          onRemoveFollowers={onRemoveFollowers}
          onBlockDomain={onBlockDomain}
          onTrust={onTrust}
          onUntrust={onUntrust}
        />
      )}

      <table class="fp-holders-table">
        <caption class="fp-visually-hidden">{t('holders_title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('holders_col_server')}</th>
            <th scope="col">{t('holders_col_status')}</th>
            <th scope="col">{t('holders_col_posts')}</th>
            <th scope="col">{t('holders_col_direct')}</th>
            <th scope="col">{t('holders_col_followers')}</th>
          </tr>
        </thead>
        <tbody>
          {map.servers.map((s) => (
            <tr
              key={s.domain}
              class={s.domain === current ? 'fp-holders-row--selected' : undefined}
              data-domain={s.domain}
            >
              <th scope="row">
                <button
                  type="button"
                  class="fp-link-button"
                  aria-pressed={s.domain === current}
                  aria-label={t('holders_select', s.domain)}
                  onClick={() => choose(s.domain)}
                >
                  {s.domain}
                </button>
              </th>
              <td>
                <span class={`fp-holders-swatch fp-tone-${toneOf(s)}`} aria-hidden="true" />
                {toneLabel(toneOf(s))}
              </td>
              <td>{fmt.format(s.total)}</td>
              <td>{fmt.format(s.posts.direct)}</td>
              <td>{fmt.format(s.followers)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

interface HolderDetailProps {
  server: ServerHolding;
  busy: boolean;
  onRemoveFollowers(domain: string): void;
  onBlockDomain(domain: string): void;
  onTrust(domain: string): void;
  onUntrust?(domain: string): void;
}

function HolderDetail({
  server,
  busy,
  onRemoveFollowers,
  onBlockDomain,
  onTrust,
  onUntrust,
}: HolderDetailProps) {
  const [pending, setPending] = useState<Pending>(null);
  const fmt = new Intl.NumberFormat(uiLanguage());
  const actions = holderActions(server);
  const rows = holderBreakdown(server);
  const confirming = pending?.domain === server.domain ? pending : null;
  const confirm = () => {
    if (!confirming) return;
    if (confirming.action === 'remove') onRemoveFollowers(server.domain);
    else onBlockDomain(server.domain);
    setPending(null);
  };
  return (
    <section
      class="fp-holders-detail"
      aria-labelledby="fp-holders-detail-title"
      aria-live="polite"
      data-testid="holder-detail"
    >
      <h3 id="fp-holders-detail-title">{t('holders_detailTitle', server.domain)}</h3>
      <p>
        <span class={`fp-holders-swatch fp-tone-${toneOf(server)}`} aria-hidden="true" />
        {toneLabel(toneOf(server))}
      </p>
      <ul class="fp-holders-rows">
        {rows.map((r) => (
          <li key={r.key} data-row={r.key}>
            <span>{r.label}</span>
            {r.count !== null && <strong>{fmt.format(r.count)}</strong>}
          </li>
        ))}
      </ul>
      {confirming ? (
        <div class="fp-holders-confirm" role="alertdialog" aria-labelledby="fp-holders-confirm-text">
          <p id="fp-holders-confirm-text">
            {confirming.action === 'remove'
              ? t('holders_confirmRemove', server.followers, server.domain)
              : t('holders_confirmBlock', server.domain)}
          </p>
          <button type="button" class="fp-primary" onClick={confirm} data-testid="confirm" autoFocus>
            {t('holders_confirm')}
          </button>
          <button type="button" onClick={() => setPending(null)}>
            {t('holders_cancel')}
          </button>
        </div>
      ) : (
        <div class="fp-holders-actions">
          {actions.removeFollowers && (
            <button
              type="button"
              disabled={busy}
              onClick={() => setPending({ action: 'remove', domain: server.domain })}
              data-testid="remove-followers"
            >
              {t('holders_action_removeFollowers', server.followers)}
            </button>
          )}
          {actions.block && (
            <button
              type="button"
              disabled={busy}
              onClick={() => setPending({ action: 'block', domain: server.domain })}
              data-testid="block-domain"
            >
              {t('holders_action_block')}
            </button>
          )}
          {actions.trust && (
            <button type="button" disabled={busy} onClick={() => onTrust(server.domain)} data-testid="trust">
              {t('holders_action_trust')}
            </button>
          )}
          {actions.untrust && onUntrust && (
            <button
              type="button"
              disabled={busy}
              onClick={() => onUntrust(server.domain)}
              data-testid="untrust"
            >
              {t('holders_action_untrust')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
