import { createInterface } from 'node:readline/promises';
import { WizardError } from '@secret-share-wizard/core';
import type { CliIo } from './context';

/** Thrown when the user presses Ctrl+C at a prompt (exit 130, nothing written). */
export function cancelledAtPrompt(): WizardError {
  return new WizardError('CANCELLED', 'Cancelled at the prompt: nothing was written', { fix: 'Run the command again when you are ready' });
}

/** A y/N question on the terminal (only called when the CLI is interactive). Ctrl+C cancels. */
export async function askYesNo(io: CliIo, message: string, defaultAnswer: boolean): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream });
  const abort = new AbortController();
  let cancelled = false;
  // The terminal is in raw mode while readline asks: Ctrl+C arrives here, not as a process signal.
  rl.once('SIGINT', () => {
    cancelled = true;
    abort.abort();
  });
  try {
    const answer = (await rl.question(`${message} ${defaultAnswer ? '[Y/n]' : '[y/N]'} `, { signal: abort.signal })).trim().toLowerCase();
    if (answer === '') return defaultAnswer;
    return answer === 'y' || answer === 'yes';
  } catch (error) {
    if (cancelled) {
      io.stderr.write('\n');
      throw cancelledAtPrompt();
    }
    throw error;
  } finally {
    rl.close();
  }
}
