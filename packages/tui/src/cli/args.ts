import { parseArgs } from 'node:util';
import { suggest, userError } from '@secret-share-wizard/core';

/**
 * Command-line parsing on top of `node:util` parseArgs, with the checks a user deserves:
 * unknown flags (with a suggestion), missing values, repeated flags, typographic dashes pasted from
 * web pages, single-dash long flags, unexpected arguments. Every problem is a WizardError naming the
 * flag and the fix (exit code 2).
 */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** Shown in help: `--secret <ARN|name>`. */
  placeholder?: string;
  description: string;
  /** Allowed values of a string option. */
  choices?: readonly string[];
  /** A string option that may be given more than once: the values are joined with "\n" (see `listOption`). */
  repeatable?: boolean;
  /** A one-letter alias (`-f` for `--file`). */
  short?: string;
}

export interface PositionalSpec {
  name: string;
  description: string;
  required: boolean;
}

export interface CommandSpec {
  name: string;
  summary: string;
  /** Usage lines without the program name, e.g. `plan --secret <ARN|name> --consumer <...>`. */
  usage: string[];
  options: Record<string, OptionSpec>;
  positionals?: PositionalSpec[];
  /** Extra help paragraphs. */
  notes?: string[];
}

export interface ParsedArgs {
  /** Only flags that were given. Booleans are `true`, strings are their value. */
  options: Record<string, string | boolean>;
  positionals: string[];
}

/** Flags every command accepts. */
export const COMMON_OPTIONS: Record<string, OptionSpec> = {
  help: { type: 'boolean', description: 'Show help for this command' },
  'no-color': { type: 'boolean', description: 'No ANSI colours (also: NO_COLOR=1, or output that is not a terminal)' },
};

const TYPOGRAPHIC_DASHES = /^[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]+/;

function typographicDashFix(arg: string): string | undefined {
  const match = TYPOGRAPHIC_DASHES.exec(arg);
  if (!match) return undefined;
  const rest = arg.slice(match[0].length).replace(/^-+/, '');
  return `--${rest}`;
}

/** The closest known name, when it is close enough to be a typo (moved to core: the manifest parser uses it too). */
export { suggest };

function allOptions(spec: CommandSpec): Record<string, OptionSpec> {
  return { ...spec.options, ...COMMON_OPTIONS };
}

export function parseCommandArgs(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
  const options = allOptions(spec);
  const known = Object.keys(options);
  const helpFix = `See: secret-share-wizard ${spec.name} --help`;

  for (const arg of argv) {
    if (arg === '--') break;
    const fixed = typographicDashFix(arg);
    if (fixed !== undefined) {
      const code = arg.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      throw userError('INPUT_TYPOGRAPHIC_DASH', fixed, `"${arg}" starts with the typographic dash U+${code} (pasted from a web page?), not two ASCII hyphens`, `Retype it: use ${fixed}`);
    }
    if (/^-[A-Za-z][A-Za-z-]+/.test(arg) && !arg.startsWith('--')) {
      const name = arg.slice(1).split('=')[0]!;
      throw userError('INPUT_SINGLE_DASH', `--${name}`, `"${arg}" has a single dash`, `Long flags take two hyphens: use --${name}`);
    }
  }

  const { tokens } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(Object.entries(options).map(([name, option]) => [name, name === 'help' ? { type: 'boolean', short: 'h' } : { type: option.type, ...(option.short ? { short: option.short } : {}) }])),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });

  const values: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    const flag = token.rawName;
    const option = options[token.name];
    if (!option) {
      const guess = suggest(token.name, known);
      throw userError(
        'INPUT_UNKNOWN_FLAG',
        flag,
        `unknown flag for "${spec.name}"`,
        guess ? `Did you mean --${guess}? ${helpFix}` : helpFix,
      );
    }
    const name = option.short && flag === `-${option.short}` ? flag : `--${token.name}`;
    if (Object.hasOwn(values, token.name) && !option.repeatable) {
      throw userError('INPUT_REPEATED_FLAG', name, 'is given more than once', `Pass ${name} once`);
    }
    if (option.type === 'boolean') {
      if (token.value !== undefined) throw userError('INPUT_FLAG_VALUE', name, `takes no value (got "${token.value}")`, `Pass ${name} alone`);
      values[token.name] = true;
      continue;
    }
    const value = token.value;
    const placeholder = option.placeholder ?? '<value>';
    if (value === undefined || (!token.inlineValue && value.startsWith('--'))) {
      throw userError('INPUT_MISSING_VALUE', name, 'needs a value', `Pass ${name} ${placeholder}`);
    }
    if (value === '') throw userError('INPUT_EMPTY_VALUE', name, 'is empty', `Pass ${name} ${placeholder}`);
    if (option.choices && !option.choices.includes(value)) {
      throw userError('INPUT_FLAG_CHOICE', name, `"${value}" is not one of ${option.choices.join(', ')}`, `Pass ${name} ${option.choices.join('|')}`);
    }
    const previous = values[token.name];
    values[token.name] = option.repeatable && typeof previous === 'string' ? `${previous}\n${value}` : value;
  }

  if (values.help === true) return { options: values, positionals };

  const accepted = spec.positionals ?? [];
  if (positionals.length > accepted.length) {
    const extra = positionals[accepted.length]!;
    const where = accepted.length === 0 ? `"${spec.name}" takes no arguments` : `"${spec.name}" takes ${accepted.length} argument(s)`;
    throw userError('INPUT_UNEXPECTED_ARGUMENT', `"${extra}"`, `unexpected argument (${where})`, `Remove it or pass it with the right flag. ${helpFix}`);
  }
  accepted.forEach((positional, index) => {
    if (positional.required && positionals[index] === undefined) {
      throw userError('INPUT_MISSING_ARGUMENT', `<${positional.name}>`, 'is missing', `Usage: secret-share-wizard ${spec.usage[0] ?? spec.name}`);
    }
  });
  return { options: values, positionals };
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options[name];
  return typeof value === 'string' ? value : undefined;
}

