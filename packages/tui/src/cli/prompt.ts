import { createInterface } from 'node:readline/promises';
import type { CliIo } from './context';

/** A y/N question on the terminal (only called when the CLI is interactive). */
export async function askYesNo(io: CliIo, message: string, defaultAnswer: boolean): Promise<boolean> {
  const rl = createInterface({ input: io.stdin, output: io.stderr as NodeJS.WritableStream });
  try {
    const answer = (await rl.question(`${message} ${defaultAnswer ? '[Y/n]' : '[y/N]'} `)).trim().toLowerCase();
    if (answer === '') return defaultAnswer;
    return answer === 'y' || answer === 'yes';
  } finally {
    rl.close();
  }
}
