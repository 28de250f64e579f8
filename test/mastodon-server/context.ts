/** Types shared by the router, the route modules and the server core. */
import type { IncomingMessage } from 'node:http';
import type { Clock } from '../../utils/clock';
import type { PlantedCase } from './generator';
import type { RealWebUiVersion } from './real-web-ui';
import type { Params } from './params';
import type { ServerState, TokenRecord } from './state';

export interface Reply {
  status: number;
  /** JSON body. */
  body?: unknown;
  html?: string;
  bytes?: Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface ResolvedOptions {
  seed: number;
  posts: number;
  followers: number;
  following: number;
  latencyMs: number;
  webUi: RealWebUiVersion;
  mediaRetentionMs: number;
  mediaDetachMs: number;
  publishDomainBlocks: boolean;
  rateLimits: boolean;
  /** The Mastodon version reported (see quotes.ts versionOf for the default). */
  version?: string;
}

export interface Core {
  state: ServerState;
  clock: Clock;
  opts: ResolvedOptions;
  planted: PlantedCase[];
  ownerToken: string;
  /** Next status id at the current time, always above every existing id. */
  newStatusId(): string;
  newId(prefix: 'media' | 'poll' | 'app' | 'token' | 'follow' | 'conversation' | 'account'): string;
  randomToken(): string;
}

export interface RequestCtx {
  core: Core;
  req: IncomingMessage;
  method: string;
  path: string;
  url: URL;
  query: Params;
  body: Params;
  params: Record<string, string>;
  token: TokenRecord | null;
  /** The account behind the token, if any. */
  viewerId: string | null;
  now: number;
}

export type Handler = (ctx: RequestCtx) => Reply | Promise<Reply>;

export type AuthMode =
  /** No token needed and none checked (instance metadata, OAuth pages). */
  | 'none'
  /** Public, but a token that is sent must be valid and carry the scope (`authorize_if_got_token!`). */
  | 'optional'
  /** Token with the scope required. */
  | 'required'
  /** Token with the scope and a user behind it required. */
  | 'user';

export interface RouteDef {
  method: string;
  pattern: string;
  auth: AuthMode;
  /** Acceptable scopes (any one suffices); `read:x` also accepts `read`, `write:x` also `write`. */
  scopes?: string[];
  handler: Handler;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, body, headers };
}

export function error(status: number, message: string): Reply {
  return { status, body: { error: message } };
}

export const NOT_FOUND = (): Reply => error(404, 'Record not found');
