import { userError } from '../errors/wizard-error';
import { isRegion, parseArn } from './arn';

export interface KeyArn {
  arn: string;
  partition: string;
  region: string;
  account: string;
  keyId: string;
}

const EXAMPLE = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

export const AWS_MANAGED_SECRETS_KEY_ALIAS = 'alias/aws/secretsmanager';

/** A full key ARN (`key/<id>`). Aliases and bare key ids are refused: cross-account use needs the key ARN. */
export function parseKeyArn(value: string, field = 'key'): KeyArn {
  const arn = parseArn(value, field, EXAMPLE);
  if (arn.service !== 'kms') throw userError('INPUT_KEY_ARN', field, `"${value}" is not a KMS key ARN`, `Expected ${EXAMPLE}`);
  if (arn.resource.startsWith('alias/')) {
    throw userError('INPUT_KEY_ALIAS', field, `"${value}" is an alias ARN`, `Use the key ARN the alias points to (aws kms describe-key --key-id ${arn.resource}), e.g. ${EXAMPLE}`);
  }
  if (!arn.resource.startsWith('key/') || arn.resource.length <= 4) throw userError('INPUT_KEY_ARN', field, `"${value}" is not a key ARN`, `Expected ${EXAMPLE}`);
  if (!isRegion(arn.region) || !/^\d{12}$/.test(arn.account)) throw userError('INPUT_KEY_ARN', field, `"${value}" has no valid region or account`, `Expected ${EXAMPLE}`);
  return { arn: value, partition: arn.partition, region: arn.region, account: arn.account, keyId: arn.resource.slice(4) };
}

export function isFullKeyArn(value: string): boolean {
  return /^arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:key\/.+$/.test(value);
}
