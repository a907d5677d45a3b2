import { isWizardError, type WizardError } from './wizard-error';

/** The WizardError `fn` throws (for tests and callers that inspect a refusal); anything else is rethrown. */
export function thrownWizardError(fn: () => unknown): WizardError {
  try {
    fn();
  } catch (error) {
    if (isWizardError(error)) return error;
    throw error;
  }
  throw new Error('expected a WizardError, but nothing was thrown');
}

/** The WizardError an async `fn` rejects with; anything else is rethrown. */
export async function thrownAsync(fn: () => Promise<unknown>): Promise<WizardError> {
  try {
    await fn();
  } catch (error) {
    if (isWizardError(error)) return error;
    throw error;
  }
  throw new Error('expected a WizardError, but nothing was thrown');
}
