import { tryParseArn } from '../arn/arn';
import { AWS_MANAGED_SECRETS_KEY_ALIAS } from '../arn/key-arn';
import { WizardError } from '../errors/wizard-error';
import { reservedKeyPath } from '../json/bounded-json';
import { keyAdminIndex, isPublicGrant, sizeFinding } from '../plan/findings/lint-policy-document';
import { policyPath } from '../plan/findings/policy-path';
import type { Change, ChangeKind, IdentityTarget } from '../plan/plan-types';
import { granteeParts, keyAdminStatement } from '../plan/statements';
import { normalisePrincipal, statementKey, statementsEqual } from '../policy/normalise-policy';
import { asArray } from '../policy/parse-policy';
import { statementCovers } from '../policy/statement-covers';
import { policyShapeProblem } from '../policy/policy-shape';
import type { DocumentKind, PolicyDocument, Statement } from '../policy/policy-types';
import type { WriteScope } from './write-scope';

/**
 * The write guard: the last check before a document is sent to AWS, whatever produced it (a fresh
 * plan, a plan file, a backup, share-many). Pure. The planner already refuses all of this; the guard
 * makes the promises hold when the input did not come from the planner.
 *
 * Codes (all `source: 'user'`: the command exits 2 and nothing is written):
 * - WRITE_REFUSED_MALFORMED  `after` is not a well-formed policy (or the change itself is malformed)
 * - WRITE_REFUSED_SIZE       `after` is beyond AWS's size limit for the document
 * - WRITE_REFUSED_PUBLIC     a statement the write adds allows the principal "*" without an org/account condition
 * - WRITE_REFUSED_KEY_ADMIN  the key policy loses the statement that lets the key's own account administer it
 * - WRITE_REFUSED_TARGET     the target is not a secret / key / identity policy the request names
 * - WRITE_REFUSED_ACCOUNT    the write goes to another account than the request's, or than the credentials proved
 * - WRITE_REFUSED_GRANT      a statement the write adds grants more than the request (other principals,
 *                            actions or resources)
 *
 * "Adds" is measured against `live`, the document as AWS holds it now (read just before the write):
 * statements already there pass unchanged, whoever wrote them, and so does a statement that one of
 * them already covers (the same grant narrowed, e.g. a public statement given an organization
 * condition by `audit --fix`); the guard forbids what the write adds.
 */
export type WriteRefusalCode =
  | 'WRITE_REFUSED_MALFORMED'
  | 'WRITE_REFUSED_SIZE'
  | 'WRITE_REFUSED_PUBLIC'
  | 'WRITE_REFUSED_KEY_ADMIN'
  | 'WRITE_REFUSED_TARGET'
  | 'WRITE_REFUSED_ACCOUNT'
  | 'WRITE_REFUSED_GRANT';

const FIX = 'Plan again from the request and apply that plan; a plan file or backup folder edited by hand is not written';

const LABEL: Record<ChangeKind, string> = {
  'secret-policy': 'secret policy',
  'key-policy': 'key policy',
  'identity-policy': 'identity policy',
  'secret-key': 'encryption key of the secret',
};

/** Actions the wizard grants, per document (lower case). */
const SECRET_ACTIONS = ['secretsmanager:getsecretvalue', 'secretsmanager:describesecret'];
const KEY_ACTIONS = ['kms:decrypt', 'kms:describekey'];

function refusal(code: WriteRefusalCode, change: { kind: string; target: unknown }, problem: string): WizardError {
  const label = LABEL[change.kind as ChangeKind] ?? String(change.kind);
  return new WizardError(code, `Refusing to write the ${label} of ${String(change.target)}: ${problem}; nothing was written`, { field: label, fix: FIX });
}

const accountOf = (arn: string) => tryParseArn(arn)?.account;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The change's own fields (kind, target, account, identity), before anything reads them. */
function changeShapeProblem(change: unknown): string | undefined {
  if (!isObject(change)) return 'the change is not an object';
  if (!(change.kind === 'secret-policy' || change.kind === 'key-policy' || change.kind === 'identity-policy' || change.kind === 'secret-key')) return `the kind ${JSON.stringify(change.kind)} is not a document the tool writes`;
  if (typeof change.target !== 'string' || typeof change.account !== 'string') return 'the change has no target ARN or account';
  if (change.kind === 'identity-policy' && change.identity !== undefined) {
    const identity = change.identity;
    if (!isObject(identity) || typeof identity.arn !== 'string' || typeof identity.policyName !== 'string' || typeof identity.account !== 'string') return 'its identity target is not a role or user with a policy name';
    if (identity.policyArn !== undefined && typeof identity.policyArn !== 'string') return 'its managed policy ARN is not a string';
  }
  if (change.kind === 'secret-key') {
    if (!isObject(change.after) || typeof change.after.KmsKeyId !== 'string') return '"after" is not {"KmsKeyId": "<key ARN>"}';
  }
  return undefined;
}

