import { writeFile } from 'node:fs/promises';
import { userError } from '@secret-share-wizard/core';
import type { CliIo } from './context';

/** With --json: exactly one JSON object on stdout. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Writes a file a flag asked for (--out, --write-dir); failure names the flag. */
export async function writeOutputFile(path: string, text: string, field: string): Promise<void> {
  try {
    await writeFile(path, text, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw userError('OUTPUT_FILE', field, `cannot write "${path}" (${code})`, 'Check that the folder exists and is writable');
  }
}
