import type { ConsumerPrincipal } from '../arn/principal';
import type { PolicyDocument } from '../policy/policy-types';

/**
 * Every layer of the path from a consumer to a secret, with the names used in every output:
 * - `identity-policy`: the caller's identity policies (attached and inline);
 * - `permissions-boundary`: the permissions boundary of the caller's role or user;
 * - `session-policy`: the session policies passed when the role was assumed;
 * - `scp`: the service control policies of the caller's account (every level of its org path);
 * - `rcp`: the resource control policies of the resource's account (every level);
 * - `secret-policy`: the secret's resource policy;
 * - `key-policy`: the KMS key policy;
 * - `vpc-endpoint-policy`: the policy of the interface VPC endpoint the caller goes through.
 */
export type Layer =
  | 'identity-policy'
  | 'permissions-boundary'
  | 'session-policy'
  | 'scp'
  | 'rcp'
  | 'secret-policy'
  | 'key-policy'
  | 'vpc-endpoint-policy';

/** Every layer, in the order outputs list them. */
export const LAYERS: readonly Layer[] = Object.freeze([
  'identity-policy',
  'permissions-boundary',
  'session-policy',
  'scp',
  'rcp',
  'secret-policy',
  'key-policy',
  'vpc-endpoint-policy',
] as const);

export interface StatementRef {
  layer: Layer;
  /**
   * The statement's index in `document` when the documents of the layer are named; otherwise its
   * index across the layer's documents, in order (one document: its index in it).
   */
  index: number;
  sid?: string;
  /** The document the statement is in, when named (a policy ARN or name, an SCP's name or id). */
  document?: string;
  /** SCPs and RCPs: the organization target the document is attached to (root, OU or account id). */
  target?: string;
}

export interface LayerDecision {
  layer: Layer;
  /** `unknown`: the layer could not be read; it is never assumed to allow (see `readableBy`). */
  decision: 'allow' | 'explicit-deny' | 'implicit-deny' | 'unknown';
  /** The statement that decided (the Allow that matched, or the Deny); none for an implicit deny. */
  statement?: StatementRef;
  /** Key policy only: allowed because the key policy delegates to its account's IAM (account root). */
  delegatedToIam?: boolean;
  /** SCPs and RCPs: the level (root, OU or account) that decided, e.g. the one with no Allow. */
  target?: string;
  /** Unknown layers: who can read it, e.g. "the management account or a delegated administrator". */
  readableBy?: string;
}

/** One API call checked end to end (e.g. GetSecretValue on the secret). */
export interface AccessCheck {
  action: string;
  resource: string;
  /** Allowed by every layer that is known; `unknownLayers` lists the ones it depends on besides. */
  allowed: boolean;
  layers: LayerDecision[];
  /** The layer that decided: the deny, or the missing allow. */
  decidingLayer?: Layer;
  explanation: string;
  /** Unknown layers this call passes through (an allowed call is allowed only if they allow too). */
  unknownLayers?: Layer[];
}

/** A condition the verdict depends on: a layer that could not be read, a document not yet attached... */
export interface Assumption {
  layer: Layer;
  text: string;
}

export interface SimulationResult {
  /**
   * Can the consumer read the secret: GetSecretValue and kms:Decrypt via Secrets Manager both allowed
   * by every known layer. When `assumptions` is not empty, the answer is "allowed if" each holds.
   */
  allowed: boolean;
  /** The layer that blocks access (when not allowed) or undefined. */
  decidingLayer?: Layer;
  statement?: StatementRef;
  explanation: string;
  checks: AccessCheck[];
  /**
   * What an allowed verdict depends on (one per unknown layer, and any the caller adds, e.g. "the
   * consumer's administrator attaches the identity policy"). A plain array: callers may push to it.
   */
  assumptions: Assumption[];
  /** Layers that could not be read (never assumed to allow), for both calls. */
  unknownLayers: Layer[];
  /** Approximations worth knowing (e.g. a Deny naming one session of the caller's role). */
  notes?: string[];
}

/** `allowed`, `allowed-if` (allowed when the assumptions hold) or `denied`. */
export type Verdict = 'allowed' | 'allowed-if' | 'denied';

export function verdictOf(result: Pick<SimulationResult, 'allowed' | 'assumptions'>): Verdict {
  if (!result.allowed) return 'denied';
  return result.assumptions.length > 0 ? 'allowed-if' : 'allowed';
}

/** A policy document with the name it is known by (ARN, name, or "inline policy X of role/Y"). */
export interface NamedPolicy {
  name: string;
  document: PolicyDocument;
}

/** The policies attached to one level of an organization path: the root, an OU, or the account. */
export interface OrgLevel {
  /** `r-xxxx`, `ou-xxxx-xxxxxxxx` or the 12-digit account id. */
  target: string;
  /** Display name (e.g. the OU's name), when known. */
  name?: string;
  policies: NamedPolicy[];
}

