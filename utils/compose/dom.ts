/**
 * Finding and reading Mastodon's compose boxes, as the real web UIs 4.4, 4.5 and 4.6 render them
 * (checked against their release builds) and 4.2 (from its source: no real build is tested).
 *
 * Reads only what the person typed and chose in the form. Never reads `#initial-state`, the
 * `data-props` or any token: the page's session token lives there and is none of our business.
 */
import type { ComposeInput, QuotePolicy, Visibility } from './types';

export const COMPOSE_FORM_SELECTOR = 'form.compose-form';
export const TEXTAREA_SELECTOR = 'textarea.autosuggest-textarea__textarea';
/** 4.2 keeps the CW input in the DOM (disabled when off); 4.3+ renders it only when on. */
export const SPOILER_SELECTOR = 'input#cw-spoiler-input, input.spoiler-input__input';
/** 4.2: `.compose-form__poll-wrapper li label.poll__option`; 4.3+: `.compose-form__poll label.poll__option`. */
export const POLL_OPTION_SELECTOR = '.poll__option input[type="text"], .poll__option input:not([type])';
/** 4.2 `.compose-form__publish-button-wrapper > button`, 4.3+ `.compose-form__submit > button`. */
export const SUBMIT_SELECTOR =
  '.compose-form__submit > button[type="submit"], .compose-form__publish-button-wrapper > button[type="submit"], button[type="submit"]';
/**
 * Where the web UI mounts: `#mastodon` for the app (`/home`, `/publish`, …), `#mastodon-compose`
 * for the standalone `/share` page.
 */
export const WEB_UI_ROOT_SELECTOR = 'div#mastodon.app-holder, div#mastodon-compose';
/**
 * Mastodon's own "Your account is not locked" notice (`compose_form.lock_disclaimer`): its link to
 * the lock setting, `/settings/profile` up to 4.4, `/settings/privacy#account_unlocked` from 4.5.
 * The link is language-independent; the sentence is not.
 */
const LOCK_NOTICE_SELECTOR =
  '.compose-form__warning a[href="/settings/profile"], .compose-form__warning a[href^="/settings/privacy"]';

/**
 * Mastodon's own "Posts on Mastodon are not end-to-end encrypted" notice on direct posts
 * (`compose_form.encryption_warning`), by its "Learn more" link: `/terms` up to 4.5, the posting
 * guide from 4.6.
 */
const ENCRYPTION_NOTICE_SELECTOR =
  '.compose-form__warning a[href="/terms"], .compose-form__warning a[href*="joinmastodon.org/user/posting"]';

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
  // 4.3+: the first `button.dropdown-button` is visibility, the second language (`icon-translate`),
  // so take the first icon that names a visibility. No child combinator: 4.3 and 4.4 wrap each
  // button in a <div>, 4.5+ render the visibility button bare. Editing disables the button but
  // keeps the icon of the post's visibility.
  for (const icon of form.querySelectorAll('.compose-form__dropdowns button.dropdown-button svg.icon')) {
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

/**
 * 4.5+ set visibility and quote policy in one modal opened by a bare visibility button; 4.4 and
 * older have a visibility dropdown (its button wrapped in a <div>) and no quotes.
 */
export function hasQuoteSetting(form: Element): boolean {
  return form.querySelector(':scope .compose-form__dropdowns > button.dropdown-button') !== null;
}

/** Whether Mastodon's own "Your account is not locked…" notice shows with this form. */
export function readPageWarnsUnlocked(form: Element): boolean {
  return form.querySelector(LOCK_NOTICE_SELECTOR) !== null;
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

/** `quotePolicy`: what the quote tracker knows for a 4.5+ form; ignored on older ones. */
export function readComposeInput(form: Element, quotePolicy: QuotePolicy | null = null): ComposeInput {
  return {
    text: readText(form),
    spoiler: readSpoiler(form),
    pollOptions: readPollOptions(form),
    visibility: readVisibility(form),
    quotePolicy: hasQuoteSetting(form) ? quotePolicy : null,
    pageWarnsUnlocked: readPageWarnsUnlocked(form),
    pageWarnsUnencrypted: form.querySelector(ENCRYPTION_NOTICE_SELECTOR) !== null,
  };
}

/** What `readComposeInput` would read, as one string, to tell cheaply whether anything changed. */
export function composeFingerprint(form: Element): string {
  const icon = form.querySelector(
    '.compose-form__dropdowns button.dropdown-button svg.icon, .privacy-dropdown__value-icon i.fa',
  );
  return [
    readText(form),
    readSpoiler(form),
    readPollOptions(form).join('\u0000'),
    icon ? classOf(icon) : '',
    form.querySelector('.compose-form__warning') ? 'w' : '',
  ].join('\u0001');
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
  /** A compose box appeared (at start, after navigating in the app, on the /share page). */
  added(form: HTMLFormElement): void;
  /** Its text, CW, poll or visibility may have changed. */
  changed(form: HTMLFormElement): void;
  /** It left the document. */
  removed(form: HTMLFormElement): void;
}

export interface ComposeWatchOptions {
  /** Delay before re-scanning the page after DOM changes; Mastodon's timeline mutates often. */
  scanDelayMs?: number;
  /** How often each form's fields are compared with what was last read (see below). */
  pollMs?: number;
}

/**
 * Watches `root` for compose boxes, now and later: the web UI is a single-page app that mounts
 * and unmounts forms (navigation, `/publish`), so a MutationObserver re-scans after changes.
 * Each box gets its own observer (visibility icon swaps, CW input mounting, poll options), an
 * `input` listener (typing) and a cheap poll for text the page sets by itself. Returns a function
 * that stops everything.
 */
export function watchComposeForms(
  root: Element,
  handlers: ComposeWatchHandlers,
  options: ComposeWatchOptions = {},
): () => void {
  const scanDelayMs = options.scanDelayMs ?? 100;
  const pollMs = options.pollMs ?? 250;
  const tracked = new Map<HTMLFormElement, () => void>();
  let scanTimer: ReturnType<typeof setTimeout> | undefined;

  const track = (form: HTMLFormElement) => {
    let seen = composeFingerprint(form);
    const changed = () => {
      seen = composeFingerprint(form);
      handlers.changed(form);
    };
    form.addEventListener('input', changed, true);
    form.addEventListener('change', changed, true);
    // Visibility shows as an icon that React swaps (4.3+: a new svg; 4.2: a class change on `<i>`);
    // the CW input mounts or toggles `disabled`; poll options mount and unmount.
    const observer = new MutationObserver(changed);
    observer.observe(form, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['class', 'disabled'],
    });
    // The page also sets the text by itself, with no event and no mutation of the textarea's
    // children: an autocomplete pick, "Mention", delete-and-redraft, a reply. Content scripts
    // cannot hook the page's value setter (another JS world), so compare what the fields hold now
    // with what was last read: a few string reads per tick.
    const poll = setInterval(() => {
      if (composeFingerprint(form) !== seen) changed();
    }, pollMs);
    tracked.set(form, () => {
      observer.disconnect();
      clearInterval(poll);
      form.removeEventListener('input', changed, true);
      form.removeEventListener('change', changed, true);
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
