/**
 * `npm run test:real-mastodon [-- vitest args]`: the tests against a real, already running
 * Mastodon (see env.ts for the variables). Without FEDIPRINT_REAL_MASTODON it says so and exits 0,
 * since there is nothing to test against; under CI=true that is a failure, never a silent skip.
 * The browser tests use the built extension: build first (npm run build && npm run build:firefox).
 */
import { spawnSync } from 'node:child_process';
import { realMastodonEnv } from './env';

let env;
try {
  env = realMastodonEnv();
} catch (error) {
  console.error(`test:real-mastodon: ${(error as Error).message}`);
  process.exit(2);
}
if (!env) {
  const notice =
    'test:real-mastodon: FEDIPRINT_REAL_MASTODON is not set, so no real-Mastodon test ran. Set it to a ' +
    'running Mastodon (e.g. http://127.0.0.1:3310) with FEDIPRINT_REAL_MASTODON_OWNER and ' +
    'FEDIPRINT_REAL_MASTODON_FRIEND as email:password.';
  console.log(notice);
  process.exit(process.env.CI === 'true' ? 1 : 0);
}
console.log(`test:real-mastodon: against ${env.origin}`);
const started = performance.now();
const result = spawnSync('npx', ['vitest', 'run', '--project', 'real-mastodon', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
console.log(`test:real-mastodon: ${((performance.now() - started) / 1000).toFixed(1)} s`);
process.exit(result.status ?? 1);