/** Every value of a repeatable string flag, in the order given (empty when absent). */
export function listOption(args: ParsedArgs, name: string): string[] {
  const value = stringOption(args, name);
  return value === undefined ? [] : value.split('\n');
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.options[name] === true;
}

/** A required string flag: missing → error naming it. */
export function requireOption(args: ParsedArgs, name: string, placeholder: string, why = ''): string {
  const value = stringOption(args, name);
  if (value === undefined) throw userError('INPUT_MISSING_FLAG', `--${name}`, `is required${why}`, `Pass --${name} ${placeholder}`);
  return value;
}

/** Flags that cannot be combined: the first given of `group` conflicts with `with`. */
export function refuseTogether(args: ParsedArgs, name: string, others: readonly string[], fix: string): void {
  if (args.options[name] === undefined) return;
  const other = others.find((candidate) => args.options[candidate] !== undefined);
  if (other !== undefined) throw userError('INPUT_CONFLICTING_FLAGS', `--${other}`, `cannot be combined with --${name}`, fix);
}

function optionLine(name: string, option: OptionSpec): [string, string] {
  const flagName = option.short ? `-${option.short}, --${name}` : `--${name}`;
  const left = option.type === 'string' ? `${flagName} ${option.placeholder ?? '<value>'}` : flagName;
  return [left, option.description];
}

function columns(rows: [string, string][], indent = '  '): string[] {
  const width = Math.min(38, Math.max(...rows.map(([left]) => left.length)));
  return rows.map(([left, right]) => (left.length > width ? `${indent}${left}\n${indent}${' '.repeat(width)}  ${right}` : `${indent}${left.padEnd(width)}  ${right}`));
}

export function formatCommandHelp(spec: CommandSpec): string {
  const lines = [`secret-share-wizard ${spec.name} — ${spec.summary}`, '', 'Usage:'];
  for (const usage of spec.usage) lines.push(`  secret-share-wizard ${usage}`);
  if (spec.positionals?.length) {
    lines.push('', 'Arguments:', ...columns(spec.positionals.map((positional) => [`<${positional.name}>`, positional.description])));
  }
  lines.push('', 'Options:', ...columns(Object.entries(allOptions(spec)).map(([name, option]) => optionLine(name, option))));
  if (spec.notes?.length) lines.push('', ...spec.notes);
  return `${lines.join('\n')}\n`;
}
