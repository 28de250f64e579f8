/**
 * The web UI replica served at GET / and /home: a self-contained page (inline script and styles,
 * no external resources) whose compose form copies the DOM of Mastodon's own web UI, 4.3+ by
 * default and 4.2 on a switch, as listed in ../shared/docs/mastodon-api.md §8 (from Mastodon's
 * compose_form.jsx, privacy_dropdown, language_dropdown, poll_form, icon at v4.2.0 and v4.3.0).
 *
 * Like the real UI it embeds the web session's token in `#initial-state` and posts with it through
 * `POST /api/v1/statuses`. The compose warnings must never read that token; the browser tests
 * check that they work without touching `#initial-state` at all.
 */
export type WebUiVariant = '4.3' | '4.2';

export interface WebUiOptions {
  variant: WebUiVariant;
  /** The server's origin, for API calls from the page. */
  origin: string;
  /** The web session's token, embedded in initial-state as real Mastodon does (never read by us). */
  accessToken: string;
  /** The owner's default visibility (compose.default_privacy). */
  defaultPrivacy: 'public' | 'unlisted' | 'private';
  ownerId: string;
  ownerAcct: string;
  /** UI language (`data-props` locale, `<html lang>`); the strings stay English like an untranslated build. */
  locale?: string;
  /**
   * A status to show with a Reply button when the home timeline is empty or cannot be loaded.
   * Without an id the reply is posted as a plain post. Defaults to a post by @alex@remote.example.
   */
  sampleStatus?: { id: string | null; acct: string; displayName: string; text: string };
}

export const WEB_UI_VARIANTS: readonly WebUiVariant[] = ['4.3', '4.2'];

/** `?variant=4.2` on GET / or /home picks the DOM variant; anything else keeps the server's default. */
export function webUiVariantFromQuery(search: URLSearchParams, fallback: WebUiVariant): WebUiVariant {
  const asked = search.get('variant');
  return WEB_UI_VARIANTS.find((v) => v === asked) ?? fallback;
}

const DEFAULT_SAMPLE = {
  id: null,
  acct: 'alex@remote.example',
  displayName: 'Alex',
  text: 'Anyone up for the climbing meetup on Saturday?',
};

