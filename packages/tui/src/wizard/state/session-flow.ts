import type { ApprovalPayload, ProgressEvent, Question, SessionOutcome, VerifyOutcome } from '@secret-share-wizard/core';
import { choicesFor } from './choices';
import { forget, lastQuestion, sessionRecovery } from './recovery';
import { goTo, leave, recover } from './navigation';
import { EXIT } from './wizard-state';
import type { ApplyLine, SessionView, VerifyView, WizardState } from './wizard-state';

/**
 * The core session as screens. The session reports the plan (the preview), asks for the approval
 * (the confirm screen answers it), reports each write (the apply lines), may ask more (a policy
 * version to delete, a profile for the consumer account), and ends with an outcome (the summary, or
 * the error screen). Events of a session the user left (Esc) carry an old id and are dropped.
 */
export function sessionEvent(state: WizardState, id: number, event: ProgressEvent): WizardState {
  const session = state.session;
  if (!session || session.id !== id || session.outcome) return state;
  switch (event.type) {
    case 'plan': {
      const next = { ...state, session: { ...session, plan: event.plan } };
      // Restore reviews its writes on the confirm screen; share and revoke show the plan first.
      return state.screen === 'loading' ? goTo(next, 'preview') : next;
    }
    case 'stage':
      return { ...state, session: { ...session, stage: event.message }, ...(state.screen === 'loading' ? { loadingLabel: event.message } : {}) };
    case 'step':
      return { ...state, session: { ...session, lines: stepLines(session.lines, event) } };
    case 'info':
    case 'warning':
    case 'retry':
      return { ...state, session: { ...session, notes: [...session.notes, event.message].slice(-5) } };
    default:
      return state;
  }
}

function stepLines(lines: ApplyLine[], event: Extract<ProgressEvent, { type: 'step' }>): ApplyLine[] {
  const status: ApplyLine['status'] = event.status === 'start' ? 'running' : event.status;
  return lines.some((l) => l.id === event.id) ? lines.map((l) => (l.id === event.id ? { ...l, status, message: event.message } : l)) : [...lines, { id: event.id, status, message: event.message }];
}

export function sessionAsked(state: WizardState, id: number, question: Question): WizardState {
  const session = state.session;
  if (!session || session.id !== id || session.outcome) return state;
  const next: WizardState = { ...state, session: { ...session, asked: question } };
  switch (question.code) {
    case 'approve-writes': {
      const payload = question.payload as ApprovalPayload;
      const withPayload = { ...next, session: { ...next.session!, approval: payload } };
      // The preview stays until the user continues; without a preview (restore) the confirm screen shows now.
      if (state.screen === 'confirm') return { ...withPayload, cursor: payload.broadensAccess ? 1 : 0 };
      if (state.screen === 'preview') return withPayload;
      return goTo(withPayload, 'confirm', payload.broadensAccess ? 1 : 0);
    }
    case 'delete-policy-version':
      return goTo(next, 'question', question.defaultAnswer ? 0 : 1);
    case 'credentials': {
      const profiles = state.profiles ?? [];
      const preferred = profiles.findIndex((p) => p.name === question.defaultAnswer);
      const other = profiles.findIndex((p) => p.name !== state.profile);
      return goTo(next, 'credentials', preferred >= 0 ? preferred : Math.max(0, other));
    }
  }
}

/** Answers the question the session waits on; the effects layer hands `lastAnswer` to it. */
function answered(session: SessionView, value: boolean | string | null, extra: Partial<SessionView> = {}): SessionView {
  return { ...session, asked: undefined, answers: session.answers + 1, lastAnswer: value, ...extra };
}

/** Enter on the preview: the confirm screen (it waits for the session's approval question if it is not there yet). */
export function previewContinue(state: WizardState): WizardState {
  const session = state.session;
  if (state.screen !== 'preview' || !session) return state;
  if (session.outcome) return showOutcome(state, session.outcome);
  const broadens = session.approval?.broadensAccess ?? session.plan?.changes.some((c) => c.broadensAccess) ?? false;
  return goTo(state, 'confirm', broadens ? 1 : 0);
}

