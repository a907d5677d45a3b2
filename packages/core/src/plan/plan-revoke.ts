import type { PolicyDocument, Statement } from '../policy/policy-types';
import { isDocumentLayer } from '../simulate/simulate-types';
import { buildPolicyChange } from './build-change';
import { documentFindings } from './findings/document-findings';
import { finding, hasErrors } from './findings/finding-codes';
import { inputFindings } from './findings/input-findings';
import { editStatements } from './merge';
import { foreignSidFindings } from './findings/foreign-sid-findings';
import { isOwnStatement } from './own-statements';
import { PLAN_SCHEMA, simulatePlan } from './plan-share';
import type { Change, Finding, Plan, PolicyChange, ShareRequest } from './plan-types';
import { shareContext, type ShareContext } from './share-context';
import type { ShareState } from './share-state';
import { identityDecryptSid, identityGetSecretSid, keyGrantSid, secretDescribeSid, secretReadSid } from './sids';
import { contextSecretArns, SECRET_ARN_CONTEXT_KEY } from './statements';
import { accountOf } from '../arn/arn';

/**
 * What revoke does to a statement shared by several secrets (key policy, identity kms:Decrypt):
 * removes this secret from its list, and the statement when the list is then empty. A statement
 * without the list (shared with the context condition off) is removed, with a warning.
 */
function revokeShared(doc: PolicyDocument | null, sid: string, ctx: ShareContext, notes: Finding[], change: 'key-policy' | 'identity-policy'): [string, Statement | null] | undefined {
  const existing = doc?.Statement.find((s) => s.Sid === sid && isOwnStatement(s, change, ctx));
  if (!existing) return undefined;
  const list = contextSecretArns(existing);
  if (list === null) {
    notes.push(finding('REVOKE_KEY_GRANT_UNSCOPED', `The grant ${sid} is not tied to particular secrets (no kms:EncryptionContext:SecretARN condition), so it may also serve other secrets shared with ${ctx.consumer.arn} on this key. It is removed; share those secrets again to restore their key access.`, { change }));
    return [sid, null];
  }
  if (!list.includes(ctx.secretArn)) return undefined;
  const remaining = list.filter((arn) => arn !== ctx.secretArn);
  if (remaining.length === 0) return [sid, null];
  const condition = { ...existing.Condition, StringLike: { ...existing.Condition?.StringLike, [SECRET_ARN_CONTEXT_KEY]: remaining } };
  return [sid, { ...existing, Condition: condition }];
}

function replacements(entries: Array<[string, Statement | null] | undefined>): Map<string, Statement | null> {
  return new Map(entries.filter((e): e is [string, Statement | null] => e !== undefined));
}

/**
 * Plan a revoke: remove exactly the statements the share wrote for this consumer (by Sid). The key
 * statements lose this secret's ARN (and go when no ARN is left). An identity policy left empty is
 * deleted (action 'delete': DeletePolicy for managed, DeleteRolePolicy/DeleteUserPolicy for inline);
 * an empty secret policy is deleted too (DeleteResourcePolicy). The key policy is never deleted and
 * its administrator statement is never touched. Pure.
 */
export function planRevoke(state: ShareState, request: ShareRequest, now: Date = new Date()): Plan {
  const { moveToKey: _ignored, ...withoutMove } = request;
  const ctx = shareContext({ ...state, targetKey: undefined } as ShareState, withoutMove);
  const { consumer, secretArn, partition, grantee } = ctx;
  const notes: Finding[] = [];
  const changes: Change[] = [];

  const identityBefore = state.identity ? state.identity.document : (state.identityDocument ?? null);
  // Only statements whose content is what the wizard writes are removed (plan/own-statements.ts).
  const own = (kind: PolicyChange['kind']) => (statement: Statement) => isOwnStatement(statement, kind, ctx);
  const identityEdit = editStatements(identityBefore, replacements([
    [identityGetSecretSid(secretArn, grantee), null],
    ctx.keyArn ? revokeShared(identityBefore, identityDecryptSid(ctx.keyArn, grantee), ctx, notes, 'identity-policy') : undefined,
  ]), true, own('identity-policy'));
  const identityTarget = ctx.identity ? { ...ctx.identity, mode: ctx.identityMode } : undefined;
  changes.push(buildPolicyChange({
    kind: 'identity-policy',
    target: ctx.identity ? (ctx.identityMode === 'managed' && ctx.identity.policyArn ? ctx.identity.policyArn : ctx.identity.arn) : consumer.arn,
    account: ctx.identity?.account ?? consumer.account,
    before: identityBefore, after: identityEdit.document, added: identityEdit.added, removed: identityEdit.removed, partition,
    ...(identityTarget ? { identity: identityTarget } : {}),
  }));

  if (ctx.keyArn) {
    const keyEdit = editStatements(state.keyPolicy, replacements([revokeShared(state.keyPolicy, keyGrantSid(ctx.keyArn, grantee), ctx, notes, 'key-policy')]), false, own('key-policy'));
    changes.push(buildPolicyChange({
      kind: 'key-policy', target: ctx.keyArn, account: accountOf(ctx.keyArn) ?? state.secret.account,
      before: state.keyPolicy, after: keyEdit.document, added: keyEdit.added, removed: keyEdit.removed, partition,
    }));
  }

  const secretEdit = editStatements(state.secretPolicy, replacements([
    [secretReadSid(secretArn, grantee), null],
    [secretDescribeSid(secretArn, grantee), null],
  ]), true, own('secret-policy'));
  changes.push(buildPolicyChange({
    kind: 'secret-policy', target: secretArn, account: state.secret.account,
    before: state.secretPolicy, after: secretEdit.document, added: secretEdit.added, removed: secretEdit.removed, partition,
  }));

  const policyChanges = changes as PolicyChange[];
  const findings: Finding[] = [...inputFindings(state, withoutMove, ctx), ...documentFindings(policyChanges, ctx), ...foreignSidFindings(policyChanges, ctx, 'revoke'), ...notes];
  if (policyChanges.every((c) => c.action === 'none')) {
    findings.push(finding('REVOKE_NOTHING_TO_REMOVE', `No statement written by secret-share-wizard for ${consumer.arn} on ${secretArn} was found: nothing to revoke. Grants written by hand are not removed by revoke; edit those policies yourself.`));
  }
  const simulation = simulatePlan(state, ctx, changes);
  if (simulation.after.allowed) {
    const where = simulation.after.statement;
    findings.push(finding('REVOKE_OTHER_GRANT_REMAINS', `After revoke the consumer can still read the secret: ${simulation.after.explanation} Statements that secret-share-wizard did not write are kept; remove them yourself if access must end.`, where && isDocumentLayer(where.layer) ? { change: where.layer, statementIndex: where.index } : {}));
  }
  return {
    schema: PLAN_SCHEMA,
    operation: 'revoke',
    createdAt: now.toISOString(),
    request,
    secret: state.secret,
    consumer,
    ...(identityTarget ? { identity: identityTarget } : {}),
    changes,
    findings,
    simulation,
    blocked: hasErrors(findings),
  };
}
