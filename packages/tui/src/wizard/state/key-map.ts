import { choicesFor, textPromptFor } from './choices';
import type { WizardAction, WizardState } from './wizard-state';

/** The keys the wizard reads (a subset of Ink's `Key`, so this stays free of Ink). */
export interface KeyPress {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  meta?: boolean;
  backspace?: boolean;
  delete?: boolean;
  tab?: boolean;
}

/** Screens whose lines scroll (PgUp/PgDn/space) above their choices. */
const SCROLLING = new Set(['summary', 'shares', 'doctor', 'snippets', 'confirm', 'error']);

/**
 * Maps a key press to the action it means on the current screen (pure, tested without Ink).
 * `pageSize` is how many report lines fit on screen, `scrollMax` the last scroll offset.
 */
export function keyToAction(state: WizardState, input: string, key: KeyPress, view: { pageSize: number; scrollMax: number }): WizardAction | undefined {
  if (key.ctrl && input === 'c') return { type: 'interrupt' };
  if (state.exitCode !== undefined) return undefined;
  if (key.escape) return { type: 'back' };

  if (state.screen === 'preview') {
    if (key.return) return { type: 'preview-continue' };
    const step = key.upArrow || input === 'k' ? -1 : key.downArrow || input === 'j' ? 1 : key.pageUp ? -view.pageSize : key.pageDown || input === ' ' ? view.pageSize : 0;
    return step === 0 ? undefined : { type: 'scroll', delta: step, max: view.scrollMax };
  }
  if (state.screen === 'snippets') {
    if (key.rightArrow || key.return || input === 'n') return { type: 'snippet-page', delta: 1 };
    if (key.leftArrow || input === 'p') return { type: 'snippet-page', delta: -1 };
  }
  if (SCROLLING.has(state.screen)) {
    const page = key.pageUp ? -view.pageSize : key.pageDown || input === ' ' ? view.pageSize : 0;
    if (page !== 0) return { type: 'scroll', delta: page, max: view.scrollMax };
    if (state.screen === 'snippets' && (key.upArrow || key.downArrow)) return { type: 'scroll', delta: key.upArrow ? -1 : 1, max: view.scrollMax };
  }
  const choices = choicesFor(state);
  if (state.screen === 'confirm' || state.screen === 'question') {
    // Only once the session asks: a y typed before its question arrives answers nothing.
    if (choices.length === 0) return undefined;
    if (input === 'y' || input === 'Y') return choices[0]!.action;
    if (input === 'n' || input === 'N') return choices[1]!.action;
  }

  const text = textPromptFor(state);
  if (key.upArrow) return choices.length ? { type: 'move-cursor', delta: -1, size: choices.length } : undefined;
  if (key.downArrow) return choices.length ? { type: 'move-cursor', delta: 1, size: choices.length } : undefined;
  if (key.return) {
    if (choices.length) return choices[Math.min(state.cursor, choices.length - 1)]!.action;
    return text?.submit(state.input);
  }
  if (!text) return undefined;
  return textKey(input, key);
}

/** Keys of a one-line text field: editing, the cursor, Ctrl+U / Ctrl+W / Ctrl+K, Ctrl+A / Ctrl+E. */
function textKey(input: string, key: KeyPress): WizardAction | undefined {
  if (key.backspace || key.delete) return { type: 'edit', edit: { kind: 'backspace' } };
  if (key.leftArrow) return { type: 'edit', edit: { kind: 'move', to: 'left' } };
  if (key.rightArrow) return { type: 'edit', edit: { kind: 'move', to: 'right' } };
  if (key.home) return { type: 'edit', edit: { kind: 'move', to: 'home' } };
  if (key.end) return { type: 'edit', edit: { kind: 'move', to: 'end' } };
  if (key.ctrl) {
    switch (input) {
      case 'u':
        return { type: 'edit', edit: { kind: 'clear' } };
      case 'w':
        return { type: 'edit', edit: { kind: 'delete-word' } };
      case 'k':
        return { type: 'edit', edit: { kind: 'kill-to-end' } };
      case 'a':
        return { type: 'edit', edit: { kind: 'move', to: 'home' } };
      case 'e':
        return { type: 'edit', edit: { kind: 'move', to: 'end' } };
      case 'h':
        return { type: 'edit', edit: { kind: 'backspace' } };
      default:
        return undefined;
    }
  }
  if (input && !key.meta && !key.tab && printable(input)) return { type: 'edit', edit: { kind: 'insert', text: input } };
  return undefined;
}

function printable(input: string): boolean {
  return [...input].every((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f);
}

/**
 * Splits what the terminal delivered in one read into key presses. A paste, a fast typist or a burst
 * of backspaces arrives as one chunk ("ab\x7f\x7fcd\x15"), which Ink hands over as raw text: each
 * control byte becomes its own press, runs of text stay together, Enter submits after the text.
 */
export function splitChunk(input: string, key: KeyPress): Array<[string, KeyPress]> {
  if (input.length <= 1 || key.ctrl || key.meta || key.escape) return [[input, key]];
  const out: Array<[string, KeyPress]> = [];
  let text = '';
  const flush = () => {
    if (text) out.push([text, {}]);
    text = '';
  };
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    const code = ch.charCodeAt(0);
    if (code >= 0x20 && code !== 0x7f) {
      text += ch;
      continue;
    }
    flush();
    if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && input[i + 1] === '\n') i++;
      out.push(['', { return: true }]);
    } else if (ch === '\x7f' || ch === '\b') out.push(['', { backspace: true }]);
    else if (ch === '\t') out.push(['', { tab: true }]);
    else if (code >= 1 && code <= 26) out.push([String.fromCharCode(code + 96), { ctrl: true }]);
  }
  flush();
  return out;
}
