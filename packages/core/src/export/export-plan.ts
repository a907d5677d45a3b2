import { accountOf, partitionOf, regionOf } from '../arn/arn';
import { WizardError } from '../errors/wizard-error';
import type { ManifestPlan } from '../manifest/manifest-plan';
import type { Plan } from '../plan/plan-types';
import { exportCdk } from './export-cdk';
import { exportCli } from './export-cli';
import { exportCloudFormation } from './export-cloudformation';
import { exportModel, modelFromChanges, nth, refuseErrors, type ExportModel } from './export-model';
import { exportTerraform } from './export-terraform';
import type { ExportFormat, ExportOptions, ExportResult } from './export-types';

/**
 * What the user would commit instead of applying the plan, as files (pure: no AWS call, no disk).
 * Throws a WizardError for a plan that cannot be exported (see `exportModel`).
 */
export function exportPlan(plan: Plan, format: ExportFormat, options: ExportOptions = {}): ExportResult {
  return render(exportModel(plan, format), format, options);
}

/**
 * What the user would commit instead of applying a whole manifest (`plan -f … --export`): every
 * document once, as the manifest leaves it (each secret policy with all its consumers, each key
 * policy with every consumer and secret on it, each identity policy with all its secrets). Pure.
 */
export function exportManifestPlan(plan: ManifestPlan, format: ExportFormat, options: ExportOptions = {}): ExportResult {
  refuseErrors(plan.findings);
  if (plan.blocked) {
    throw new WizardError('PLAN_BLOCKED', `${plan.file} has shares that cannot be made as asked; nothing was exported`, { field: 'plan', fix: 'Fix what the findings say and plan again' });
  }
  const first = plan.shares[0]?.secret ?? plan.changes.find((change) => change.kind === 'secret-policy')?.target ?? '';
  const secrets = new Set(plan.shares.map((share) => share.secret)).size;
  const consumers = new Set(plan.shares.map((share) => share.consumer)).size;
  const model: ExportModel = modelFromChanges(
    plan.changes,
    {
      header: [
        `secret-share-wizard export: the shares of ${plan.file} (${plan.shares.length} share${plan.shares.length === 1 ? '' : 's'}: ${secrets} secret${secrets === 1 ? '' : 's'} × ${consumers} consumer${consumers === 1 ? '' : 's'}), planned ${plan.createdAt}.`,
        'Each document is the WHOLE document after every share of the manifest (what was there, merged with',
        'the new statements), each document once. If someone changed one since, plan again before using this.',
      ],
      plannedAt: plan.createdAt,
      ownerAccount: accountOf(first) ?? '',
      region: regionOf(first) ?? '',
      partition: partitionOf(first),
    },
    (change) => plan.policyNames[plan.changes.indexOf(change)] ?? change.target,
  );
  return render(model, format, options);
}

function render(model: ExportModel, format: ExportFormat, options: ExportOptions): ExportResult {
  // An organization or OU grant has no one consumer account: its identity policy is for the
  // administrator of every member account, as a plain document (no account to check or deploy to).
  const forMembers = model.identities.filter((identity) => identity.account === '');
  const rest: ExportModel = forMembers.length === 0 ? model : { ...model, identities: model.identities.filter((identity) => identity.account !== ''), consumerAccounts: model.consumerAccounts.filter(Boolean) };
  const result = renderFormat(rest, format, options);
  forMembers.forEach((identity, index) => {
    const path = `identity-policy-for-member-accounts${nth(index, '-')}.json`;
    result.files.push({ path, content: `${JSON.stringify(identity.document, null, 2)}\n`, description: 'The identity policy for the administrator of each member account: attach it to the role that reads the secret', forAdministrator: true });
    result.notes.push(`The grant reaches every account of the organization or OU; each member account's administrator attaches ${path} (as a managed or inline policy) to the role that reads the secret.`);
  });
  return result;
}

function renderFormat(model: ExportModel, format: ExportFormat, options: ExportOptions): ExportResult {
  switch (format) {
    case 'cli':
      return exportCli(model, options);
    case 'terraform':
      return exportTerraform(model, options);
    case 'cloudformation':
      return exportCloudFormation(model);
    case 'cdk':
      return exportCdk(model);
  }
}
