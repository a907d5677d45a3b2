import type { AwsContext } from '../aws/aws-context';
import { awsCall } from '../aws/aws-errors';
import { loadSecretsManagerSdk } from '../aws/sdk';
import type { Finding } from '../plan/plan-types';
import type { PolicyDocument } from '../policy/policy-types';
import { awsErrorName } from '../aws/aws-errors';
import { errorMessage, httpStatus, rootCause } from './aws-errors';
import { regionOf } from '../arn/arn';


/**
 * Replaces the secret's resource policy (null: deletes it). Always with `BlockPublicPolicy: true`,
 * so Secrets Manager itself refuses anything that would make the secret public.
 * (Read it with `readSecretPolicy` from aws/read-secret.)
 */
export async function writeSecretPolicy(ctx: AwsContext, secretArn: string, document: PolicyDocument | null): Promise<void> {
  const { PutResourcePolicyCommand, DeleteResourcePolicyCommand } = await loadSecretsManagerSdk();
  const sm = await ctx.owner.secretsManager(regionOf(secretArn));
  if (document === null) {
    await awsCall(ctx.owner, { service: 'secretsmanager', operation: 'DeleteResourcePolicy', resource: secretArn }, () => sm.send(new DeleteResourcePolicyCommand({ SecretId: secretArn })));
    return;
  }
  await awsCall(ctx.owner, { service: 'secretsmanager', operation: 'PutResourcePolicy', resource: secretArn }, () =>
    sm.send(new PutResourcePolicyCommand({ SecretId: secretArn, ResourcePolicy: JSON.stringify(document), BlockPublicPolicy: true })),
  );
}

export interface SecretPolicyValidation {
  /** False when the endpoint could not validate (not supported, or not allowed). */
  supported: boolean;
  passed: boolean;
  findings: Finding[];
}

/**
 * `ValidateResourcePolicy` on the document about to be written: AWS's own checks (syntax, broad
 * access, lock-out) as plan findings. Where the endpoint does not support it (moto answers HTTP 500)
 * or the caller may not call it, the result says so with a warning finding; the write goes on.
 */
export async function validateSecretPolicy(ctx: AwsContext, secretArn: string, document: PolicyDocument): Promise<SecretPolicyValidation> {
  const region = regionOf(secretArn) ?? '';
  const known = unsupported.get(ctx)?.get(region);
  if (known) return { supported: false, passed: true, findings: [notValidated(known)] };
  const { ValidateResourcePolicyCommand } = await loadSecretsManagerSdk();
  const sm = await ctx.owner.secretsManager(regionOf(secretArn));
  try {
    const result = await sm.send(new ValidateResourcePolicyCommand({ SecretId: secretArn, ResourcePolicy: JSON.stringify(document) }));
    const findings: Finding[] = (result.ValidationErrors ?? []).map((error) => ({
      code: 'SECRET_POLICY_VALIDATION',
      severity: 'error',
      change: 'secret-policy',
      message: `Secrets Manager refused the new secret policy (${error.CheckName ?? 'check'}): ${error.ErrorMessage ?? 'no details'}. Fix the request and plan again.`,
    }));
    const passed = result.PolicyValidationPassed !== false && findings.length === 0;
    if (!passed && findings.length === 0) {
      findings.push({ code: 'SECRET_POLICY_VALIDATION', severity: 'error', change: 'secret-policy', message: 'Secrets Manager did not pass the new secret policy (no details given). Plan again.' });
    }
    return { supported: true, passed, findings };
  } catch (error) {
    const status = httpStatus(error);
    const endpointLacksIt = status !== undefined && status >= 500;
    const reason = endpointLacksIt ? `the endpoint does not support it (HTTP ${status})` : `${awsErrorName(rootCause(error)) || 'error'}: ${errorMessage(error).slice(0, 200)}`;
    // Asked once per context and region: a batch of secrets does not pay the SDK's retries each time.
    if (endpointLacksIt) unsupported.set(ctx, (unsupported.get(ctx) ?? new Map<string, string>()).set(region, reason));
    return { supported: false, passed: true, findings: [notValidated(reason)] };
  }
}

/** Per context and region: why ValidateResourcePolicy is not available there. */
const unsupported = new WeakMap<AwsContext, Map<string, string>>();

function notValidated(reason: string): Finding {
  return {
    code: 'SECRET_POLICY_NOT_VALIDATED',
    severity: 'warning',
    change: 'secret-policy',
    message: `ValidateResourcePolicy could not check the new secret policy: ${reason}. It is written anyway, with BlockPublicPolicy, after the plan's own checks passed.`,
  };
}
