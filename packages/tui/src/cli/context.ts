import type { CommandSpec, ParsedArgs } from './args';
import type { Colors } from './color';

/** What a command can touch: streams and environment are injected so tests can run commands in-process. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
}

export interface CommandContext {
  args: ParsedArgs;
  io: CliIo;
  /** Colours for stdout. */
  colors: Colors;
  /** Colours for stderr. */
  errColors: Colors;
  /** stdin and stdout are terminals and `CI` is not set: prompts are allowed. */
  interactive: boolean;
  /** Aborted on the first Ctrl+C / SIGTERM. */
  signal: AbortSignal;
}

export interface CommandModule {
  spec: CommandSpec;
  run(context: CommandContext): Promise<number>;
}

export function isInteractive(io: CliIo): boolean {
  const ci = io.env.CI;
  return io.stdin.isTTY === true && io.stdout.isTTY === true && (ci === undefined || ci === '' || ci === 'false' || ci === '0');
}
