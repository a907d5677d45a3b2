import type { Finding } from '../plan-types';
import type { ShareContext } from '../share-context';
import type { ShareState } from '../share-state';
import { finding } from './finding-codes';

/** The consumer principal: missing, a role/user (the recreate trap), or in the owner's own account. */
export function principalFindings(state: ShareState, ctx: ShareContext): Finding[] {
  const findings: Finding[] = [];
  const { consumer } = ctx;
  if (state.consumerAccountReadable && state.principalExists === false) {
    const who = ctx.identity?.arn ?? consumer.arn;
    findings.push(finding('PRINCIPAL_NOT_FOUND', `${who} does not exist in account ${ctx.identity?.account ?? consumer.account}. AWS refuses a policy naming a principal that does not exist ("Invalid principal"). Check the name and path, create it first, or share with the account root (arn:${consumer.partition}:iam::${consumer.account}:root). A role created seconds ago can be refused for a few seconds: plan again shortly.`));
  }
  if ((consumer.kind === 'role' || consumer.kind === 'user') && ctx.binding === 'principal') {
    findings.push(finding('PRINCIPAL_ROLE_RECREATE_TRAP', `The grant names the ${consumer.kind} ${consumer.arn}. When you specify an exact ${consumer.kind}, IAM internally converts it to a "principal ID" unique to the ${consumer.kind}. If you delete the ${consumer.kind} and recreate it with the same name, it receives a new principal ID and does not automatically obtain access: an accidental delete and restore can result in "broken" access. As a best practice, specify only the account (arn:${consumer.partition}:iam::${consumer.account}:root, --consumer ${consumer.account}) and let its administrator grant the ${consumer.kind} access with an identity policy, or keep only this ${consumer.kind} with --role-binding condition (the account root with ArnEquals aws:PrincipalArn, which survives a recreated ${consumer.kind}).`));
  }
  if (consumer.account !== '' && consumer.account === state.secret.account) {
    findings.push(finding('CONSUMER_SAME_ACCOUNT', `The consumer ${consumer.arn} is in the secret's own account ${consumer.account}: an identity policy alone would be enough; the resource and key policy grants are added anyway.`));
  }
  return findings;
}
