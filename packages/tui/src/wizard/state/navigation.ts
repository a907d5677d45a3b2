import { errorInfo as coreErrorInfo } from '@secret-share-wizard/core';
import type { AwsSelection, Effect, ErrorInfo, Recovery, ScreenName, SessionOperation, SessionView, WizardState } from './wizard-state';

/** Shows `screen` (a new screen starts with an empty field, no error, at the top, the cursor at `cursor`). */
export function goTo(state: WizardState, screen: ScreenName, cursor = 0): WizardState {
  if (state.screen === screen) return state;
  const next: WizardState = { ...state, screen, cursor, input: '', inputCursor: 0, scroll: 0, inputError: undefined, notice: undefined };
  // A flag's answer was refused: its question shows the value and why.
  const flagged = state.flagErrors[screen];
  if (flagged) {
    const { [screen]: _shown, ...rest } = state.flagErrors;
    return { ...next, input: flagged.input, inputCursor: flagged.input.length, inputError: flagged.message, flagErrors: rest };
  }
  return next;
}

/** Asks the effects layer for AWS work; with a label, the loading screen shows it meanwhile. */
export function request(state: WizardState, effect: Effect, loadingLabel?: string, screen?: ScreenName): WizardState {
  const next: WizardState = { ...state, pending: { id: state.nextEffectId, effect }, nextEffectId: state.nextEffectId + 1 };
  if (loadingLabel !== undefined) return { ...goTo(next, 'loading'), loadingLabel };
  if (screen) return goTo(next, screen);
  return next;
}

/** Starts a core session (share, revoke, restore): one effect, whose events carry its id. */
export function startSession(state: WizardState, operation: SessionOperation, effect: Effect, loadingLabel: string): WizardState {
  const session: SessionView = { id: state.nextEffectId, operation, effect, approved: false, answers: 0, lines: [], notes: [], cancelRequested: false };
  return request({ ...state, session, recovery: undefined }, effect, loadingLabel);
}

/** The user leaves: the wizard ends with `exitCode` (and `error` says why, on the cancelled screen). */
export function leave(state: WizardState, exitCode: number, error?: ErrorInfo, screen?: ScreenName): WizardState {
  const next = screen ? goTo(state, screen) : state;
  return { ...next, exitCode, ...(error ? { error } : {}) };
}

/** A recoverable error: the error screen with what retrying does and where going back leads. */
export function recover(state: WizardState, recovery: Recovery): WizardState {
  return goTo({ ...state, recovery, pending: undefined }, 'error');
}

/** The profiles and region a session or read signs in with. */
export function awsOf(state: WizardState): AwsSelection {
  return {
    ...(state.profile ? { ownerProfile: state.profile } : {}),
    ...(typeof state.consumerProfile === 'string' ? { consumerProfile: state.consumerProfile } : state.consumerProfile === undefined && state.options.consumerProfile ? { consumerProfile: state.options.consumerProfile } : {}),
    ...(state.region ? { region: state.region } : {}),
  };
}

export function errorInfo(error: unknown): ErrorInfo {
  const info = coreErrorInfo(error);
  return { message: info.message, code: info.code, source: info.source, ...(info.fix ? { fix: info.fix } : {}), ...(info.field ? { field: info.field } : {}), ...(info.details ? { details: info.details } : {}) };
}

export function messageOf(error: unknown): string {
  return errorInfo(error).message;
}