/** Yes: the writes run. No (or Esc): declined, nothing written, back to the answers. */
export function confirm(state: WizardState, yes: boolean): WizardState {
  const session = state.session;
  if (state.screen !== 'confirm' || !session) return state;
  if (session.asked?.code !== 'approve-writes') {
    // The approval question is not there yet: No still goes back (the session is left); Yes waits.
    return yes ? state : declined(state);
  }
  if (!yes) return declined({ ...state, session: answered(session, false) });
  return goTo({ ...state, session: answered(session, true, { approved: true }) }, 'apply');
}

/** The user said no: nothing is written; the question before the review is asked again. */
function declined(state: WizardState): WizardState {
  const back = forget({ ...state, session: undefined }, lastQuestion(state));
  return { ...back, notice: 'Nothing was written: you chose not to apply. Change an answer (Esc goes further back), or choose again to review a new plan.' };
}

export function questionAnswered(state: WizardState, answer: boolean): WizardState {
  const session = state.session;
  if (!session || session.asked?.code !== 'delete-policy-version') return state;
  return goTo({ ...state, session: answered(session, answer) }, 'apply');
}

export function credentialsAnswered(state: WizardState, profile: string | null): WizardState {
  const session = state.session;
  if (!session || session.asked?.code !== 'credentials') return state;
  const next = { ...state, session: answered(session, profile) };
  return session.approved ? goTo(next, 'apply') : { ...goTo(next, 'loading'), loadingLabel: session.stage ?? 'Reading the share' };
}

/** Ctrl+C: during the writes the current write finishes (or is rolled back) first; before them, the wizard ends. */
export function interrupt(state: WizardState): WizardState {
  const session = state.session;
  if (session && !session.outcome && session.approved) {
    if (session.cancelRequested) return state;
    const stopped = session.asked ? answered(session, session.asked.defaultAnswer as boolean | string | null) : session;
    return { ...state, session: { ...stopped, cancelRequested: true }, screen: 'apply' };
  }
  const idle = ['summary', 'shares', 'doctor', 'snippets'].includes(state.screen) && !state.pending;
  if (idle) return leave(state, state.lastExitCode);
  if (state.screen === 'error' && state.recovery) return leave(state, state.recovery.exitCode);
  const wrote = state.lastShare !== undefined || (session?.outcome?.results.some((r) => r.status === 'applied') ?? false);
  return leave({ ...state, pending: undefined }, EXIT.cancelled, { message: wrote ? 'Cancelled.' : 'Cancelled. Nothing was written.' }, 'cancelled');
}

/** The session ended: its outcome decides the next screen; the exit code is kept for when the user leaves. */
export function sessionFinished(state: WizardState, id: number, outcome: SessionOutcome): WizardState {
  const session = state.session;
  if (!session || session.id !== id) return state;
  const lines = outcome.ok ? session.lines : session.lines.map((l): ApplyLine => (l.status === 'running' ? { ...l, status: 'failed' } : l));
  const finished: WizardState = {
    ...state,
    pending: state.pending?.id === id ? undefined : state.pending,
    session: { ...session, outcome, lines, asked: undefined, stage: undefined },
    lastExitCode: outcome.exitCode,
  };
  if (session.cancelRequested) {
    if (outcome.status === 'applied') return leave(showOutcome(finished, outcome), EXIT.cancelled);
    const rolledBack = outcome.results.some((r) => r.status === 'rolled-back');
    return leave(finished, outcome.exitCode === EXIT.rollbackIncomplete ? outcome.exitCode : EXIT.cancelled, { message: rolledBack ? 'Stopped: the writes made so far were rolled back.' : 'Stopped before anything was written.' }, 'cancelled');
  }
  // Still reviewing: the preview shows why the session stopped (a blocked plan) until the user continues.
  if (state.screen === 'preview' && outcome.status === 'refused' && outcome.plan) return finished;
  return showOutcome(finished, outcome);
}

