import { WizardError, isWizardError } from '@secret-share-wizard/core';

/**
 * The core names fields after its own request vocabulary; the CLI's flags are the contract
 * (`--consumer-role`, `--consumer-policy`, `--key-arn` ...). Errors are re-labelled so the one line
 * the user reads names a flag that exists.
 */
export type FieldNames = Record<string, string>;

export const CORE_TO_CLI: FieldNames = {
  '--consumer-identity': '--consumer-role',
  '--identity-policy': '--consumer-policy',
  '--context-condition': '--no-context-condition',
};

export const OFFLINE_CORE_TO_CLI: FieldNames = { ...CORE_TO_CLI, '--secret': '--secret-arn', '--key': '--key-arn' };

export function renameField(error: unknown, names: FieldNames): unknown {
  if (!isWizardError(error) || error.field === undefined) return error;
  const renamed = names[error.field];
  if (renamed === undefined) return error;
  const message = error.message.startsWith(`${error.field}:`) ? `${renamed}${error.message.slice(error.field.length)}` : error.message;
  return new WizardError(error.code, error.source, message, { field: renamed, ...(error.fix !== undefined ? { fix: error.fix } : {}), cause: error });
}

export function withFieldNames<T>(names: FieldNames, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw renameField(error, names);
  }
}
