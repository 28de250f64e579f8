import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.output/', '.wxt/', 'test-results/', 'demo-output/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      'no-console': 'off',
    },
  },
  {
    // The background is the one writer of persisted state: pages and content scripts send
    // commands (utils/messages.ts) and read through utils/db/read.ts and utils/storage.ts readers.
    files: ['components/**', 'entrypoints/**'],
    ignores: ['entrypoints/background.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^idb$|/utils/db(/index|/records)?$',
              message: 'Pages read through utils/db/read.ts; the background writes.',
            },
            {
              regex:
                '/utils/(secrets|snapshot/store|rescope/(store|journal|scheduler|executor|background)|background/.*|mastodon(/index|/megalodon-client)?)$',
              message: 'Jobs and stored state belong to the background: send a command (utils/messages.ts).',
            },
          ],
          paths: [
            {
              name: '../../utils/storage',
              importNames: ['writeKey', 'removeKeys', 'updateSettings', 'clearAccountData', 'migrateStorage'],
              message: 'Only the background writes storage: send a command (utils/messages.ts).',
            },
            {
              name: '../utils/storage',
              importNames: ['writeKey', 'removeKeys', 'updateSettings', 'clearAccountData', 'migrateStorage'],
              message: 'Only the background writes storage: send a command (utils/messages.ts).',
            },
          ],
        },
      ],
    },
  },
);
