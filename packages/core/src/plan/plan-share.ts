import type { PolicyDocument, Statement } from '../policy/policy-types';
import { simulateAccess } from '../simulate/simulate-access';
import { isDocumentLayer, type Assumption, type SimulationInput, type SimulationResult } from '../simulate/simulate-types';
import { buildPolicyChange } from './build-change';
import { documentFindings } from './findings/document-findings';
import { finding, hasErrors } from './findings/finding-codes';
import { iacFindings } from './findings/iac-findings';
import { identityFindings } from './findings/identity-findings';
import { inputFindings } from './findings/input-findings';
import { keyFindings } from './findings/key-findings';
import { principalFindings } from './findings/principal-findings';
import { orgFindings } from './findings/org-findings';
import { mergeStatements, type MergeResult } from './merge';
import { foreignSidFindings } from './findings/foreign-sid-findings';
import { isOwnStatement } from './own-statements';
import { defaultKeyPolicy, planKeyMove } from './plan-key-move';
import type { Change, Finding, Plan, PolicyChange, ShareRequest } from './plan-types';
import { shareContext, type ShareContext } from './share-context';
import type { ShareState } from './share-state';
import { identityDecryptSid, keyGrantSid } from './sids';
import { contextSecretArns, identityDecryptStatement, identityGetSecretStatement, keyPolicyStatement, secretPolicyStatements } from './statements';
import { accountOf } from '../arn/arn';
import { accountRootArn, isOrgConsumer, type ConsumerPrincipal } from '../arn/principal';

export const PLAN_SCHEMA = 'secret-share-wizard/plan@1' as const;

/** Our statement with this Sid in `doc` (a foreign statement under our Sid does not count). */
function findOwnBySid(doc: PolicyDocument | null, sid: string, kind: PolicyChange['kind'], ctx: ShareContext): Statement | undefined {
  return doc?.Statement.find((statement) => statement.Sid === sid && isOwnStatement(statement, kind, ctx));
}

/**
 * A statement shared by every secret on one key for one consumer (key policy, identity kms:Decrypt):
 * the existing list of secret ARNs plus this one. When the existing statement (our Sid) has no
 * context condition it already covers every secret: it is kept as it is, with an info finding.
 */
function sharedKeyStatement(existing: Statement | undefined, build: (secretArns: string[] | null) => Statement, ctx: ShareContext, notes: Finding[], change: 'key-policy' | 'identity-policy'): Statement {
  if (!ctx.options.contextCondition) return build(null);
  if (!existing) return build([ctx.secretArn]);
  const list = contextSecretArns(existing);
  if (list === null) {
    notes.push(finding('KEY_GRANT_NOT_SCOPED', `The existing grant ${existing.Sid} is not tied to particular secrets (no kms:EncryptionContext:SecretARN condition): it already covers ${ctx.secretArn} and is kept as it is. Revoke it and share again with the context condition to narrow it.`, { change }));
    return existing;
  }
  return build([...list, ctx.secretArn]);
}

function existingGrantFindings(result: MergeResult, change: PolicyChange['kind']): Finding[] {
  return result.existingGrants.map(({ statement, coveredBy }) =>
    finding('EXISTING_GRANT', `Statement ${coveredBy} of the ${change.replace('-', ' ')} already allows what ${statement.Sid} would (same principal, actions and resource, no stricter condition): no duplicate is added. Revoke will not remove that statement; it is not one the wizard wrote.`, { change, statementIndex: coveredBy, path: `Statement[${coveredBy}]` }),
  );
}

interface Documents {
  secretPolicy: PolicyDocument | null;
  keyPolicy: PolicyDocument | null;
  identity: PolicyDocument | null;
}

/** Stands for "one of the member accounts" when an organization or OU consumer names no role. */
export const ORG_MEMBER_ACCOUNT = 'MEMBER_ACCOUNT';

/**
 * Who the simulation reads as: the consumer; for an organization or OU, the role named with
 * `--consumer-role` (in a member account) or else some principal of some member account.
 */
