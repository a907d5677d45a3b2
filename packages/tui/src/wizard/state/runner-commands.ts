import type { WizardState } from './wizard-state';

/** What the effects layer must tell a running session after a state change. */
export type RunnerCommand = { kind: 'answer'; value: boolean | string | null } | { kind: 'abort' };

/**
 * Derived from two states, so the reducer stays pure: an answer given (the confirm screen, a
 * question, a profile) is handed to the session waiting on it; a session the user left before it
 * ended (Esc on the review, Ctrl+C, No) is aborted — before its writes it never starts them, during
 * them the current write finishes or is rolled back first.
 */
export function runnerCommands(before: WizardState, after: WizardState): RunnerCommand[] {
  const was = before.session;
  const now = after.session;
  const commands: RunnerCommand[] = [];
  if (was && now && now.id === was.id && now.answers > was.answers) commands.push({ kind: 'answer', value: now.lastAnswer ?? null });
  if (was && !was.outcome) {
    const left = !now || now.id !== was.id;
    const stopped = now?.id === was.id && now.cancelRequested && !was.cancelRequested;
    const exited = after.exitCode !== undefined && !now?.outcome;
    if (left || stopped || exited) commands.push({ kind: 'abort' });
  }
  return commands;
}
