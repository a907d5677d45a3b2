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

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replaces every core flag name in a text (whole flags only: `--key` is not touched inside `--key-arn`). */
export function renameFlagsInText(text: string, names: FieldNames): string {
  let result = text;
  for (const [from, to] of Object.entries(names)) result = result.replace(new RegExp(`(?<![\\w-])${escape(from)}(?![\\w-])`, 'g'), to);
  return result;
}

export function renameField(error: unknown, names: FieldNames): unknown {
  if (!isWizardError(error)) return error;
  const field = error.field === undefined ? undefined : (names[error.field] ?? error.field);
  const message = renameFlagsInText(error.message, names);
  const fix = error.fix === undefined ? undefined : renameFlagsInText(error.fix, names);
  if (field === error.field && message === error.message && fix === error.fix) return error;
  return new WizardError(error.code, error.source, message, { ...(field !== undefined ? { field } : {}), ...(fix !== undefined ? { fix } : {}), cause: error });
}

/** Runs a core call; its errors name the CLI's flags. */
export async function fromCore<T>(fn: () => Promise<T>, names: FieldNames = CORE_TO_CLI): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw renameField(error, names);
  }
}

export function withFieldNames<T>(names: FieldNames, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw renameField(error, names);
  }
}
