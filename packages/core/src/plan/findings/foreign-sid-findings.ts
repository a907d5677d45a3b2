import { foreignSidStatements } from '../own-statements';
import type { Finding, PolicyChange } from '../plan-types';
import type { ShareContext } from '../share-context';
import { finding } from './finding-codes';
import { policyPath } from './policy-path';

const LABEL: Record<PolicyChange['kind'], string> = {
  'secret-policy': 'secret policy',
  'key-policy': 'key policy',
  'identity-policy': 'identity policy',
};

/**
 * A statement that carries one of this share's Sids but is not what the wizard writes (see
 * plan/own-statements.ts). Share: an error (the plan is blocked; apply would otherwise overwrite
 * it). Revoke: a warning (revoke keeps it and removes only the wizard's own statements).
 */
export function foreignSidFindings(changes: PolicyChange[], ctx: ShareContext, operation: 'share' | 'revoke'): Finding[] {
  const findings: Finding[] = [];
  for (const change of changes) {
    for (const { index, sid } of foreignSidStatements(change.before, change.kind, ctx)) {
      const where = { change: change.kind, statementIndex: index, path: policyPath('Statement', index, 'Sid') };
      const what = `Statement ${index} of the ${LABEL[change.kind]} (${change.target}) carries the Sid ${sid}, which secret-share-wizard uses for this share, but it is not a statement the wizard writes`;
      findings.push(
        operation === 'share'
          ? finding('WIZARD_SID_FOREIGN', `${what}: apply will not overwrite it. If it is yours, give it another Sid; if it is a grant the wizard wrote whose principal AWS now shows as a unique id (AROA…, a deleted role), remove it. Then plan again.`, where)
          : finding('REVOKE_WIZARD_SID_FOREIGN', `${what}: revoke keeps it and removes only the wizard's own statements. Review it yourself.`, where),
      );
    }
  }
  return findings;
}
