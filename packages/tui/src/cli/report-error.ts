import { isWizardError, messageWithFix } from '@secret-share-wizard/core';
import type { Colors } from './color';
import { EXIT } from './exit-codes';

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}


/**
 * Prints an error as ONE line on stderr (no stack trace unless SECRET_SHARE_WIZARD_DEBUG is set) and
 * returns the exit code: 2 for the user's input, 1 for AWS, runtime failures and bugs.
 */
export function reportError(error: unknown, stderr: { write(text: string): unknown }, colors: Colors, env: Record<string, string | undefined>): number {
  const debug = Boolean(env.SECRET_SHARE_WIZARD_DEBUG);
  if (isWizardError(error)) {
    stderr.write(`${colors.red('error:')} ${messageWithFix(error.message, error.fix)}\n`);
    if (debug && error.stack) stderr.write(`${error.stack}\n`);
    return error.source === 'user' ? EXIT.INVALID : EXIT.FAILURE;
  }
  const message = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  stderr.write(`${colors.red('error:')} ${oneLine(message)}${debug ? '' : ' (set SECRET_SHARE_WIZARD_DEBUG=1 for details)'}\n`);
  if (debug && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
  return EXIT.FAILURE;
}
