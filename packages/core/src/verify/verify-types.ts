import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Plan } from '../plan/plan-types';
import type { ParsedAccessDenied } from '../doctor/parse-access-denied';
import type { Layer, StatementRef, Verdict } from '../simulate/simulate-types';

export interface VerifyOptions {
  /** Full secret ARN (with its six-character suffix): another account cannot use a name. */
  secretArn: string;
  /** The consumer role to assume with the consumer credentials; without it the credentials are used directly (a user). */
  consumerRole?: string;
  /** Default AWSCURRENT. */
  versionStage?: string;
  /** Return the secret value itself (only on explicit request, e.g. `--show-value`). */
  showValue?: boolean;
  /** On AccessDenied, run the doctor over the whole path to name the layer (default true). */
  diagnose?: boolean;
  /** The plan that was applied: its documents let a denial name the missing layer. */
  plan?: Plan;
  /**
   * Builds the Secrets Manager client for the assumed role's credentials. Default: an SDK client for
   * the secret's region with the context's endpoint. Tests inject a client here.
   */
  secretsManagerFor?: (credentials: TemporaryCredentials, region: string) => SecretsManagerClient | Promise<SecretsManagerClient>;
}

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export type VerifyErrorClass = 'access-denied-secret' | 'access-denied-kms' | 'not-found' | 'aws-managed-key' | 'other';

export interface VerifySuccess {
  ok: true;
  secretArn: string;
  /** Who read it: the assumed role session or the consumer user. */
  principal: string;
  versionStage: string;
  versionId: string;
  /** Characters of SecretString (bytes of SecretBinary). */
  length: number;
  /** First 8 hex digits of the SHA-256 of the value (`valueFingerprint`): no character of the value. */
  fingerprint: string;
  /** The value, only with `showValue: true`. */
  value?: string;
}

export interface VerifyFailure {
  ok: false;
  secretArn: string;
  principal?: string;
  versionStage: string;
  errorClass: VerifyErrorClass;
  /** What went wrong, in plain words. */
  message: string;
  /** What to do about it. */
  fix: string;
  /** The layer that is missing or denies, when known (from AWS's message or the simulator on the plan). */
  missingLayer?: Layer;
  /** The AWS error as received (name and message; never the secret value). */
  awsError: { name: string; message: string };
  /** AWS's AccessDenied message, parsed (the layer it names, explicit or implicit, action, principal). */
  parsedMessage?: ParsedAccessDenied;
  /** The doctor's evaluation of the whole path, when it could run (see `diagnoseAccess`). */
  diagnosis?: VerifyDiagnosis;
}

/** What the doctor found behind a denial (a summary of its `DiagnoseResult`). */
export interface VerifyDiagnosis {
  verdict: Verdict;
  decidingLayer?: Layer;
  statement?: StatementRef;
  explanation: string;
  unknownLayers: Layer[];
  fix?: string;
  /** Does the doctor agree with AWS's message, and what that means. */
  message?: { agrees: boolean; text: string };
}

export type VerifyOutcome = VerifySuccess | VerifyFailure;