function simulatedPrincipal(ctx: ShareContext): ConsumerPrincipal {
  if (!isOrgConsumer(ctx.consumer)) return ctx.consumer;
  const account = ctx.identity?.account ?? ORG_MEMBER_ACCOUNT;
  return { kind: 'account', arn: accountRootArn(account, ctx.partition), account, partition: ctx.partition };
}

/** The reading account's organization: what AWS Organizations said, else what the request states, else (an org or OU grant) the one it names, assumed. */
function callerOrganization(state: ShareState, ctx: ShareContext): { orgId?: string; orgPaths?: string[]; assumed: boolean } {
  const orgId = state.layers?.principalOrgId ?? ctx.callerOrg?.orgId;
  const orgPaths = state.layers?.principalOrgPaths ?? ctx.callerOrg?.orgPaths;
  const consumer = ctx.consumer;
  if (!isOrgConsumer(consumer)) return { ...(orgId ? { orgId } : {}), ...(orgPaths ? { orgPaths } : {}), assumed: false };
  const assumedId = orgId === undefined;
  const assumedPaths = consumer.kind === 'organizational-unit' && orgPaths === undefined;
  return {
    orgId: orgId ?? consumer.orgId!,
    ...(orgPaths ? { orgPaths } : consumer.kind === 'organizational-unit' ? { orgPaths: [consumer.arn] } : {}),
    assumed: assumedId || assumedPaths,
  };
}

/** The SimulationInput for the consumer over a set of documents. */
export function simulationInput(state: ShareState, ctx: ShareContext, docs: Documents, keyArn: string | undefined): SimulationInput {
  const identityPolicies = [...(state.identity?.otherPolicies ?? [])];
  if (docs.identity) identityPolicies.unshift(docs.identity);
  const principal = simulatedPrincipal(ctx);
  const input: SimulationInput = {
    principal,
    secretArn: ctx.secretArn,
    secretPolicy: docs.secretPolicy,
    keyPolicy: docs.keyPolicy,
    identityPolicies,
    versionStage: 'AWSCURRENT',
  };
  if (keyArn) input.keyArn = keyArn;
  if (principal.kind === 'account' && ctx.identity) input.callerArn = ctx.identity.arn;
  if (state.layers) Object.assign(input, state.layers);
  const org = callerOrganization(state, ctx);
  if (org.orgId !== undefined) input.principalOrgId = org.orgId;
  if (org.orgPaths !== undefined) input.principalOrgPaths = org.orgPaths;
  return input;
}

/** Simulate before and after; for identity mode 'none' the after assumes the administrator attached the document. */
export function simulatePlan(state: ShareState, ctx: ShareContext, changes: Change[]): { before: SimulationResult; after: SimulationResult } {
  const policy = (kind: PolicyChange['kind']) => changes.find((c): c is PolicyChange => c.kind === kind);
  const identityChange = policy('identity-policy');
  // A managed policy that exists but is not attached grants nothing yet; apply attaches it.
  const identityBeforeCounts = !(ctx.identityMode === 'managed' && state.identity?.attached === false);
  const moving = ctx.move !== undefined;
  const before = simulateAccess(simulationInput(state, ctx, {
    secretPolicy: state.secretPolicy,
    keyPolicy: moving ? null : state.keyPolicy,
    identity: identityBeforeCounts ? (identityChange?.before ?? null) : null,
  }, ctx.currentKeyArn));
  const after = simulateAccess(simulationInput(state, ctx, {
    secretPolicy: policy('secret-policy')?.after ?? null,
    keyPolicy: policy('key-policy')?.after ?? (moving ? null : state.keyPolicy),
    identity: identityChange?.after ?? null,
  }, ctx.keyArn));
  const assumptions = planAssumptions(state, ctx);
  if (assumptions.length > 0) {
    after.assumptions.push(...assumptions);
    after.explanation = `${after.explanation} (${assumptions.map((a) => a.text).join(' ')})`;
  }
  return { before, after };
}