/** `after` as a policy document, or why it is not one. */
function documentProblem(after: unknown): string | undefined {
  const shape = policyShapeProblem(after);
  if (shape) return `"after"${shape.path === '(document)' ? '' : ` ${shape.path}`} ${shape.problem}`;
  const reserved = reservedKeyPath(after);
  if (reserved) return `"after" has the key ${JSON.stringify(reserved.key)} at ${reserved.path}`;
  return undefined;
}

/** `after` with `Statement` always a list (AWS accepts one statement object in its place). */
function statementsOf(doc: unknown): Statement[] {
  if (!isObject(doc)) return [];
  const raw = doc.Statement;
  return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) as Statement[];
}

/**
 * Does a statement of `live` allow everything `statement` does (same effect, wider or equal in every
 * element)? A public live statement counts only for a statement whose principals the request names
 * (its organization grant): a public grant is a problem to narrow, never a licence for other grants.
 */
function coveredByLive(statement: Statement, live: unknown, scope: WriteScope, kind: DocumentKind): boolean {
  if (kind === 'identity-policy') return false;
  try {
    const allowed = allowedPrincipals(statement, scope);
    const inScope = (normalisePrincipal(statement.Principal, scope.partition)?.AWS ?? []).every((principal) => allowed.has(principal));
    return statementsOf(live).some((existing) => (inScope || !isPublicGrant(existing)) && statementCovers(existing, statement, scope.partition));
  } catch {
    return false;
  }
}

/** Indexes of `after`'s statements that are not in `live` (compared by value: order, forms, Sid aside). */
function addedIndexes(after: Statement[], live: unknown, partition: string): number[] {
  const existing = new Set(statementsOf(live).map((statement) => safeKey(statement, partition)));
  return after.flatMap((statement, index) => (existing.has(safeKey(statement, partition)) ? [] : [index]));
}

function safeKey(statement: Statement, partition: string): string {
  try {
    return statementKey(statement, partition);
  } catch {
    return JSON.stringify(statement);
  }
}

const lower = (values: unknown) => asArray(values as string | string[] | undefined).map((value) => String(value).toLowerCase());

/** Does `condition` hold every operator/key of `required` with exactly its values (keys case-insensitive)? */
function holdsCondition(condition: Statement['Condition'], required: NonNullable<Statement['Condition']>): boolean {
  return Object.entries(required).every(([operator, keys]) => {
    const block = condition?.[operator];
    if (!block) return false;
    return Object.entries(keys).every(([key, values]) => {
      const found = Object.entries(block).find(([name]) => name.toLowerCase() === key.toLowerCase());
      if (!found) return false;
      const want = lower(values).sort();
      const have = lower(found[1]).sort();
      return want.length === have.length && want.every((value, i) => value === have[i]);
    });
  });
}

/**
 * The principals an added statement may name, given the request's grantees: an ARN grantee always;
 * the account root of a role bound by condition only with its `ArnEquals aws:PrincipalArn`; `*` only
 * with the organization or OU condition of an organization grantee, exactly as the tool writes it.
 */
function allowedPrincipals(statement: Statement, scope: WriteScope): Set<string> {
  const allowed = new Set<string>();
  for (const grantee of scope.consumers) {
    const parts = granteeParts(grantee);
    if (parts.condition && !holdsCondition(statement.Condition, parts.condition)) continue;
    for (const principal of normalisePrincipal(parts.principal, scope.partition)?.AWS ?? []) allowed.add(principal);
  }
  return allowed;
}

