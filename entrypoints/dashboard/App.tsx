import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { CheckupProgress } from '../../components/CheckupProgress';
import { FindingList } from '../../components/FindingList';
import { HoldersMap } from '../../components/HoldersMap';
import { ScoreBadge } from '../../components/ScoreBadge';
import { SettingsPanel } from '../../components/SettingsPanel';
import { clearBadge } from '../../utils/badge';
import { checkContext, homeDomainOf, suggestTrustedServers } from '../../utils/checks';
import { countBySeverity } from '../../utils/checks/score';
import { enableComposeWarnings } from '../../utils/compose/registration';
import type { Finding } from '../../utils/checks/types';
import { computeHolders } from '../../utils/holders';
import { t, uiLanguage, type MessageKey } from '../../utils/i18n';
import { send } from '../../utils/messages';
import { reportHoldersSvg, reportJson, reportMarkdown } from '../../utils/report';
import { readSnapshot } from '../../utils/db/read';
import { jobKindLabel } from '../../utils/job-kinds';
import type { AccountSnapshot } from '../../utils/snapshot/types';
import {
  onKeyChanged,
  readKey,
  readSettings,
  type CheckupState,
  type Session,
  type Settings,
  type StoredCheckupResult,
} from '../../utils/storage';
import { ArchiveView } from './ArchiveView';
import { ChangesView, GuideView } from './GuideView';
import { RescopeView } from './RescopeView';

const VIEWS = ['report', 'guide', 'holders', 'rescope', 'archive', 'settings'] as const;
type ViewId = (typeof VIEWS)[number];
const VIEW_LABELS: Record<ViewId, MessageKey> = {
  report: 'dash_tabReport',
  guide: 'dash_tabGuide',
  holders: 'dash_tabHolders',
  rescope: 'dash_tabRescope',
  archive: 'dash_tabArchive',
  settings: 'dash_tabSettings',
};

type Load = { kind: 'loading' } | { kind: 'signed-out' } | { kind: 'ready'; session: Session };
type Notice = { kind: 'ok' | 'error'; text: string } | undefined;

const viewFromHash = (): ViewId => {
  const id = location.hash.replace('#', '') as ViewId;
  return VIEWS.includes(id) ? id : 'report';
};

