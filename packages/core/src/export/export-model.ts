import { WizardError, type ErrorCode } from '../errors/wizard-error';
import { isAdministratorChange } from '../plan/plan-share';
import type { Change, Finding, IdentityTarget, Plan, PolicyChange, SecretKeyChange } from '../plan/plan-types';
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
  /** The account it is written in. */
  account: string;
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

/**
 * What an export writes: the documents after the plan (one share) or after a whole manifest (each
 * document once, with everything merged), in apply order. Pure data.
 */
export interface ExportModel {
  /** What is exported, for the header of every file (lines without comment markers). */
  header: string[];
  /** When it was planned. */
  plannedAt: string;
  ownerAccount: string;
  /** The consumer accounts (where the identity policies go), the first one first. */
  consumerAccounts: string[];
  region: string;
  partition: string;
  keyMoves: SecretKeyChange[];
  identities: ExportIdentity[];
  keys: Array<ExportDocument & { keyArn: string }>;
  secrets: Array<ExportDocument & { secretArn: string }>;
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


/** The identity document of a change, as an export writes it. */
function exportIdentity(change: PolicyChange, fallbackName: string, partition: string): ExportIdentity | undefined {
  if (!change.after) return undefined;
  const administrator = isAdministratorChange(change);
  const target = change.identity;
  const mode = target?.mode === 'inline' ? 'inline' : 'managed';
  const policyName = target?.policyName ?? fallbackName;
  const account = target?.account ?? change.account;
  return {
    change,
    document: change.after,
    account,
    ...(target ? { target } : {}),
    mode,
    policyName,
    policyArn: target?.policyArn ?? `arn:${partition}:iam::${account}:policy/${policyName}`,
    exists: change.before !== null,
    administrator,
  };
}

/** The documents of a list of changes (each once), in apply order. */
export function modelFromChanges(changes: readonly Change[], base: Pick<ExportModel, 'header' | 'plannedAt' | 'ownerAccount' | 'region' | 'partition'>, identityName: (change: PolicyChange) => string): ExportModel {
  const model: ExportModel = { ...base, consumerAccounts: [], keyMoves: [], identities: [], keys: [], secrets: [] };
  for (const change of changes) {
    if (change.kind === 'secret-key') {
      model.keyMoves.push(change);
      continue;
    }
    if (change.kind === 'identity-policy') {
      const identity = exportIdentity(change, identityName(change), base.partition);
      if (identity) model.identities.push(identity);
    } else if (change.kind === 'key-policy' && change.after) {
      model.keys.push({ change, document: change.after, keyArn: change.target });
    } else if (change.kind === 'secret-policy' && change.after) {
      model.secrets.push({ change, document: change.after, secretArn: change.target });
    }
  }
  model.consumerAccounts = [...new Set(model.identities.map((identity) => identity.account))];
  return model;
}

/** The export refuses plans with errors, except IAC_MANAGED_RESOURCE (the export is the way to change an IaC-managed resource). */
export function refuseErrors(findings: readonly Finding[]): void {
  const errors = findings.filter((finding) => finding.severity === 'error' && finding.code !== 'IAC_MANAGED_RESOURCE');
  if (errors.length > 0) {
    throw new WizardError('PLAN_BLOCKED', `the plan has errors (${[...new Set(errors.map((finding) => finding.code))].join(', ')}); nothing was exported`, {
      field: 'plan',
      fix: 'Fix what the findings say and plan again',
    });
  }
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
  refuseErrors(plan.findings);
  const keyMove = plan.changes.find((change): change is SecretKeyChange => change.kind === 'secret-key');
  if (keyMove?.newKey) {
    throw exportError('EXPORT_NEW_KEY', 'a plan that creates a new KMS key cannot be exported (the key ARN is only known once the key exists)', 'Create the key in your code first, then plan with --move-to-key <key ARN> and export again');
  }
  const model = modelFromChanges(
    plan.changes,
    {
      header: [
        `secret-share-wizard export: share ${plan.secret.arn}`,
        `with ${plan.consumer.arn}, planned ${plan.createdAt}.`,
        'Each document is the WHOLE document as the plan computed it (what was there, merged with the new',
        'statements). If someone changed one since, plan again before using this.',
      ],
      plannedAt: plan.createdAt,
      ownerAccount: plan.secret.account,
      region: plan.secret.region,
      partition: plan.secret.partition,
    },
    () => defaultPolicyName(plan.secret.arn, plan.secret.name),
  );
  // An account consumer with no role named: its administrator's document still goes to that account.
  if (model.consumerAccounts.length === 0) model.consumerAccounts = [plan.consumer.account];
  return model;
}

/** The header every export starts with: what, from which plan. Lines without comment markers. */
export function exportHeader(model: ExportModel): string[] {
  return model.header;
}

/** `''` for the first of a kind, `2`, `3`, ... after it: names stay as they were for one share. */
export function nth(index: number, separator = ''): string {
  return index === 0 ? '' : `${separator}${index + 1}`;
}
