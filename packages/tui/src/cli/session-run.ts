import { EXIT_CODES, type SessionOptions, type SessionOutcome } from '@secret-share-wizard/core';
import { stringOption } from './args';
import { cliHost } from './cli-host';
import type { CommandContext } from './context';
import { version } from './main-help';
import { printJson } from './output';
import { outcomeJson, renderError, renderOutcome } from './render-results';
import { awsSelection } from './share-flags';

/** The session's options for a command: its host, the profiles and region of the flags, the signal. */
export function sessionOptions(context: CommandContext, extra: Partial<SessionOptions> = {}): SessionOptions {
  const { args, io, colors, errColors, interactive, signal } = context;
  const backupRoot = stringOption(args, 'backup-dir');
  return {
    host: cliHost({ io, colors, errColors, json: args.options.json === true, yes: args.options.yes === true, interactive }),
    aws: awsSelection(args),
    signal,
    tool: `secret-share-wizard/${version}`,
    ...(backupRoot !== undefined ? { backupRoot } : {}),
    ...extra,
  };
}

/**
 * Prints a finished session (exactly one JSON object with --json, failures included; else the
 * results on stdout and the error on stderr) and returns its exit code.
 */
export function reportOutcome(context: CommandContext, outcome: SessionOutcome): number {
  const { args, io, colors, errColors } = context;
  if (args.options.json === true) {
    printJson(io, outcomeJson(outcome));
    return outcome.exitCode;
  }
  io.stdout.write(renderOutcome(outcome, colors));
  if (outcome.error && outcome.status !== 'failed') io.stderr.write(renderError(outcome.error, errColors));
  return outcome.exitCode;
}

/** `--detailed-exitcode`: 10 when a plan has changes pending (errors keep their codes). */
export function detailedExitCode(outcome: SessionOutcome): number {
  return outcome.exitCode === EXIT_CODES.ok && outcome.pending > 0 ? EXIT_CODES.changesPending : outcome.exitCode;
}
