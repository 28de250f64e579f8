/**
 * Which real Mastodon server the suite runs against, and the two accounts it signs in as.
 * Nothing here starts or builds a server: it is given one that is already running.
 *
 *   FEDIPRINT_REAL_MASTODON=http://127.0.0.1:3310       the server's origin
 *   FEDIPRINT_REAL_MASTODON_OWNER=email:password        the account the checkup is run for
 *   FEDIPRINT_REAL_MASTODON_FRIEND=email:password       a second local account (follows, DMs)
 *
 * Both accounts must be confirmed and approved; the password is what the sign-in page takes.
 */
export interface RealAccount {
  email: string;
  password: string;
}

export interface RealMastodonEnv {
  origin: string;
  owner: RealAccount;
  friend: RealAccount;
}

function account(name: string): RealAccount {
  const value = process.env[name] ?? '';
  const colon = value.indexOf(':');
  if (colon <= 0) throw new Error(`${name} must be email:password (got ${value ? 'no colon' : 'nothing'})`);
  return { email: value.slice(0, colon), password: value.slice(colon + 1) };
}

/** null when no server is given; throws when one is given but the accounts are not. */
export function realMastodonEnv(): RealMastodonEnv | null {
  const raw = process.env.FEDIPRINT_REAL_MASTODON;
  if (!raw) return null;
  return {
    origin: new URL(raw).origin,
    owner: account('FEDIPRINT_REAL_MASTODON_OWNER'),
    friend: account('FEDIPRINT_REAL_MASTODON_FRIEND'),
  };
}

/** For the test files: the run script only starts vitest when the server is given. */
export function requireEnv(): RealMastodonEnv {
  const env = realMastodonEnv();
  if (!env)
    throw new Error('FEDIPRINT_REAL_MASTODON is not set: run these tests with npm run test:real-mastodon');
  return env;
}
