import { WizardError, type ErrorCode } from '../errors/wizard-error';
import { isAdministratorChange } from '../plan/plan-share';
import type { IdentityTarget, Plan, PolicyChange, SecretKeyChange } from '../plan/plan-types';
import { defaultPolicyName } from '../plan/sids';
import type { PolicyDocument } from '../policy/policy-types';
import type { ExportFormat } from './export-types';

/** A document to put, with where it goes. */
export interface ExportDocument {
  change: PolicyChange;
  document: PolicyDocument;
}

/** The consumer identity policy, with its target resolved (the administrator's has a name even without a role). */
export interface ExportIdentity extends ExportDocument {
  /** Role/user that receives it; undefined for an account-root consumer without a named role. */
  target?: IdentityTarget;
  /** Managed or inline (mode `none` becomes managed for the administrator). */
  mode: 'managed' | 'inline';
  policyName: string;
  /** Managed: `arn:P:iam::ACCOUNT:policy/PATH/NAME`. */
  policyArn: string;
  /** Managed: the policy exists already (the plan's `before` is not null): update, or import into IaC. */
  exists: boolean;
  /** True when apply would not write it: the consumer account's administrator does. */
  administrator: boolean;
}

/** A plan reduced to what an export writes. Pure data. */
export interface ExportModel {
  plan: Plan;
  ownerAccount: string;
  consumerAccount: string;
  region: string;
  partition: string;
  secretArn: string;
  secretName: string;
  keyMove?: SecretKeyChange;
  identity?: ExportIdentity;
  key?: ExportDocument & { keyArn: string };
  secret?: ExportDocument;
}

function exportError(code: ErrorCode, message: string, fix: string): WizardError {
  return new WizardError(code, message, { field: '--export', fix });
}

/** `arn:aws:iam::123:policy/a/b/NAME` → `/a/b/` (`/` without a path). */
export function iamPolicyPath(policyArn: string): string {
  const resource = policyArn.split(':').slice(5).join(':');
  const parts = resource.split('/').slice(1, -1);
  return parts.length === 0 ? '/' : `/${parts.join('/')}/`;
}

function policyChange(plan: Plan, kind: PolicyChange['kind']): PolicyChange | undefined {
  return plan.changes.find((change): change is PolicyChange => change.kind === kind);
}

/**
 * Checks that a plan can be exported and reduces it to its documents. Refused (WizardError, nothing
 * written): a revoke plan, a plan blocked by error findings other than IAC_MANAGED_RESOURCE (the
 * export is the way to change an IaC-managed resource), a plan that creates a new key (its ARN is
 * only known after CreateKey: create the key first, then plan with `--move-to-key <ARN>`).
 */
export function exportModel(plan: Plan, format: ExportFormat): ExportModel {
  if (plan.operation !== 'share') {
    throw exportError('EXPORT_UNSUPPORTED', `a ${plan.operation} plan cannot be exported as ${format}`, 'Export the share instead, or remove its statements from your code (their Sids start with SecretShareWizard)');
  }
  const errors = plan.findings.filter((finding) => finding.severity === 'error' && finding.code !== 'IAC_MANAGED_RESOURCE');
  if (errors.length > 0) {
    throw new WizardError('PLAN_BLOCKED', `the plan has errors (${[...new Set(errors.map((finding) => finding.code))].join(', ')}); nothing was exported`, {
      field: 'plan',
      fix: 'Fix what the findings say and plan again',
    });
  }
  const keyMove = plan.changes.find((change): change is SecretKeyChange => change.kind === 'secret-key');
  if (keyMove?.newKey) {
    throw exportError('EXPORT_NEW_KEY', 'a plan that creates a new KMS key cannot be exported (the key ARN is only known once the key exists)', 'Create the key in your code first, then plan with --move-to-key <key ARN> and export again');
  }
  const partition = plan.secret.partition;
  const model: ExportModel = {
    plan,
    ownerAccount: plan.secret.account,
    consumerAccount: plan.consumer.account,
    region: plan.secret.region,
    partition,
    secretArn: plan.secret.arn,
    secretName: plan.secret.name,
    ...(keyMove ? { keyMove } : {}),
  };
  const identity = policyChange(plan, 'identity-policy');
  if (identity?.after) {
    const administrator = isAdministratorChange(identity);
    const target = identity.identity;
    const mode = target?.mode === 'inline' ? 'inline' : 'managed';
    const policyName = target?.policyName ?? defaultPolicyName(plan.secret.arn, plan.secret.name);
    const account = target?.account ?? plan.consumer.account;
    model.identity = {
      change: identity,
      document: identity.after,
      ...(target ? { target } : {}),
      mode,
      policyName,
      policyArn: target?.policyArn ?? `arn:${partition}:iam::${account}:policy/${policyName}`,
      exists: identity.before !== null,
      administrator,
    };
  }
  const key = policyChange(plan, 'key-policy');
  if (key?.after) model.key = { change: key, document: key.after, keyArn: key.target };
  const secret = policyChange(plan, 'secret-policy');
  if (secret?.after) model.secret = { change: secret, document: secret.after };
  return model;
}

/** The header every export starts with: what, from which plan. Lines without comment markers. */
export function exportHeader(model: ExportModel): string[] {
  const { plan } = model;
  return [
    `secret-share-wizard export: share ${model.secretArn}`,
    `with ${plan.consumer.arn}, planned ${plan.createdAt}.`,
    'Each document is the WHOLE document as the plan computed it (what was there, merged with the new',
    'statements). If someone changed one since, plan again before using this.',
  ];
}
