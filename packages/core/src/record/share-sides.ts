import { accountOf, partitionOf, regionOf } from '../arn/arn';
import type { ShareOptions } from '../plan/plan-types';
import { identityDecryptSid, identityGetSecretSid, keyGrantSid, secretDescribeSid, secretReadSid, SID_PREFIX } from '../plan/sids';
import {
  contextSecretArns,
  identityDecryptStatement,
  identityGetSecretStatement,
  keyPolicyStatement,
  secretPolicyStatements,
  VERSION_STAGE_KEY,
} from '../plan/statements';
import { statementsEqual } from '../policy/normalise-policy';
import type { PolicyDocument, Statement } from '../policy/policy-types';
import { statementGrantees } from '../policy/statement-grantees';
import { recordGrantee, type ShareRecord } from './share-record';

/**
 * Where one side of a share stands: `present` (the statements the tool writes are there, as it
 * writes them), `missing`, `drifted` (a statement with the tool's Sid was edited), `administrator`
 * (the identity policy was handed to the consumer's administrator), `unknown` (not readable here).
 */
export type SideState = 'present' | 'missing' | 'drifted' | 'administrator' | 'unknown';

export interface ShareSides {
  secretPolicy: SideState;
  keyPolicy: SideState;
  identityPolicy: SideState;
}

export type ShareState = 'complete' | 'partial' | 'drifted';

function bySid(doc: PolicyDocument | null | undefined, sid: string): Statement | undefined {
  return doc?.Statement.find((statement) => statement.Sid === sid);
}

/** Present / missing / drifted for the statements `expected` (by Sid, then by value). */
function sideOf(doc: PolicyDocument | null | undefined, expected: Statement[], partition: string): SideState {
  const found = expected.map((statement) => bySid(doc, statement.Sid ?? ''));
  if (found.every((statement) => statement === undefined)) return 'missing';
  if (found.some((statement) => statement === undefined)) return 'drifted';
  return expected.every((statement, i) => statementsEqual(found[i]!, statement, partition)) ? 'present' : 'drifted';
}

/** A shared key statement: present when it lists this secret (or lists none, with the context condition off). */
function keyStatementSide(doc: PolicyDocument | null | undefined, sid: string, build: (list: string[] | null) => Statement, secretArn: string, partition: string): SideState {
  const found = bySid(doc, sid);
  if (!found) return 'missing';
  const list = contextSecretArns(found);
  if (list !== null && !list.includes(secretArn)) return 'missing';
  return statementsEqual(found, build(list), partition) ? 'present' : 'drifted';
}

export interface ShareDocuments {
  secretPolicy: PolicyDocument | null;
  keyArn?: string;
  keyPolicy?: PolicyDocument | null;
  /** The identity policy document; undefined when it could not be read (no consumer credentials). */
  identityPolicy?: PolicyDocument | null;
}

/** The options a share made without a record was made with, read off its secret-policy statement. */
export function inferOptions(secretPolicy: PolicyDocument | null, secretArn: string, consumerArn: string, keyPolicy: PolicyDocument | null | undefined, keyArn: string | undefined): ShareOptions {
  const read = bySid(secretPolicy, secretReadSid(secretArn, consumerArn));
  const stage = read?.Condition ? Object.values(read.Condition).some((block) => Object.keys(block).some((key) => key.toLowerCase() === VERSION_STAGE_KEY.toLowerCase())) : false;
  const key = keyArn ? bySid(keyPolicy, keyGrantSid(keyArn, consumerArn)) : undefined;
  return { versionStage: stage ? 'AWSCURRENT' : 'any', grantDescribe: bySid(secretPolicy, secretDescribeSid(secretArn, consumerArn)) !== undefined, contextCondition: key ? contextSecretArns(key) !== null : true };
}

/** The three sides of one share (a record, or a consumer found by the tool's Sids). */
export function shareSides(secretArn: string, record: Pick<ShareRecord, 'consumer' | 'binding' | 'identityArn' | 'identityMode' | 'options'>, docs: ShareDocuments): ShareSides {
  const partition = partitionOf(secretArn);
  const region = regionOf(secretArn) ?? '';
  const { options } = record;
  const consumer = recordGrantee(record);
  const secretPolicy = sideOf(docs.secretPolicy, secretPolicyStatements(secretArn, consumer, options), partition);
  const keyArn = docs.keyArn;
  const keyPolicy: SideState = !keyArn
    ? 'missing'
    : docs.keyPolicy === undefined
      ? 'unknown'
      : keyStatementSide(docs.keyPolicy, keyGrantSid(keyArn, consumer), (list) => keyPolicyStatement(keyArn, consumer, region, partition, options.contextCondition ? list : null), secretArn, partition);
  let identityPolicy: SideState;
  if (record.identityMode === 'none' || !record.identityArn) identityPolicy = 'administrator';
  else if (docs.identityPolicy === undefined) identityPolicy = 'unknown';
  else {
    const getSecret = sideOf(docs.identityPolicy, [identityGetSecretStatement(secretArn, consumer, options)], partition);
    const decrypt = keyArn
      ? keyStatementSide(docs.identityPolicy, identityDecryptSid(keyArn, consumer), (list) => identityDecryptStatement(keyArn, consumer, region, partition, options.contextCondition ? list : null), secretArn, partition)
      : 'present';
    identityPolicy = getSecret === 'drifted' || decrypt === 'drifted' ? 'drifted' : getSecret === 'present' && decrypt === 'present' ? 'present' : getSecret === 'missing' && decrypt === 'missing' ? 'missing' : 'drifted';
  }
  return { secretPolicy, keyPolicy, identityPolicy };
}

export function stateOf(sides: ShareSides): ShareState {
  const all = [sides.secretPolicy, sides.keyPolicy, sides.identityPolicy];
  if (all.includes('drifted')) return 'drifted';
  return all.every((side) => side !== 'missing') ? 'complete' : 'partial';
}

/**
 * Grantee keys (arn/grantee.ts) named by the tool's own secret-policy statements (shares made with
 * or without a record): an ARN principal, an account root bound to a role by `aws:PrincipalArn`, an
 * organization or an OU.
 */
export function consumersBySid(secretPolicy: PolicyDocument | null, secretArn: string): string[] {
  const consumers = new Set<string>();
  const partition = partitionOf(secretArn);
  for (const statement of secretPolicy?.Statement ?? []) {
    if (!statement.Sid?.startsWith(`${SID_PREFIX}Read`)) continue;
    const aws = typeof statement.Principal === 'object' && statement.Principal !== null ? (statement.Principal as { AWS?: string | string[] }).AWS : undefined;
    const candidates = [...(Array.isArray(aws) ? aws : aws ? [aws] : []), ...statementGrantees(statement, partition).map((grantee) => grantee.key)];
    for (const candidate of candidates) {
      // Ours only when the Sid is the one the tool derives for this secret and grantee.
      if (secretReadSid(secretArn, candidate) === statement.Sid) consumers.add(candidate);
    }
  }
  return [...consumers];
}

/** The default identity-policy Sids of a consumer, for a role named by a record. */
export function identitySids(secretArn: string, keyArn: string | undefined, consumer: string): string[] {
  return [identityGetSecretSid(secretArn, consumer), ...(keyArn ? [identityDecryptSid(keyArn, consumer)] : [])];
}

export function sameAccount(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && accountOf(a) === accountOf(b);
}
