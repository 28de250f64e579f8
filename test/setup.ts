/**
 * Unit-test setup. WXT's fake browser has no i18n; make it defer to utils/i18n's catalogs
 * (English unless a test asks otherwise), the same files the real browser.i18n reads.
 */
import { fakeBrowser } from 'wxt/testing';
import '../utils/i18n-node';
import { setFallbackLocale } from '../utils/i18n';

fakeBrowser.i18n.getMessage = () => '';
fakeBrowser.i18n.getUILanguage = () => 'en';
setFallbackLocale('en');
