import { AWS_MANAGED_SECRETS_KEY_ALIAS } from '../arn/key-arn';
import { textDiff } from '../policy/policy-diff';
import type { PolicyDocument } from '../policy/policy-types';
import { POLICY_VERSION } from './merge';
import type { SecretKeyChange } from './plan-types';
import type { ShareContext } from './share-context';
import type { ShareState } from './share-state';
import { keyAdminStatement } from './statements';

/** A default key policy: only the "Enable IAM User Permissions" statement for the owner account root. */
export function defaultKeyPolicy(account: string, partition = 'aws'): PolicyDocument {
  return { Version: POLICY_VERSION, Statement: [keyAdminStatement(account, partition)] };
}

/**
 * The first change of a plan that moves the secret to another key (request.moveToKey): UpdateSecret
 * with the new KmsKeyId. For a new key, `newKeyPolicy` (the default admin statement + the consumer
 * grant) is what CreateKey receives; the key ARN in the plan is the placeholder from
 * `newKeyPlaceholderArn` until apply binds the real one (`bindNewKeyArn`).
 */
export function planKeyMove(state: ShareState, ctx: ShareContext, newKeyPolicy?: PolicyDocument): SecretKeyChange | undefined {
  if (!ctx.move) return undefined;
  const before = state.secret.usesAwsManagedKey ? AWS_MANAGED_SECRETS_KEY_ALIAS : (state.secret.kmsKeyId ?? ctx.currentKeyArn ?? AWS_MANAGED_SECRETS_KEY_ALIAS);
  const after = ctx.move.keyArn;
  const change: SecretKeyChange = {
    kind: 'secret-key',
    target: state.secret.arn,
    account: state.secret.account,
    action: before === after ? 'none' : 'update',
    before: { KmsKeyId: before },
    after: { KmsKeyId: after },
    added: [],
    removed: [],
    broadensAccess: false,
    diff: textDiff('secret-kms-key-id.txt', `KmsKeyId: ${before}`, `KmsKeyId: ${after}`),
  };
  if (ctx.move.create && newKeyPolicy) {
    change.newKey = { policy: newKeyPolicy, description: `secret-share-wizard: customer managed key for the secret ${state.secret.name}, shareable with other accounts` };
  }
  return change;
}
