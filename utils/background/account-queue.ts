/**
 * The background's one set of per-account queues. Every job that reads and writes an account's
 * state (crawl, archive merge, re-scope run, a fix that edits the snapshot) goes through it; its
 * state is stored for pages to watch.
 */
import { readKey, writeKey, type Session } from '../storage';
import { UserFacingError } from './auth';
import { AccountQueues, accountKey } from './queue';
import { t } from '../i18n';

export const queues = new AccountQueues((_account, state) => {
  // Pages show one signed-in account; a failed write only loses a status line, never a job.
  writeKey('jobQueue', state).catch((error: Error) =>
    console.warn('Fediprint: could not store the job queue state:', error.message),
  );
});

export function sessionAccount(session: Pick<Session, 'origin' | 'accountId'>): string {
  return accountKey(session.origin, session.accountId);
}

export async function requireSession(): Promise<Session> {
  const session = await readKey('session');
  if (!session) throw new UserFacingError(t('auth_signedOut'), true);
  return session;
}
