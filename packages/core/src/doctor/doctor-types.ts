import type { AccountClients } from '../aws/aws-context';
import type { Plan, ShareRequest } from '../plan/plan-types';
import type { PolicyDocument } from '../policy/policy-types';
import type { Assumption, Layer, LayerDecision, NamedPolicy, PathLayers, SimulationResult, StatementRef, Verdict, VpcEndpointInput } from '../simulate/simulate-types';
import type { ParsedAccessDenied } from './parse-access-denied';

/** `secret-share-wizard doctor`: why does (or would) this consumer get AccessDenied? */
export interface DiagnoseInput {
  /** The secret: full ARN (or a name in the owner account). */
  secret: string;
  /** The consumer role (or user) ARN that reads the secret. */
  consumerRole: string;
  /** One role session to simulate (`assumed-role/ROLE/SESSION`); default: taken from `error`, else the role. */
  sessionName?: string;
  /** The AccessDenied message the consumer got: parsed, and checked against the doctor's answer. */
  error?: string;
  /** Default AWSCURRENT. */
  versionStage?: string;
  /** Credentials of the organization's management account or a delegated administrator (SCPs, RCPs). */
  organizations?: AccountClients;
  /** Session policies cannot be read back from IAM: the ones passed to AssumeRole, from files. */
  sessionPolicies?: NamedPolicy[];
  /** The interface endpoint the consumer calls Secrets Manager through, from a file. */
  vpcEndpoint?: VpcEndpointInput;
}

/** The same question with every layer given as documents (`doctor --offline`). */
export interface DiagnoseOfflineInput extends PathLayers {
  secretArn: string;
  /** The secret's customer managed key; absent: the AWS managed key aws/secretsmanager. */
  keyArn?: string;
  consumerRole: string;
  sessionName?: string;
  error?: string;
  versionStage?: string;
  secretPolicy: PolicyDocument | null;
  keyPolicy: PolicyDocument | null;
  identityPolicies: NamedPolicy[];
}

export type DoctorCall = 'secretsmanager:GetSecretValue' | 'kms:Decrypt';

/** One layer of the path, over both calls. */
export interface DoctorLayer {
  layer: Layer;
  /** The layer's answer to the call it decided, else the worst of its answers (deny > unknown > allow). */
  decision: LayerDecision['decision'];
  statement?: StatementRef;
  /** Its answer per call (the VPC endpoint is on GetSecretValue only). */
  calls: Partial<Record<DoctorCall, LayerDecision['decision']>>;
  /** SCPs and RCPs: the level that decided. */
  target?: string;
  /** Unknown layers: who can read it. */
  readableBy?: string;
}

/**
 * What to do. `plan`: the fix is in the three documents the tool writes: `request` (and the `plan`
 * made from what was read) can be applied by the session. `text`: the fix is elsewhere (an SCP, an
 * RCP, a boundary, a Deny the tool did not write...): exact words of what to change, and where.
 */
export interface DoctorFix {
  kind: 'plan' | 'text';
  layer: Layer;
  /** The account where the change is made (the management account for SCPs and RCPs, when known). */
  account?: string;
  text: string;
  request?: ShareRequest;
  plan?: Plan;
}

/** The doctor's answer compared with AWS's own message. */
export interface MessageCheck {
  parsed: ParsedAccessDenied;
  /** True when AWS's message and the doctor name the same layer (or the same call, for "Access to KMS is not allowed"). */
  agrees: boolean;
  text: string;
}

export interface DiagnoseResult {
  secretArn: string;
  consumerRole: string;
  sessionName?: string;
  /** Allowed by every layer that could be read (see `verdict` and `unknownLayers`). */
  allowed: boolean;
  verdict: Verdict;
  /** The layer that denies, and the call it denies. */
  decidingLayer?: Layer;
  decidingCall?: DoctorCall;
  /** The deciding statement (document, index, Sid). */
  statement?: StatementRef;
  explanation: string;
  /** Layers that could not be read, with who can read them; an allowed verdict depends on them. */
  unknownLayers: Array<{ layer: Layer; readableBy: string }>;
  layers: DoctorLayer[];
  fix?: DoctorFix;
  message?: MessageCheck;
  assumptions: Assumption[];
  notes: string[];
  simulation: SimulationResult;
  /** AWS reads made (online only): calls, sequential round trips, and per operation. */
  reads?: { calls: number; roundTrips: number; operations: Record<string, number> };
}
