/**
 * Compose warnings on the home server's web UI. Not in the manifest: registered at run time, for
 * the home server's origin only, once the person turns warnings on (utils/compose/registration.ts).
 * It asks the background for account facts and never sends anything about the post back.
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { COMPOSE_CONTEXT_REQUEST, parseComposeContextReply } from '../../utils/compose/context';
import { WEB_UI_ROOT_SELECTOR } from '../../utils/compose/dom';
import { startComposeWarnings } from '../../utils/compose/live';

export default defineContentScript({
  registration: 'runtime',
  runAt: 'document_idle',
  async main(ctx) {
    // Only Mastodon's web UI (the app, or the /share page) has these roots; anything else on the
    // origin (settings pages) is left alone.
    if (!document.querySelector(WEB_UI_ROOT_SELECTOR)) return;

    let reply: unknown;
    try {
      reply = await browser.runtime.sendMessage(COMPOSE_CONTEXT_REQUEST);
    } catch (error) {
      console.warn(
        'Fediprint: compose warnings are off on this page; the extension did not answer. Reload the page.',
        error,
      );
      return;
    }
    const parsed = parseComposeContextReply(reply);
    if (!parsed.ok) {
      console.warn(
        `Fediprint: compose warnings are off on this page: ${parsed.reason}. Sign in again in the Fediprint popup.`,
      );
      return;
    }
    if (ctx.isInvalid) return;
    const live = startComposeWarnings(document.body, parsed.context);
    // Timings stay in this content script's isolated world (the page cannot see them); the benchmark reads them.
    (globalThis as { __fediprintCompose?: typeof live }).__fediprintCompose = live;
    ctx.onInvalidated(live.stop);
  },
});
