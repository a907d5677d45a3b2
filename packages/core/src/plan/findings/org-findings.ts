import { isOrgConsumer } from '../../arn/principal';
import { asArray } from '../../policy/parse-policy';
import type { PolicyDocument } from '../../policy/policy-types';
import { orgScopeBroader, statementGrantees } from '../../policy/statement-grantees';
import { wildcardMatch } from '../../simulate/wildcard';
import type { Finding } from '../plan-types';
import type { ShareContext } from '../share-context';
import type { ShareState } from '../share-state';
import { finding } from './finding-codes';

/** The action an existing statement must allow to serve the share, per document. */
const READ_ACTION = { 'secret-policy': 'secretsmanager:GetSecretValue', 'key-policy': 'kms:Decrypt' } as const;

/**
 * An organization or OU consumer: who the grant reaches (info), and an existing statement that
 * already grants a wider part of the same organization than asked (warning: the narrower grant adds
 * nothing while that statement stays). A `*` grant without any organization or account condition is
 * PUBLIC_PRINCIPAL (document findings), an error.
 */
export function orgFindings(state: ShareState, ctx: ShareContext): Finding[] {
  const { consumer } = ctx;
  if (!isOrgConsumer(consumer) || !consumer.orgId) return [];
  const findings: Finding[] = [];
  const scope = consumer.kind === 'organization'
    ? `every account of organization ${consumer.arn} (StringEquals aws:PrincipalOrgID)`
    : `every account in the OU ${consumer.arn} and in the OUs below it (ForAnyValue:StringLike aws:PrincipalOrgPaths "${consumer.arn}*")`;
  findings.push(finding('ORG_GRANT_SCOPE', `The grant reaches ${scope}, now and as accounts join. Each account still needs its own identity policy (its administrators attach the one printed here); principals of the secret's own account ${state.secret.account}, if it is a member, need none: a resource policy alone lets them read.`));
  const asked = { orgId: consumer.orgId, ...(consumer.kind === 'organizational-unit' ? { orgPath: consumer.arn } : {}) };
  const documents: Array<['secret-policy' | 'key-policy', PolicyDocument | null]> = [['secret-policy', state.secretPolicy], ['key-policy', state.keyPolicy]];
  for (const [kind, doc] of documents) {
    doc?.Statement.forEach((statement, index) => {
      if (statement.Effect !== 'Allow' || !asArray(statement.Action).some((action) => wildcardMatch(action, READ_ACTION[kind], true))) return;
      const wider = statementGrantees(statement, ctx.partition).find((grantee) => orgScopeBroader(grantee, asked));
      if (!wider) return;
      const what = wider.kind === 'organization' ? `every account of organization ${wider.orgId}` : `every account under ${wider.orgPath}`;
      findings.push(finding('ORG_GRANT_BROADER', `Statement ${index}${statement.Sid ? ` (${statement.Sid})` : ''} of the ${kind.replace('-', ' ')} already grants ${what}: broader than the OU ${consumer.arn} you asked for. The OU grant adds nothing while it stays; remove that statement to narrow access to the OU.`, { change: kind, statementIndex: index, path: `Statement[${index}]` }));
    });
  }
  return findings;
}
