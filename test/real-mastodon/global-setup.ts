/**
 * Runs once before the real-Mastodon test files: signs both accounts in through the server's own
 * pages (one app registration for all of them: Mastodon allows five per IP in ten minutes) and
 * makes sure the data the tests count exists: a follow each way, posts of every visibility and
 * a DM each way, all created through the API.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { APP_SCOPES, discoverServer, revokeToken, type ServerInfo } from '../../utils/mastodon/oauth';
import type { CredentialApplication } from '../../utils/mastodon/schemas';
import { api, ok } from './api';
import { requireEnv } from './env';
import { ConsentSkippedError, signInThroughPages } from './session';

export interface RealMastodonContext {
  origin: string;
  ownerToken: string;
  ownerId: string;
  ownerAcct: string;
  friendToken: string;
  friendId: string;
  friendAcct: string;
  app: { client_id: string; client_secret: string };
  /** What the consent page's form carried, and the state sent, for the OAuth assertions. */
  consent: Record<string, string>;
  state: string;
  pkceS256: boolean;
  grantedScopes: string[];
  /** The owner's signed-in page session (Mastodon allows 25 sign-ins per account an hour). */
  ownerCookies: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    realMastodon: RealMastodonContext;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const env = requireEnv();
  // The app registration is kept between runs (in the temp folder, outside the repo), since
  // every run registering one would hit Mastodon's five per IP in ten minutes.
  const appFile = path.join(
    tmpdir(),
    `fediprint-real-mastodon-app-${new URL(env.origin).port || 'default'}.json`,
  );
  let owner;
  if (existsSync(appFile)) {
    const reuse = {
      server: await discoverServer(env.origin),
      app: JSON.parse(readFileSync(appFile, 'utf8')) as CredentialApplication,
    } satisfies { server: ServerInfo; app: CredentialApplication };
    // Only a skipped consent page (a token an earlier run did not revoke) is worth a new app.
    owner = await signInThroughPages(env.origin, env.owner, APP_SCOPES, reuse).catch((error: unknown) => {
      if (error instanceof ConsentSkippedError) return undefined;
      throw error;
    });
  }
  owner ??= await signInThroughPages(env.origin, env.owner, APP_SCOPES);
  writeFileSync(appFile, JSON.stringify(owner.app));
  const friend = await signInThroughPages(env.origin, env.friend, APP_SCOPES, owner, true);
  const me = await ok<{ id: string; acct: string }>(
    env.origin,
    owner.token,
    'GET',
    '/api/v1/accounts/verify_credentials',
  );
  const them = await ok<{ id: string; acct: string }>(
    env.origin,
    friend.token,
    'GET',
    '/api/v1/accounts/verify_credentials',
  );

  // A follow each way (idempotent on the server).
  await ok(env.origin, friend.token, 'POST', `/api/v1/accounts/${me.id}/follow`);
  await ok(env.origin, owner.token, 'POST', `/api/v1/accounts/${them.id}/follow`);
  // Accept the friend's request in case the owner's account is locked.
  const requests = await ok<{ id: string }[]>(env.origin, owner.token, 'GET', '/api/v1/follow_requests');
  for (const r of requests.filter((r) => r.id === them.id))
    await ok(env.origin, owner.token, 'POST', `/api/v1/follow_requests/${r.id}/authorize`);

  const stamp = new Date().toISOString();
  for (const visibility of ['public', 'unlisted', 'private'] as const)
    await ok(env.origin, owner.token, 'POST', '/api/v1/statuses', {
      status: `A ${visibility} post written by the test set-up at ${stamp}`,
      visibility,
    });
  await ok(env.origin, owner.token, 'POST', '/api/v1/statuses', {
    status: `@${them.acct} a direct message from the owner at ${stamp}`,
    visibility: 'direct',
  });
  await ok(env.origin, friend.token, 'POST', '/api/v1/statuses', {
    status: `@${me.acct} a direct message to the owner at ${stamp}`,
    visibility: 'direct',
  });

  project.provide('realMastodon', {
    origin: env.origin,
    ownerToken: owner.token,
    ownerId: me.id,
    ownerAcct: me.acct,
    friendToken: friend.token,
    friendId: them.id,
    friendAcct: them.acct,
    app: { client_id: owner.app.client_id, client_secret: owner.app.client_secret },
    consent: owner.consent,
    state: owner.state,
    pkceS256: owner.server.pkceS256,
    grantedScopes: owner.scopes,
    ownerCookies: owner.cookies,
  });

  // Revoked at the end, so that the next run's sign-in sees the consent page again.
  return async () => {
    for (const token of [owner.token, friend.token]) await revokeToken(owner.server, owner.app, token);
    const after = await api(env.origin, owner.token, 'GET', '/api/v1/accounts/verify_credentials');
    if (after.status !== 401)
      throw new Error(`The set-up token still works after revoking (${after.status})`);
  };
}
