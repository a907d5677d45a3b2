/**
 * The core never prints and never prompts. It reports progress and asks questions through a Host
 * that each front end implements (Ink wizard, plain prompts, CI, VS Code).
 */
export type ProgressEvent =
  | { type: 'info'; message: string }
  | { type: 'warning'; message: string }
  /** A step of apply/revoke/restore: one per write. */
  | { type: 'step'; id: string; status: 'start' | 'done' | 'failed' | 'rolled-back' | 'skipped'; message: string }
  /** A retry the user should know about (e.g. IAM eventual consistency). */
  | { type: 'retry'; id: string; attempt: number; delayMs: number; message: string };

export interface Question {
  /** Stable id, e.g. `apply.confirm` or `apply.delete-oldest-policy-version`. */
  id: string;
  message: string;
  /** The answer used when nobody can be asked (CI, --yes). */
  defaultAnswer: boolean;
}

export interface Host {
  notify(event: ProgressEvent): void;
  confirm(question: Question): Promise<boolean>;
}

/** A host for non-interactive runs: collects events, answers every question with its default. */
export function silentHost(events: ProgressEvent[] = []): Host & { events: ProgressEvent[] } {
  return {
    events,
    notify: (event) => void events.push(event),
    confirm: async (question) => question.defaultAnswer,
  };
}
