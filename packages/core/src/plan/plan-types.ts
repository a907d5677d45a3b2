import type { RoleBinding } from '../arn/grantee';
import type { ConsumerPrincipal } from '../arn/principal';
import type { DocumentKind, PolicyDocument, Statement } from '../policy/policy-types';
import type { SimulationResult } from '../simulate/simulate-types';
import type { FindingCode } from './findings/finding-codes';

export type ChangeKind = DocumentKind | 'secret-key';
export type ChangeAction = 'create' | 'update' | 'delete' | 'none';
export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Stable code from the registry `FINDING_CODES`, e.g. `SECRET_AWS_MANAGED_KEY`. Front ends and tests key on it. */
  code: FindingCode;
  severity: Severity;
  /** What is wrong and how to fix it, in plain words. */
  message: string;
  /** Which document it concerns, if any. */
  change?: ChangeKind;
  /** Index of the statement in that document (in `after`, or `before` when it was removed). */
  statementIndex?: number;
  /** JSON path inside the document, e.g. `Statement[2].Resource`, for editors to place diagnostics. */
  path?: string;
  /** `key`: the finding is about the name of the property at `path` (an unknown key), not its value. */
  at?: 'key';
  /** A replacement that certainly fixes the finding (editors offer it as a quick fix and in "fix all"). */
  fix?: FindingFix;
}

/** Replace the value at a finding's `path` (or, with `target: 'key'`, the property name) with `value`. */
export interface FindingFix {
  title: string;
  target: 'value' | 'key';
  /** The new JSON value (a string for a key). */
  value: unknown;
}

export interface ShareOptions {
  /** Limit the grant to the AWSCURRENT version stage (default) or allow any version. */
  versionStage: 'AWSCURRENT' | 'any';
  /** Also grant secretsmanager:DescribeSecret (default off). */
  grantDescribe: boolean;
  /** Tie the key grant to this secret with kms:EncryptionContext:SecretARN (default on). */
  contextCondition: boolean;
}

export const DEFAULT_SHARE_OPTIONS: ShareOptions = { versionStage: 'AWSCURRENT', grantDescribe: false, contextCondition: true };

export type IdentityPolicyMode = 'managed' | 'inline' | 'none';

export interface ShareRequest {
  /** Secret ARN or name, as the user gave it. */
  secret: string;
  /** Account id, root ARN, role ARN, user ARN, organization id (`o-…`) or OU path, as the user gave it. */
  consumer: string;
  /**
   * Role or user consumers: how the resource policies name it (`--role-binding`). Absent means
   * `principal` (the role ARN is the Principal); `condition`: the account root with `ArnEquals
   * aws:PrincipalArn`, which keeps working when the role is recreated.
   */
  roleBinding?: RoleBinding;
  /**
   * The organization of the account that will read (`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`),
   * as the user states it (`--principal-org-id`, `--principal-org-path`), for the simulation of an
   * organization or OU grant. Facts read from AWS Organizations take precedence.
   */
  callerOrg?: { orgId?: string; orgPaths?: string[] };
  /** Role or user (name or ARN) that receives the identity policy; defaults to the consumer when it is a role/user. */
  consumerIdentity?: string;
  identityPolicy: IdentityPolicyMode;
  /** Name of the managed or inline policy; a deterministic default is derived from the secret. */
  policyName?: string;
  options: ShareOptions;
  /** Opt-in: move a secret off `aws/secretsmanager` first (issue 3). */
  moveToKey?: { keyArn: string } | { createKey: true };
  /**
   * The secret or key is managed by infrastructure as code (CloudFormation stack tags, Terraform/CDK
   * markers): write it anyway (`--allow-drift`). Without it the plan is blocked (IAC_MANAGED_RESOURCE).
   */
  allowDrift?: boolean;
}

export interface SecretInfo {
  arn: string;
  name: string;
  account: string;
  region: string;
  partition: string;
  /** KmsKeyId as DescribeSecret returned it (id, alias or ARN); undefined means `aws/secretsmanager`. */
  kmsKeyId?: string;
  /** The full key ARN, when known. */
  keyArn?: string;
  usesAwsManagedKey: boolean;
  /** The secret's tags, when read from AWS (share records, IaC markers): DescribeSecret returns them at no extra cost. */
  tags?: Record<string, string>;
}

/** Where the consumer identity policy goes. */
export interface IdentityTarget {
  mode: IdentityPolicyMode;
  principalKind: 'role' | 'user';
  /** Role or user name. */
  name: string;
  /** Role or user ARN. */
  arn: string;
  account: string;
  policyName: string;
  /** Managed mode: `arn:PARTITION:iam::ACCOUNT:policy/NAME` (never `iam::aws:policy`). */
  policyArn?: string;
}

interface ChangeBase {
  /** ARN of what is written: the secret, the key, the managed policy, or the role/user for an inline policy. */
  target: string;
  /** Account the write happens in. */
  account: string;
  action: ChangeAction;
  /** Statements this change adds and removes. */
  added: Statement[];
  removed: Statement[];
  /** True when `after` grants anything `before` did not. */
  broadensAccess: boolean;
  /** Unified diff of canonical, pretty-printed JSON (before → after). */
  diff: string;
}

export interface PolicyChange extends ChangeBase {
  kind: DocumentKind;
  before: PolicyDocument | null;
  after: PolicyDocument | null;
  /** Identity-policy changes: where the document goes. */
  identity?: IdentityTarget;
}

export interface SecretKeyChange extends ChangeBase {
  kind: 'secret-key';
  before: { KmsKeyId: string };
  after: { KmsKeyId: string };
  /** Set when the plan creates a new customer managed key (with this key policy). */
  newKey?: { policy: PolicyDocument; description: string };
}

export type Change = PolicyChange | SecretKeyChange;

export interface Plan {
  schema: 'secret-share-wizard/plan@1';
  operation: 'share' | 'revoke';
  createdAt: string;
  request: ShareRequest;
  secret: SecretInfo;
  consumer: ConsumerPrincipal;
  identity?: IdentityTarget;
  /** In apply order: identity policy, key policy, secret policy (and the secret-key move first, when any). */
  changes: Change[];
  findings: Finding[];
  simulation: { before: SimulationResult; after: SimulationResult };
  /** True when any finding is an error: apply refuses. */
  blocked: boolean;
  /**
   * Set on a plan made by `audit --fix` (audit/plan-audit-fix.ts) rather than by the share planner:
   * what it repairs. Apply does not re-merge it onto another writer's version (it stops instead).
   */
  auditFix?: { kind: 'repoint' | 'remove' | 'narrow'; description: string };
}
