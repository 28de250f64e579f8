import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// Stable ids so tests and the README can name extension pages by URL.
// Chrome: the id is derived from this public key (the private half is not needed for unpacked loads).
export const CHROME_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuvERUVdqC/F6H6AbvQKUl9YxRfKgpjS04PvrODcxcgljRpjjld/W8j4cvg3eh3WK7qhNX8MMqAZzjU9et8m/A095MA3HM7c9D7CXwzRsyhjwtltjz5eutJj8/NiQC9Ubn8dwnFtQVR48TmNF+YcCNQdKoarayWcUK6cLHWVxHYnVTDDyhElJNS1WiDTVLUzzJBLUVm8yujnEjLVWAgS3M/ojlOfwQadtF8XeLlGJvpTy1G39y84/lhXLCkhfjDBVQzJxiQ8zqV3Q7/qv+3apPE0/1KsQF4mwbETqdeVW3l7A1yWsGAB3dEvPBuY0Gxvx1S0Gz5ikJEB9iZnUh6+mGQIDAQAB';
export const FIREFOX_ADDON_ID = 'fediprint@fediprint.app';
export const FIREFOX_MIN_VERSION = '153.0';
const OPTIONAL_ORIGINS = ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'];

export default defineConfig({
  srcDir: '.',
  outDir: '.output',
  imports: false,
  // The sources zip AMO asks for: the repository's sources, not local test and demo output.
  zip: { excludeSources: ['test-results/**', 'demo-output/**', '.ci/**', 'coverage/**'] },
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'identity', 'alarms', 'scripting', 'unlimitedStorage'],
    // No host access at install: the home server's origin is requested at run time,
    // only when compose warnings are switched on.
    // (MV2 Firefox lists them under optional_permissions.)
    ...(browser === 'firefox'
      ? { optional_permissions: ['notifications', ...OPTIONAL_ORIGINS] }
      : { optional_permissions: ['notifications'], optional_host_permissions: OPTIONAL_ORIGINS }),
    action: { default_title: '__MSG_extName__' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: FIREFOX_ADDON_ID,
              strict_min_version: FIREFOX_MIN_VERSION,
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : { key: CHROME_KEY }),
  }),
});
