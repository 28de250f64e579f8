/**
 * What the background does for each request. Thin: the work lives in utils/*.
 */
import { homeDomainOf } from '../checks';
import { domainOfAccount, normalizeDomain } from '../checks/lib/domains';
import { setBadge } from '../badge';
import { t } from '../i18n';
import { hasScopes, type Scope } from '../mastodon/oauth';
import { loadToken } from '../secrets';
import { loadSnapshot, saveSnapshot, deleteAllSnapshots } from '../snapshot/store';
import { readKey, readSettings, updateSettings, writeKey, type Session } from '../storage';
import { queues, requireSession, sessionAccount } from './account-queue';
import { receiveArchivePart } from './archive';
import { authedClient, finishWithCode, grantScopes, signIn, signOut, UserFacingError } from './auth';
import { cancelCheckup, recompute, startCheckup } from './checkup';
import type { Handlers } from './router';
import { updateSchedule } from './schedule';
import { setComposeRegistration } from './compose';
import { startQuotePolicyFix, updateGuide } from './guide';
import {
  controlRescopeJob,
  createRescopeJob,
  pauseForSignOut,
  rescopeState,
  resumeAfterSignIn,
  runRescopeJobs,
} from './rescope';

/** How long sign-out lets a running job finish the post in hand before stopping it. */
const SIGN_OUT_GRACE_MS = 10_000;

/** A change to the stored snapshot, as a job of the account's queue (never under a running crawl). */
async function snapshotFix<T>(work: () => Promise<T>): Promise<T> {
  const session = await requireSession();
  const { done } = queues.enqueue(sessionAccount(session), `fix:${crypto.randomUUID()}`, 'fix', work);
  return done;
}

/** Stops the account's jobs: paused first (after the post in hand), then aborted if still running. */
async function stopJobs(session: Session): Promise<void> {
  await pauseForSignOut(session);
  const account = sessionAccount(session);
  const idle = queues.idle(account);
  const grace = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), SIGN_OUT_GRACE_MS));
  if ((await Promise.race([idle.then(() => 'idle' as const), grace])) === 'late')
    await queues.cancelAll(account);
  // A run stopped mid-way may have marked its job running again: paused, with the backups kept.
  await pauseForSignOut(session);
}

async function afterSignIn<T>(result: T): Promise<T> {
  // Not awaited: the page gets its answer now; the job runs in the background.
  void resumeAfterSignIn().catch((error: Error) =>
    console.warn('Fediprint: re-scope jobs did not resume after signing in:', error.name, error.message),
  );
  return result;
}

/** The job was created after the grant; refuse to start one without write access. */
async function requireScopes(scopes: Scope[]) {
  const token = await loadToken();
  if (!token || !hasScopes(token.scopes, scopes)) throw new UserFacingError(t('auth_scopesRefused'));
}

async function withScopes(scopes: Scope[]) {
  await grantScopes(scopes);
  return authedClient();
}

async function currentSnapshot() {
  const session = await readKey('session');
  if (!session) throw new UserFacingError(t('auth_signedOut'), true);
  const snapshot = await loadSnapshot(session.origin, session.accountId);
  if (!snapshot) throw new UserFacingError(t('checkup_runFirst'));
  return snapshot;
}

