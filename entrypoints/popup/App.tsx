import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { CheckupProgress } from '../../components/CheckupProgress';
import { CheckupSummary } from '../../components/CheckupSummary';
import { SignInForm } from '../../components/SignInForm';
import { clearBadge } from '../../utils/badge';
import { t } from '../../utils/i18n';
import { send } from '../../utils/messages';
import {
  onKeyChanged,
  readKey,
  type CheckupState,
  type Session,
  type StoredCheckupResult,
} from '../../utils/storage';

type View =
  | { kind: 'loading' }
  | { kind: 'signed-out'; busy: boolean; error?: string; codeStep?: { instructions: string } }
  | { kind: 'signed-in'; session: Session };

export function App() {
  const [view, setView] = useState<View>({ kind: 'loading' });
  const [state, setState] = useState<CheckupState | undefined>();
  const [result, setResult] = useState<StoredCheckupResult | undefined>();
  const [actionError, setActionError] = useState<string | undefined>();
  const initialServer = new URLSearchParams(location.search).get('server') ?? '';

  useEffect(() => {
    void (async () => {
      const status = await send({ type: 'auth/status' });
      setView(
        status.signedIn
          ? { kind: 'signed-in', session: status.session }
          : { kind: 'signed-out', busy: false },
      );
      setState(await readKey('checkupState'));
      setResult(await readKey('checkupResult'));
      await clearBadge();
    })().catch((error: Error) => setView({ kind: 'signed-out', busy: false, error: error.message }));
    const offState = onKeyChanged('checkupState', setState);
    const offResult = onKeyChanged('checkupResult', setResult);
    const offSession = onKeyChanged('session', (session) =>
      setView(session ? { kind: 'signed-in', session } : { kind: 'signed-out', busy: false }),
    );
    return () => {
      offState();
      offResult();
      offSession();
    };
  }, []);

  const signIn = async (server: string) => {
    setView({ kind: 'signed-out', busy: true });
    const reply = await send({ type: 'auth/signIn', server }).catch((e: Error) => ({
      ok: false as const,
      error: e.message,
      needCode: false,
    }));
    if (reply.ok) return setView({ kind: 'signed-in', session: reply.session });
    setView(
      reply.needCode
        ? { kind: 'signed-out', busy: false, codeStep: { instructions: reply.error } }
        : { kind: 'signed-out', busy: false, error: reply.error },
    );
  };

  const submitCode = async (code: string, codeStep: { instructions: string }) => {
    setView({ kind: 'signed-out', busy: true, codeStep });
    const reply = await send({ type: 'auth/code', code }).catch((e: Error) => ({
      ok: false as const,
      error: e.message,
    }));
    setView(
      reply.ok
        ? { kind: 'signed-in', session: reply.session }
        : { kind: 'signed-out', busy: false, codeStep, error: reply.error },
    );
  };

  const run = async (type: 'checkup/run' | 'checkup/cancel' | 'auth/signOut') => {
    setActionError(undefined);
    const reply = await send({ type }).catch((e: Error) => ({ ok: false as const, error: e.message }));
    if (reply.ok) return;
    // Sign-out completes even when a step fails: the page is signed out, and says what failed.
    if (type === 'auth/signOut') setView({ kind: 'signed-out', busy: false, error: reply.error });
    else setActionError(reply.error);
  };

  const openReport = async () => {
    await browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') });
    window.close();
  };

  if (view.kind === 'loading') return <main class="fp-popup" aria-busy="true" />;
  if (view.kind === 'signed-out') {
    return (
      <main class="fp-popup">
        <SignInForm
          initialServer={initialServer}
          busy={view.busy}
          error={view.error}
          codeStep={view.codeStep}
          onSubmit={(s) => void signIn(s)}
          onSubmitCode={(code) => view.codeStep && void submitCode(code, view.codeStep)}
        />
      </main>
    );
  }

  const { session } = view;
  const running = state?.status === 'running';
  return (
    <main class="fp-popup">
      <header class="fp-account">
        {/* An initial, not the avatar: avatars often live on a media host other than the user's
            server, and Fediprint contacts no one else. */}
        <span class="fp-initial" aria-hidden="true">
          {(session.displayName.trim()[0] ?? '@').toUpperCase()}
        </span>
        <div>
          <div class="fp-name" data-testid="display-name">
            {session.displayName}
          </div>
          <div class="fp-muted" data-testid="handle">
            {session.handle}
          </div>
        </div>
        <button
          type="button"
          class="fp-signout"
          onClick={() => void run('auth/signOut')}
          data-testid="sign-out"
        >
          {t('popup_signOut')}
        </button>
      </header>
      {actionError && (
        <p class="fp-error" role="alert">
          {actionError}
        </p>
      )}
      {state?.status === 'error' && (
        <p class="fp-error" role="alert" data-testid="checkup-error">
          {state.message}
        </p>
      )}
      {running ? (
        <CheckupProgress parts={state.progress} onCancel={() => void run('checkup/cancel')} />
      ) : (
        <button
          type="button"
          class="fp-primary fp-run"
          onClick={() => void run('checkup/run')}
          data-testid="run-checkup"
        >
          {result ? t('popup_runAgain') : t('popup_run')}
        </button>
      )}
      {result && !running && <CheckupSummary result={result} onOpenReport={() => void openReport()} />}
    </main>
  );
}
