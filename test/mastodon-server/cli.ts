/**
 * `npm run --silent mastodon-server -- --port 0 --posts N --seed S [--followers N] [--following N]
 * [--latency MS] [--web-ui 4.4.22|4.5.15|4.6.5] [--private-domain-blocks] [--no-rate-limits]`
 * Prints one JSON line {"url": "...", "token": "..."} once listening, serves until killed.
 */
import { parseArgs } from 'node:util';
import { startServer } from './index';
import { isRealWebUiVersion, REAL_WEB_UI_VERSIONS } from './real-web-ui';

function int(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`mastodon-server: --${name} must be a non-negative integer, got "${value}"\n`);
    process.exit(2);
  }
  return n;
}

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    posts: { type: 'string' },
    seed: { type: 'string' },
    followers: { type: 'string' },
    following: { type: 'string' },
    latency: { type: 'string' },
    'web-ui': { type: 'string' },
    'private-domain-blocks': { type: 'boolean' },
    'no-rate-limits': { type: 'boolean' },
  },
  strict: true,
});

const webUi = values['web-ui'];
if (webUi !== undefined && !isRealWebUiVersion(webUi)) {
  process.stderr.write(
    `mastodon-server: --web-ui must be one of ${REAL_WEB_UI_VERSIONS.join(', ')}, got "${webUi}"\n`,
  );
  process.exit(2);
}

const server = await startServer({
  port: int(values.port, 'port'),
  posts: int(values.posts, 'posts'),
  seed: int(values.seed, 'seed'),
  followers: int(values.followers, 'followers'),
  following: int(values.following, 'following'),
  latencyMs: int(values.latency, 'latency'),
  webUi,
  publishDomainBlocks: values['private-domain-blocks'] ? false : undefined,
  rateLimits: values['no-rate-limits'] ? false : undefined,
});
process.stdout.write(`${JSON.stringify({ url: server.url, token: server.ownerToken })}\n`);

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  server.close().then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`mastodon-server: error while closing: ${String(e)}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