function showOutcome(state: WizardState, outcome: SessionOutcome): WizardState {
  switch (outcome.status) {
    case 'applied':
    case 'no-changes': {
      if (outcome.operation === 'share' && outcome.plan) {
        const verify = verifyView(outcome.verify, state);
        const next: WizardState = {
          ...state,
          lastShare: { plan: outcome.plan, backup: outcome.backup, ...(state.consumerIdentity ? { consumerIdentity: state.consumerIdentity } : {}), consumerProfile: state.consumerProfile ?? null },
          verify,
          lastExitCode: demoExitCode(state, outcome.exitCode, verify),
        };
        return goTo(next, 'summary', summaryExitCursor(next));
      }
      // A revoke or restore of the last share: it is no longer in place as shared.
      const next: WizardState = { ...state, lastShare: outcome.status === 'applied' ? undefined : state.lastShare, verify: undefined, shares: undefined };
      return goTo(next, 'summary', summaryExitCursor(next));
    }
    case 'declined':
      return declined(state);
    case 'planned':
      return state;
    default:
      return recover(state, sessionRecovery(state, outcome));
  }
}

/** The summary's cursor starts on Exit (its last entry). */
function summaryExitCursor(state: WizardState): number {
  return Math.max(0, choicesFor({ ...state, screen: 'summary' }).length - 1);
}

/**
 * Verify as the summary shows it. In the demo, moto cannot read a secret across accounts: its "not
 * found" is replaced by the simulator's verdict, said as such.
 */
export function verifyView(verify: VerifyOutcome | undefined, state: WizardState): VerifyView {
  if (!verify) {
    const plan = state.session?.plan ?? state.lastShare?.plan;
    const allowed = plan?.simulation.after.allowed ?? false;
    const identity = state.consumerIdentity;
    const how = identity
      ? `From the consumer account run: secret-share-wizard verify --secret ${state.secret?.arn ?? plan?.secret.arn} --consumer-role ${identity} --consumer-profile <PROFILE>`
      : 'Once the consumer administrator has attached the identity policy, verify from the consumer account with secret-share-wizard verify.';
    return { ran: false, allowed, message: 'Not verified against AWS (no consumer profile).', fix: how };
  }
  if (verify.ok) return { ran: true, allowed: true, message: `${verify.principal} read the secret (${verify.versionStage}, ${verify.length} characters, SHA-256 ${verify.fingerprint}…).` };
  const plan = state.session?.plan ?? state.lastShare?.plan;
  if (state.options.demo && verify.errorClass === 'not-found' && plan) {
    const allowed = plan.simulation.after.allowed;
    return { ran: false, allowed, message: `The emulator cannot read across accounts, so this is the simulator's verdict: ${allowed ? 'the consumer can read the secret' : plan.simulation.after.explanation}.` };
  }
  return { ran: true, allowed: false, message: verify.message, fix: verify.fix };
}

/** The demo's exit code follows the simulator where the emulator cannot verify. */
function demoExitCode(state: WizardState, code: number, verify: VerifyView): number {
  if (state.options.demo && !verify.ran && code === EXIT.denied) return verify.allowed ? EXIT.ok : EXIT.denied;
  return code;
}

/** `verify` again after a share (from the summary). */
export function verified(state: WizardState, outcome: SessionOutcome): WizardState {
  if (outcome.error && !outcome.verify) return recover({ ...state, pending: undefined }, { error: outcome.error, back: 'summary', exitCode: outcome.exitCode, retry: state.pending?.effect });
  const verify = verifyView(outcome.verify, state);
  const next = { ...state, pending: undefined, verify, lastExitCode: demoExitCode(state, outcome.exitCode, verify) };
  return goTo(next, 'summary', summaryExitCursor(next));
}
