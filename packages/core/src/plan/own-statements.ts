import { statementsEqual } from '../policy/normalise-policy';
import type { DocumentKind, PolicyDocument, Statement } from '../policy/policy-types';
import type { ShareContext } from './share-context';
import { identityDecryptSid, identityGetSecretSid, keyGrantSid, secretDescribeSid, secretReadSid } from './sids';
import { contextSecretArns, identityDecryptStatement, identityGetSecretStatement, keyPolicyStatement, secretDescribeStatement, secretReadStatement } from './statements';

/**
 * Which statements are the wizard's own. The Sids are predictable (a hash of public ARNs), so a Sid
 * alone proves nothing: anyone who can write a policy can put a Deny under `SecretShareWizardRead…`.
 * A statement is ours only when its content is what the wizard writes under that Sid, with any
 * option the wizard has (version stage, DescribeSecret, the context condition and, for the two
 * statements shared by all secrets on a key, any list of secret ARNs). Anything else is foreign:
 * the share plan is blocked, apply never overwrites it, revoke never removes it.
 */

const OPTION_VARIANTS = [
  { versionStage: 'AWSCURRENT' as const, grantDescribe: false, contextCondition: true },
  { versionStage: 'any' as const, grantDescribe: true, contextCondition: true },
];

/** The Sids this share uses in one document, each with what the wizard would write under it. */
function expectations(kind: DocumentKind, ctx: ShareContext): Array<{ sid: string; expected: (existing: Statement) => Statement[] }> {
  const { secretArn, keyArn, region, partition } = ctx;
  const principal = ctx.grantee;
  switch (kind) {
    case 'secret-policy':
      return [
        { sid: secretReadSid(secretArn, principal), expected: () => OPTION_VARIANTS.map((options) => secretReadStatement(secretArn, principal, options)) },
        { sid: secretDescribeSid(secretArn, principal), expected: () => [secretDescribeStatement(secretArn, principal)] },
      ];
    case 'key-policy':
      if (!keyArn) return [];
      return [{ sid: keyGrantSid(keyArn, principal), expected: (existing) => [keyPolicyStatement(keyArn, principal, region, partition, contextSecretArns(existing))] }];
    case 'identity-policy': {
      const shared = [{ sid: identityGetSecretSid(secretArn, principal), expected: () => OPTION_VARIANTS.map((options) => identityGetSecretStatement(secretArn, principal, options)) }];
      if (!keyArn) return shared;
      return [...shared, { sid: identityDecryptSid(keyArn, principal), expected: (existing: Statement) => [identityDecryptStatement(keyArn, principal, region, partition, contextSecretArns(existing))] }];
    }
  }
}

/** Is this statement (in a document of `kind`) one the wizard wrote for this share? */
export function isOwnStatement(statement: Statement, kind: DocumentKind, ctx: ShareContext): boolean {
  const found = expectations(kind, ctx).find((e) => e.sid === statement.Sid);
  if (!found) return false;
  return found.expected(statement).some((expected) => statementsEqual(statement, expected, ctx.partition));
}

/** The Sids of this share that go into a document of `kind`. */
export function shareSidsIn(kind: DocumentKind, ctx: ShareContext): string[] {
  return expectations(kind, ctx).map((e) => e.sid);
}

export interface ForeignSidStatement {
  index: number;
  sid: string;
}

/** Statements of `doc` that carry one of this share's Sids but are not what the wizard writes. */
export function foreignSidStatements(doc: PolicyDocument | null, kind: DocumentKind, ctx: ShareContext): ForeignSidStatement[] {
  if (!doc) return [];
  const sids = new Set(shareSidsIn(kind, ctx));
  const found: ForeignSidStatement[] = [];
  doc.Statement.forEach((statement, index) => {
    if (statement.Sid !== undefined && sids.has(statement.Sid) && !isOwnStatement(statement, kind, ctx)) found.push({ index, sid: statement.Sid });
  });
  return found;
}
