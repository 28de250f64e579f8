import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type {
  HolderFact,
  HolderGroupId,
  HolderMap,
  HolderStanding,
  ServerHolding,
} from '../utils/holders/index';
import { STANDINGS } from '../utils/holders/index';
import {
  groupLabel,
  groupSummary,
  heldPieces,
  holdersSvg,
  markPath,
  STANDING_COLOR,
  standingLabel,
} from '../utils/holders/svg';
import {
  factViews,
  holderActions,
  holderBreakdown,
  standingNote,
  type FactView,
  type HolderFix,
} from '../utils/holders/view';
import { t, uiLanguage, type MessageKey } from '../utils/i18n';
import './HoldersMap.css';

export interface HoldersMapProps {
  map: HolderMap;
  /** Fired after the user confirmed. The caller asks for the write scope and does it. */
  onRemoveFollowers(domain: string): void;
  /** Fired after the user confirmed. */
  onBlockDomain(domain: string): void;
  onTrust(domain: string): void;
  onUntrust?(domain: string): void;
  /** A server whose action is running: its buttons are disabled. */
  busyDomain?: string | null;
}

/** What the detail panel shows: one server, one group, or the servers one fact is about. */
export type HolderSelection =
  /** `confirm`: the server's detail opens asking to confirm that fix, chosen from a list. */
  | { kind: 'server'; domain: string; confirm?: 'remove' | 'block' }
  | { kind: 'group'; group: HolderGroupId }
  | { kind: 'fact'; fact: HolderFact['kind'] };

const keyOf = (s: HolderSelection | null): string | null =>
  !s ? null : s.kind === 'server' ? `server:${s.domain}` : s.kind === 'group' ? `group:${s.group}` : null;

/** The selection a picture element's `data-key` (`server:<domain>` or `group:<id>`) stands for. */
function fromKey(key: string, map: HolderMap): HolderSelection | null {
  const colon = key.indexOf(':');
  const kind = key.slice(0, colon);
  const value = key.slice(colon + 1);
  if (kind === 'server' && map.servers.some((s) => s.domain === value)) return { kind, domain: value };
  const group = map.groups.find((g) => g.id === value);
  if (kind === 'group' && group) return { kind, group: group.id };
  return null;
}

const FACT_TITLE: Record<HolderFact['kind'], MessageKey> = {
  'direct-untrusted': 'holders_factTitle_directUntrusted',
  'blocked-holding': 'holders_factTitle_blockedHolding',
  'followers-only-untrusted': 'holders_factTitle_followersOnlyUntrusted',
};

/** The fixes offered beside each server of a group's list: what helps with what the group holds. */
const GROUP_FIXES: Record<HolderGroupId, HolderFix[]> = {
  home: [],
  direct: ['trust', 'block'],
  followersOnly: ['trust', 'removeFollowers'],
  public: ['trust', 'block'],
};

const GROUP_NOTE: Record<HolderGroupId, MessageKey> = {
  home: 'holders_groupNote_home',
  direct: 'holders_groupNote_direct',
  followersOnly: 'holders_groupNote_followersOnly',
  public: 'holders_groupNote_public',
};

export function StandingIcon({ standing }: { standing: HolderStanding }) {
  return (
    <svg class="fp-holders-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <path
        d={markPath(standing, 8, 8, 6.5)}
        fill-rule="evenodd"
        style={{ fill: STANDING_COLOR[standing] }}
      />
    </svg>
  );
}

/**
 * "Who holds your data": the worst facts first, the picture (you → your home server → the
 * servers holding your DMs, your followers-only posts, your public posts), a table saying the
 * same, the chosen group's or server's details with its fixes, and every server in a table.
 */
