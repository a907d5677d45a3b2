import { AWS_MANAGED_SECRETS_KEY_ALIAS, isFullKeyArn } from '../../arn/key-arn';
import type { Finding, ShareRequest } from '../plan-types';
import type { ShareContext } from '../share-context';
import type { ShareState } from '../share-state';
import { finding } from './finding-codes';

export const REENCRYPTION_NOTE = 'Secrets Manager re-encrypts the versions labelled AWSCURRENT, AWSPENDING and AWSPREVIOUS with the new key; older versions stay on the old key';

/** The secret's key: AWS managed (blocks sharing unless moved), not a full ARN, unknown, or being moved. */
export function keyFindings(state: ShareState, request: ShareRequest, ctx: ShareContext): Finding[] {
  const findings: Finding[] = [];
  const secret = state.secret;
  if (secret.usesAwsManagedKey && !ctx.move) {
    findings.push(finding('SECRET_AWS_MANAGED_KEY', `The secret ${secret.arn} is encrypted with the AWS managed key aws/secretsmanager. Its key policy is fixed and only allows its own account, so no other account can ever decrypt the secret. Move the secret to a customer managed key first: \`secret-share-wizard apply --move-to-key <KEY_ARN>\` (or \`--move-to-key new\` to create one), or \`aws secretsmanager update-secret --secret-id ${secret.arn} --kms-key-id <KEY_ARN>\`. ${REENCRYPTION_NOTE}.`, { change: 'secret-key' }));
  }
  if (ctx.move) {
    const from = secret.usesAwsManagedKey ? 'the AWS managed key aws/secretsmanager' : (ctx.currentKeyArn ?? secret.kmsKeyId ?? 'its current key');
    const to = ctx.move.create ? 'a new customer managed key (created by apply)' : ctx.move.keyArn;
    findings.push(finding('SECRET_KEY_MOVE', `Apply first moves the secret from ${from} to ${to} (UpdateSecret --kms-key-id). ${REENCRYPTION_NOTE}: the consumer can only read versions on the new key. The caller needs kms:Decrypt on the old key and kms:Encrypt (and kms:GenerateDataKey) on the new one.`, { change: 'secret-key' }));
  } else if (request.moveToKey && !state.targetKey) {
    findings.push(finding('KEY_UNKNOWN', `A key move was requested but the destination key was not read. Pass --move-to-key with a full key ARN (arn:${ctx.partition}:kms:${ctx.region}:ACCOUNT:key/ID) or "new".`, { change: 'secret-key' }));
  }
  if (secret.kmsKeyId && secret.kmsKeyId !== AWS_MANAGED_SECRETS_KEY_ALIAS && !isFullKeyArn(secret.kmsKeyId)) {
    findings.push(finding('KEY_ID_NOT_ARN', `The secret's KmsKeyId is "${secret.kmsKeyId}", a key id or alias, not a full key ARN. Cross-account callers need the key ARN${ctx.currentKeyArn ? ` (${ctx.currentKeyArn})` : ''}; set it with \`aws secretsmanager update-secret --secret-id ${secret.arn} --kms-key-id ${ctx.currentKeyArn ?? '<KEY_ARN>'}\`.`, { change: 'key-policy' }));
  }
  if (!secret.usesAwsManagedKey && !ctx.move && !ctx.currentKeyArn) {
    findings.push(finding('KEY_UNKNOWN', `The secret's key "${secret.kmsKeyId ?? '?'}" could not be resolved to a key ARN, so the key policy cannot be planned. Give the owner profile kms:DescribeKey on it, or plan offline with --key-arn arn:${ctx.partition}:kms:${ctx.region}:ACCOUNT:key/ID.`, { change: 'key-policy' }));
  }
  if (ctx.keyArn && !ctx.move?.create && state.keyPolicy === null) {
    findings.push(finding('KEY_POLICY_UNREADABLE', `The key policy of ${ctx.keyArn} is unknown (it could not be read, or was not given). Every key has a policy, and writing one without its current statements would lock its administrators out. Give the owner profile kms:GetKeyPolicy on the key, or pass the current policy (aws kms get-key-policy --key-id ${ctx.keyArn} --policy-name default).`, { change: 'key-policy' }));
  }
  return findings;
}
