import { useState } from 'preact/hooks';
import { t } from '../utils/i18n';

export interface SignInFormProps {
  initialServer?: string;
  busy: boolean;
  error?: string;
  onSubmit(server: string): void;
}

export function SignInForm({ initialServer = '', busy, error, onSubmit }: SignInFormProps) {
  const [server, setServer] = useState(initialServer);
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
