import { userError } from '@secret-share-wizard/core';
import type { CommandContext } from './context';
import { askYesNo } from './prompt';

/**
 * Before anything is read or written: a command that writes needs --yes, or a terminal to ask on.
 * Without a TTY (or with CI set) it fails fast, naming --yes.
 */
export function requireConfirmationChannel(context: CommandContext, command: string): void {
  if (context.args.options.yes === true || context.interactive) return;
  const why = context.io.env.CI ? 'CI is set, so no prompt is shown' : 'there is no terminal to ask on';
  throw userError('INPUT_CONFIRMATION_REQUIRED', '--yes', `${command} writes to AWS and needs a confirmation, but ${why}`, `Pass --yes to ${command} without asking`);
}

/** Asks on the terminal (default No) unless --yes was given. */
export async function confirmWrite(context: CommandContext, question: string): Promise<boolean> {
  if (context.args.options.yes === true) return true;
  return askYesNo(context.io, question, false);
}