/** What the after-verdict takes for granted because apply does not write it. */
function planAssumptions(state: ShareState, ctx: ShareContext): Assumption[] {
  const assumptions: Assumption[] = [];
  const { consumer } = ctx;
  if (isOrgConsumer(consumer)) {
    const scope = consumer.kind === 'organization' ? `organization ${consumer.arn}` : `the OU ${consumer.arn} (or an OU below it)`;
    const who = ctx.identity ? ctx.identity.arn : `the role or user that will read it in each member account of ${scope}`;
    assumptions.push({ layer: 'identity-policy', text: `Assuming each member account's administrator attaches the produced identity policy to ${who}; apply does not write it.` });
    if (callerOrganization(state, ctx).assumed) {
      assumptions.push({ layer: 'secret-policy', text: `Assuming the account that reads is in ${scope}: its organization was not read (pass --principal-org-id / --principal-org-path, or a consumer profile that can call organizations:DescribeOrganization).` });
    }
    return assumptions;
  }
  if (ctx.identityMode === 'none') {
    const who = ctx.identity ? ctx.identity.arn : `the role or user of account ${ctx.consumer.account} that will read it`;
    assumptions.push({ layer: 'identity-policy', text: `Assuming the consumer account's administrator attaches the produced identity policy to ${who}; apply does not write it.` });
  }
  if (ctx.consumer.kind === 'account' && !ctx.identity) {
    assumptions.push({ layer: 'identity-policy', text: `Assuming some role of account ${ctx.consumer.account} reads the secret: no role was named, so its own policies (and boundary, SCPs) were not checked.` });
  }
  return assumptions;
}

/** Where the identity change is written (see `PolicyChange.target`). */
function identityChangeTarget(ctx: ShareContext): { target: string; account: string } {
  if (!ctx.identity) return { target: ctx.consumer.arn, account: ctx.consumer.account };
  if (ctx.identityMode === 'managed' && ctx.identity.policyArn) return { target: ctx.identity.policyArn, account: ctx.identity.account };
  return { target: ctx.identity.arn, account: ctx.identity.account };
}

/**
 * Plan a share: the three documents as they are and as they must become, the findings and the
 * simulation before/after. Pure: the same state and request give the same plan (`now` only sets
 * `createdAt`).
 *
 * Changes, in apply order: the secret-key move (only with request.moveToKey), the identity policy,
 * the key policy (absent while the secret is on the AWS managed key and no move is planned), the
 * secret policy.
 *
 * Identity mode 'none' (or an account-root consumer without consumerIdentity): the identity change
 * is still in the plan, with its action against the current document (null: 'create'), but apply
 * does not perform it: its `identity.mode` is 'none' (or `identity` is absent when there is no role
 * or user), and front ends show it as "for the consumer's administrator to apply"
 * (`isAdministratorChange`). The simulation after assumes it is attached, and says so.
 */