/** Why an added Allow grants more than the request, or undefined. Deny statements grant nothing. */
function grantProblem(kind: DocumentKind, statement: Statement, scope: WriteScope, keyAccount: string | undefined): string | undefined {
  if (statement.Effect !== 'Allow') return undefined;
  if (statement.NotAction !== undefined || statement.NotResource !== undefined || statement.NotPrincipal !== undefined) return 'it uses NotAction, NotResource or NotPrincipal, which the tool never writes';
  const actions = lower(statement.Action);
  const resources = asArray(statement.Resource);
  if (kind === 'identity-policy') {
    if (statement.Principal !== undefined) return 'an identity policy statement names a Principal';
    const secretGrant = actions.every((a) => SECRET_ACTIONS.includes(a)) && resources.every((r) => scope.secretArns.includes(r));
    const keyGrant = actions.every((a) => KEY_ACTIONS.includes(a)) && resources.every((r) => scope.keyArns.includes(r));
    if (actions.length > 0 && resources.length > 0 && (secretGrant || keyGrant)) return undefined;
    return `it allows ${JSON.stringify(statement.Action)} on ${JSON.stringify(statement.Resource)}; the request allows only GetSecretValue/DescribeSecret on ${scope.secretArns.join(', ')} and kms:Decrypt/DescribeKey on ${scope.keyArns.join(', ') || 'no key'}`;
  }
  // The key's own administrator statement (a new key's policy, or one put back) is not a grant to anyone new.
  if (kind === 'key-policy' && keyAccount && statementsEqual(statement, keyAdminStatement(keyAccount, scope.partition), scope.partition)) return undefined;
  const principals = normalisePrincipal(statement.Principal, scope.partition);
  const consumers = allowedPrincipals(statement, scope);
  const others = principals ? Object.entries(principals).flatMap(([type, values]) => (type === 'AWS' ? values.filter((v) => !consumers.has(v)) : values.map((v) => `${type}:${v}`))) : ['(no principal)'];
  if (others.length > 0) return `it grants ${others.join(', ')}, not the request's consumer (${scope.consumers.join(', ')})`;
  const allowed = kind === 'secret-policy' ? SECRET_ACTIONS : KEY_ACTIONS;
  const ownResources = kind === 'secret-policy' ? scope.secretArns : scope.keyArns;
  if (actions.length === 0 || !actions.every((a) => allowed.includes(a))) return `it allows ${JSON.stringify(statement.Action)}; the request allows only ${allowed.join(', ')}`;
  if (!resources.every((r) => r === '*' || ownResources.includes(r))) return `its Resource ${JSON.stringify(statement.Resource)} is not the ${kind === 'secret-policy' ? 'secret' : 'key'} itself`;
  return undefined;
}

function identityInScope(identity: IdentityTarget | undefined, target: string, scope: WriteScope): boolean {
  if (!identity) return false;
  return scope.identityTargets.some((allowed) => {
    if (allowed.principalArn !== identity.arn || allowed.policyName !== identity.policyName) return false;
    // Managed: the target is the policy; inline: the role or user that holds it.
    if (identity.policyArn !== undefined || identity.mode === 'managed') return allowed.policyArn !== undefined && allowed.policyArn === identity.policyArn && target === identity.policyArn;
    return allowed.policyArn === undefined && target === identity.arn;
  });
}

/** Target and account: the document the request names, in the account the request and the credentials agree on. */
function targetViolations(change: Change, scope: WriteScope): WizardError[] {
  const found: WizardError[] = [];
  const targetAccount = change.kind === 'identity-policy' ? (change.identity?.account ?? accountOf(change.target)) : accountOf(change.target);
  switch (change.kind) {
    case 'secret-policy':
    case 'secret-key':
      if (!scope.secretArns.includes(change.target)) found.push(refusal('WRITE_REFUSED_TARGET', change, `the request names the secret ${scope.secretArns.join(', ')}, not this one`));
      break;
    case 'key-policy':
      if (!scope.keyArns.includes(change.target)) found.push(refusal('WRITE_REFUSED_TARGET', change, `the request names the key ${scope.keyArns.join(', ') || '(none)'}, not this one`));
      break;
    case 'identity-policy':
      if (!identityInScope(change.identity, change.target, scope)) found.push(refusal('WRITE_REFUSED_TARGET', change, `the request names the identity policy ${scope.identityTargets.map((t) => t.policyArn ?? `${t.policyName} of ${t.principalArn}`).join(', ') || '(none)'}, not this one`));
      break;
  }
  const side = change.kind === 'identity-policy' ? 'consumer' : 'owner';
  const expected = side === 'owner' ? [scope.ownerAccount] : scope.consumerAccounts;
  const proved = side === 'owner' ? scope.proved.owner : scope.proved.consumer;
  if (targetAccount === undefined || change.account !== targetAccount || !expected.includes(change.account)) {
    found.push(refusal('WRITE_REFUSED_ACCOUNT', change, `it goes to account ${change.account}${targetAccount && targetAccount !== change.account ? ` (its ARN says ${targetAccount})` : ''}, but the request's ${side} account is ${expected.join(', ')}`));
  } else if (proved !== change.account) {
    found.push(refusal('WRITE_REFUSED_ACCOUNT', change, `the ${side} credentials are for account ${proved ?? '(not proved)'}, not ${change.account}`));
  }
  return found;
}

