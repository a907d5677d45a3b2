import { accountOf } from '../arn/arn';
import { accountRootArn, parsePrincipal } from '../arn/principal';
import { bugError } from '../errors/wizard-error';
import { buildPolicyChange } from '../plan/build-change';
import { finding, hasErrors } from '../plan/findings/finding-codes';
import { PLAN_SCHEMA, planShare, simulatePlan } from '../plan/plan-share';
import type { Change, Finding, Plan, PolicyChange, ShareRequest } from '../plan/plan-types';
import { shareContext } from '../plan/share-context';
import { buildShareRequest } from '../plan/share-request';
import type { ShareState } from '../plan/share-state';
import { joinConditions, PRINCIPAL_ORG_ID_KEY } from '../plan/statements';
import { statementsEqual } from '../policy/normalise-policy';
import { asArray } from '../policy/parse-policy';
import type { PolicyDocument, Statement } from '../policy/policy-types';
import type { AuditFix } from './audit-types';

export type PlannedAuditFix = Extract<AuditFix, { kind: 'repoint-or-remove' | 'remove' | 'narrow' }>;

/** `statement` without the unique id among its AWS principals; null when nothing else is left. */
function withoutPrincipal(statement: Statement, uniqueId: string): Statement | null {
  const principal = statement.Principal;
  if (typeof principal !== 'object' || principal === null) return statement;
  const aws = asArray(principal.AWS);
  if (!aws.includes(uniqueId)) return statement;
  const left = aws.filter((entry) => entry !== uniqueId);
  const others = Object.keys(principal).some((type) => type !== 'AWS' && principal[type as keyof typeof principal] !== undefined);
  if (left.length === 0 && !others) return null;
  const { AWS: _removed, ...rest } = principal;
  return { ...statement, Principal: left.length === 0 ? rest : { ...rest, AWS: left.length === 1 ? left[0]! : left } };
}

/** The document without the unique id (statements that named only it go); null stays null. */
export function removePrincipal(doc: PolicyDocument | null, uniqueId: string): { document: PolicyDocument | null; removed: Statement[]; added: Statement[] } {
  if (!doc) return { document: null, removed: [], added: [] };
  const removed: Statement[] = [];
  const added: Statement[] = [];
  const statements: Statement[] = [];
  for (const statement of doc.Statement) {
    const kept = withoutPrincipal(statement, uniqueId);
    if (kept === statement) {
      statements.push(statement);
      continue;
    }
    removed.push(statement);
    if (kept) {
      statements.push(kept);
      added.push(kept);
    }
  }
  return { document: { ...doc, Statement: statements }, removed, added };
}

/** The public statement, found again by its Sid (or at its index when it has none) and still public. */
function publicStatement(doc: PolicyDocument | null, fix: Extract<AuditFix, { kind: 'narrow' }>): number {
  if (!doc) return -1;
  const index = fix.sid !== undefined ? doc.Statement.findIndex((s) => s.Sid === fix.sid) : fix.statementIndex;
  const statement = doc.Statement[index];
  if (!statement) return -1;
  const principal = statement.Principal;
  const isStar = principal === '*' || (typeof principal === 'object' && asArray(principal.AWS).includes('*'));
  return isStar ? index : -1;
}

export interface AuditFixPlanOptions {
  /** repoint-or-remove: the role exists again (checked with the consumer account's credentials). */
  roleExists?: boolean;
  now?: Date;
}

/** The share request of a re-pointed grant: the role, by condition (it survives the next recreation). */
export function repointRequest(secretArn: string, roleArn: string): ShareRequest {
  return buildShareRequest({ secret: secretArn, consumer: roleArn, roleBinding: 'condition', identityPolicy: 'none' });
}

/**
 * The plan of an `audit --fix` that the share planner cannot make on its own, from the documents as
 * they are (`state`): remove a broken principal (a unique id) from the secret and key policies;
 * re-point it to its role, by condition, when the role exists again (removal, then the share's own
 * statements); narrow a public statement to the owner's organization. Pure. The plan carries
 * `auditFix`; the session applies it like any plan (approval, preflight, guard, rollback).
 */