/** The policy of the interface VPC endpoint the caller goes through. */
export interface VpcEndpointInput {
  /** `vpce-...` (`aws:SourceVpce`); when unknown, conditions on aws:SourceVpce see no value. */
  endpointId?: string;
  /** `vpc-...` (`aws:SourceVpc`), when known. */
  vpcId?: string;
  /** The endpoint policy; none means the default policy (full access). */
  policy?: NamedPolicy;
  /** Set when the endpoint is known but its policy could not be read: who can read it. */
  policyReadableBy?: string;
}

/**
 * A layer beyond the three documents. Leaving the field out means the layer is not there (no
 * boundary, no session policy, no organization, no endpoint), the same as `{ status: 'none' }`.
 */
export type LayerInput<T> =
  | { status: 'none'; /** Why not, e.g. "the management account is not governed by SCPs". */ reason?: string }
  | { status: 'known'; value: T }
  | { status: 'unknown'; /** Who can read it, e.g. "the management account (organizations:ListPoliciesForTarget)". */ readableBy: string };

/** The layers of the path beyond the three documents, and the organization facts conditions use. */
export interface PathLayers {
  permissionsBoundary?: LayerInput<NamedPolicy>;
  /** The session policies passed to AssumeRole (inline and managed), read together like identity policies. */
  sessionPolicies?: LayerInput<NamedPolicy[]>;
  /** SCPs of the caller's account, one level per entry from the root to the account. */
  scps?: LayerInput<OrgLevel[]>;
  /** RCPs of the secret's account (they apply to the secret, and to the key when it is in that account). */
  rcps?: LayerInput<OrgLevel[]>;
  /** RCPs of the key's account when it differs from the secret's; default: none. */
  keyRcps?: LayerInput<OrgLevel[]>;
  /** The interface endpoint of Secrets Manager the caller goes through (`aws:SourceVpce` is then present). */
  vpcEndpoint?: LayerInput<VpcEndpointInput>;
  /** The caller's organization id (`aws:PrincipalOrgID`), when known; otherwise the key is missing. */
  principalOrgId?: string;
  /** The caller account's organization paths (`aws:PrincipalOrgPaths`), e.g. `o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/`. */
  principalOrgPaths?: string[];
  /** The resource account's organization id (`aws:ResourceOrgID`). */
  resourceOrgId?: string;
  /** The resource account's organization paths (`aws:ResourceOrgPaths`). */
  resourceOrgPaths?: string[];
  /**
   * The management account of the organization: its principals are not governed by SCPs and its
   * resources not by RCPs (the layers are then skipped even when given).
   */
  managementAccount?: string;
}

export interface SimulationInput extends PathLayers {
  principal: ConsumerPrincipal;
  secretArn: string;
  /** Undefined when the secret uses the AWS managed key (access always fails cross-account). */
  keyArn?: string;
  secretPolicy: PolicyDocument | null;
  keyPolicy: PolicyDocument | null;
  /** Policies attached to the consumer role/user (all of them that are known). */
  identityPolicies: PolicyDocument[];
  /** Names of `identityPolicies`, in the same order (statement references then name their document). */
  identityPolicyNames?: string[];
  /**
   * Layers among the three documents that could not be read, with who can read them (the document
   * field is then ignored), e.g. `{ 'identity-policy': 'the consumer account (iam:GetRolePolicy...)' }`.
   */
  unreadable?: Partial<Record<'identity-policy' | 'secret-policy' | 'key-policy', string>>;
  /** The version stage the consumer asks for; default AWSCURRENT. */
  versionStage?: string;
  /**
   * For a consumer given as an account: the role or user ARN that will read the secret, when known.
   * Without it the caller is an unnamed role of the account (only account-wide grants match it).
   */
  callerArn?: string;
  /**
   * The role session to simulate (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`). Without it the
   * simulator models the role, not one session: a Deny naming any session of the role applies, and
   * an Allow naming one session does not grant the role.
   */
  sessionName?: string;
  /**
   * The caller's unique id (`AROA...` for a role, `AIDA...` for a user). A principal written as a
   * unique id (IAM's rewrite of a deleted role or user) matches the caller only when this is it.
   */
  callerUniqueId?: string;
  /** The version id asked for (`secretsmanager:VersionId`, `kms:EncryptionContext:SecretVersionId`). */
  versionId?: string;
  /** The secret's tags (`secretsmanager:ResourceTag/<key>`, `aws:ResourceTag/<key>`). */
  secretTags?: Record<string, string>;
  /** The time of the simulated call (`aws:CurrentTime`, `aws:EpochTime`); default now. */
  currentTime?: Date;
}

/** The three layers the tool writes (a plan can change them; the others it can only explain). */
export function isDocumentLayer(layer: Layer | undefined): layer is 'identity-policy' | 'secret-policy' | 'key-policy' {
  return layer === 'identity-policy' || layer === 'secret-policy' || layer === 'key-policy';
}