export function HoldersMap({
  map,
  onRemoveFollowers,
  onBlockDomain,
  onTrust,
  onUntrust,
  busyDomain = null,
}: HoldersMapProps) {
  const [selection, setSelection] = useState<HolderSelection | null>(null);
  const locale = uiLanguage();
  const nf = useMemo(() => new Intl.NumberFormat(locale), [locale]);
  const fmt = (n: number) => nf.format(n);
  const svg = useMemo(() => holdersSvg(map, { interactive: true, locale }), [map, locale]);
  const facts = factViews(map, fmt);

  // A selection that no longer exists after a re-check (followers removed) falls back to nothing.
  const current = (() => {
    if (!selection) return null;
    if (selection.kind === 'server' && !map.servers.some((s) => s.domain === selection.domain)) return null;
    if (selection.kind === 'fact' && !map.facts.some((f) => f.kind === selection.fact)) return null;
    return selection;
  })();

  const byDomain = new Map(map.servers.map((s) => [s.domain, s]));
  const actions = { onRemoveFollowers, onBlockDomain, onTrust, onUntrust, busyDomain };

  return (
    <section class="fp-holders" aria-labelledby="fp-holders-title" data-testid="holders-map">
      <h2 id="fp-holders-title">{t('holders_title')}</h2>
      {map.incomplete.length > 0 && (
        <p class="fp-error" data-testid="holders-incomplete">
          {t('holders_incomplete')}
        </p>
      )}

      <section class="fp-holders-facts" aria-labelledby="fp-holders-facts-title" data-testid="holders-facts">
        <h3 id="fp-holders-facts-title">{t('holders_factsTitle')}</h3>
        {facts.length === 0 ? (
          <p class="fp-ok">{t('holders_fact_none')}</p>
        ) : (
          <ul>
            {facts.map((f, i) => (
              <li key={f.kind} data-fact={f.kind}>
                <p id={`fp-holders-fact-${i}`}>
                  <strong>{f.text}</strong>
                </p>
                <p class="fp-muted">{t('holders_fix_label', f.fix)}</p>
                <button
                  type="button"
                  aria-describedby={`fp-holders-fact-${i}`}
                  aria-pressed={current?.kind === 'fact' && current.fact === f.kind}
                  onClick={() => setSelection({ kind: 'fact', fact: f.kind })}
                  data-testid="fact-show"
                >
                  {t('holders_fact_show')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <div class="fp-holders-picture">
        <div>
          <p class="fp-muted fp-holders-hint">{t('holders_diagramHint')}</p>
          <Diagram
            svg={svg}
            selectedKey={keyOf(current)}
            onChoose={(key) => {
              const next = fromKey(key, map);
              if (next) setSelection(next);
            }}
          />
        </div>
        {current && (
          <HolderDetail
            key={keyOf(current) ?? current.kind}
            selection={current}
            map={map}
            facts={facts}
            byDomain={byDomain}
            fmt={fmt}
            onSelect={setSelection}
            {...actions}
          />
        )}
      </div>

      <p class="fp-muted">{t('holders_anyone', fmt(map.anyone.public), fmt(map.anyone.unlisted))}</p>

      <table class="fp-holders-table" data-testid="holders-groups">
        <caption>{t('holders_groupsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('holders_col_group')}</th>
            <th scope="col">{t('holders_col_servers')}</th>
            {STANDINGS.filter((s) => s !== 'home').map((s) => (
              <th scope="col" key={s}>
                <StandingIcon standing={s} /> {standingLabel(s)}
              </th>
            ))}
            <th scope="col">{t('holders_col_direct')}</th>
            <th scope="col">{t('holders_col_followersOnly')}</th>
            <th scope="col">{t('holders_col_public')}</th>
          </tr>
        </thead>
        <tbody>
          {map.groups.map((g) => (
            <tr key={g.id} data-group={g.id}>
              <th scope="row">
                <button
                  type="button"
                  class="fp-link-button"
                  aria-pressed={current?.kind === 'group' && current.group === g.id}
                  onClick={() =>
                    setSelection(
                      g.id === 'home'
                        ? { kind: 'server', domain: map.homeDomain }
                        : { kind: 'group', group: g.id },
                    )
                  }
                >
                  {groupLabel(g.id)}
                </button>
              </th>
              <td data-count="servers">{fmt(g.domains.length)}</td>
              {STANDINGS.filter((s) => s !== 'home').map((s) => (
                <td key={s} data-count={s}>
                  {fmt(g.standings[s])}
                </td>
              ))}
              <td data-count="direct">{fmt(g.held.direct)}</td>
              <td data-count="followersOnly">{fmt(g.held.followersOnly)}</td>
              <td data-count="public">{fmt(g.held.public)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <table class="fp-holders-table" data-testid="holders-servers">
        <caption>{t('holders_serversCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('holders_col_server')}</th>
            <th scope="col">{t('holders_col_status')}</th>
            <th scope="col">{t('holders_col_group')}</th>
            <th scope="col">{t('holders_col_direct')}</th>
            <th scope="col">{t('holders_col_followersOnly')}</th>
            <th scope="col">{t('holders_col_public')}</th>
            <th scope="col">{t('holders_col_followers')}</th>
          </tr>
        </thead>
        <tbody>
          {map.servers.map((s) => (
            <ServerRow
              key={s.domain}
              server={s}
              fmt={fmt}
              selected={current?.kind === 'server' && current.domain === s.domain}
              onSelect={() => setSelection({ kind: 'server', domain: s.domain })}
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ServerRow({
  server: s,
  fmt,
  selected,
  onSelect,
}: {
  server: ServerHolding;
  fmt: (n: number) => string;
  selected: boolean;
  onSelect(): void;
}) {
  return (
    <tr class={selected ? 'fp-holders-row--selected' : undefined} data-domain={s.domain}>
      <th scope="row">
        <button
          type="button"
          class="fp-link-button"
          aria-pressed={selected}
          aria-label={t('holders_select', s.domain)}
          onClick={onSelect}
        >
          {s.domain}
        </button>
      </th>
      <td data-standing={s.standing}>
        <StandingIcon standing={s.standing} /> {standingLabel(s.standing)}
      </td>
      <td>{groupLabel(s.group)}</td>
      <td>{fmt(s.held.direct)}</td>
      <td>{fmt(s.held.followersOnly)}</td>
      <td>{fmt(s.held.public)}</td>
      <td>{fmt(s.followers)}</td>
    </tr>
  );
}

/**
 * The picture, inserted as the SVG text ./utils/holders/svg.ts writes (the same text the report
 * exports), made usable by delegation: a click, Enter or Space on a `data-key` element chooses
 * it, the arrow keys move between them. Selection is set on the live elements, so the markup is
 * replaced only when the map changes and focus stays where it is.
 */
function Diagram({
  svg,
  selectedKey,
  onChoose,
}: {
  svg: string;
  selectedKey: string | null;
  onChoose(key: string): void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    for (const el of ref.current?.querySelectorAll('[data-key]') ?? [])
      el.setAttribute('aria-pressed', String(el.getAttribute('data-key') === selectedKey));
  }, [svg, selectedKey]);
  const targetOf = (e: Event) => (e.target as Element | null)?.closest?.('[data-key]') ?? null;
  const onKeyDown = (e: KeyboardEvent) => {
    const target = targetOf(e);
    if (!target || !ref.current) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onChoose(target.getAttribute('data-key')!);
      return;
    }
    const step =
      e.key === 'ArrowRight' || e.key === 'ArrowDown'
        ? 1
        : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
          ? -1
          : 0;
    if (!step) return;
    e.preventDefault();
    const all = [...ref.current.querySelectorAll<SVGElement>('[data-key]')];
    const next = all[(all.indexOf(target as SVGElement) + step + all.length) % all.length];
    next?.focus();
  };
  return (
    <div
      ref={ref}
      class="fp-holders-diagram"
      data-testid="holders-diagram"
      onClick={(e) => {
        const target = targetOf(e);
        if (target) onChoose(target.getAttribute('data-key')!);
      }}
      onKeyDown={onKeyDown}
      dangerouslySetInnerHTML={{ __html: svg }}
    />
  );
}

type Pending = { action: 'remove' | 'block'; domain: string } | null;

interface DetailProps {
  selection: HolderSelection;
  map: HolderMap;
  facts: FactView[];
  byDomain: Map<string, ServerHolding>;
  fmt: (n: number) => string;
  onSelect(selection: HolderSelection): void;
  onRemoveFollowers(domain: string): void;
  onBlockDomain(domain: string): void;
  onTrust(domain: string): void;
  onUntrust?(domain: string): void;
  busyDomain: string | null;
}

function HolderDetail(props: DetailProps) {
  const { selection, map, facts, byDomain, fmt } = props;
  if (selection.kind === 'server') {
    const server = byDomain.get(selection.domain);
    return server ? <ServerDetail {...props} server={server} /> : null;
  }
  let title: string;
  let note: string;
  let domains: string[];
  let summary: string;
  let fixes: HolderFix[];
  if (selection.kind === 'group') {
    const group = map.groups.find((g) => g.id === selection.group)!;
    title = groupLabel(group.id);
    note = t(GROUP_NOTE[group.id]);
    domains = group.domains;
    summary = groupSummary(group, fmt);
    fixes = GROUP_FIXES[group.id];
  } else {
    const fact = facts.find((f) => f.kind === selection.fact)!;
    title = t(FACT_TITLE[fact.kind]);
    note = fact.fix;
    domains = fact.domains;
    summary = fact.text;
    fixes = fact.fixes;
  }
  return (
    <section
      class="fp-holders-detail"
      aria-labelledby="fp-holders-detail-title"
      aria-live="polite"
      data-testid="holder-detail"
      data-selection={selection.kind === 'group' ? `group:${selection.group}` : `fact:${selection.fact}`}
    >
      <h3 id="fp-holders-detail-title">{title}</h3>
      <p>{summary}</p>
      <p class="fp-muted">{note}</p>
      {domains.length === 0 ? (
        <p>{t('holders_groupEmpty')}</p>
      ) : (
        <>
          <h4>{t('holders_detailServers')}</h4>
          <ul class="fp-holders-list">
            {domains.map((d) => {
              const s = byDomain.get(d)!;
              return (
                <li key={d} data-domain={d}>
                  <button
                    type="button"
                    class="fp-link-button"
                    aria-label={t('holders_select', d)}
                    onClick={() => props.onSelect({ kind: 'server', domain: d })}
                  >
                    {d}
                  </button>
                  <span>
                    <StandingIcon standing={s.standing} /> {standingLabel(s.standing)}
                  </span>
                  <span class="fp-muted">{heldPieces(s.held, fmt).join(' · ')}</span>
                  <RowFixes
                    server={s}
                    fixes={fixes}
                    busy={props.busyDomain === d}
                    onTrust={props.onTrust}
                    onConfirm={(confirm) => props.onSelect({ kind: 'server', domain: d, confirm })}
                  />
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}

/** A list row's fix buttons: trusting is done at once, the others open the server to confirm. */
function RowFixes({
  server,
  fixes,
  busy,
  onTrust,
  onConfirm,
}: {
  server: ServerHolding;
  fixes: HolderFix[];
  busy: boolean;
  onTrust(domain: string): void;
  onConfirm(action: 'remove' | 'block'): void;
}) {
  const actions = holderActions(server);
  return (
    <span class="fp-holders-rowfixes">
      {fixes.map((fix) => {
        const button =
          fix === 'trust' && actions.trust
            ? { label: t('holders_action_trust'), testId: 'trust', run: () => onTrust(server.domain) }
            : fix === 'removeFollowers' && actions.removeFollowers
              ? {
                  label: t('holders_action_removeFollowersShort'),
                  testId: 'remove-followers',
                  run: () => onConfirm('remove'),
                }
              : fix === 'block' && actions.block
                ? {
                    label: t('holders_action_blockShort'),
                    testId: 'block-domain',
                    run: () => onConfirm('block'),
                  }
                : null;
        return button ? (
          <button
            key={fix}
            type="button"
            disabled={busy}
            aria-label={`${button.label}: ${server.domain}`}
            onClick={button.run}
            data-testid={button.testId}
          >
            {button.label}
          </button>
        ) : null;
      })}
    </span>
  );
}

function ServerDetail({
  server,
  selection,
  fmt,
  onSelect,
  onRemoveFollowers,
  onBlockDomain,
  onTrust,
  onUntrust,
  busyDomain,
}: DetailProps & { server: ServerHolding }) {
  const [pending, setPending] = useState<Pending>(
    selection.kind === 'server' && selection.confirm
      ? { action: selection.confirm, domain: server.domain }
      : null,
  );
  const busy = busyDomain === server.domain;
  const actions = holderActions(server);
  const rows = holderBreakdown(server);
  const note = standingNote(server);
  const confirming = pending?.domain === server.domain ? pending : null;
  const confirm = () => {
    if (!confirming) return;
    if (confirming.action === 'remove') onRemoveFollowers(server.domain);
    else onBlockDomain(server.domain);
    setPending(null);
  };
  const anyAction =
    actions.removeFollowers || actions.block || actions.trust || (actions.untrust && onUntrust);
  return (
    <section
      class="fp-holders-detail"
      aria-labelledby="fp-holders-detail-title"
      aria-live="polite"
      data-testid="holder-detail"
      data-selection={`server:${server.domain}`}
    >
      <h3 id="fp-holders-detail-title">{t('holders_detailTitle', server.domain)}</h3>
      <p data-standing={server.standing}>
        <StandingIcon standing={server.standing} /> {standingLabel(server.standing)}
      </p>
      {!server.isHome && (
        <p>
          <button
            type="button"
            class="fp-link-button"
            onClick={() => onSelect({ kind: 'group', group: server.group })}
          >
            {t('holders_detailGroup', groupLabel(server.group))}
          </button>
        </p>
      )}
      {note && <p class="fp-muted">{note}</p>}
      <ul class="fp-holders-rows">
        {rows.map((r) => (
          <li key={r.key} data-row={r.key}>
            <span>{r.label}</span>
            {r.count !== null && <strong>{fmt(r.count)}</strong>}
          </li>
        ))}
      </ul>
      {anyAction && <h4>{t('holders_fixesTitle')}</h4>}
      {confirming ? (
        <div class="fp-holders-confirm" role="alertdialog" aria-labelledby="fp-holders-confirm-text">
          <p id="fp-holders-confirm-text">
            {confirming.action === 'remove'
              ? t('holders_confirmRemove', fmt(server.followers), server.domain)
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
        anyAction && (
          <div class="fp-holders-actions">
            {actions.trust && (
              <button
                type="button"
                disabled={busy}
                onClick={() => onTrust(server.domain)}
                data-testid="trust"
              >
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
            {actions.removeFollowers && (
              <button
                type="button"
                disabled={busy}
                onClick={() => setPending({ action: 'remove', domain: server.domain })}
                data-testid="remove-followers"
              >
                {t('holders_action_removeFollowers', fmt(server.followers))}
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
          </div>
        )
      )}
    </section>
  );
}
