import { auditJson, auditMarkdown, auditSarif, isRegion, runAuditSession, userError, AUDIT_FIX_CATEGORIES, type AuditFixCategory, type AuditProgress } from '@secret-share-wizard/core';
import { flag, listOption, refuseTogether, stringOption, type CommandSpec } from '../cli/args';
import { requireConfirmationChannel } from '../cli/confirm';
import type { CommandContext } from '../cli/context';
import { version } from '../cli/main-help';
import { printJson } from '../cli/output';
import { renderError } from '../cli/render-results';
import { sessionOptions } from '../cli/session-run';
import { JSON_FLAG } from '../cli/share-flags';
import { WRITE_FLAGS } from './apply';
import { progressLine, renderAudit, renderFixes } from './audit-render';

export const spec: CommandSpec = {
  name: 'audit',
  summary: 'Every cross-account grant of every secret (and key) of an account or organization, with its status and fix',
  usage: ['audit [--profile P] [--region R…|--all-regions] [--org --role-name NAME] [--json|--markdown|--sarif] [--rate-limit N] [--fix half-done|broken-principal|public|all …] [--yes] [--all]'],
  options: {
    profile: { type: 'string', placeholder: '<profile>', description: 'AWS profile of the account to audit (with --org: the management account or a delegated administrator)' },
    region: { type: 'string', placeholder: '<region>', repeatable: true, description: "Region to audit (repeat for several; default: the profile's)" },
    'all-regions': { type: 'boolean', description: 'Every region enabled in each account (EC2 DescribeRegions)' },
    org: { type: 'boolean', description: "Every account of the organization (organizations:ListAccounts), through --role-name in each" },
    'role-name': { type: 'string', placeholder: '<name>', description: 'With --org: the role assumed in each member account, e.g. OrganizationAccountAccessRole' },
    'rate-limit': { type: 'string', placeholder: '<N>', description: 'GetResourcePolicy requests per second per account and region (default and at most 50, the AWS quota)' },
    fix: { type: 'string', placeholder: '<finding>', repeatable: true, description: 'Repair these findings (half-done, broken-principal, public, or all), each approved first' },
    all: { type: 'boolean', description: 'List every grant, not only those that need attention' },
    markdown: { type: 'boolean', description: 'Print a Markdown report on stdout' },
    sarif: { type: 'boolean', description: 'Print SARIF 2.1.0 on stdout (code-scanning dashboards)' },
    ...WRITE_FLAGS,
    ...JSON_FLAG,
  },
  notes: [
    'Statuses: complete, half-done (one of the secret and key sides), broken-principal (AROA…/AIDA…: deleted), public ("*" without an account or organization condition),',
    'unshareable-key (on aws/secretsmanager), org-wide (an organization or OU grant, with its scope), foreign-key (the key is in another account), drifted (the tool\'s record disagrees).',
    'Grants written by hand count too. Each account and region reads at most --rate-limit GetResourcePolicy requests per second; a failing account is reported, not fatal.',
    '--fix turns chosen findings into plans applied like a share (approval, preflight, guard, backup, rollback): complete the missing side; re-point a broken principal to its role',
    '(by condition) when it exists again, else remove it; narrow a public statement to the owner\'s organization.',
    'Exit codes: 0 nothing needs attention · 10 something does (or an account could not be read) · 2 invalid input · 1 AWS failure (· 4 a fix\'s rollback incomplete).',
  ],
};

function fixCategories(values: string[]): AuditFixCategory[] {
  const categories = new Set<AuditFixCategory>();
  for (const value of values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean)) {
    if (value === 'all') for (const category of AUDIT_FIX_CATEGORIES) categories.add(category);
    else if ((AUDIT_FIX_CATEGORIES as readonly string[]).includes(value)) categories.add(value as AuditFixCategory);
    else throw userError('INPUT_AUDIT', '--fix', `"${value}" is not one of ${AUDIT_FIX_CATEGORIES.join(', ')}, all`, `Pass --fix ${AUDIT_FIX_CATEGORIES.join('|')}|all (repeatable)`);
  }
  return [...categories];
}