function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON inside a <script> element: `<` escaped so that no value can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function renderWebUi(options: WebUiOptions): string {
  const locale = options.locale ?? 'en';
  const host = new URL(options.origin).host;
  const username = options.ownerAcct.split('@')[0] ?? options.ownerAcct;
  // Shape of Mastodon's InitialStateSerializer (app/serializers/initial_state_serializer.rb), trimmed.
  const initialState = {
    meta: {
      streaming_api_base_url: options.origin.replace(/^http/, 'ws'),
      access_token: options.accessToken,
      locale,
      domain: host,
      title: 'Mastodon',
      version: options.variant === '4.2' ? '4.2.0' : '4.3.0',
      me: options.ownerId,
      limited_federation_mode: false,
      single_user_mode: false,
      auto_play_gif: false,
      display_media: 'default',
      expand_spoilers: false,
      reduce_motion: false,
      advanced_layout: false,
      use_blurhash: true,
    },
    compose: {
      me: options.ownerId,
      default_privacy: options.defaultPrivacy,
      default_sensitive: false,
      default_language: locale,
    },
    accounts: {
      [options.ownerId]: {
        id: options.ownerId,
        username,
        acct: username,
        display_name: username,
        locked: false,
      },
    },
    languages: [
      ['en', 'English', 'English'],
      ['de', 'German', 'Deutsch'],
      ['fr', 'French', 'Français'],
    ],
    settings: {},
    push_subscription: null,
  };
  const dataProps = { locale };
  const appConfig = {
    variant: options.variant,
    sample: options.sampleStatus ?? DEFAULT_SAMPLE,
  };

  return `<!doctype html>
<html lang="${escapeHtml(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Mastodon</title>
<script id="initial-state" type="application/json">${scriptJson(initialState)}</script>
<style>${STYLE}</style>
</head>
<body class="app-body theme-default">
<div class="app-holder" id="mastodon" data-props="${escapeHtml(JSON.stringify(dataProps))}"></div>
<script id="replica-config" type="application/json">${scriptJson(appConfig)}</script>
<script>${APP_SCRIPT}</script>
</body>
</html>`;
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.4 system-ui,sans-serif;background:#f3f5f9;color:#111}
.ui{display:flex;gap:16px;padding:16px;max-width:1100px;margin:0 auto}
.drawer{width:380px;flex:none}
.columns-area{flex:1;min-width:0}
.navigation-panel{display:flex;gap:12px;margin-bottom:12px}
.navigation-panel a{color:#563acc}
.navigation-panel a.active{font-weight:700}
.column{background:#fff;border:1px solid #d9e1e8;border-radius:6px}
.column-header{padding:12px 16px;font-weight:700;border-bottom:1px solid #d9e1e8}
.compose-form{background:#fff;border:1px solid #d9e1e8;border-radius:6px;padding:12px;display:flex;flex-direction:column;gap:8px}
.compose-form__highlightable{display:flex;flex-direction:column;gap:8px}
.autosuggest-textarea__textarea{width:100%;min-height:120px;font:inherit;padding:8px;border:1px solid #c0cdd9;border-radius:4px;resize:vertical}
.spoiler-input{display:none}
.spoiler-input--visible,.compose-form__scrollable .spoiler-input{display:block}
.spoiler-input__input{width:100%;font:inherit;padding:6px 8px;border:1px solid #c0cdd9;border-radius:4px}
.compose-form__dropdowns,.compose-form__buttons,.compose-form__buttons-wrapper,.compose-form__actions{display:flex;gap:6px;align-items:center;flex-wrap:wrap}
.compose-form__buttons-wrapper,.compose-form__actions{justify-content:space-between}
.dropdown-button,.icon-button,.text-icon-button,.privacy-dropdown__value-icon{display:inline-flex;gap:4px;align-items:center;background:none;border:1px solid #c0cdd9;border-radius:4px;padding:4px 8px;font:inherit;cursor:pointer;color:inherit}
.icon-button.active,.text-icon-button.active{background:#e6e1ff}
svg.icon{width:18px;height:18px}
.button{background:#6364ff;color:#fff;border:0;border-radius:4px;padding:8px 16px;font:inherit;font-weight:600;cursor:pointer}
.button:disabled{opacity:.5;cursor:default}
.button--block{display:block;width:100%}
.button-secondary{background:none;color:#563acc;border:1px solid #563acc}
.privacy-dropdown__dropdown{position:absolute;z-index:100;background:#fff;border:1px solid #c0cdd9;border-radius:4px;box-shadow:0 4px 16px rgba(0,0,0,.2);min-width:240px}
.privacy-dropdown__dropdown ul{list-style:none;margin:0;padding:4px 0}
.privacy-dropdown__option{display:flex;gap:8px;padding:8px 12px;cursor:pointer}
.privacy-dropdown__option.active,.privacy-dropdown__option:focus{background:#e6e1ff;outline:none}
.privacy-dropdown__option__content strong{display:block}
.poll__option{display:flex;gap:6px;align-items:center;margin:4px 0}
.poll__option input{flex:1;font:inherit;padding:4px 6px}
.status{padding:12px 16px;border-bottom:1px solid #eef1f4}
.status__display-name{font-weight:700}
.status__action-bar{display:flex;gap:8px;margin-top:8px}
.modal-root{position:fixed;inset:0;z-index:50}
.modal-root__overlay{position:absolute;inset:0;background:rgba(0,0,0,.5)}
.modal-root__container{position:absolute;inset:0;display:flex;align-items:flex-start;justify-content:center;padding-top:60px;overflow:auto}
.modal-root__modal{position:relative;width:min(560px,95vw)}
.compose-modal__header{display:flex;justify-content:space-between;align-items:center;background:#fff;padding:8px 12px;border-radius:6px 6px 0 0}
.reply-indicator{border-left:3px solid #c0cdd9;padding:4px 8px;color:#444}
.notification-bar{padding:8px 12px;border-radius:4px;background:#fde7e9;color:#8b0000}
.notification-bar.success{background:#e3f6e8;color:#14532d}
.character-counter{color:#666;font-size:13px}
`;

/**
 * The page's own script, plain ES2020 in a string (no template literals inside, so it can sit in
 * this one). It plays the part of Mastodon's React app: renders the compose forms, keeps their
 * state, swaps icons and inputs the way React does, and posts through the API.
 */
const APP_SCRIPT = String.raw`
(function () {
  'use strict';
  var state = JSON.parse(document.getElementById('initial-state').textContent);
  var config = JSON.parse(document.getElementById('replica-config').textContent);
  var V42 = config.variant === '4.2';
  var TOKEN = state.meta.access_token;
  var root = document.getElementById('mastodon');
  var SVG = 'http://www.w3.org/2000/svg';

  var VISIBILITY = [
    { value: 'public', icon: 'globe', text: 'Public', meta: 'Anyone on and off Mastodon' },
    { value: 'unlisted', icon: 'unlock', text: 'Quiet public', meta: 'Hidden from search results, trending, and public timelines' },
    { value: 'private', icon: 'lock', text: 'Followers', meta: 'Only your followers' },
    { value: 'direct', icon: 'at', text: 'Specific people', meta: 'Only people mentioned in the post' }
  ];
  if (V42) {
    VISIBILITY[0].meta = 'Visible for all';
    VISIBILITY[1].text = 'Unlisted'; VISIBILITY[1].meta = 'Visible for all, but opted-out of discovery features';
    VISIBILITY[2].text = 'Followers only'; VISIBILITY[2].meta = 'Visible for followers only';
    VISIBILITY[3].text = 'Mentioned people only'; VISIBILITY[3].meta = 'Visible for mentioned users only';
  }
  var LANGUAGES = state.languages;

  function h(tag, attrs) {
    var el = tag.indexOf('svg:') === 0 ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
    if (attrs) for (var k in attrs) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) continue;
      if (k.indexOf('on') === 0 && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'text') el.textContent = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === null || c === undefined || c === false) continue;
      el.append(c);
    }
    return el;
  }

  // Mastodon's Icon: 4.3 renders <svg class="icon icon-ID">, 4.2 renders <i class="fa fa-ID">.
  function icon(id) {
    if (V42) return h('i', { 'class': 'fa fa-' + id + ' fa-fw', 'aria-hidden': 'true' });
    return h('svg:svg', { 'class': 'icon icon-' + id, viewBox: '0 -960 960 960', role: 'img', 'aria-hidden': 'true' },
      h('svg:circle', { cx: '480', cy: '-480', r: '360' }));
  }

  function option(value) {
    for (var i = 0; i < VISIBILITY.length; i++) if (VISIBILITY[i].value === value) return VISIBILITY[i];
    return VISIBILITY[0];
  }

  function textFromHtml(html) {
    // Status content is HTML from the server: shown as text only.
    return new DOMParser().parseFromString(html, 'text/html').body.textContent || '';
  }

  // ---------------------------------------------------------------- dropdown menu (shared)
  var openMenu = null;
  function closeMenu(returnFocus) {
    if (!openMenu) return;
    var m = openMenu; openMenu = null;
    m.el.remove();
    m.button.setAttribute('aria-expanded', 'false');
    m.button.classList.remove('active');
    document.removeEventListener('mousedown', m.outside, true);
    if (returnFocus) m.button.focus();
  }
  function showVisibilityMenu(button, current, onPick) {
    if (openMenu && openMenu.button === button) { closeMenu(true); return; }
    closeMenu(false);
    var items = VISIBILITY.map(function (o) {
      var tag = V42 ? 'div' : 'li';
      return h(tag, {
        'class': 'privacy-dropdown__option' + (o.value === current ? ' active' : ''),
        role: 'option', tabindex: '0', 'data-index': o.value, 'aria-selected': o.value === current ? 'true' : 'false',
        onclick: function () { closeMenu(true); onPick(o.value); }
      },
        h('div', { 'class': 'privacy-dropdown__option__icon' }, icon(o.icon)),
        h('div', { 'class': 'privacy-dropdown__option__content' }, h('strong', { text: o.text }), o.meta));
    });
    var list = V42 ? h('div', { role: 'listbox', id: 'privacy-dropdown-menu' }) : h('ul', { role: 'listbox', id: 'privacy-dropdown-menu' });
    items.forEach(function (i) { list.append(i); });
    var el = h('div', { 'class': 'privacy-dropdown__dropdown bottom' }, list);
    el.addEventListener('keydown', function (e) {
      var idx = items.indexOf(document.activeElement);
      if (e.key === 'ArrowDown') { e.preventDefault(); items[(idx + 1) % items.length].focus(); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); items[(idx - 1 + items.length) % items.length].focus(); }
      else if (e.key === 'Home') { e.preventDefault(); items[0].focus(); }
      else if (e.key === 'End') { e.preventDefault(); items[items.length - 1].focus(); }
      else if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); if (idx >= 0) items[idx].click(); }
      else if (e.key === 'Escape') { e.preventDefault(); closeMenu(true); }
      else if (e.key === 'Tab') { closeMenu(false); }
    });
    var r = button.getBoundingClientRect();
    el.style.left = (r.left + window.scrollX) + 'px';
    el.style.top = (r.bottom + window.scrollY + 4) + 'px';
    document.body.append(el);
    button.setAttribute('aria-expanded', 'true');
    button.classList.add('active');
    var outside = function (e) { if (!el.contains(e.target) && !button.contains(e.target)) closeMenu(false); };
    document.addEventListener('mousedown', outside, true);
    openMenu = { el: el, button: button, outside: outside };
    var active = items.filter(function (i) { return i.classList.contains('active'); })[0] || items[0];
    active.focus();
  }

  // ---------------------------------------------------------------- compose form
  function ComposeForm(opts) {
    var s = {
      text: opts.text || '', privacy: opts.privacy || state.compose.default_privacy,
      spoiler: false, spoilerText: '', poll: null, language: state.compose.default_language || 'en',
      inReplyTo: opts.inReplyTo || null, submitting: false
    };
    var self = this;
    var placeholder = V42 ? "What's on your mind?" : "What's on your mind?";

    var textarea = h('textarea', { 'class': 'autosuggest-textarea__textarea', placeholder: placeholder, 'aria-autocomplete': 'list', 'aria-label': V42 ? null : placeholder });
    textarea.value = s.text;
    textarea.addEventListener('input', function () { s.text = textarea.value; updateCounter(); });
    textarea.addEventListener('keydown', function (e) { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); submit(); } });
    var textWrapper = h('div', { 'class': 'autosuggest-textarea' },
      h('label', null, h('span', { style: 'display:none', text: placeholder }), textarea));

    // CW: 4.2 keeps the input mounted (disabled when off); 4.3 mounts it only when on.
    var spoilerInput = null, spoilerWrapper = null;
    function makeSpoilerInput() {
      var input = h('input', { type: 'text', id: 'cw-spoiler-input', 'class': 'spoiler-input__input', placeholder: 'Content warning (optional)', spellcheck: 'true' });
      input.value = s.spoilerText;
      input.addEventListener('input', function () { s.spoilerText = input.value; updateCounter(); });
      return input;
    }
    if (V42) {
      spoilerInput = makeSpoilerInput();
      spoilerInput.disabled = true;
      spoilerWrapper = h('div', { 'class': 'spoiler-input', 'aria-hidden': 'true' },
        h('div', { 'class': 'autosuggest-input' }, h('label', null, h('span', { style: 'display:none', text: 'Write your warning here' }), spoilerInput)));
    }

    var spoilerButton = V42
      ? h('button', { type: 'button', 'class': 'text-icon-button', title: 'Add content warning', 'aria-label': 'Add content warning', 'aria-expanded': 'false', 'aria-controls': 'cw-spoiler-input', text: 'CW' })
      : h('button', { type: 'button', 'class': 'icon-button', title: 'Add content warning', 'aria-label': 'Add content warning', 'aria-expanded': 'false', 'aria-controls': 'cw-spoiler-input' }, icon('warning'));
    spoilerButton.addEventListener('click', function () { setSpoiler(!s.spoiler); });

    var pollButton = h('button', { type: 'button', 'class': 'icon-button', title: 'Add a poll', 'aria-label': 'Add a poll', 'aria-pressed': 'false' }, icon(V42 ? 'tasks' : 'bar-chart-4-bars'));
    pollButton.addEventListener('click', function () { setPoll(s.poll ? null : { options: ['', ''], expires_in: 86400, multiple: false }); });
    var uploadButton = h('button', { type: 'button', 'class': 'icon-button', title: 'Add images, a video or an audio file', 'aria-label': 'Add images, a video or an audio file' }, icon('paperclip'));

    // Visibility control: 4.3 dropdown-button with svg + label; 4.2 icon-button with i.fa.
    var privacyButton, privacyLabel = null, privacyHolder;
    if (V42) {
      privacyButton = h('button', { type: 'button', 'class': 'icon-button privacy-dropdown__value-icon inverted', title: 'Adjust status privacy', 'aria-label': 'Adjust status privacy', 'aria-expanded': 'false', 'aria-controls': 'privacy-dropdown-menu' }, icon(option(s.privacy).icon));
      privacyHolder = h('div', { 'class': 'privacy-dropdown bottom' }, h('div', { 'class': 'privacy-dropdown__value' }, privacyButton));
    } else {
      privacyLabel = h('span', { 'class': 'dropdown-button__label', text: option(s.privacy).text });
      privacyButton = h('button', { type: 'button', 'class': 'dropdown-button', title: 'Change post privacy', 'aria-expanded': 'false', 'aria-controls': 'privacy-dropdown-menu' }, icon(option(s.privacy).icon), privacyLabel);
      privacyHolder = privacyButton;
    }
    privacyButton.addEventListener('click', function () { showVisibilityMenu(privacyButton, s.privacy, setPrivacy); });
    privacyButton.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' && !openMenu) { e.preventDefault(); showVisibilityMenu(privacyButton, s.privacy, setPrivacy); }
    });

    // Language: 4.3 a second dropdown-button; 4.2 also .privacy-dropdown classes, with text, not an icon.
    var languageButton, languageHolder;
    function languageName() { for (var i = 0; i < LANGUAGES.length; i++) if (LANGUAGES[i][0] === s.language) return LANGUAGES[i][2]; return s.language; }
    if (V42) {
      languageButton = h('button', { type: 'button', 'class': 'privacy-dropdown__value-icon', title: 'Change post language', 'aria-expanded': 'false', text: s.language });
      languageHolder = h('div', { 'class': 'language-dropdown' }, h('div', { 'class': 'privacy-dropdown bottom' }, languageButton));
    } else {
      languageButton = h('button', { type: 'button', 'class': 'dropdown-button', title: 'Change post language', 'aria-expanded': 'false' }, icon('translate'), h('span', { 'class': 'dropdown-button__label', text: languageName() }));
      languageHolder = languageButton;
    }
    languageButton.addEventListener('click', function () {
      var i = LANGUAGES.findIndex(function (l) { return l[0] === s.language; });
      s.language = LANGUAGES[(i + 1) % LANGUAGES.length][0];
      if (V42) languageButton.textContent = s.language;
      else languageButton.querySelector('.dropdown-button__label').textContent = languageName();
    });

    var counter = h('span', { 'class': 'character-counter' });
    function updateCounter() {
      var n = 500 - Array.from((s.spoiler ? s.spoilerText : '') + s.text).length;
      counter.textContent = String(n);
      counter.classList.toggle('character-counter--over', n < 0);
      submitButton.disabled = s.submitting || n < 0 || ((s.spoiler ? s.spoilerText : '') + s.text).trim() === '';
    }

    var submitButton = h('button', { type: 'submit', 'class': V42 ? 'button button--block' : 'button' });
    function updateSubmitText() {
      submitButton.replaceChildren();
      if (V42) {
        // 4.2: "Publish!" for public, "Publish" for unlisted, lock icon + "Publish" for private/direct.
        if (s.privacy === 'private' || s.privacy === 'direct') submitButton.append(icon('lock'), ' Publish');
        else submitButton.append(s.privacy === 'unlisted' ? 'Publish' : 'Publish!');
      } else {
        submitButton.append(s.inReplyTo ? 'Reply' : 'Post');
      }
    }

    var pollHolder = V42 ? h('div', { 'class': 'compose-form__modifiers' }) : h('div', { 'class': 'compose-form__poll-holder' });
    var notice = h('div', { 'class': 'compose-form__notice', role: 'alert' });

    var form = h('form', { 'class': 'compose-form' });
    form.addEventListener('submit', function (e) { e.preventDefault(); submit(); });
    var replyIndicator = opts.replyTo ? h('div', { 'class': 'reply-indicator' },
      h('div', { 'class': 'reply-indicator__header' }, h('strong', { text: opts.replyTo.displayName }), ' @' + opts.replyTo.acct),
      h('div', { 'class': 'reply-indicator__content', text: opts.replyTo.text })) : null;

    var scrollable = null;
    if (V42) {
      form.append(
        replyIndicator || '',
        spoilerWrapper,
        h('div', { 'class': 'compose-form__highlightable' },
          h('div', { 'class': 'compose-form__autosuggest-wrapper' }, textWrapper, pollHolder),
          h('div', { 'class': 'compose-form__buttons-wrapper' },
            h('div', { 'class': 'compose-form__buttons' }, uploadButton, pollButton, privacyHolder, spoilerButton, languageHolder),
            h('div', { 'class': 'character-counter__wrapper' }, counter))),
        h('div', { 'class': 'compose-form__publish' },
          h('div', { 'class': 'compose-form__publish-button-wrapper' }, submitButton)),
        notice);
    } else {
      scrollable = h('div', { 'class': 'compose-form__scrollable' }, textWrapper);
      form.append(
        replyIndicator || '',
        h('div', { 'class': 'compose-form__highlightable' },
          scrollable,
          pollHolder,
          h('div', { 'class': 'compose-form__footer' },
            h('div', { 'class': 'compose-form__dropdowns' }, privacyHolder, languageHolder),
            h('div', { 'class': 'compose-form__actions' },
              h('div', { 'class': 'compose-form__buttons' }, uploadButton, pollButton, spoilerButton, counter),
              h('div', { 'class': 'compose-form__submit' }, submitButton)))),
        notice);
    }

    function setPrivacy(value) {
      s.privacy = value;
      var o = option(value);
      if (V42) {
        // React updates the className of the same <i>.
        privacyButton.querySelector('i.fa').className = 'fa fa-' + o.icon + ' fa-fw';
      } else {
        // A different icon component: React swaps the <svg>.
        privacyButton.querySelector('svg.icon').replaceWith(icon(o.icon));
        privacyLabel.textContent = o.text;
      }
      updateSubmitText();
    }

    function setSpoiler(on) {
      s.spoiler = on;
      spoilerButton.classList.toggle('active', on);
      spoilerButton.setAttribute('aria-expanded', on ? 'true' : 'false');
      if (V42) {
        spoilerWrapper.classList.toggle('spoiler-input--visible', on);
        spoilerWrapper.setAttribute('aria-hidden', on ? 'false' : 'true');
        spoilerInput.disabled = !on;
        if (on) spoilerInput.focus(); else textarea.focus();
      } else if (on) {
        spoilerInput = makeSpoilerInput();
        spoilerWrapper = h('div', { 'class': 'spoiler-input' }, h('div', { 'class': 'spoiler-input__border' }),
          h('div', { 'class': 'autosuggest-input' }, h('label', null, h('span', { style: 'display:none', text: 'Content warning (optional)' }), spoilerInput)),
          h('div', { 'class': 'spoiler-input__border' }));
        scrollable.insertBefore(spoilerWrapper, textWrapper);
        spoilerInput.focus();
      } else {
        if (spoilerWrapper) spoilerWrapper.remove();
        spoilerWrapper = null; spoilerInput = null;
        textarea.focus();
      }
      updateCounter();
    }

    function setPoll(poll) {
      s.poll = poll;
      pollButton.classList.toggle('active', !!poll);
      pollButton.setAttribute('aria-pressed', poll ? 'true' : 'false');
      pollHolder.replaceChildren();
      if (!poll) return;
      var optionEls = poll.options.map(function (title, i) {
        var input = h('input', { type: 'text', placeholder: 'Option ' + (i + 1), maxlength: '50', spellcheck: 'true' });
        input.value = title;
        input.addEventListener('input', function () { poll.options[i] = input.value; });
        var label = h('label', { 'class': 'poll__option editable' }, h('span', { 'class': 'poll__input' }),
          h('div', { 'class': 'autosuggest-input' }, h('label', null, h('span', { style: 'display:none', text: 'Option ' + (i + 1) }), input)));
        return V42 ? h('li', null, label) : label;
      });
      var add = h('button', { type: 'button', 'class': 'button button-secondary', text: 'Add a choice', disabled: poll.options.length >= 4 });
      add.addEventListener('click', function () { poll.options.push(''); setPoll(poll); pollHolder.querySelectorAll('.poll__option input')[poll.options.length - 1].focus(); });
      if (V42) {
        var ul = h('ul'); optionEls.forEach(function (o) { ul.append(o); });
        pollHolder.append(h('div', { 'class': 'compose-form__poll-wrapper' }, ul, h('div', { 'class': 'poll__footer' }, add)));
      } else {
        var wrap = h('div', { 'class': 'compose-form__poll' });
        optionEls.forEach(function (o) { wrap.append(o); });
        wrap.append(h('div', { 'class': 'compose-form__poll__footer' }, add));
        pollHolder.append(wrap);
      }
    }

    function reset() {
      s.text = ''; textarea.value = '';
      s.spoilerText = '';
      if (spoilerInput) spoilerInput.value = '';
      if (s.spoiler) setSpoiler(false);
      setPoll(null);
      setPrivacy(state.compose.default_privacy);
    }

    function submit() {
      updateCounter();
      if (submitButton.disabled) return;
      s.submitting = true; updateCounter();
      notice.replaceChildren();
      var body = { status: s.text, visibility: s.privacy, language: s.language };
      if (s.spoiler && s.spoilerText) body.spoiler_text = s.spoilerText;
      if (s.poll) body.poll = { options: s.poll.options.filter(function (o) { return o.trim() !== ''; }), expires_in: s.poll.expires_in, multiple: s.poll.multiple };
      if (s.inReplyTo) body.in_reply_to_id = s.inReplyTo;
      fetch('/api/v1/statuses', {
        method: 'POST',
        headers: { 'Authorization': 'Bearer ' + TOKEN, 'Content-Type': 'application/json', 'Idempotency-Key': String(Date.now()) + Math.random() },
        body: JSON.stringify(body)
      }).then(function (res) {
        return res.json().then(function (json) { return { ok: res.ok, status: res.status, json: json }; });
      }).then(function (r) {
        s.submitting = false;
        if (!r.ok) throw new Error((r.json && r.json.error) || ('HTTP ' + r.status));
        notice.append(h('div', { 'class': 'notification-bar success', 'data-status-id': r.json.id, text: 'Posted (' + r.json.visibility + ').' }));
        addStatus(r.json, true);
        reset();
        updateCounter();
        if (opts.onPosted) opts.onPosted(r.json);
      }).catch(function (err) {
        s.submitting = false; updateCounter();
        notice.append(h('div', { 'class': 'notification-bar', text: 'Could not post: ' + err.message }));
      });
    }

    updateSubmitText();
    updateCounter();
    this.el = form;
    this.focus = function () { textarea.focus(); textarea.setSelectionRange(textarea.value.length, textarea.value.length); };
  }

  // ---------------------------------------------------------------- timeline and reply modal
  var timeline = null;
  var lastFocus = null;
  var modal = null;

  function closeModal() {
    if (!modal) return;
    modal.remove(); modal = null;
    document.removeEventListener('keydown', modalKeys, true);
    if (lastFocus) lastFocus.focus();
  }
  function modalKeys(e) { if (e.key === 'Escape' && !openMenu) { e.preventDefault(); closeModal(); } }

  function openReply(status, button) {
    closeModal();
    lastFocus = button;
    var stricter = { 'public': 0, unlisted: 1, 'private': 2, direct: 3 };
    var privacy = state.compose.default_privacy;
    if (stricter[status.visibility] > stricter[privacy]) privacy = status.visibility;
    var compose = new ComposeForm({
      text: '@' + status.acct + ' ', privacy: privacy, inReplyTo: status.id,
      replyTo: status, onPosted: function () { closeModal(); }
    });
    var close = h('button', { type: 'button', 'class': 'icon-button', 'aria-label': 'Close', title: 'Close' }, icon('times'));
    close.addEventListener('click', closeModal);
    modal = h('div', { 'class': 'modal-root' },
      h('div', { 'class': 'modal-root__overlay' }),
      h('div', { 'class': 'modal-root__container' },
        h('div', { 'class': 'modal-root__modal compose-modal', role: 'dialog', 'aria-modal': 'true', 'aria-label': 'Reply' },
          h('div', { 'class': 'compose-modal__header' }, h('strong', { text: 'Reply to ' + status.displayName }), close),
          compose.el)));
    modal.querySelector('.modal-root__overlay').addEventListener('click', closeModal);
    document.addEventListener('keydown', modalKeys, true);
    root.append(modal);
    compose.focus();
  }

  function addStatus(status, prepend) {
    if (!timeline) return;
    var view = {
      id: status.id || null,
      acct: status.account ? status.account.acct : status.acct,
      displayName: status.account ? (status.account.display_name || status.account.username) : status.displayName,
      text: status.content !== undefined ? textFromHtml(status.content) : status.text,
      visibility: status.visibility || 'public'
    };
    var reply = h('button', { type: 'button', 'class': 'status__action-bar__button icon-button', title: 'Reply', 'aria-label': 'Reply' }, icon('reply'), 'Reply');
    reply.addEventListener('click', function () { openReply(view, reply); });
    var article = h('article', { 'class': 'status', 'data-id': view.id || '' },
      h('div', { 'class': 'status__info' }, h('span', { 'class': 'status__display-name', text: view.displayName }), ' @' + view.acct),
      h('div', { 'class': 'status__content', text: view.text }),
      h('div', { 'class': 'status__action-bar' }, reply));
    if (prepend) timeline.prepend(article); else timeline.append(article);
  }

  function renderHome(main) {
    var compose = new ComposeForm({});
    var drawer = h('div', { 'class': 'drawer' }, h('div', { 'class': 'drawer__inner' }, compose.el));
    timeline = h('div', { 'class': 'item-list', role: 'feed' });
    var column = h('div', { 'class': 'column' }, h('h1', { 'class': 'column-header', text: 'Home' }), timeline);
    main.append(drawer, h('div', { 'class': 'columns-area' }, column));
    fetch('/api/v1/timelines/home?limit=5', { headers: { 'Authorization': 'Bearer ' + TOKEN } })
      .then(function (res) { return res.ok ? res.json() : []; })
      .catch(function () { return []; })
      .then(function (list) {
        var items = Array.isArray(list) ? list.filter(function (st) { return st && st.account && typeof st.content === 'string'; }) : [];
        if (items.length === 0) addStatus(config.sample, false);
        else items.forEach(function (st) { addStatus(st, false); });
        root.setAttribute('data-replica-ready', 'true');
      });
  }

  function renderExplore(main) {
    timeline = null;
    main.append(h('div', { 'class': 'columns-area' },
      h('div', { 'class': 'column' }, h('h1', { 'class': 'column-header', text: 'Explore' }), h('p', { style: 'padding:12px 16px', text: 'Nothing trending right now.' }))));
    root.setAttribute('data-replica-ready', 'true');
  }

  var main = null;
  function route() {
    closeMenu(false); closeModal();
    root.removeAttribute('data-replica-ready');
    if (main) main.remove();
    main = h('div', { 'class': 'ui' });
    var path = location.pathname;
    nav.querySelectorAll('a').forEach(function (a) {
      var active = a.getAttribute('href') === path || (path === '/' && a.getAttribute('href') === '/home');
      a.classList.toggle('active', active);
      if (active) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    });
    if (path === '/explore') renderExplore(main); else renderHome(main);
    root.append(main);
  }

  var nav = h('nav', { 'class': 'navigation-panel', 'aria-label': 'Navigation' },
    h('a', { href: '/home', text: 'Home' }), h('a', { href: '/explore', text: 'Explore' }));
  nav.addEventListener('click', function (e) {
    var a = e.target.closest('a');
    if (!a) return;
    e.preventDefault();
    // Keep ?variant= so that the page stays the same UI while navigating.
    history.pushState(null, '', a.getAttribute('href') + location.search);
    route();
  });
  window.addEventListener('popstate', route);
  root.append(h('div', { style: 'max-width:1100px;margin:0 auto;padding:16px 16px 0' }, nav));
  route();
})();
`;
