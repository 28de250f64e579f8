import { useState } from 'preact/hooks';
import { t } from '../utils/i18n';

export interface SignInFormProps {
  initialServer?: string;
  busy: boolean;
  error?: string;
  /** Out-of-band sign-in: the server shows a code in a tab, the user pastes it here. */
  codeStep?: { instructions: string };
  onSubmit(server: string): void;
  onSubmitCode(code: string): void;
}

export function SignInForm({
  initialServer = '',
  busy,
  error,
  codeStep,
  onSubmit,
  onSubmitCode,
}: SignInFormProps) {
  const [server, setServer] = useState(initialServer);
  const [code, setCode] = useState('');
  if (codeStep) {
    return (
      <form
        class="fp-signin"
        onSubmit={(e) => {
          e.preventDefault();
          onSubmitCode(code);
        }}
      >
        <h1>{t('signIn_title')}</h1>
        <p role="status">{codeStep.instructions}</p>
        <label for="fp-code">{t('signIn_codeLabel')}</label>
        <input
          id="fp-code"
          name="code"
          type="text"
          autoComplete="one-time-code"
          spellcheck={false}
          value={code}
          onInput={(e) => setCode(e.currentTarget.value)}
          disabled={busy}
          aria-describedby={error ? 'fp-signin-error' : undefined}
        />
        {error && (
          <p id="fp-signin-error" class="fp-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="fp-primary" disabled={busy || !code.trim()} data-testid="submit-code">
          {t('signIn_codeButton')}
        </button>
      </form>
    );
  }
  return (
    <form
      class="fp-signin"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(server);
      }}
    >
      <h1>{t('signIn_title')}</h1>
      <p class="fp-muted">{t('signIn_intro')}</p>
      <label for="fp-server">{t('signIn_serverLabel')}</label>
      <input
        id="fp-server"
        name="server"
        type="text"
        inputMode="url"
        autoComplete="url"
        spellcheck={false}
        placeholder="mastodon.social"
        value={server}
        aria-describedby={error ? 'fp-signin-error' : 'fp-signin-hint'}
        aria-invalid={error ? true : undefined}
        onInput={(e) => setServer(e.currentTarget.value)}
        disabled={busy}
      />
      <p id="fp-signin-hint" class="fp-muted fp-small">
        {t('signIn_hint')}
      </p>
      {error && (
        <p id="fp-signin-error" class="fp-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="fp-primary" disabled={busy} data-testid="sign-in">
        {busy ? t('signIn_busy') : t('signIn_button')}
      </button>
      <p class="fp-muted fp-small">{t('signIn_privacyNote')}</p>
    </form>
  );
}
