import { errorInfo, isWizardError, messageWithFix, untilAborted, userError } from '@secret-share-wizard/core';
import { COMMAND_LOADERS } from '../command-loaders';
import { COMMANDS, isCommandName, type CommandEntry } from '../command-registry';
import { formatCommandHelp, parseCommandArgs, suggest } from './args';
import { colorsEnabled, createColors } from './color';
import { isInteractive, type CliIo } from './context';
import { EXIT } from './exit-codes';
import { mainHelp, quickAnswer, version } from './main-help';
import { reportError } from './report-error';

export { mainHelp, version };

const TYPOGRAPHIC_DASH = /^[\u2010-\u2015\u2212]/;

/** Runs the CLI; returns the exit code. Never throws. */
export async function main(argv: readonly string[], io: CliIo, signal: AbortSignal): Promise<number> {
  const noColorFlag = argv.includes('--no-color');
  const colors = createColors(colorsEnabled({ isTTY: io.stdout.isTTY, env: io.env, noColorFlag }));
  const errColors = createColors(colorsEnabled({ isTTY: io.stderr.isTTY, env: io.env, noColorFlag }));
  try {
    const [first, ...rest] = argv;
    const quick = quickAnswer(argv);
    if (quick !== undefined) {
      io.stdout.write(quick);
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
    if (!isCommandName(name)) {
      const guess = suggest(name, Object.keys(COMMANDS));
      throw userError('INPUT_UNKNOWN_COMMAND', `"${name}"`, 'is not a command', guess ? `Did you mean "${guess}"? See: secret-share-wizard --help` : 'See: secret-share-wizard --help');
    }
    const entry: CommandEntry = COMMANDS[name];
    const command = await COMMAND_LOADERS[name]();
    const args = parseCommandArgs(command.spec, commandArgs);
    if (args.options.help === true) {
      io.stdout.write(formatCommandHelp(command.spec));
      return EXIT.OK;
    }
    const running = command.run({ args, io, colors, errColors, interactive: isInteractive(io), signal });
    return await (entry.readOnly ? untilAborted(running, signal) : running);
  } catch (error) {
    const code = isWizardError(error) && error.code === 'CANCELLED' ? EXIT.INTERRUPTED : reportError(error, io.stderr, errColors, io.env);
    if (code === EXIT.INTERRUPTED && isWizardError(error)) io.stderr.write(`${errColors.red('error:')} ${messageWithFix(error.message, error.fix)}\n`);
    // --json: exactly one object on stdout, failures included.
    if (argv.includes('--json')) io.stdout.write(`${JSON.stringify({ ok: false, exitCode: code, error: errorInfo(error) }, null, 2)}\n`);
    return code;
  }
}