export const handlers: Handlers = {
  'auth/status': async () => {
    const session = await readKey('session');
    return session ? { signedIn: true as const, session } : { signedIn: false as const };
  },
  'auth/signIn': async ({ server }) => afterSignIn({ ok: true as const, session: await signIn(server) }),
  'auth/signOut': async () => {
    const session = await readKey('session');
    const { revoked, failed } = await signOut(
      session
        ? [
            { label: 'signOut_stepJobs', run: () => stopJobs(session) },
            // While the session is still known: give back the site access compose warnings had.
            { label: 'signOut_stepCompose', run: () => setComposeRegistration(false) },
          ]
        : [],
      [
        { label: 'signOut_stepSnapshots', run: deleteAllSnapshots },
        { label: 'signOut_stepSchedule', run: updateSchedule },
        { label: 'signOut_stepBadge', run: () => setBadge('') },
      ],
    );
    if (failed.length > 0) {
      const list = failed.map((f) => `${t(f.label)} (${f.message})`).join('; ');
      return { ok: false as const, error: t('auth_signOutStepsFailed', list) };
    }
    return revoked ? { ok: true as const } : { ok: false as const, error: t('auth_signedOutNotRevoked') };
  },
  'auth/code': async ({ code }) => afterSignIn({ ok: true as const, session: await finishWithCode(code) }),
  'auth/grant': async ({ scopes }) => ({ ok: true as const, scopes: await grantScopes(scopes) }),
  'checkup/run': async () => {
    const { joined, behind } = await startCheckup();
    return { ok: true as const, joined, behind };
  },
  'checkup/cancel': async () => {
    await cancelCheckup();
    return { ok: true as const };
  },
  'checkup/recompute': async () => {
    await recompute();
    return { ok: true as const };
  },
  'fix/credentials': async ({ update }) => {
    const client = await withScopes(['write:accounts']);
    await client.updateCredentials(update);
    await startCheckup();
    return { ok: true as const };
  },
  'fix/profile': async ({ patch }) => {
    const client = await withScopes(['write:accounts']);
    await client.updateProfile(patch);
    await startCheckup();
    return { ok: true as const };
  },
  'holders/removeFollowers': async ({ domain }) => {
    const target = normalizeDomain(domain);
    const client = await withScopes(['write:follows']);
    const removed = await snapshotFix(async () => {
      const snapshot = await currentSnapshot();
      const home = homeDomainOf(snapshot);
      const leaving = snapshot.followers.filter((a) => domainOfAccount(a, home) === target);
      for (const account of leaving) await client.removeFromFollowers(account.id);
      const ids = new Set(leaving.map((a) => a.id));
      await saveSnapshot({ ...snapshot, followers: snapshot.followers.filter((a) => !ids.has(a.id)) });
      await recompute();
      return leaving.length;
    });
    return { ok: true as const, removed };
  },
  'holders/blockDomain': async ({ domain }) => {
    const target = normalizeDomain(domain);
    const client = await withScopes(['write:blocks']);
    await client.blockDomain(target);
    await snapshotFix(async () => {
      const snapshot = await currentSnapshot();
      const home = homeDomainOf(snapshot);
      // Blocking a domain also removes followers from it (Mastodon's DomainBlock semantics for users).
      await saveSnapshot({
        ...snapshot,
        followers: snapshot.followers.filter((a) => domainOfAccount(a, home) !== target),
      });
      await recompute();
    });
    return { ok: true as const };
  },
  'compose/context': async () => {
    const session = await readKey('session');
    if (!session) return { ok: false as const, error: t('auth_signedOut') };
    const snapshot = await loadSnapshot(session.origin, session.accountId);
    const settings = await readSettings();
    const home = snapshot ? homeDomainOf(snapshot) : new URL(session.origin).host;
    const followerDomains = new Set(snapshot?.followers.map((a) => domainOfAccount(a, home)) ?? []);
    return {
      ok: true as const,
      context: {
        locked: snapshot?.account.locked ?? false,
        homeDomain: home,
        trustedServers: [...new Set([home, ...settings.trustedServers])],
        followerDomainCount: followerDomains.size,
        defaultQuotePolicy: snapshot?.account.source.quote_policy ?? null,
      },
    };
  },
  'compose/enabled': async ({ enabled }) => {
    await setComposeRegistration(enabled);
    return { ok: true as const };
  },
  'rescope/start': async () => {
    await requireScopes(['write:statuses', 'write:media']);
    void runRescopeJobs();
    return { ok: true as const };
  },
  'rescope/control': async ({ jobId, action }) => {
    if (action === 'resume' || action === 'retry') await requireScopes(['write:statuses', 'write:media']);
    await controlRescopeJob(jobId, action);
    return { ok: true as const };
  },
  'rescope/create': async ({ options, findingStatusIds, postIds }) => {
    await requireScopes(['write:statuses', 'write:media']);
    const created = await createRescopeJob({ options, findingStatusIds, postIds });
    void runRescopeJobs();
    return { ok: true as const, ...created };
  },
  'rescope/state': async () => ({ ok: true as const, ...(await rescopeState()) }),
  'schedule/update': async () => {
    await updateSchedule();
    return { ok: true as const };
  },
  'fix/quotePolicy': async ({ statusIds }) => {
    await startQuotePolicyFix(statusIds);
    return { ok: true as const };
  },
  'guide/update': async ({ action }) => {
    await updateGuide(action);
    return { ok: true as const };
  },
  'settings/update': async ({ patch }) => {
    const settings = await updateSettings(patch);
    if ('recheckHours' in patch) await updateSchedule();
    if ('trustedServers' in patch || 'retentionDays' in patch) await recompute();
    return { ok: true as const, settings };
  },
  'findings/dismiss': async ({ id, dismissed: on }) => {
    const current = (await readKey('dismissed')) ?? [];
    const dismissed = on ? [...new Set([...current, id])] : current.filter((d) => d !== id);
    await writeKey('dismissed', dismissed);
    await recompute();
    return { ok: true as const, dismissed };
  },
  'archive/merge': async (part) => {
    const { complete, admission } = await receiveArchivePart(part);
    return { ok: true as const, complete, behind: admission?.behind ?? null };
  },
};
