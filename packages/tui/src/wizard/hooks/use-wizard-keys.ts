import { useInput } from 'ink';
import { useRef } from 'react';
import { keyToAction } from '../state/key-map';
import type { WizardAction, WizardState } from '../state/wizard-state';

/** Keys → actions (the mapping itself is the pure `keyToAction`, read against the latest state). */
export function useWizardKeys(latest: () => WizardState, dispatch: (action: WizardAction) => void, view: { pageSize: number; scrollMax: number }): void {
  const viewRef = useRef(view);
  viewRef.current = view;
  useInput((input, key) => {
    const action = keyToAction(latest(), input, key, viewRef.current);
    if (action) dispatch(action);
  });
}
