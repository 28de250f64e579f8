/**
 * Finding and reading Mastodon's compose boxes (web UI 4.2 and 4.3+), selectors as in
 * docs/mastodon-api.md §8 (from Mastodon's compose_form.jsx, privacy_dropdown, visibility_button).
 *
 * Reads only what the person typed and chose in the form. Never reads `#initial-state`, the
 * `data-props` or any token: the page's session token lives there and is none of our business.
 */
import type { ComposeInput, Visibility } from './types';

export const COMPOSE_FORM_SELECTOR = 'form.compose-form';
export const TEXTAREA_SELECTOR = 'textarea.autosuggest-textarea__textarea';
/** 4.2 keeps the CW input in the DOM (disabled when off); 4.3+ renders it only when on. */
export const SPOILER_SELECTOR = 'input#cw-spoiler-input, input.spoiler-input__input';
/** 4.2: `.compose-form__poll-wrapper li label.poll__option`; 4.3: `.compose-form__poll label.poll__option`. */
export const POLL_OPTION_SELECTOR = '.poll__option input[type="text"], .poll__option input:not([type])';
/** 4.2 `.compose-form__publish-button-wrapper > button`, 4.3+ `.compose-form__submit > button`. */
export const SUBMIT_SELECTOR =
  '.compose-form__submit > button[type="submit"], .compose-form__publish-button-wrapper > button[type="submit"], button[type="submit"]';

/**
 * Icon ids of Mastodon's visibility options (`visibilityOptions` in privacy_dropdown). The icon is
 * language-independent, unlike the button's title and label. `envelope` is the pre-3.5 DM icon.
 */
const ICON_VISIBILITY: Record<string, Visibility> = {
  globe: 'public',
  unlock: 'unlisted',
  lock: 'private',
  at: 'direct',
  envelope: 'direct',
};

/** `icon icon-lock` (4.3+ svg) or `fa fa-lock fa-fw` (4.2 `<i>`) → `private`. */
export function visibilityFromIconClass(className: string): Visibility | null {
  for (const token of className.split(/\s+/)) {
    const id = /^(?:icon|fa)-(.+)$/.exec(token)?.[1];
    const visibility = id === undefined ? undefined : ICON_VISIBILITY[id];
    if (visibility) return visibility;
  }
  return null;
}

function classOf(element: Element): string {
  // An svg's `className` is an SVGAnimatedString; the attribute is the same for both kinds.
  return element.getAttribute('class') ?? '';
}

/** The visibility shown on the form's own visibility control, or null if it cannot be read. */
export function readVisibility(form: Element): Visibility | null {
  // 4.3+: the first `button.dropdown-button` is visibility, the second language (its icon is
  // `icon-translate`), so take the first icon that names a visibility.
  for (const icon of form.querySelectorAll('.compose-form__dropdowns > button.dropdown-button svg.icon')) {
    const visibility = visibilityFromIconClass(classOf(icon));
    if (visibility) return visibility;
  }
  // 4.2: the language dropdown shares `.privacy-dropdown__value-icon` but shows text, not `i.fa`.
  for (const icon of form.querySelectorAll(
    '.privacy-dropdown__value-icon i.fa, .privacy-dropdown__value-icon svg.icon',
  )) {
    const visibility = visibilityFromIconClass(classOf(icon));
    if (visibility) return visibility;
  }
  return null;
}

export function readText(form: Element): string {
  return form.querySelector<HTMLTextAreaElement>(TEXTAREA_SELECTOR)?.value ?? '';
}

/** The CW text, or '' when the CW is off (4.2 keeps the disabled input and its old value). */
export function readSpoiler(form: Element): string {
  const input = form.querySelector<HTMLInputElement>(SPOILER_SELECTOR);
  if (!input || input.disabled) return '';
  return input.value;
}

export function readPollOptions(form: Element): string[] {
  return [...form.querySelectorAll<HTMLInputElement>(POLL_OPTION_SELECTOR)].map((input) => input.value);
}

export function readComposeInput(form: Element): ComposeInput {
  return {
    text: readText(form),
    spoiler: readSpoiler(form),
    pollOptions: readPollOptions(form),
    visibility: readVisibility(form),
  };
}

export function findSubmitButton(form: Element): HTMLButtonElement | null {
  return form.querySelector<HTMLButtonElement>(SUBMIT_SELECTOR);
}

/** A compose box is a `form.compose-form` that holds the post textarea (the search form does not). */
export function isComposeForm(element: Element): element is HTMLFormElement {
  return element.matches(COMPOSE_FORM_SELECTOR) && element.querySelector(TEXTAREA_SELECTOR) !== null;
}

export function findComposeForms(root: ParentNode): HTMLFormElement[] {
  return [...root.querySelectorAll<HTMLFormElement>(COMPOSE_FORM_SELECTOR)].filter(isComposeForm);
}

export interface ComposeWatchHandlers {
  /** A compose box appeared (at start, in a reply modal, after navigating in the app). */
  added(form: HTMLFormElement): void;
  /** Its text, CW, poll or visibility may have changed. */
  changed(form: HTMLFormElement): void;
  /** It left the document. */
  removed(form: HTMLFormElement): void;
}

export interface ComposeWatchOptions {
  /** Delay before re-scanning the page after DOM changes; Mastodon's timeline mutates often. */
  scanDelayMs?: number;
}

/**
 * Watches `root` for compose boxes, now and later: the web UI is a single-page app that mounts
 * and unmounts forms (reply modal, navigation), so a MutationObserver re-scans after changes.
 * Each box gets its own observer (visibility icon swaps, CW input mounting, poll options) and an
 * `input` listener (typing). Returns a function that stops everything.
 */
export function watchComposeForms(
  root: Element,
  handlers: ComposeWatchHandlers,
  options: ComposeWatchOptions = {},
): () => void {
  const scanDelayMs = options.scanDelayMs ?? 100;
  const tracked = new Map<HTMLFormElement, () => void>();
  let scanTimer: ReturnType<typeof setTimeout> | undefined;

  const track = (form: HTMLFormElement) => {
    const onInput = () => handlers.changed(form);
    form.addEventListener('input', onInput, true);
    form.addEventListener('change', onInput, true);
    // Visibility shows as an icon that React swaps (4.3+: a new svg; 4.2: a class change on `<i>`);
    // the CW input mounts or toggles `disabled`; poll options mount and unmount.
    const observer = new MutationObserver(() => handlers.changed(form));
    observer.observe(form, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['class', 'disabled'],
    });
    tracked.set(form, () => {
      observer.disconnect();
      form.removeEventListener('input', onInput, true);
      form.removeEventListener('change', onInput, true);
    });
    handlers.added(form);
  };

  const scan = () => {
    scanTimer = undefined;
    const present = new Set(findComposeForms(root));
    for (const [form, untrack] of tracked) {
      if (!present.has(form)) {
        untrack();
        tracked.delete(form);
        handlers.removed(form);
      }
    }
    for (const form of present) if (!tracked.has(form)) track(form);
  };

  const pageObserver = new MutationObserver((records) => {
    if (scanTimer !== undefined) return;
    if (!records.some((r) => r.addedNodes.length > 0 || r.removedNodes.length > 0)) return;
    scanTimer = setTimeout(scan, scanDelayMs);
  });
  pageObserver.observe(root, { childList: true, subtree: true });
  scan();

  return () => {
    pageObserver.disconnect();
    if (scanTimer !== undefined) clearTimeout(scanTimer);
    for (const [form, untrack] of tracked) {
      untrack();
      handlers.removed(form);
    }
    tracked.clear();
  };
}
