/**
 * Runs the compose warnings on a page: watches for compose boxes, analyses each one shortly after
 * the person types or changes visibility, and draws the result in a panel under the box.
 * Everything happens in the page's tab; nothing read here is sent anywhere.
 */
import { createComposeAnalyzer, warmUpSteps } from './analyzer';
import type { ComposeContext } from './context';
import { readComposeInput, watchComposeForms, TEXTAREA_SELECTOR } from './dom';
import { watchQuotePolicy } from './quote';
import type { QuotePolicy } from './types';
import { createWarningPanel, type WarningPanel } from './panel';

export interface LiveOptions {
  /** Quiet time after the last keystroke before analysing. */
  debounceMs?: number;
  /** While typing without pause, analyse at least this often. */
  maxWaitMs?: number;
  /** Keeps this many recent analysis durations (ms) for `stats()`. */
  keepTimings?: number;
}

export interface LiveComposeWarnings {
  /** Recent analysis durations in milliseconds, oldest first (for the benchmark). */
  timings(): readonly number[];
  stop(): void;
}

interface FormState {
  panel: WarningPanel;
  timer: ReturnType<typeof setTimeout> | undefined;
  pendingSince: number | undefined;
  /** Whether the box held anything at the last analysis (emptied after it: posted or cleared). */
  filled: boolean;
}

export function startComposeWarnings(
  root: Element,
  context: ComposeContext,
  options: LiveOptions = {},
): LiveComposeWarnings {
  const debounceMs = options.debounceMs ?? 150;
  const maxWaitMs = options.maxWaitMs ?? 600;
  const keepTimings = options.keepTimings ?? 2000;
  const analyzer = createComposeAnalyzer(context);
  const states = new Map<HTMLFormElement, FormState>();
  const timings: number[] = [];
  // The quote policy chosen in the visibility modal for the post being written; until then, and
  // again after posting, the account's default.
  let chosenQuotePolicy: QuotePolicy | null = null;

  const run = (form: HTMLFormElement, state: FormState) => {
    state.timer = undefined;
    state.pendingSince = undefined;
    if (!form.isConnected) return;
    const started = performance.now();
    const input = readComposeInput(form, chosenQuotePolicy ?? context.defaultQuotePolicy ?? null);
    const empty =
      input.text.trim() === '' &&
      input.spoiler.trim() === '' &&
      input.pollOptions.every((o) => o.trim() === '');
    // Mastodon resets the quote policy to the default with the rest of the form after posting.
    if (empty && state.filled) chosenQuotePolicy = null;
    state.filled = !empty;
    const warnings = analyzer.analyze(input);
    state.panel.update(warnings, { reset: empty });
    timings.push(performance.now() - started);
    if (timings.length > keepTimings) timings.splice(0, timings.length - keepTimings);
  };

  // Trailing debounce with a ceiling: quiet typing gets one analysis per pause, steady typing
  // (no pause longer than debounceMs) still sees warnings within maxWaitMs.
  const schedule = (form: HTMLFormElement) => {
    const state = states.get(form);
    if (!state) return;
    const now = performance.now();
    state.pendingSince ??= now;
    if (state.timer !== undefined) clearTimeout(state.timer);
    const wait = Math.max(0, Math.min(debounceMs, state.pendingSince + maxWaitMs - now));
    state.timer = setTimeout(() => run(form, state), wait);
  };

  // Compile the detectors in idle time, one kind per task, before the first keystroke needs them.
  const idle = (fn: () => void) =>
    typeof requestIdleCallback === 'function'
      ? requestIdleCallback(fn, { timeout: 2000 })
      : setTimeout(fn, 50);
  const steps = warmUpSteps();
  let stopped = false;
  const nextStep = () => {
    const step = steps.shift();
    if (!step || stopped) return;
    step();
    idle(nextStep);
  };
  idle(nextStep);

  const stopWatching = watchComposeForms(root, {
    added(form) {
      const panel = createWarningPanel(form, () =>
        form.querySelector<HTMLTextAreaElement>(TEXTAREA_SELECTOR)?.focus(),
      );
      const state: FormState = { panel, timer: undefined, pendingSince: undefined, filled: false };
      states.set(form, state);
      // A form can arrive filled (a draft kept across navigation, a /share link's text).
      run(form, state);
    },
    changed: schedule,
    removed(form) {
      const state = states.get(form);
      if (!state) return;
      if (state.timer !== undefined) clearTimeout(state.timer);
      state.panel.destroy();
      states.delete(form);
    },
  });

  const stopQuotes = watchQuotePolicy(root.ownerDocument, (policy) => {
    chosenQuotePolicy = policy;
    for (const form of states.keys()) schedule(form);
  });

  return {
    timings: () => timings.slice(),
    stop: () => {
      stopped = true;
      stopQuotes();
      stopWatching();
    },
  };
}
