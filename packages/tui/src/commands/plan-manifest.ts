import { resolve } from 'node:path';
import {
  DEFAULT_ATTACHED_POLICY_QUOTA,
  DEFAULT_BATCH_CONCURRENCY,
  EXIT_CODES,
  MAX_BATCH_CONCURRENCY,
  errorInfo,
  isWizardError,
  exportManifestPlan,
  parseManifest,
  runManifestSession,
  userError,
  type ExportFormat,
  type Manifest,
  type ManifestOutcome,
  type ManifestSessionOptions,
} from '@secret-share-wizard/core';
import { flag, refuseTogether, stringOption, type OptionSpec, type ParsedArgs } from '../cli/args';
import { requireConfirmationChannel } from '../cli/confirm';
import type { CommandContext } from '../cli/context';
import { readInputFile } from '../cli/files';
import { printJson } from '../cli/output';
import { renderError } from '../cli/render-results';
import { manifestJson, renderManifestOutcome, snippetHints } from '../cli/render-manifest';
import { sessionOptions } from '../cli/session-run';
import { SHARE_FLAGS, awsSelection } from '../cli/share-flags';
import { DEFAULT_EXPORT_DIR, exportProfiles, writeExportFiles } from './plan-export';

/**
 * `plan -f shares.yaml` and `apply -f shares.yaml [--prune]`: the manifest session (core
 * `runManifestSession`) from the command line. Kept apart from the single-share `plan`/`apply`.
 */
export const MANIFEST_FLAGS: Record<string, OptionSpec> = {
  file: { type: 'string', short: 'f', placeholder: '<shares.yaml>', description: 'A shares manifest: plan or apply every share it lists (instead of --secret/--consumer)' },
  prune: { type: 'boolean', description: 'With -f: also revoke the shares the tool recorded that the manifest no longer lists' },
};

/** Reads, writes and the policy-API pace of a run over many secrets (manifests and share-many). */
export const BATCH_FLAGS: Record<string, OptionSpec> = {
  concurrency: { type: 'string', placeholder: '<N>', description: `Secrets read, and writes of one round, in flight at once (default ${DEFAULT_BATCH_CONCURRENCY}, at most ${MAX_BATCH_CONCURRENCY})` },
  'rate-limit': {
    type: 'string',
    placeholder: '<per-second>',
    description: 'At most this many Get/Put/Delete/ValidateResourcePolicy requests in any second (the AWS quota is 50 per account and region)',
  },
  'attached-policy-quota': {
    type: 'string',
    placeholder: '<N>',
    description: `Managed policies a consumer role may have attached (IAM default ${DEFAULT_ATTACHED_POLICY_QUOTA}; at most 20 after a quota increase)`,
  },
};

/** The pace the --rate-limit is enforced at, relative to the limit (network jitter can bring two paced requests closer). */
export const RATE_LIMIT_MARGIN = 0.95;

/** Shares files: thousands of entries fit in 1 MiB. */
const SHARES_FILE_LIMITS = { maxChars: 1024 * 1024, maxDepth: 64, what: 'a shares manifest', why: 'thousands of shares fit in 1 MiB' };

export function positiveInteger(args: ParsedArgs, name: string, max: number): number | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(value) || value < 1 || value > max) {
    throw userError('INPUT_NUMBER', `--${name}`, `"${text}" is not a whole number from 1 to ${max}`, `Pass --${name} <1..${max}>`);
  }
  return value;
}

/** The session options of a batch run: --concurrency, --rate-limit (paced 5% under it), --attached-policy-quota. */
export function batchSessionOptions(context: CommandContext): ManifestSessionOptions {
  const { args } = context;
  const concurrency = positiveInteger(args, 'concurrency', MAX_BATCH_CONCURRENCY);
  const rateLimit = positiveInteger(args, 'rate-limit', 10_000);
  const attachedPolicyQuota = positiveInteger(args, 'attached-policy-quota', 20);
  const base = sessionOptions(context);
  return {
    ...base,
    aws: { ...awsSelection(args), ...(rateLimit !== undefined ? { secretsManagerRateLimit: rateLimit * RATE_LIMIT_MARGIN } : {}) },
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(attachedPolicyQuota !== undefined ? { attachedPolicyQuota } : {}),
  };
}

/** -f replaces the share flags; --prune and the batch flags only go with -f. */
export function checkManifestFlags(args: ParsedArgs, command: 'plan' | 'apply'): void {
  refuseTogether(args, 'file', [...Object.keys(SHARE_FLAGS), 'offline', 'plan', 'verify'], `A manifest names its secrets and consumers: pass either -f ${stringOption(args, 'file') ?? 'shares.yaml'} or the share flags`);
  if (args.options.file !== undefined) return;
  for (const name of ['prune', ...Object.keys(BATCH_FLAGS)]) {
    if (args.options[name] !== undefined) throw userError('INPUT_CONFLICTING_FLAGS', `--${name}`, 'only goes with -f <shares.yaml>', `Pass -f shares.yaml, or leave out --${name} (secret-share-wizard ${command} --help)`);
  }
}

