import { useInput } from 'ink';
import { useRef } from 'react';
import { keyToAction, splitChunk } from '../state/key-map';
import type { WizardAction, WizardState } from '../state/wizard-state';

/**
 * Keys → actions (the mapping itself is the pure `keyToAction`, read against the latest state).
 * What arrives in one read (a paste, a burst of backspaces, tmux send-keys) is split into presses
 * first (`splitChunk`), so none is dropped.
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
