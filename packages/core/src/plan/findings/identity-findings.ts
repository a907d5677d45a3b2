import { isOrgConsumer } from '../../arn/principal';
import type { Finding, PolicyChange } from '../plan-types';
import type { ShareContext } from '../share-context';
import type { ShareState } from '../share-state';
import { finding } from './finding-codes';

export const MANAGED_POLICY_VERSION_LIMIT = 5;

/** The consumer's identity policy: version limit, not attached, or only a document for an administrator. */
export function identityFindings(state: ShareState, ctx: ShareContext, change: PolicyChange | undefined): Finding[] {
  const findings: Finding[] = [];
  const identity = state.identity;
  if (ctx.identityMode === 'managed' && change?.action === 'update' && (identity?.policyVersionCount ?? 0) >= MANAGED_POLICY_VERSION_LIMIT) {
    findings.push(finding('POLICY_VERSION_LIMIT', `The managed policy ${ctx.identity?.policyArn} already has ${identity?.policyVersionCount} versions, the AWS limit. Apply will delete the oldest non-default version before creating the new one (it asks first; the deleted version is saved in the backup). To keep it, delete another version yourself: \`aws iam delete-policy-version --policy-arn ${ctx.identity?.policyArn} --version-id v<N>\`.`, { change: 'identity-policy' }));
  }
  if (ctx.identityMode === 'managed' && identity?.document && identity.attached === false) {
    findings.push(finding('POLICY_NOT_ATTACHED', `The managed policy ${ctx.identity?.policyArn} exists but is not attached to ${ctx.identity?.arn}; apply attaches it.`, { change: 'identity-policy' }));
  }
  if (ctx.identityMode === 'none') {
    const where = ctx.identity
      ? `${ctx.identity.arn}`
      : isOrgConsumer(ctx.consumer)
        ? `the role or user that will read the secret in each member account of ${ctx.consumer.arn}`
        : `the role or user in account ${ctx.consumer.account} that will read the secret`;
    findings.push(finding('IDENTITY_FOR_ADMINISTRATOR', `The identity policy is not written by apply: the consumer account's administrator must attach it to ${where} (e.g. \`aws iam put-role-policy --role-name ROLE --policy-name ${ctx.identity?.policyName ?? 'NAME'} --policy-document file://identity-policy.json\`). Without it the consumer is denied (cross-account access needs both sides).`, { change: 'identity-policy' }));
  }
  return findings;
}