function rateLimit(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || value > 50) throw userError('INPUT_AUDIT', '--rate-limit', `"${text}" is not a rate between 1 and 50 requests per second`, 'AWS allows 50 Get/Put/Delete/ValidateResourcePolicy requests per second per account and region: pass 1 to 50');
  return value;
}

export async function run(context: CommandContext): Promise<number> {
  const { args, io, colors, errColors } = context;
  refuseTogether(args, 'all-regions', ['region'], 'Pass either --region (repeatable) or --all-regions');
  const formats = ['json', 'markdown', 'sarif'].filter((name) => args.options[name] === true);
  if (formats.length > 1) throw userError('INPUT_CONFLICTING_FLAGS', `--${formats[1]}`, `cannot be combined with --${formats[0]}`, 'Pick one output format');
  const roleName = stringOption(args, 'role-name');
  if (flag(args, 'org') && roleName === undefined) throw userError('INPUT_MISSING_FLAG', '--role-name', 'is required with --org (the role to assume in each member account)', 'Pass --role-name OrganizationAccountAccessRole (or the role your organization uses)');
  if (!flag(args, 'org') && roleName !== undefined) throw userError('INPUT_CONFLICTING_FLAGS', '--role-name', 'only goes with --org', 'Add --org to audit every account of the organization, or remove --role-name');
  const fix = fixCategories(listOption(args, 'fix'));
  const rate = rateLimit(stringOption(args, 'rate-limit'));
  if (fix.length > 0) requireConfirmationChannel(context, 'audit --fix');
  const regions = listOption(args, 'region');
  for (const region of regions) if (!isRegion(region)) throw userError('INPUT_REGION', '--region', `"${region}" is not an AWS region`, 'Pass a region code such as us-east-2 or eu-west-1');
  // The regions go to the audit (each its own context); the AWS selection takes the first as its default.
  const options = sessionOptions({ ...context, args: { ...args, options: { ...args.options, ...(regions[0] ? { region: regions[0] } : {}) } } });

  const bar = io.stderr.isTTY === true && formats.length === 0;
  let last = 0;
  const onProgress = bar
    ? (progress: AuditProgress) => {
        const now = Date.now();
        if (now - last < 100 && progress.done < progress.total) return;
        last = now;
        io.stderr.write(progressLine(progress));
      }
    : undefined;
  const outcome = await runAuditSession(
    {
      ...(regions.length > 0 ? { regions } : flag(args, 'all-regions') ? { regions: 'all' as const } : {}),
      ...(flag(args, 'org') ? { org: { roleName: roleName! } } : {}),
      ...(rate !== undefined ? { rateLimit: rate } : {}),
      ...(fix.length > 0 ? { fix } : {}),
      ...(onProgress ? { onProgress } : {}),
    },
    options,
  );
  if (bar) io.stderr.write('\r\x1b[K');
  if (!outcome.report) {
    if (args.options.json === true) printJson(io, { ok: false, error: outcome.error, shares: [] });
    else if (outcome.error) io.stderr.write(renderError(outcome.error, errColors));
    return outcome.exitCode;
  }
  if (args.options.json === true) printJson(io, { ...auditJson(outcome.report), ...(outcome.fixes.length > 0 ? { fixes: outcome.fixes } : {}) });
  else if (args.options.markdown === true) io.stdout.write(auditMarkdown(outcome.report));
  else if (args.options.sarif === true) printJson(io, auditSarif(outcome.report, { name: 'secret-share-wizard', version, informationUri: 'https://www.npmjs.com/package/secret-share-wizard' }));
  else io.stdout.write(`${renderAudit(outcome.report, colors, flag(args, 'all'))}${renderFixes(outcome, colors)}`);
  return outcome.exitCode;
}