async function loadManifest(args: ParsedArgs) {
  const file = stringOption(args, 'file')!;
  const text = await readInputFile(file, '-f', SHARES_FILE_LIMITS);
  return parseManifest(text, file);
}

/**
 * The manifest, or — when it cannot be read or is invalid — the outcome that says so (exit 2; with
 * --json the one JSON object carries the error and every problem's line).
 */
async function manifestOrRefusal(context: CommandContext): Promise<Manifest | ManifestOutcome> {
  try {
    return await loadManifest(context.args);
  } catch (error) {
    if (!isWizardError(error)) throw error;
    return { operation: 'manifest', ok: false, status: 'refused', exitCode: EXIT_CODES.nothingWritten, plans: [], pending: 0, results: [], backup: null, remerged: [], records: { written: 0, removed: 0 }, error: errorInfo(error), calls: 0 };
  }
}

const isOutcome = (value: Manifest | ManifestOutcome): value is ManifestOutcome => 'operation' in value;

/** Prints a finished manifest run (one JSON object with --json) and returns its exit code. */
function report(context: CommandContext, outcome: ManifestOutcome, started: number, extra: Record<string, unknown> = {}): number {
  const { args, io, colors, errColors } = context;
  const seconds = (performance.now() - started) / 1000;
  if (flag(args, 'json')) {
    printJson(io, manifestJson(outcome, { ...extra, seconds: Math.round(seconds * 1000) / 1000 }));
    return outcome.exitCode;
  }
  io.stdout.write(renderManifestOutcome(outcome, colors, seconds));
  if ((outcome.status === 'applied' || outcome.status === 'no-changes') && outcome.plan) io.stdout.write(snippetHints(outcome.plan.shares, colors));
  if (outcome.error && outcome.status !== 'failed') io.stderr.write(renderError(outcome.error, errColors));
  return outcome.exitCode;
}

/**
 * `plan -f shares.yaml [--prune] [--detailed-exitcode] [--json] [--export FORMAT [--out DIR]]`:
 * every change the manifest asks for, nothing written. With --detailed-exitcode: 10 when AWS differs
 * from the manifest (a share missing, half-done, edited, or in AWS but not listed), 0 in sync.
 */
export async function runPlanManifest(context: CommandContext): Promise<number> {
  const { args } = context;
  if (args.options.out !== undefined && args.options.export === undefined) {
    throw userError('INPUT_CONFLICTING_FLAGS', '--out', 'with -f names the folder of an export (a manifest plan is not saved as a plan file)', 'Add --export cli|terraform|cloudformation|cdk, or leave out --out and run apply -f with the same file');
  }
  const started = performance.now();
  const manifest = await manifestOrRefusal(context);
  if (isOutcome(manifest)) return report(context, manifest, started);
  const exporting = stringOption(args, 'export') as ExportFormat | undefined;
  const outcome = await runManifestSession({ manifest, mode: 'plan', prune: flag(args, 'prune'), ...(exporting ? { allowDrift: true } : {}) }, batchSessionOptions(context));
  if (exporting && outcome.plan && outcome.ok) return exportManifest(context, outcome, exporting);
  const code = report(context, outcome, started);
  if (flag(args, 'detailed-exitcode') && code === EXIT_CODES.ok && outcome.plan?.drift) return EXIT_CODES.changesPending;
  return code;
}

/** `apply -f shares.yaml [--prune] [--yes] [--json]`: one review, one approval, one transaction. */
export async function runApplyManifest(context: CommandContext): Promise<number> {
  const { args } = context;
  const started = performance.now();
  const manifest = await manifestOrRefusal(context);
  if (isOutcome(manifest)) return report(context, manifest, started);
  requireConfirmationChannel(context, 'apply');
  const outcome = await runManifestSession({ manifest, mode: 'apply', prune: flag(args, 'prune') }, batchSessionOptions(context));
  return report(context, outcome, started);
}

/** `plan -f … --export FORMAT`: the documents after the whole manifest, each once, as code. */
async function exportManifest(context: CommandContext, outcome: ManifestOutcome, format: ExportFormat): Promise<number> {
  const { args, io, colors } = context;
  const result = exportManifestPlan(outcome.plan!, format, exportProfiles(context));
  const folder = resolve(io.cwd, stringOption(args, 'out') ?? DEFAULT_EXPORT_DIR);
  await writeExportFiles(folder, result);
  if (flag(args, 'json')) {
    printJson(io, manifestJson(outcome, { export: { format, folder, files: result.files.map((f) => ({ path: f.path, description: f.description, forAdministrator: f.forAdministrator === true })), notes: result.notes } }));
    return EXIT_CODES.ok;
  }
  io.stdout.write(`\n${colors.bold(`Exported as ${format} to ${folder}`)} (nothing was written to AWS):\n`);
  for (const file of result.files) io.stdout.write(`  ${file.path}  ${colors.dim(file.description)}${file.forAdministrator ? ` ${colors.yellow('[for the consumer account administrator]')}` : ''}\n`);
  for (const note of result.notes) io.stdout.write(`${colors.yellow('note:')} ${note}\n`);
  return EXIT_CODES.ok;
}
