import { userError } from '../errors/wizard-error';
import { isRegion, parseArn, pastedTextProblem, tryParseArn } from './arn';

export interface SecretArn {
  arn: string;
  partition: string;
  region: string;
  account: string;
  /** The secret name, without the six-character suffix. */
  name: string;
  /** The six random characters AWS appends, without the dash. */
  suffix: string;
}

const EXAMPLE = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/** Splits `NAME-XXXXXX`; undefined when the six-character suffix is missing. */
function splitSuffix(resourceName: string): { name: string; suffix: string } | undefined {
  const match = /^(.+)-([A-Za-z0-9]{6})$/.exec(resourceName);
  return match ? { name: match[1]!, suffix: match[2]! } : undefined;
}

export function isSecretArn(value: string): boolean {
  const arn = tryParseArn(value);
  return arn?.service === 'secretsmanager' && arn.resource.startsWith('secret:');
}

/**
 * A complete secret ARN, with its suffix. A name-only ARN (no `-XXXXXX`) is refused: in a policy it
 * matches nothing, and another account cannot call GetSecretValue with it.
 */
export function parseSecretArn(value: string, field = 'secret'): SecretArn {
  const arn = parseArn(value, field, EXAMPLE);
  if (arn.service !== 'secretsmanager' || !arn.resource.startsWith('secret:')) {
    throw userError('INPUT_SECRET_ARN', field, `"${value}" is not a Secrets Manager secret ARN`, `Expected ${EXAMPLE}`);
  }
  if (!isRegion(arn.region)) throw userError('INPUT_SECRET_ARN', field, `"${arn.region}" is not a region`, `Expected ${EXAMPLE}`);
  if (!/^\d{12}$/.test(arn.account)) throw userError('INPUT_SECRET_ARN', field, `"${arn.account}" is not a 12-digit account id`, `Expected ${EXAMPLE}`);
  const split = splitSuffix(arn.resource.slice('secret:'.length));
  if (!split) {
    throw userError(
      'INPUT_SECRET_SUFFIX',
      field,
      `"${value}" has no six-character suffix (real secret ARNs end in -XXXXXX)`,
      'Pass the secret name instead (it is resolved to the full ARN), or copy the full ARN from `aws secretsmanager describe-secret`',
    );
  }
  return { arn: value, partition: arn.partition, region: arn.region, account: arn.account, ...split };
}

/** Either a full secret ARN or a secret name (resolved later through DescribeSecret). */
export type SecretRef = { kind: 'arn'; secret: SecretArn } | { kind: 'name'; name: string; partialArn?: string };

export function parseSecretRef(value: string, field = 'secret'): SecretRef {
  const problem = pastedTextProblem(value);
  if (problem) throw userError('INPUT_PASTED_TEXT', field, `"${value}" ${problem}`, 'Retype the secret name or ARN as plain ASCII');
  if (value.startsWith('arn:')) {
    const arn = tryParseArn(value);
    if (arn?.service === 'secretsmanager' && arn.resource.startsWith('secret:') && !splitSuffix(arn.resource.slice(7))) {
      // A partial ARN: resolvable by DescribeSecret in the owner account.
      return { kind: 'name', name: arn.resource.slice(7), partialArn: value };
    }
    return { kind: 'arn', secret: parseSecretArn(value, field) };
  }
  if (!SECRET_NAME.test(value)) {
    throw userError('INPUT_SECRET_NAME', field, `"${value}" is not a valid secret name`, 'Secret names use letters, digits and /_+=.@- (up to 512 characters)');
  }
  return { kind: 'name', name: value };
}

/** `NAME-??????`: the wildcard form that matches this secret and no other. */
export function secretArnPattern(secret: SecretArn): string {
  return `arn:${secret.partition}:secretsmanager:${secret.region}:${secret.account}:secret:${secret.name}-??????`;
}
