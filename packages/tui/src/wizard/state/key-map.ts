import { choicesFor, textPromptFor } from './choices';
import type { WizardAction, WizardState } from './wizard-state';

/** The keys the wizard reads (a subset of Ink's `Key`, so this stays free of Ink). */
export interface KeyPress {
  upArrow?: boolean;
  downArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  meta?: boolean;
  backspace?: boolean;
  delete?: boolean;
  tab?: boolean;
}

/**
 * Maps a key press to the action it means on the current screen (pure, tested without Ink).
 * `pageSize` is how many preview lines fit on screen, `scrollMax` the last scroll offset.
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

  if (state.screen === 'confirm' || state.screen === 'question') {
    if (input === 'y' || input === 'Y') return state.screen === 'confirm' ? { type: 'confirm', yes: true } : { type: 'question-answered', answer: true };
    if (input === 'n' || input === 'N') return state.screen === 'confirm' ? { type: 'confirm', yes: false } : { type: 'question-answered', answer: false };
  }

  const choices = choicesFor(state);
  const text = textPromptFor(state);
  if (key.upArrow) return choices.length ? { type: 'move-cursor', delta: -1, size: choices.length } : undefined;
  if (key.downArrow) return choices.length ? { type: 'move-cursor', delta: 1, size: choices.length } : undefined;
  if (key.return) {
    if (choices.length) return choices[Math.min(state.cursor, choices.length - 1)]!.action;
    return text?.submit(state.input);
  }
  if (!text) return undefined;
  if (key.backspace || key.delete) return { type: 'erase' };
  if (input && !key.ctrl && !key.meta && !key.tab && printable(input)) return { type: 'type-text', text: input };
  return undefined;
}

function printable(input: string): boolean {
  return [...input].every((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f);
}