function download(name: string, type: string, content: string) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function App() {
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [view, setView] = useState<ViewId>(viewFromHash);
  const [result, setResult] = useState<StoredCheckupResult | undefined>();
  const [state, setState] = useState<CheckupState | undefined>();
  const [settings, setSettings] = useState<Settings | undefined>();
  const [dismissed, setDismissed] = useState<string[]>([]);
  const [snapshot, setSnapshot] = useState<AccountSnapshot | null>(null);
  const [notice, setNotice] = useState<Notice>();
  const [busy, setBusy] = useState<string | null>(null);
  const [rescopeIds, setRescopeIds] = useState<string[] | undefined>();

  const reloadSnapshot = useCallback(async (session: Session) => {
    setSnapshot((await readSnapshot(session.origin, session.accountId)) ?? null);
  }, []);

  useEffect(() => {
    void (async () => {
      const status = await send({ type: 'auth/status' });
      if (!status.signedIn) return setLoad({ kind: 'signed-out' });
      setLoad({ kind: 'ready', session: status.session });
      setResult(await readKey('checkupResult'));
      setState(await readKey('checkupState'));
      setSettings(await readSettings());
      setDismissed((await readKey('dismissed')) ?? []);
      await reloadSnapshot(status.session);
      await clearBadge();
    })().catch((error: Error) => setNotice({ kind: 'error', text: error.message }));
    const offs = [
      onKeyChanged('checkupResult', (r) => {
        setResult(r);
        void readKey('session').then((s) => s && reloadSnapshot(s));
      }),
      onKeyChanged('checkupState', setState),
      onKeyChanged('settings', (s) => s && setSettings(s)),
      onKeyChanged('session', (s) => setLoad(s ? { kind: 'ready', session: s } : { kind: 'signed-out' })),
    ];
    const onHash = () => setView(viewFromHash());
    window.addEventListener('hashchange', onHash);
    return () => {
      offs.forEach((off) => off());
      window.removeEventListener('hashchange', onHash);
    };
  }, [reloadSnapshot]);

  const holders = useMemo(() => {
    if (!snapshot || !settings) return null;
    const { trustedServers, retentionDays } = settings;
    return computeHolders(snapshot, checkContext(snapshot, { trustedServers, retentionDays }).settings);
  }, [snapshot, settings]);

  const reply = async (promise: Promise<{ ok: boolean; error?: string }>, success?: string) => {
    const r = await promise.catch((e: Error) => ({ ok: false, error: e.message }));
    setNotice(
      r.ok ? (success ? { kind: 'ok', text: success } : undefined) : { kind: 'error', text: r.error ?? '' },
    );
    return r.ok;
  };

  // The background stores settings and dismissals (and re-schedules, re-runs the checks); the
  // page shows the answer.
  const changeSettings = async (patch: Partial<Settings>) => {
    const answer = await send({ type: 'settings/update', patch }).catch((e: Error) => ({
      ok: false as const,
      error: e.message,
    }));
    if (answer.ok) setSettings(answer.settings);
    else setNotice({ kind: 'error', text: answer.error });
  };

  const setDismissal = async (id: string, on: boolean) => {
    setDismissed(on ? [...new Set([...dismissed, id])] : dismissed.filter((d) => d !== id));
    const answer = await send({ type: 'findings/dismiss', id, dismissed: on }).catch((e: Error) => ({
      ok: false as const,
      error: e.message,
    }));
    if (answer.ok) setDismissed(answer.dismissed);
    else setNotice({ kind: 'error', text: answer.error });
  };

  const runCheckup = async () => {
    const answer = await send({ type: 'checkup/run' }).catch((e: Error) => ({
      ok: false as const,
      error: e.message,
    }));
    if (!answer.ok) return setNotice({ kind: 'error', text: answer.error });
    setNotice(answer.joined ? { kind: 'ok', text: t('checkup_joined') } : undefined);
  };

  /** Resolves to whether the fix was started (the guided flow records it only then). */
  const onFix = async (finding: Pick<Finding, 'id' | 'fix'>): Promise<boolean> => {
    const fix = finding.fix;
    if (!fix) return false;
    setBusy(finding.id);
    try {
      if (fix.type === 'update-credentials') {
        return await reply(send({ type: 'fix/credentials', update: fix.update }), t('dash_fixApplied'));
      } else if (fix.type === 'update-profile') {
        return await reply(send({ type: 'fix/profile', patch: fix.patch }), t('dash_fixApplied'));
      } else if (fix.type === 'quote-policy') {
        return await reply(send({ type: 'fix/quotePolicy', statusIds: fix.statusIds }));
      } else if (fix.type === 'open-settings') {
        await browser.tabs.create({ url: fix.url });
      } else if (fix.type === 'rescope') {
        setRescopeIds(fix.statusIds);
        location.hash = 'rescope';
      } else if (fix.type === 'trust-servers') {
        location.hash = 'holders';
      } else if (fix.type === 'remove-followers') {
        location.hash = 'holders';
      }
      return true;
    } finally {
      setBusy(null);
    }
  };

  const toggleCompose = async (enabled: boolean) => {
    if (load.kind !== 'ready') return;
    if (enabled) {
      // First thing in the click: the browser shows its permission prompt for this one origin
      // (Firefox refuses the request after an await).
      let granted: boolean;
      try {
        granted = await enableComposeWarnings(load.session.origin);
      } catch (error) {
        return setNotice({ kind: 'error', text: (error as Error).message });
      }
      if (!granted) return setNotice({ kind: 'error', text: t('dash_composeDenied') });
    }
    await reply(
      send({ type: 'compose/enabled', enabled }),
      enabled ? t('dash_composeOn') : t('dash_composeOff'),
    );
    setSettings(await readSettings());
  };

  const toggleNotify = async (enabled: boolean) => {
    if (enabled && !(await browser.permissions.request({ permissions: ['notifications'] }))) {
      return setNotice({ kind: 'error', text: t('dash_notifyDenied') });
    }
    await changeSettings({ notify: enabled });
  };

  const exportReport = (format: 'md' | 'json', unmasked: boolean) => {
    if (!result || !snapshot || !holders) return;
    const checkup = {
      findings: result.findings,
      score: result.score,
      grade: result.grade,
      counts: countBySeverity(result.findings, new Set(dismissed)),
      errors: result.checkErrors,
      notApplicable: result.notApplicable,
    };
    const date = new Date().toISOString().slice(0, 10);
    if (format === 'md') {
      // The picture is its own file beside the Markdown, which shows it as an image.
      const image = `fediprint-report-${date}-holders.svg`;
      download(
        `fediprint-report-${date}.md`,
        'text/markdown',
        reportMarkdown(checkup, holders, snapshot, { unmasked, holdersImage: image }),
      );
      download(image, 'image/svg+xml', reportHoldersSvg(holders, uiLanguage()));
    } else
      download(
        `fediprint-report-${date}.json`,
        'application/json',
        reportJson(checkup, holders, snapshot, { unmasked }),
      );
  };

  if (load.kind === 'loading') return <main class="fp-dashboard" aria-busy="true" />;
  if (load.kind === 'signed-out') {
    return (
      <main class="fp-dashboard" data-view={view}>
        <h1>{t('extName')}</h1>
        <p>{t('dash_signedOut')}</p>
      </main>
    );
  }
  const { session } = load;
  const running = state?.status === 'running';

  return (
    <main class="fp-dashboard">
      <header class="fp-dash-header">
        <h1>{t('dash_title')}</h1>
        <span class="fp-muted" data-testid="handle">
          {session.handle}
        </span>
        <span class="fp-spacer" />
        {result && <ScoreBadge score={result.score} grade={result.grade} compact />}
        <button
          type="button"
          class="fp-primary"
          disabled={running}
          onClick={() => void runCheckup()}
          data-testid="dash-run"
        >
          {t('popup_runAgain')}
        </button>
      </header>
      <nav class="fp-tabs" role="tablist" aria-label={t('dash_tabsLabel')}>
        {VIEWS.map((id, i) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={view === id}
            aria-controls={`panel-${id}`}
            tabIndex={view === id ? 0 : -1}
            onClick={() => (location.hash = id)}
            onKeyDown={(e) => {
              const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
              if (!step) return;
              const next = VIEWS[(i + step + VIEWS.length) % VIEWS.length]!;
              location.hash = next;
              (document.getElementById(`tab-${next}`) as HTMLElement | null)?.focus();
            }}
          >
            {t(VIEW_LABELS[id])}
          </button>
        ))}
      </nav>
      {notice && (
        <p
          class={`fp-banner ${notice.kind === 'error' ? 'fp-error' : 'fp-ok'}`}
          role={notice.kind === 'error' ? 'alert' : 'status'}
          data-testid="notice"
        >
          {notice.text}
        </p>
      )}
      {state?.status === 'error' && (
        <p class="fp-banner fp-error" role="alert">
          {state.message}
        </p>
      )}
      {running && state.behind && (
        <p class="fp-muted" role="status" data-testid="checkup-behind">
          {t('checkup_queuedBehind', jobKindLabel(state.behind))}
        </p>
      )}
      {running && (
        <CheckupProgress parts={state.progress} onCancel={() => void send({ type: 'checkup/cancel' })} />
      )}

      <section id={`panel-${view}`} role="tabpanel" aria-labelledby={`tab-${view}`} data-view={view}>
        {view === 'report' &&
          (result ? (
            <>
              <p class="fp-muted" data-testid="report-stats">
                {t(
                  'dash_reportStats',
                  result.stats.posts,
                  result.stats.followers,
                  result.stats.following,
                  new Date(result.ranAt).toLocaleString(),
                )}
              </p>
              {result.checkErrors.length > 0 && (
                <p class="fp-error">
                  {t('dash_checkErrors', result.checkErrors.map((e) => e.check).join(', '))}
                </p>
              )}
              <div class="fp-exports">
                <span>{t('dash_export')}</span>
                <button type="button" onClick={() => exportReport('md', false)} data-testid="export-md">
                  {t('dash_exportMarkdown')}
                </button>
                <button type="button" onClick={() => exportReport('json', false)} data-testid="export-json">
                  {t('dash_exportJson')}
                </button>
                <button
                  type="button"
                  onClick={() => window.confirm(t('dash_exportUnmaskedConfirm')) && exportReport('md', true)}
                >
                  {t('dash_exportUnmasked')}
                </button>
              </div>
              <ChangesView result={result} />
              <FindingList
                findings={result.findings}
                dismissed={dismissed}
                busyId={busy}
                pageSize={3}
                onFix={(f) => void onFix(f)}
                onDismiss={(id) => void setDismissal(id, true)}
                onAccept={(id) => void setDismissal(id, true)}
                onRestore={(id) => void setDismissal(id, false)}
              />
            </>
          ) : (
            <p>{t('dash_noResult')}</p>
          ))}
        {view === 'guide' &&
          (result ? (
            <GuideView
              result={result}
              dismissed={dismissed}
              applyFix={(step) => onFix({ id: step.check, fix: step.fix })}
              onError={(text) => setNotice({ kind: 'error', text })}
            />
          ) : (
            <p>{t('dash_noResult')}</p>
          ))}
        {view === 'holders' &&
          (holders ? (
            <HoldersMap
              map={holders}
              busyDomain={busy}
              onRemoveFollowers={(domain) => {
                setBusy(domain);
                void reply(
                  send({ type: 'holders/removeFollowers', domain }),
                  t('dash_followersRemoved', domain),
                ).finally(() => setBusy(null));
              }}
              onBlockDomain={(domain) => {
                setBusy(domain);
                void reply(
                  send({ type: 'holders/blockDomain', domain }),
                  t('dash_domainBlocked', domain),
                ).finally(() => setBusy(null));
              }}
              onTrust={(domain) =>
                settings &&
                void changeSettings({ trustedServers: [...new Set([...settings.trustedServers, domain])] })
              }
              onUntrust={(domain) =>
                settings &&
                void changeSettings({ trustedServers: settings.trustedServers.filter((d) => d !== domain) })
              }
            />
          ) : (
            <p>{t('dash_noResult')}</p>
          ))}
        {view === 'rescope' && (
          <RescopeView snapshot={snapshot} findings={result?.findings ?? []} preselected={rescopeIds} />
        )}
        {view === 'archive' && <ArchiveView session={session} />}
        {view === 'settings' && settings && (
          <SettingsPanel
            settings={settings}
            homeDomain={snapshot ? homeDomainOf(snapshot) : new URL(session.origin).host}
            suggestions={snapshot ? suggestTrustedServers(snapshot) : []}
            onChange={(patch) => void changeSettings(patch)}
            onToggleCompose={(on) => void toggleCompose(on)}
            onToggleNotify={(on) => void toggleNotify(on)}
          />
        )}
      </section>
    </main>
  );
}
