import { isWizardError, userError } from '@secret-share-wizard/core';
import { version } from '../../package.json';
import { COMMANDS } from '../command-registry';
import { formatCommandHelp, parseCommandArgs, suggest } from './args';
import { colorsEnabled, createColors } from './color';
import { isInteractive, type CliIo } from './context';
import { EXIT } from './exit-codes';
import { reportError } from './report-error';

export { version };

export function mainHelp(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((name) => name.length));
  return [
    `secret-share-wizard ${version} — share an AWS Secrets Manager secret with another AWS account`,
    '(secret resource policy + KMS key policy + consumer IAM policy, then verify).',
    '',
    'Usage:',
    '  secret-share-wizard [--plain] [--profile P] ...   the interactive wizard',
    '  secret-share-wizard <command> [flags]',
    '',
    'Commands:',
    ...names.map((name) => `  ${name.padEnd(width)}  ${COMMANDS[name]!.summary}`),
    '',
    'Run `secret-share-wizard <command> --help` for its flags. Global: --help, --version, --no-color.',
    '',
    'Exit codes: 0 success (also: nothing to change) · 1 AWS or runtime failure ·',
    '            2 invalid input or plan blocked by errors (nothing written) · 3 verify: access denied',
    'Environment: AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL (e.g. a local emulator), NO_COLOR, CI',
    '',
  ].join('\n');
}

const TYPOGRAPHIC_DASH = /^[\u2010-\u2015\u2212]/;

/** Runs the CLI; returns the exit code. Never throws. */
export async function main(argv: readonly string[], io: CliIo, signal: AbortSignal): Promise<number> {
  const noColorFlag = argv.includes('--no-color');
  const colors = createColors(colorsEnabled({ isTTY: io.stdout.isTTY, env: io.env, noColorFlag }));
  const errColors = createColors(colorsEnabled({ isTTY: io.stderr.isTTY, env: io.env, noColorFlag }));
  try {
    const [first, ...rest] = argv;
    if (first === '--version' || first === '-V' || (first === 'version' && rest.length === 0)) {
      io.stdout.write(`${version}\n`);
      return EXIT.OK;
    }
    if (first === '--help' || first === '-h' || (first === 'help' && rest.length === 0)) {
      io.stdout.write(mainHelp());
      return EXIT.OK;
    }
    let name: string;
    let commandArgs: readonly string[];
    if (first === 'help') {
      name = rest[0]!;
      commandArgs = ['--help'];
    } else if (first === undefined || first.startsWith('-') || TYPOGRAPHIC_DASH.test(first)) {
      // No command: the wizard, with whatever flags were given (a typographic dash is caught by the parser).
      name = 'wizard';
      commandArgs = argv;
    } else {
      name = first;
      commandArgs = rest;
    }
    const entry = COMMANDS[name];
    if (!entry) {
      const guess = suggest(name, Object.keys(COMMANDS));
      throw userError('INPUT_UNKNOWN_COMMAND', `"${name}"`, 'is not a command', guess ? `Did you mean "${guess}"? See: secret-share-wizard --help` : 'See: secret-share-wizard --help');
    }
    const command = await entry.load();
    const args = parseCommandArgs(command.spec, commandArgs);
    if (args.options.help === true) {
      io.stdout.write(formatCommandHelp(command.spec));
      return EXIT.OK;
    }
    return await command.run({ args, io, colors, errColors, interactive: isInteractive(io), signal });
  } catch (error) {
    const code = reportError(error, io.stderr, errColors, io.env);
    return isWizardError(error) && error.code === 'CANCELLED' ? EXIT.INTERRUPTED : code;
  }
}
