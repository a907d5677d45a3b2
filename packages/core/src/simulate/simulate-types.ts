import type { ConsumerPrincipal } from '../arn/principal';
import type { PolicyDocument } from '../policy/policy-types';

export type Layer = 'identity-policy' | 'secret-policy' | 'key-policy';

export interface StatementRef {
  layer: Layer;
  index: number;
  sid?: string;
}

export interface LayerDecision {
  layer: Layer;
  decision: 'allow' | 'explicit-deny' | 'implicit-deny';
  /** The statement that decided (the Allow that matched, or the Deny); none for an implicit deny. */
  statement?: StatementRef;
  /** Key policy only: allowed because the key policy delegates to its account's IAM (account root). */
  delegatedToIam?: boolean;
}

/** One API call checked end to end (e.g. GetSecretValue on the secret). */
export interface AccessCheck {
  action: string;
  resource: string;
  allowed: boolean;
  layers: LayerDecision[];
  /** The layer that decided: the deny, or the missing allow. */
  decidingLayer?: Layer;
  explanation: string;
}

/** Something the verdict depends on that nobody checked (a layer not read, a document apply does not write). */
export interface Assumption {
  layer: string;
  text: string;
}

export interface SimulationResult {
  /** Can the consumer read the secret: GetSecretValue and kms:Decrypt via Secrets Manager both allowed. */
  allowed: boolean;
  /** The layer that blocks access (when not allowed) or undefined. */
  decidingLayer?: Layer;
  statement?: StatementRef;
  explanation: string;
  checks: AccessCheck[];
  /** The verdict holds only if these hold ("allowed if …"); empty when it depends on nothing unchecked. */
  assumptions?: Assumption[];
}

export interface SimulationInput {
  principal: ConsumerPrincipal;
  secretArn: string;
  /** Undefined when the secret uses the AWS managed key (access always fails cross-account). */
  keyArn?: string;
  secretPolicy: PolicyDocument | null;
  keyPolicy: PolicyDocument | null;
  /** Policies attached to the consumer role/user (all of them that are known). */
  identityPolicies: PolicyDocument[];
  /** The version stage the consumer asks for; default AWSCURRENT. */
  versionStage?: string;
  /**
   * For a consumer given as an account: the role or user ARN that will read the secret, when known.
   * Without it the caller is an unnamed role of the account (only account-wide grants match it).
   */
  callerArn?: string;
  /** The version id asked for (`secretsmanager:VersionId`, `kms:EncryptionContext:SecretVersionId`). */
  versionId?: string;
  /** The consumer account's organization id (`aws:PrincipalOrgID`), when known; otherwise the key is missing. */
  principalOrgId?: string;
  /** The secret's tags (`secretsmanager:ResourceTag/<key>`, `aws:ResourceTag/<key>`). */
  secretTags?: Record<string, string>;
  /** The time of the simulated call (`aws:CurrentTime`, `aws:EpochTime`); default now. */
  currentTime?: Date;
}