export function planShare(state: ShareState, request: ShareRequest, now: Date = new Date()): Plan {
  const ctx = shareContext(state, request);
  const { options, partition, region, secretArn, consumer, grantee } = ctx;
  const notes: Finding[] = [];
  const changes: Change[] = [];

  // Identity policy.
  const identityBefore = state.identity ? state.identity.document : (state.identityDocument ?? null);
  const own = (kind: PolicyChange['kind']) => (statement: Statement) => isOwnStatement(statement, kind, ctx);
  const identityStatements = [identityGetSecretStatement(secretArn, grantee, options)];
  if (ctx.keyArn) {
    const keyArn = ctx.keyArn;
    const existing = findOwnBySid(identityBefore, identityDecryptSid(keyArn, grantee), 'identity-policy', ctx);
    identityStatements.push(sharedKeyStatement(existing, (list) => identityDecryptStatement(keyArn, grantee, region, partition, list), ctx, notes, 'identity-policy'));
  }
  const identityMerge = mergeStatements(identityBefore, identityStatements, partition, own('identity-policy'));
  const identityChange = buildPolicyChange({
    kind: 'identity-policy', ...identityChangeTarget(ctx), before: identityBefore, after: identityMerge.document,
    added: identityMerge.added, removed: identityMerge.removed, partition, ...(ctx.identity ? { identity: { ...ctx.identity, mode: ctx.identityMode } } : {}),
  });

  // Key policy.
  let keyChange: PolicyChange | undefined;
  if (ctx.keyArn) {
    const keyAccount = accountOf(ctx.keyArn) ?? state.secret.account;
    const keyBefore = ctx.move?.create ? null : state.keyPolicy;
    const base = ctx.move?.create ? defaultKeyPolicy(keyAccount, partition) : keyBefore;
    const keyArn = ctx.keyArn;
    const existing = findOwnBySid(base, keyGrantSid(keyArn, grantee), 'key-policy', ctx);
    const statement = sharedKeyStatement(existing, (list) => keyPolicyStatement(keyArn, grantee, region, partition, list), ctx, notes, 'key-policy');
    const keyMerge = mergeStatements(base, [statement], partition, own('key-policy'));
    keyChange = buildPolicyChange({
      kind: 'key-policy', target: ctx.keyArn, account: keyAccount, before: keyBefore, after: keyMerge.document,
      added: ctx.move?.create ? keyMerge.document.Statement : keyMerge.added, removed: keyMerge.removed, partition,
    });
    notes.push(...existingGrantFindings(keyMerge, 'key-policy'));
  }

  // Secret policy.
  const secretMerge = mergeStatements(state.secretPolicy, secretPolicyStatements(secretArn, grantee, options), partition, own('secret-policy'));
  const secretChange = buildPolicyChange({
    kind: 'secret-policy', target: secretArn, account: state.secret.account, before: state.secretPolicy, after: secretMerge.document,
    added: secretMerge.added, removed: secretMerge.removed, partition,
  });
  notes.push(...existingGrantFindings(identityMerge, 'identity-policy'), ...existingGrantFindings(secretMerge, 'secret-policy'));

  const keyMove = planKeyMove(state, ctx, ctx.move?.create ? keyChange?.after ?? undefined : undefined);
  if (keyMove) changes.push(keyMove);
  changes.push(identityChange);
  if (keyChange) changes.push(keyChange);
  changes.push(secretChange);

  const policyChanges = changes.filter((c): c is PolicyChange => c.kind !== 'secret-key');
  const findings: Finding[] = [
    ...inputFindings(state, request, ctx),
    ...keyFindings(state, request, ctx),
    ...principalFindings(state, ctx),
    ...orgFindings(state, ctx),
    ...identityFindings(state, ctx, identityChange),
    ...iacFindings(state, request, ctx.keyArn),
    ...documentFindings(policyChanges, ctx),
    ...foreignSidFindings(policyChanges, ctx, 'share'),
    ...dedupeFindings(notes),
  ];
  const simulation = simulatePlan(state, ctx, changes);
  if (!simulation.after.allowed && !hasErrors(findings)) {
    findings.push(finding('ACCESS_STILL_DENIED', `After this plan the consumer would still be denied: ${simulation.after.explanation} Fix that layer (the statement named above) or apply will not give access.`, isDocumentLayer(simulation.after.decidingLayer) ? { change: simulation.after.decidingLayer } : {}));
  }
  return {
    schema: PLAN_SCHEMA,
    operation: 'share',
    createdAt: now.toISOString(),
    request,
    secret: state.secret,
    consumer,
    ...(ctx.identity ? { identity: { ...ctx.identity, mode: ctx.identityMode } } : {}),
    changes,
    findings,
    simulation,
    blocked: hasErrors(findings),
  };
}

/** The findings without repeats (same code, document and message). */
export function dedupeFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}|${f.change ?? ''}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** True when apply does not write this change: the identity policy for the consumer's administrator. */
export function isAdministratorChange(change: Change): boolean {
  return change.kind === 'identity-policy' && (change.identity === undefined || change.identity.mode === 'none');
}
