import type { CallerIdentity } from '../aws/aws-context';
import { userError } from '../errors/wizard-error';
import type { Change, Plan } from '../plan/plan-types';

/**
 * The owner credentials write the secret policy and the key policy: they must sign in to the
 * account that owns them. Proven with the GetCallerIdentity answer the session already has.
 */
export async function checkOwnerAccount(ownerIdentity: Promise<CallerIdentity>, plan: Plan): Promise<void> {
  const owner = await ownerIdentity;
  const ownerWrites = plan.changes.filter((change) => change.kind !== 'identity-policy' && change.action !== 'none');
  for (const change of ownerWrites) {
    if (change.account === owner.account) continue;
    if (change.kind === 'key-policy') {
      throw userError(
        'KEY_ACCOUNT_NOT_WRITABLE',
        '--profile',
        `the key ${change.target} is in account ${change.account}, but the owner credentials sign in to ${owner.account}`,
        `The key policy must be changed by account ${change.account}: run with a profile of that account, or export the plan (--export) for its administrators`,
      );
    }
    throw userError(
      'OWNER_CREDENTIALS_WRONG_ACCOUNT',
      '--profile',
      `the owner credentials sign in to account ${owner.account}, but ${change.target} is in account ${change.account}`,
      `Pass --profile with a profile of account ${change.account}`,
    );
  }
}

/**
 * The checks made immediately before every write: the target is one the plan names (its secret,
 * its key, its consumer policy) in the account the plan names.
 */
export function writeGuard(plan: Plan): (change: Change) => void {
  const allowed = new Map<string, string>();
  allowed.set(plan.secret.arn, plan.secret.account);
  for (const change of plan.changes) if (change.kind === 'key-policy' || change.kind === 'secret-key') allowed.set(change.target, change.account);
  if (plan.identity) {
    allowed.set(plan.identity.arn, plan.identity.account);
    if (plan.identity.policyArn) allowed.set(plan.identity.policyArn, plan.identity.account);
  }
  // A key created by this plan is only known by its ARN once CreateKey answers.
  const createsKey = plan.changes.some((change) => change.kind === 'secret-key' && change.newKey !== undefined);
  return (change) => {
    if (createsKey && change.kind === 'key-policy' && change.account === plan.secret.account) return;
    const account = allowed.get(change.target);
    if (account === undefined || account !== change.account) {
      throw userError('WRITE_REFUSED', change.kind, `${change.target} (account ${change.account}) is not a document this request may write`, 'Plan again from the request; nothing was written');
    }
  };
}
