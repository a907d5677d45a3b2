import { useInput } from 'ink';
import { useRef } from 'react';
import { keyToAction } from '../state/key-map';
import type { KeyPress } from '../state/key-map';
import type { WizardAction, WizardState } from '../state/wizard-state';

/**
 * Keys → actions (the mapping itself is the pure `keyToAction`, read against the latest state).
 * A chunk of typed text that ends in Enter (a paste, a fast typist, tmux send-keys) arrives as one
 * input: it is split so the text is typed first and Enter then submits it.
 */
export function useWizardKeys(latest: () => WizardState, dispatch: (action: WizardAction) => void, view: { pageSize: number; scrollMax: number }): void {
  const viewRef = useRef(view);
  viewRef.current = view;
  useInput((input, key) => {
    for (const [part, press] of splitChunk(input, key)) {
      const action = keyToAction(latest(), part, press, viewRef.current);
      if (action) dispatch(action);
    }
  });
}

export function splitChunk(input: string, key: KeyPress): Array<[string, KeyPress]> {
  if (input.length <= 1 || !/[\r\n]/.test(input) || key.ctrl || key.meta) return [[input, key]];
  const out: Array<[string, KeyPress]> = [];
  for (const part of input.split(/(\r\n|\r|\n)/)) {
    if (part === '') continue;
    out.push(/^[\r\n]+$/.test(part) ? ['', { return: true }] : [part, {}]);
  }
  return out;
}
