import { useCallback, useEffect, useRef, useState } from 'react';
import type { EffectRunner } from '../effects/effect-runner';
import { runnerCommands } from '../state/runner-commands';
import { wizardReducer } from '../state/wizard-reducer';
import { initialState } from '../state/wizard-state';
import type { WizardAction, WizardState } from '../state/wizard-state';
import type { WizardOptions } from '../wizard-options';

/**
 * The wizard's state (the pure state machine) wired to the effects runner: whenever the state asks
 * for AWS work (`pending`), the runner performs it and dispatches the result; an answer given on a
 * screen is handed to the session waiting on it (`runnerCommands`).
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
      const next = wizardReducer(before, action);
      if (next === before) return;
      ref.current = next;
      for (const command of runnerCommands(before, next)) {
        if (command.kind === 'answer') runner.answer(command.value);
        else runner.abort();
      }
      setState(next);
    },
    [runner],
  );
  const latest = useCallback(() => ref.current!, []);

  const pendingId = state.pending?.id;
  useEffect(() => {
    const pending = ref.current?.pending;
    if (!pending || pending.id !== pendingId) return;
    void runner.run(pending, dispatch);
  }, [pendingId, runner, dispatch]);

  return { state, dispatch, latest };
}
