/**
 * Entry point for talking to a Mastodon server: `createClient()` plus the errors and schema types.
 * Background and Node only (it pulls in megalodon); UI code talks to the background by messages.
 */
import type { Clock } from '../clock';
import type { MastodonClient } from './client';
import { createMegalodonClient } from './megalodon-client';

export interface CreateClientOptions {
  /** The home server's origin, e.g. `https://mastodon.social`. */
  origin: string;
  token: string;
  /** Every wait (pacing, backoff, 429) goes through it; tests pass a SimulatedClock. */
  clock?: Clock;
  /** Per request, in real milliseconds. */
  timeoutMs?: number;
  userAgent?: string;
  /** Requests of each rate-limit budget left to the user's web UI (the client's default is 3). */
  reserve?: number;
}

export function createClient(options: CreateClientOptions): MastodonClient {
  return createMegalodonClient({ ...options, timeoutMs: options.timeoutMs ?? 20_000 });
}

export { compareIds } from './megalodon-client';
export * from './errors';
export type * from './schemas';
export type * from './client';
