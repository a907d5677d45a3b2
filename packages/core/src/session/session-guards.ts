import type { AwsContext, CallerIdentity } from '../aws/aws-context';
import { userError } from '../errors/wizard-error';
import type { WriteCheck } from '../apply/run-changes';
import { assertWriteAllowed } from '../guard/write-guard';
import { writeScopeForPlan, type WriteScope } from '../guard/write-scope';
import type { Plan } from '../plan/plan-types';

/**
 * The owner credentials write the secret policy and the key policy: they must sign in to the
 * account that owns them. Proven with the GetCallerIdentity answer the session already has.
 */
export async function checkOwnerAccount(ownerIdentity: Promise<CallerIdentity>, plan: Plan): Promise<CallerIdentity> {
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
  return owner;
}

/**
 * The secret's ARN names its account: owner credentials of another account are refused before any
 * read error (a read across accounts fails as "not found", which would hide the real mistake).
 */
export async function refuseOtherOwner(ownerIdentity: Promise<CallerIdentity>, secretAccount: string | undefined): Promise<void> {
  if (!secretAccount) return;
  const owner = await ownerIdentity.catch(() => undefined);
  if (owner && owner.account !== secretAccount) {
    throw userError('OWNER_CREDENTIALS_WRONG_ACCOUNT', '--profile', `the owner credentials sign in to account ${owner.account}, but the secret is in account ${secretAccount}`, `Pass --profile with a profile of account ${secretAccount}`);
  }
}

/** The accounts the credentials proved (GetCallerIdentity, already asked once by the reads). */
export async function provedAccounts(ctx: AwsContext, owner: CallerIdentity): Promise<WriteScope['proved']> {
  const consumer = ctx.consumer ? await ctx.consumer.identity().catch(() => undefined) : undefined;
  return { owner: owner.account, ...(consumer ? { consumer: consumer.account } : {}) };
}

/**
 * The write guard of a session: immediately before every write, the document about to be sent is
 * checked against what the request allows (`guard/`: no public grant, the key's own account keeps
 * administration, only the request's targets in the accounts the credentials proved, well-formed and
 * within AWS's size limits, no grant beyond the request) — whatever produced the document.
 */
export function writeGuard(plan: Plan, proved: WriteScope['proved']): WriteCheck {
  const scope = writeScopeForPlan(plan, proved);
  return (change, live, run) => {
    const withKey = run.createdKeyArn && !scope.keyArns.includes(run.createdKeyArn) ? { ...scope, keyArns: [...scope.keyArns, run.createdKeyArn] } : scope;
    assertWriteAllowed(change, live, withKey);
  };
}