/** Size, public grants, key administration and grants beyond the request, for a policy about to be written. */
function policyViolations(kind: DocumentKind, change: { kind: string; target: string }, after: PolicyDocument, live: unknown, scope: WriteScope, identity?: IdentityTarget): WizardError[] {
  const found: WizardError[] = [];
  const size = sizeFinding(kind, after, { ...(identity ? { identityPolicyType: identity.mode === 'inline' ? 'inline' : 'managed', identityPrincipalKind: identity.principalKind } : {}) });
  if (size) found.push(refusal('WRITE_REFUSED_SIZE', change, size.message.replace(/\. .*$/, '')));
  const keyAccount = kind === 'key-policy' ? accountOf(change.target) : undefined;
  for (const index of addedIndexes(after.Statement, live, scope.partition)) {
    const statement = after.Statement[index]!;
    const where = `${policyPath('Statement', index)}${statement.Sid ? ` (${statement.Sid})` : ''}`;
    if (kind !== 'identity-policy' && isPublicGrant(statement)) {
      found.push(refusal('WRITE_REFUSED_PUBLIC', change, `${where} allows the principal "*" without an organization or account condition: anyone in any AWS account`));
      continue;
    }
    // A statement that one already live allows at least as much as grants nothing new (a narrowed one).
    if (coveredByLive(statement, live, scope, kind)) continue;
    const problem = grantProblem(kind, statement, scope, keyAccount);
    if (problem) found.push(refusal('WRITE_REFUSED_GRANT', change, `${where} is not part of the request: ${problem}`));
  }
  if (kind === 'key-policy' && keyAccount) {
    const hadAdmin = live === null || live === undefined || !isObject(live) ? true : keyAdminIndex({ Statement: statementsOf(live) }, keyAccount, scope.partition, change.target) >= 0;
    if (hadAdmin && keyAdminIndex(after, keyAccount, scope.partition, change.target) < 0) {
      found.push(refusal('WRITE_REFUSED_KEY_ADMIN', change, `no statement would let the key's own account (arn:${scope.partition}:iam::${keyAccount}:root) administer the key: its administrators would be locked out`));
    }
  }
  return found;
}

/**
 * Everything wrong with writing `change` now, given `live` (the document AWS holds now: the policy,
 * or `{KmsKeyId}` for a secret-key change; null when there is none) and what the request allows.
 * Empty: the write may go ahead. Call it immediately before each write; on any violation write
 * nothing (and roll back what this run wrote).
 */
export function writeViolations(change: Change, live: unknown, scope: WriteScope): WizardError[] {
  const shape = changeShapeProblem(change);
  if (shape) return [refusal('WRITE_REFUSED_MALFORMED', isObject(change) ? (change as { kind: string; target: unknown }) : { kind: 'document', target: '(unknown)' }, shape)];
  const found = targetViolations(change, scope);
  if (change.kind === 'secret-key') {
    const keyId = change.after.KmsKeyId;
    if (keyId !== AWS_MANAGED_SECRETS_KEY_ALIAS && !scope.keyArns.includes(keyId)) found.push(refusal('WRITE_REFUSED_TARGET', change, `it moves the secret to the key ${keyId}, which the request does not name`));
    if (change.newKey) {
      const problem = documentProblem(change.newKey.policy);
      const keyChange = { kind: 'key-policy', target: keyId };
      if (problem) found.push(refusal('WRITE_REFUSED_MALFORMED', keyChange, problem.replace('"after"', 'the new key\'s policy')));
      else found.push(...policyViolations('key-policy', keyChange, { ...change.newKey.policy, Statement: statementsOf(change.newKey.policy) }, null, scope));
    }
    return found;
  }
  if (change.after === null) {
    if (change.kind === 'key-policy') found.push(refusal('WRITE_REFUSED_MALFORMED', change, 'a key policy cannot be deleted'));
    return found;
  }
  const problem = documentProblem(change.after);
  if (problem) return [...found, refusal('WRITE_REFUSED_MALFORMED', change, problem)];
  const after = { ...change.after, Statement: statementsOf(change.after) };
  found.push(...policyViolations(change.kind, change, after, live, scope, change.kind === 'identity-policy' ? change.identity : undefined));
  return found;
}

/** Throws the first violation of `writeViolations` (its message names the others too). */
export function assertWriteAllowed(change: Change, live: unknown, scope: WriteScope): void {
  const found = writeViolations(change, live, scope);
  const first = found[0];
  if (!first) return;
  if (found.length === 1) throw first;
  throw new WizardError(first.code, `${first.message} (and ${found.length - 1} more: ${found.slice(1).map((v) => v.code).join(', ')})`, { ...(first.field ? { field: first.field } : {}), fix: FIX });
}
