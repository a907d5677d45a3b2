/** The shapes of shares.yaml (packages/core/schema/shares.schema.json is the authority). */
export type ManifestVersionStage = 'AWSCURRENT' | 'any';
export type ManifestPolicyMode = 'managed' | 'inline' | 'none';

export interface ManifestOptions {
  versionStage?: ManifestVersionStage;
  consumerPolicy?: ManifestPolicyMode;
  /** Role (or user/NAME, or ARN) of the consumer account that receives the identity policy. */
  consumerRole?: string;
  policyName?: string;
  describe?: boolean;
  contextCondition?: boolean;
  allowDrift?: boolean;
}

export type SecretSelector =
  | { arn: string; region?: string }
  | { name: string; region?: string }
  | { prefix?: string; tags?: Record<string, string>; region?: string };

export interface ManifestConsumer extends ManifestOptions {
  account?: string;
  role?: string;
  user?: string;
  org?: string;
  ou?: string;
  binding?: 'principal' | 'condition';
}

export interface ManifestShare extends ManifestOptions {
  name?: string;
  secrets: SecretSelector[];
  consumers: ManifestConsumer[];
}

export interface ManifestData {
  version: 1;
  region?: string;
  defaults?: ManifestOptions;
  shares: ManifestShare[];
}

export interface SourceLocation {
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/** A parsed, schema-valid manifest with where each value sits in the file. */
export interface Manifest {
  /** The file name as given (for messages). */
  file: string;
  data: ManifestData;
  /** `shares[0].consumers[1].account` → where its value is; with `@key` appended: where its key is. */
  locations: Record<string, SourceLocation>;
}

export interface ManifestProblem {
  severity: 'error' | 'warning';
  file: string;
  line: number;
  column: number;
  /** `shares[0].consumers[1].account`, or `` for the whole file. */
  field: string;
  message: string;
  /** The underlying error code, e.g. INPUT_PRINCIPAL or AWS_NOT_FOUND, when one exists. */
  code?: string;
}
