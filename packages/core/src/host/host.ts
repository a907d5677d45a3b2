import type { ErrorInfo } from '../errors/wizard-error';
import type { ManifestPlan } from '../manifest/manifest-plan';
import type { Change, ChangeAction, ChangeKind, Plan } from '../plan/plan-types';

/**
 * The core never prints and never prompts. A session reports what happens and asks its questions
 * through a Host that each front end implements (the CLI, the Ink wizard, plain prompts, VS Code).
 * Questions and events are typed registries: a code, a payload and (for questions) the answer type
 * and a default answer for runs where nobody can be asked (CI, `--yes` answers yes to approvals).
 * Model: the CDK toolkit's IoHost (`notify`, `requestResponse`).
 */

/** One write the session will make, as the approval shows it. */
export interface PlannedWrite {
  kind: ChangeKind;
  /** ARN of what is written (secret, key, managed policy, role/user for an inline policy). */
  target: string;
  account: string;
  /** Whose account it is for this share. */
  side: 'owner' | 'consumer';
  action: ChangeAction;
  broadensAccess: boolean;
  /** "secret resource policy of arn:…", for one-line lists. */
  label: string;
}

/** The writes of an approval, grouped by account. */
export interface AccountWrites {
  account: string;
  side: 'owner' | 'consumer';
  /** The profile the writes use, when one was named. */
  profile?: string;
  writes: PlannedWrite[];
}

export interface ApprovalPayload {
  operation: 'share' | 'revoke' | 'restore';
  /** The plans under review (one for a share or revoke, several for a manifest). */
  plans: Plan[];
  writes: PlannedWrite[];
  accounts: AccountWrites[];
  /** True when any write grants something that was not granted before. */
  broadensAccess: boolean;
  /** The backup folder (restore). */
  backup?: string;
  /** Other writes, in words (the share record tag). */
  notes?: string[];
  /** The changes under review when no plan carries them (restore): each document before and after. */
  changes?: Change[];
}

/** Every question a session asks: the payload it carries and the type of the answer. */
export interface QuestionRegistry {
  /** Review everything, then approve once: the writes, per account. Default: no. */
  'approve-writes': { payload: ApprovalPayload; answer: boolean };
  /** Credentials for an account the session must write or read in: a profile name, or null for none. */
  credentials: { payload: { account: string; side: 'owner' | 'consumer'; reason: string }; answer: string | null };
  /** The managed policy holds 5 versions (IAM's limit): delete the oldest non-default one (saved in the backup)? */
  'delete-policy-version': { payload: { policyArn: string; versionId: string }; answer: boolean };
}

export type QuestionCode = keyof QuestionRegistry;
export type AnswerOf<C extends QuestionCode> = QuestionRegistry[C]['answer'];

export interface Question<C extends QuestionCode = QuestionCode> {
  code: C;
  /** The question in plain words, for hosts that only print it. */
  message: string;
  payload: QuestionRegistry[C]['payload'];
  /** The answer used when nobody can be asked. */
  defaultAnswer: AnswerOf<C>;
}

export type StepStatus = 'start' | 'done' | 'failed' | 'rolled-back' | 'skipped';

/** Everything a session reports, by code. */
export type ProgressEvent =
  | { type: 'info'; message: string }
  | { type: 'warning'; message: string }
  /** The plan is ready: hosts render it (the review). */
  | { type: 'plan'; plan: Plan }
  /** A manifest's plan is ready (`plan -f`, `apply -f`, `share-many`): every share, every document once. */
  | { type: 'manifest-plan'; plan: ManifestPlan }
  /** A stage of the session starts: hosts show a spinner with the message. */
  | { type: 'stage'; stage: SessionStage; message: string }
  /** A step of apply/revoke/restore: one per write. */
  | { type: 'step'; id: string; status: StepStatus; message: string }
  /** A retry the user should know about (IAM eventual consistency, another writer). */
  | { type: 'retry'; id: string; attempt: number; delayMs: number; message: string }
  /** The session stopped with an error (also in its outcome). */
  | { type: 'error'; error: ErrorInfo };

export type SessionStage = 'read' | 'plan' | 'preflight' | 'apply' | 'converge' | 'verify' | 'record';

export interface Host {
  notify(event: ProgressEvent): void;
  ask<C extends QuestionCode>(question: Question<C>): Promise<AnswerOf<C>>;
}

/** A host for non-interactive runs: collects events, answers every question with its default. */
export function silentHost(events: ProgressEvent[] = []): Host & { events: ProgressEvent[] } {
  return {
    events,
    notify: (event) => void events.push(event),
    ask: async (question) => question.defaultAnswer,
  };
}

/**
 * A host that answers from a table (tests, scripts, `--yes`): an answer given for a code wins; any
 * other question gets its default. `asked` records every question in order.
 */
export function scriptedHost(answers: { [C in QuestionCode]?: AnswerOf<C> | ((question: Question<C>) => AnswerOf<C> | Promise<AnswerOf<C>>) }, events: ProgressEvent[] = []): Host & { events: ProgressEvent[]; asked: Question[] } {
  const asked: Question[] = [];
  return {
    events,
    asked,
    notify: (event) => void events.push(event),
    async ask(question) {
      asked.push(question as Question);
      const answer = answers[question.code] as AnswerOf<typeof question.code> | ((q: typeof question) => unknown) | undefined;
      if (answer === undefined) return question.defaultAnswer;
      return (typeof answer === 'function' ? await answer(question) : answer) as AnswerOf<typeof question.code>;
    },
  };
}
