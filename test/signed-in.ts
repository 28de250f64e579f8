/**
 * Puts the extension's storage in the signed-in state for the test server's owner, as a real
 * sign-in leaves it (token in the secrets store, session in storage.local). For unit tests of
 * background code with WXT's fake browser.
 */
import { saveToken } from '../utils/secrets';
import { writeKey } from '../utils/storage';
import type { RunningServer } from './mastodon-server';

export async function signInAsOwner(server: RunningServer, scopes: string[] = ['read']): Promise<void> {
  await saveToken({ origin: server.url, accessToken: server.ownerToken, scopes });
  await writeKey('session', {
    origin: server.url,
    accountId: server.owner.id,
    acct: server.owner.acct,
    handle: `@${server.owner.username}@${new URL(server.url).host}`,
    displayName: server.owner.displayName,
    scopes,
    signedInAt: new Date().toISOString(),
  });
}
