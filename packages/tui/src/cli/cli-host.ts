import type { Host, ProgressEvent, Question } from '@secret-share-wizard/core';
import type { Colors } from './color';
import type { CliIo } from './context';
import { askYesNo } from './prompt';

export interface CliHostOptions {
  io: CliIo;
  colors: Colors;
  /** Print progress (human mode); with --json nothing but the JSON reaches stdout and progress is silent. */
  quiet: boolean;
  /** --yes: every confirmation the core asks is answered yes. */
  yes: boolean;
  interactive: boolean;
}

const STATUS_MARK: Record<string, (c: Colors) => string> = {
  start: (c) => c.dim('…'),
  done: (c) => c.green('✔'),
  failed: (c) => c.red('✖'),
  'rolled-back': (c) => c.yellow('↺'),
  skipped: (c) => c.dim('–'),
};

export function formatProgress(event: ProgressEvent, c: Colors): string {
  switch (event.type) {
    case 'step':
      return `${STATUS_MARK[event.status]!(c)} ${event.message}`;
    case 'retry':
      return `${c.yellow('↻')} ${event.message} (attempt ${event.attempt}, next in ${Math.round(event.delayMs / 100) / 10} s)`;
    case 'warning':
      return `${c.yellow('▲')} ${event.message}`;
    default:
      return `${c.dim('ℹ')} ${event.message}`;
  }
}

/**
 * The core's Host for the non-interactive CLI: progress lines on stderr (stdout stays for the
 * result), questions answered by --yes, a prompt on a TTY, or their default answer otherwise.
 */
export function cliHost(options: CliHostOptions): Host {
  const { io, colors, quiet, yes, interactive } = options;
  return {
    notify(event) {
      if (!quiet) io.stderr.write(`${formatProgress(event, colors)}\n`);
    },
    async confirm(question: Question) {
      if (yes) return true;
      if (!interactive) return question.defaultAnswer;
      return askYesNo(io, question.message, question.defaultAnswer);
    },
  };
}
