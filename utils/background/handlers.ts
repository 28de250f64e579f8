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
import { readKey, readSettings } from '../storage';
import { authedClient, finishWithCode, grantScopes, signIn, signOut, UserFacingError } from './auth';
import { cancelCheckup, recompute, startCheckup } from './checkup';
import type { Handlers } from './router';
import { updateSchedule } from './schedule';
import { setComposeRegistration } from './compose';
import { controlRescopeJob, runRescopeJobs } from './rescope';

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
  'auth/signIn': async ({ server }) => ({ ok: true as const, session: await signIn(server) }),
  'auth/signOut': async () => {
    cancelCheckup();
    // While the session is still known: give back the site access compose warnings had.
    await setComposeRegistration(false);
    const { revoked } = await signOut(async () => {
      await deleteAllSnapshots();
      await updateSchedule();
      await setBadge('');
    });
    return revoked ? { ok: true as const } : { ok: false as const, error: t('auth_signedOutNotRevoked') };
  },
  'auth/code': async ({ code }) => ({ ok: true as const, session: await finishWithCode(code) }),
  'auth/grant': async ({ scopes }) => ({ ok: true as const, scopes: await grantScopes(scopes) }),
  'checkup/run': async () => {
    await startCheckup();
    return { ok: true as const };
  },
  'checkup/cancel': async () => {
    cancelCheckup();
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
  'holders/removeFollowers': async ({ domain }) => {
    const snapshot = await currentSnapshot();
    const home = homeDomainOf(snapshot);
    const target = normalizeDomain(domain);
    const client = await withScopes(['write:follows']);
    const leaving = snapshot.followers.filter((a) => domainOfAccount(a, home) === target);
    for (const account of leaving) await client.removeFromFollowers(account.id);
    const ids = new Set(leaving.map((a) => a.id));
    await saveSnapshot({ ...snapshot, followers: snapshot.followers.filter((a) => !ids.has(a.id)) });
    await recompute();
    return { ok: true as const, removed: leaving.length };
  },
  'holders/blockDomain': async ({ domain }) => {
    const target = normalizeDomain(domain);
    const client = await withScopes(['write:blocks']);
    await client.blockDomain(target);
    const snapshot = await currentSnapshot();
    const home = homeDomainOf(snapshot);
    // Blocking a domain also removes followers from it (Mastodon's DomainBlock semantics for users).
    await saveSnapshot({
      ...snapshot,
      followers: snapshot.followers.filter((a) => domainOfAccount(a, home) !== target),
    });
    await recompute();
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
    await controlRescopeJob(jobId, action);
    return { ok: true as const };
  },
  'schedule/update': async () => {
    await updateSchedule();
    return { ok: true as const };
  },
};
