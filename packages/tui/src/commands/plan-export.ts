import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { EXPORT_FORMATS, exportPlan, userError, type ExportFormat, type ExportOptions, type ExportResult, type Plan } from '@secret-share-wizard/core';
import { stringOption, type OptionSpec } from '../cli/args';
import type { CommandContext } from '../cli/context';
import { EXIT } from '../cli/exit-codes';
import { printJson } from '../cli/output';
import { planJson } from '../cli/plan-json';

/** `plan --export FORMAT [--out DIR]`: write what the user would commit instead of applying. */
export const EXPORT_FLAGS: Record<string, OptionSpec> = {
  export: {
    type: 'string',
    placeholder: EXPORT_FORMATS.join('|'),
    choices: EXPORT_FORMATS,
    description: 'Write the change as code instead of applying it (with --out DIR, default ./secret-share-export)',
  },
};

export const DEFAULT_EXPORT_DIR = 'secret-share-export';

/** Writes the export's files under `folder` (scripts 0755); a failure names --out. */
export async function writeExportFiles(folder: string, result: ExportResult): Promise<void> {
  try {
    for (const file of result.files) {
      const path = join(folder, ...file.path.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.content, 'utf8');
      await chmod(path, file.executable ? 0o755 : 0o644);
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw userError('OUTPUT_FILE', '--out', `cannot write into "${folder}" (${code})`, 'Pass --out with a folder you can write to');
  }
}

/** The profiles the export's scripts and Terraform variables default to: the ones the plan was made with. */
export function exportProfiles(context: CommandContext): ExportOptions {
  const { args, io } = context;
  const owner = stringOption(args, 'profile') ?? io.env.AWS_PROFILE;
  const consumer = stringOption(args, 'consumer-profile');
  return { ...(owner ? { ownerProfile: owner } : {}), ...(consumer ? { consumerProfile: consumer } : {}) };
}

/**
 * The `--export` branch of `plan`: the plan is exported (core `exportPlan`, which refuses a plan
 * blocked by anything but IAC_MANAGED_RESOURCE), written under `--out` (a folder here), and
 * summarised. Nothing is written to AWS.
 */
export async function runPlanExport(context: CommandContext, plan: Plan): Promise<number> {
  const { args, io, colors } = context;
  const format = stringOption(args, 'export') as ExportFormat;
  const result = exportPlan(plan, format, exportProfiles(context));
  const folder = resolve(io.cwd, stringOption(args, 'out') ?? DEFAULT_EXPORT_DIR);
  await writeExportFiles(folder, result);
  if (args.options.json === true) {
    printJson(io, {
      ...planJson(plan),
      export: { format, folder, files: result.files.map((f) => ({ path: f.path, description: f.description, forAdministrator: f.forAdministrator === true })), notes: result.notes },
    });
    return EXIT.OK;
  }
  // The plan itself was shown by the session (the review).
  io.stdout.write(`\n${colors.bold(`Exported as ${format} to ${folder}`)} (nothing was written to AWS):\n`);
  for (const file of result.files) io.stdout.write(`  ${file.path}  ${colors.dim(file.description)}${file.forAdministrator ? ` ${colors.yellow('[for the consumer account administrator]')}` : ''}\n`);
  for (const note of result.notes) io.stdout.write(`${colors.yellow('note:')} ${note}\n`);
  return EXIT.OK;
}
