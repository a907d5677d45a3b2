import { useCallback, useEffect, useRef, useState } from 'react';
import type { EffectRunner } from '../effects/effect-runner';
import { wizardReducer } from '../state/wizard-reducer';
import { initialState } from '../state/wizard-state';
import type { WizardAction, WizardState } from '../state/wizard-state';
import type { WizardOptions } from '../wizard-options';

/**
 * The wizard's state (the pure state machine) wired to the effects runner: whenever the state asks
 * for AWS work (`pending`), the runner performs it and dispatches the result.
 *
 * The latest state lives in a ref updated synchronously by `dispatch`, so keys typed faster than
 * React re-renders (a paste, tmux send-keys) are each read against the state they follow.
 */
export function useWizard(options: WizardOptions, runner: EffectRunner, initial?: WizardState): { state: WizardState; dispatch: (action: WizardAction) => void; latest: () => WizardState } {
  const ref = useRef<WizardState | undefined>(undefined);
  ref.current ??= initial ?? wizardReducer(initialState(options), { type: 'start' });
  const [state, setState] = useState(ref.current);

  const dispatch = useCallback(
    (action: WizardAction) => {
      const before = ref.current!;
      if (action.type === 'question-answered') runner.answer(action.answer);
      if (action.type === 'interrupt' && before.pending?.effect.kind === 'apply') runner.abort();
      const next = wizardReducer(before, action);
      if (next === before) return;
      ref.current = next;
      setState(next);
    },
    [runner],
  );
  const latest = useCallback(() => ref.current!, []);

  const pendingId = state.pending?.id;
  useEffect(() => {
    const pending = ref.current?.pending;
    if (!pending || pending.id !== pendingId) return;
    void runner.run(pending.effect, dispatch);
  }, [pendingId, runner, dispatch]);

  return { state, dispatch, latest };
}
