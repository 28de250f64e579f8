import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'utils/**/*.test.ts',
            'components/**/*.test.tsx',
            'test/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          exclude: ['test/e2e/**', 'test/real-mastodon/**', 'node_modules/**'],
          setupFiles: ['fake-indexeddb/auto', './test/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // Against a running real Mastodon, only through `npm run test:real-mastodon`.
        extends: true,
        test: {
          name: 'real-mastodon',
          include: ['test/real-mastodon/**/*.test.ts'],
          setupFiles: ['fake-indexeddb/auto', './test/setup.ts'],
          globalSetup: ['./test/real-mastodon/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
