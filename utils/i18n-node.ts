/**
 * Outside the extension (CLI, unit tests, benchmarks) there is no browser.i18n: load the same
 * message files into utils/i18n's fallback. Import this module once, for its effect.
 */
import de from '../public/_locales/de/messages.json';
import en from '../public/_locales/en/messages.json';
import es from '../public/_locales/es/messages.json';
import fr from '../public/_locales/fr/messages.json';
import ja from '../public/_locales/ja/messages.json';
import { registerCatalogs } from './i18n';

registerCatalogs({ en, de, fr, es, ja });
