/**
 * The web UI replica served at GET / and /home. Owned by the compose-warnings work;
 * this placeholder keeps the server importable until the replica lands.
 */
export interface WebUiOptions {
  variant: '4.3' | '4.2';
  /** The server's origin, for API calls from the page. */
  origin: string;
  /** The web session's token, embedded in initial-state as real Mastodon does (never read by us). */
  accessToken: string;
  /** The owner's default visibility (compose.default_privacy). */
  defaultPrivacy: 'public' | 'unlisted' | 'private';
  ownerId: string;
  ownerAcct: string;
}

export function renderWebUi(options: WebUiOptions): string {
  return `<!doctype html><html><head><title>Mastodon</title></head><body><div id="mastodon" class="app-holder" data-variant="${options.variant}"></div></body></html>`;
}
