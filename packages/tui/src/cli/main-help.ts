import { version } from '../../package.json';
import { COMMANDS } from '../command-registry';

/**
 * `--help` and `--version`: answered by the entry point before anything else loads (start-up time is
 * a product feature), and by `main` for in-process callers. Imports nothing but the command map.
 */
export { version };

export function mainHelp(): string {
  const entries = Object.entries(COMMANDS);
  const names = entries.map(([name]) => name);
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
    ...entries.map(([name, entry]) => `  ${name.padEnd(width)}  ${entry.summary}`),
    '',
    'Run `secret-share-wizard <command> --help` for its flags. Global: --help, --version, --no-color.',
    '',
    'Exit codes (every command): 0 success (also: nothing to change) · 1 failed, everything written rolled back ·',
    '  2 invalid input, blocked, stale or refused: nothing written · 3 access denied (verify, doctor) ·',
    '  4 failed and the rollback is incomplete (the restore command is printed) · 10 changes pending or',
    '  attention needed (plan --detailed-exitcode, audit, doctor "allowed if") · 130 interrupted',
    'Environment: AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL (e.g. a local emulator), NO_COLOR, CI',
    '',
  ].join('\n');
}

/** The output of `--version` / `--help` (and `help`, `version` alone), or undefined for anything else. */
export function quickAnswer(argv: readonly string[]): string | undefined {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-V' || (first === 'version' && rest.length === 0)) return `${version}\n`;
  if (first === '--help' || first === '-h' || (first === 'help' && rest.length === 0)) return mainHelp();
  return undefined;
}
