/**
 * The inline panel under a compose box, in its own shadow root so that neither the page's CSS
 * nor its scripts' selectors reach into it. It sits after the form in the page flow (never over
 * it), so it cannot cover or block the Post button. Everything is text nodes: the masked values
 * come from what the person typed and are never parsed as HTML.
 */
import { t } from '../i18n';
import { dismissKey, warningKey } from './analyze';
import { warningText } from './messages';
import type { ComposeWarning } from './types';

export const PANEL_HOST_ATTRIBUTE = 'data-fediprint-compose';

const STYLE = `
:host { all: initial; display: block; }
.panel { font: 14px/1.4 system-ui, sans-serif; color: #1f2328; margin: 6px 0 10px; }
.panel[data-empty] { margin: 0; }
.card { border: 1px solid #d4a72c; border-left-width: 4px; border-radius: 6px; background: #fff8c5; padding: 8px 10px; }
.warning + .warning { margin-top: 8px; padding-top: 8px; border-top: 1px solid #e9d9a0; }
.title { font-weight: 600; margin: 0 0 2px; }
.body, .audience { margin: 2px 0 0; }
.audience { color: #59636e; font-size: 13px; }
ul { margin: 4px 0 0; padding-left: 18px; }
li { margin: 2px 0; }
.tip { display: block; color: #59636e; }
.value { font-family: ui-monospace, monospace; }
.actions { margin-top: 8px; text-align: end; }
button { font: inherit; font-size: 13px; cursor: pointer; color: inherit; background: transparent;
  border: 1px solid currentColor; border-radius: 4px; padding: 2px 10px; }
button:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
@media (prefers-color-scheme: dark) {
  .panel { color: #e6edf3; }
  .card { background: #2e2a13; border-color: #bb8009; }
  .warning + .warning { border-top-color: #4d4416; }
  .audience, .tip { color: #9198a1; }
  button:focus-visible { outline-color: #4493f8; }
}
`;

export interface WarningPanel {
  readonly host: HTMLElement;
  /** Redraws only when the warnings read differently, so screen readers hear each change once. */
  /** `reset` (the box was emptied: posted or cleared) forgets what was dismissed. */
  update(warnings: readonly ComposeWarning[], options?: { reset?: boolean }): void;
  destroy(): void;
}

function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function applyStyle(doc: Document, root: ShadowRoot): void {
  // A constructed sheet is not subject to the page's style-src CSP; older engines fall back to
  // a <style> element, which a strict page CSP may block (the panel then shows unstyled).
  const win = doc.defaultView;
  if (win && 'adoptedStyleSheets' in root && typeof win.CSSStyleSheet === 'function') {
    try {
      const sheet = new win.CSSStyleSheet();
      sheet.replaceSync(STYLE);
      root.adoptedStyleSheets = [sheet];
      return;
    } catch (error) {
      console.warn('Fediprint: could not adopt the warning styles, using a <style> element instead.', error);
    }
  }
  root.append(el(doc, 'style', undefined, STYLE));
}

/**
 * Creates the panel right after `form`. `onDismissFocus` receives focus after "Dismiss" so the
 * keyboard user is not left on a button that just vanished.
 */
export function createWarningPanel(form: HTMLFormElement, onDismissFocus: () => void): WarningPanel {
  const doc = form.ownerDocument;
  const host = el(doc, 'div');
  host.setAttribute(PANEL_HOST_ATTRIBUTE, '');
  const root = host.attachShadow({ mode: 'open' });
  applyStyle(doc, root);

  // The live region exists from the start, empty, so that screen readers announce what appears in it.
  const panel = el(doc, 'section', 'panel');
  panel.setAttribute('role', 'status');
  panel.setAttribute('aria-live', 'polite');
  panel.setAttribute('aria-label', t('compose_regionLabel'));
  panel.toggleAttribute('data-empty', true);
  root.append(panel);
  form.insertAdjacentElement('afterend', host);

  const dismissed = new Set<string>();
  let current: readonly ComposeWarning[] = [];
  let drawnKey = '';

  const draw = () => {
    const visible = current.filter((w) => !dismissed.has(dismissKey(w)));
    // The audience line only ever accompanies a risk.
    const shown = visible.some((w) => w.type !== 'audience') ? visible : [];
    const key = shown.map(warningKey).join('|');
    if (key === drawnKey) return;
    drawnKey = key;
    panel.replaceChildren();
    panel.toggleAttribute('data-empty', shown.length === 0);
    if (shown.length === 0) return;

    const card = el(doc, 'div', 'card');
    for (const warning of shown) {
      const text = warningText(warning);
      if (warning.type === 'audience') {
        card.append(el(doc, 'p', 'audience', text.body));
        continue;
      }
      const block = el(doc, 'div', 'warning');
      block.dataset.warning = warning.type;
      block.append(el(doc, 'p', 'title', text.title));
      if (text.items.length > 0) {
        const list = el(doc, 'ul');
        for (const item of text.items) {
          const li = el(doc, 'li', undefined, item.line);
          li.append(el(doc, 'span', 'tip', item.tip));
          list.append(li);
        }
        block.append(list);
      }
      block.append(el(doc, 'p', 'body', text.body));
      card.append(block);
    }
    const actions = el(doc, 'div', 'actions');
    const dismiss = el(doc, 'button', 'dismiss', t('compose_dismiss'));
    dismiss.type = 'button';
    dismiss.setAttribute('aria-label', t('compose_dismissLabel'));
    dismiss.addEventListener('click', () => {
      for (const w of shown) dismissed.add(dismissKey(w));
      draw();
      onDismissFocus();
    });
    actions.append(dismiss);
    card.append(actions);
    panel.append(card);
  };

  return {
    host,
    update(warnings, options = {}) {
      current = warnings;
      // Dismissals last for one post: an emptied box starts afresh.
      if (options.reset) dismissed.clear();
      draw();
    },
    destroy() {
      host.remove();
    },
  };
}
