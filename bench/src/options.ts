import { parseArgs } from 'node:util';
import type { BenchOptions } from './context';
import { SECTION_NUMBERS, SECTION_TITLES } from './section-list';

export const USAGE = `Usage: pnpm bench [-- options]     (node bench/run.mjs [options])

Measures secret-share-wizard against what users do today (the AWS CLI), against a local moto
server it starts itself, and prints one table (median (min–max) of several runs).

  --quick            1 run of each figure, 10 secrets in the scale test; writes no RESULTS.md
  --runs N           runs per figure (default 5)
  --secrets N        secrets in the scale test (default 200)
  --audit-secrets N  secrets in the audit test (default 1000, 250 with --quick; the quota floor is N ÷ 50 s)
  --only 1,3         run only these sections (${SECTION_NUMBERS.map((n) => `${n} ${SECTION_TITLES[n]!.toLowerCase()}`).join(', ')})
  --no-build         use the existing CLI build and .vsix (built only when missing)
  --no-install       fail instead of installing Debian's awscli when \`aws\` is missing
  --results FILE     write the results there (default bench/RESULTS.md; --quick writes none)
  --no-results       write no results file
  --json FILE        also write the rows as JSON
  --help             this text`;

export function parseBenchOptions(argv: readonly string[], defaultResultsFile: string): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      quick: { type: 'boolean' },
      runs: { type: 'string' },
      secrets: { type: 'string' },
      'audit-secrets': { type: 'string' },
      only: { type: 'string' },
      'no-build': { type: 'boolean' },
      'no-install': { type: 'boolean' },
      results: { type: 'string' },
      'no-results': { type: 'boolean' },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const positive = (name: string, value: string | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1) throw new Error(`--${name} needs a whole number ≥ 1 (got "${value}")`);
    return number;
  };
  const quick = values.quick === true;
  const only = new Set(values.only === undefined ? SECTION_NUMBERS : values.only.split(',').map((part) => positive('only', part.trim(), 0)));
  for (const section of only) if (!SECTION_NUMBERS.includes(section)) throw new Error(`--only: there is no section ${section} (${SECTION_NUMBERS[0]}–${SECTION_NUMBERS.at(-1)})`);
  const resultsFile = values['no-results'] ? undefined : (values.results ?? (quick ? undefined : defaultResultsFile));
  return {
    quick,
    runs: quick ? 1 : positive('runs', values.runs, 5),
    secrets: positive('secrets', values.secrets, quick ? 10 : 200),
    auditSecrets: Math.max(3, positive('audit-secrets', values['audit-secrets'], quick ? 250 : 1000)),
    only,
    build: values['no-build'] !== true,
    installAwsCli: values['no-install'] !== true,
    resultsFile,
    jsonFile: values.json,
  };
}
