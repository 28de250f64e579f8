/**
 * Mastodon 4.5+ keep a post's quote policy in the app's own state and show it only in a localized
 * label; it changes in the visibility modal, which has one listbox per setting and a Save button.
 * This follows that modal: the option picked in the "who can quote" listbox (known by the
 * `…-quote-label` id Mastodon gives its label, not by any text) becomes the policy on Save and is
 * forgotten on Cancel or close.
 */
import { QUOTE_POLICIES, type QuotePolicy } from './types';

const MODAL_SELECTOR = '.visibility-modal';
const OPTION_SELECTOR = '[role="option"][data-index]';

function quoteChoice(option: Element): QuotePolicy | null {
  const value = option.getAttribute('data-index');
  if (value === null) return null;
  const doc = option.ownerDocument;
  const buttons = [...doc.querySelectorAll(`${MODAL_SELECTOR} [aria-labelledby]`)];
  // The listbox is portalled out of the modal: its button names it in aria-controls (on the
  // listbox or a wrapper of it) and is the one expanded while it is open.
  const ids = new Set<string>();
  for (let el: Element | null = option; el; el = el.parentElement) if (el.id) ids.add(el.id);
  const button =
    buttons.find((b) => ids.has(b.getAttribute('aria-controls') ?? '')) ??
    buttons.find((b) => b.getAttribute('aria-expanded') === 'true');
  const labelledBy = button?.getAttribute('aria-labelledby') ?? '';
  if (!/(^|\s)\S*-quote-label(\s|$)/.test(labelledBy)) return null;
  return QUOTE_POLICIES.find((p) => p === value) ?? null;
}

/** Calls `onSaved` with the quote policy each time the visibility modal is saved with a new one. */
export function watchQuotePolicy(doc: Document, onSaved: (policy: QuotePolicy) => void): () => void {
  let pending: QuotePolicy | null = null;

  const pick = (target: EventTarget | null) => {
    if (!(target instanceof Element)) return;
    const option = target.closest(OPTION_SELECTOR);
    if (option) {
      const choice = quoteChoice(option);
      if (choice) pending = choice;
      return;
    }
    const action = target.closest(`${MODAL_SELECTOR} button`);
    if (!action) return;
    if (action.closest('.dialog-modal__content__actions') && !action.classList.contains('button-secondary')) {
      if (pending) onSaved(pending);
      pending = null;
    } else if (action.classList.contains('button-secondary') || action.closest('.dialog-modal__header')) {
      pending = null;
    }
  };
  const onClick = (event: Event) => pick(event.target);
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter' || event.key === ' ') pick(event.target);
  };
  // Capture: the modal's own handlers close it (and remove the elements) before bubbling ends.
  doc.addEventListener('click', onClick, true);
  doc.addEventListener('keydown', onKey, true);
  return () => {
    doc.removeEventListener('click', onClick, true);
    doc.removeEventListener('keydown', onKey, true);
  };
}