export function planAuditFix(state: ShareState, fix: PlannedAuditFix, options: AuditFixPlanOptions = {}): Plan {
  const now = options.now ?? new Date();
  const { secret } = state;
  const partition = secret.partition;
  const notes: Finding[] = [];
  let secretAfter: PolicyDocument | null = state.secretPolicy;
  let keyAfter: PolicyDocument | null = state.keyPolicy;
  let request: ShareRequest;
  let operation: Plan['operation'] = 'revoke';
  let description = fix.description;

  if (fix.kind === 'narrow') {
    const doc = fix.document === 'secret-policy' ? state.secretPolicy : state.keyPolicy;
    const index = publicStatement(doc, fix);
    if (!doc || index < 0) throw bugError(`the public statement ${fix.sid ?? fix.statementIndex} is no longer in the ${fix.document}: audit again`);
    const statement = doc.Statement[index]!;
    const narrowed: Statement = { ...statement, Condition: joinConditions(statement.Condition, { StringEquals: { [PRINCIPAL_ORG_ID_KEY]: fix.orgId } })! };
    const next = { ...doc, Statement: doc.Statement.map((s, i) => (i === index ? narrowed : s)) };
    if (fix.document === 'secret-policy') secretAfter = next;
    else keyAfter = next;
    request = buildShareRequest({ secret: secret.arn, consumer: fix.orgId });
  } else {
    secretAfter = removePrincipal(state.secretPolicy, fix.uniqueId).document;
    if (secretAfter && secretAfter.Statement.length === 0) secretAfter = null;
    keyAfter = removePrincipal(state.keyPolicy, fix.uniqueId).document;
    if (fix.kind === 'repoint-or-remove' && options.roleExists) {
      operation = 'share';
      request = repointRequest(secret.arn, fix.roleArn);
      const shared = planShare({ ...state, secretPolicy: secretAfter, keyPolicy: keyAfter, consumer: parsePrincipal(fix.roleArn, 'role', partition) }, request, now);
      secretAfter = (shared.changes.find((c) => c.kind === 'secret-policy') as PolicyChange | undefined)?.after ?? secretAfter;
      keyAfter = (shared.changes.find((c) => c.kind === 'key-policy') as PolicyChange | undefined)?.after ?? keyAfter;
      notes.push(...shared.findings.filter((f) => f.code !== 'IDENTITY_FOR_ADMINISTRATOR'));
      const identity = shared.changes.find((c): c is PolicyChange => c.kind === 'identity-policy');
      description = `Re-point ${fix.uniqueId} to ${fix.roleArn} by condition (account root + ArnEquals aws:PrincipalArn)${identity ? "; the role's identity policy is for its account's administrator" : ''}`;
    } else {
      const account = fix.kind === 'repoint-or-remove' ? (accountOf(fix.roleArn) ?? secret.account) : secret.account;
      request = buildShareRequest({ secret: secret.arn, consumer: fix.kind === 'repoint-or-remove' ? fix.roleArn : accountRootArn(account, partition), identityPolicy: 'none' });
      if (fix.kind === 'repoint-or-remove') description = `Remove ${fix.uniqueId} (${fix.roleArn} does not exist, or could not be checked) from the secret and key policies`;
    }
  }

  const consumer = parsePrincipal(request.consumer, 'consumer', partition);
  const ctx = shareContext({ ...state, consumer }, request);
  const change = (kind: 'secret-policy' | 'key-policy', target: string, before: PolicyDocument | null, after: PolicyDocument | null): PolicyChange => {
    const beforeStatements = before?.Statement ?? [];
    const afterStatements = after?.Statement ?? [];
    const removed = beforeStatements.filter((s) => !afterStatements.some((t) => statementsEqual(s, t, partition)));
    const added = afterStatements.filter((s) => !beforeStatements.some((t) => statementsEqual(s, t, partition)));
    return buildPolicyChange({ kind, target, account: kind === 'key-policy' ? (accountOf(target) ?? secret.account) : secret.account, before, after, added, removed, partition });
  };
  const changes: Change[] = [];
  if (ctx.keyArn && state.keyPolicy) changes.push(change('key-policy', ctx.keyArn, state.keyPolicy, keyAfter));
  changes.push(change('secret-policy', secret.arn, state.secretPolicy, secretAfter));
  if (changes.every((c) => c.action === 'none')) notes.push(finding('REVOKE_NOTHING_TO_REMOVE', `Nothing to change: ${fix.kind === 'narrow' ? 'the statement is already narrowed' : `${fix.uniqueId} is no longer in the policies`}.`));
  const findings = [...notes];
  return {
    schema: PLAN_SCHEMA,
    operation,
    createdAt: now.toISOString(),
    request,
    secret,
    consumer,
    changes,
    findings,
    simulation: simulatePlan({ ...state, consumer }, ctx, changes),
    blocked: hasErrors(findings),
    auditFix: { kind: fix.kind === 'repoint-or-remove' ? (options.roleExists ? 'repoint' : 'remove') : fix.kind, description },
  };
}
