import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../policy/canonical-json';
import { documentsEquivalent } from '../policy/normalise-policy';
import { parsePolicy } from '../policy/parse-policy';
import type { PolicyDocument, Statement } from '../policy/policy-types';
import { mergeStatements } from './merge';
import { planOffline } from './plan-offline';
import type { PolicyChange } from './plan-types';
import { isWizardSid, shareSids } from './sids';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const CONSUMERS = ['222222222222', 'arn:aws:iam::222222222222:root', 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE', 'arn:aws:iam::333333333333:user/alice'];
const ADMIN: Statement = { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' };

const stringOrArray = (values: string[]) => fc.oneof(fc.constantFrom(...values), fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: 3 }));

const principal = fc.oneof(
  fc.constant('*' as const),
  stringOrArray(['222222222222', 'arn:aws:iam::222222222222:root', 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE', 'arn:aws:iam::444444444444:root', 'AROAEXAMPLEID1234567', '*']).map((AWS) => ({ AWS })),
  fc.constant({ Service: 'secretsmanager.amazonaws.com' }),
);

const condition = fc.option(
  fc.oneof(
    fc.constant({ 'ForAnyValue:StringEquals': { 'secretsmanager:VersionStage': 'AWSCURRENT' } }),
    fc.constant({ StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-2.amazonaws.com' } }),
    fc.constant({ Bool: { 'aws:SecureTransport': 'false' } }),
    fc.constant({ StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } }),
  ),
  { nil: undefined },
);

/** A statement someone else wrote: any Sid but ours, string-or-array fields, maybe a condition. */
function foreignStatement(withPrincipal: boolean): fc.Arbitrary<Statement> {
  return fc.record({
    sid: fc.option(fc.stringMatching(/^[A-Za-z0-9 ]{1,12}$/), { nil: undefined }),
    effect: fc.constantFrom('Allow' as const, 'Deny' as const),
    principal,
    action: stringOrArray(['secretsmanager:GetSecretValue', 'secretsmanager:*', 'secretsmanager:DescribeSecret', 'kms:Decrypt', 'kms:DescribeKey', 'kms:*', 's3:GetObject', '*']),
    resource: stringOrArray(['*', SECRET, KEY, 'arn:aws:s3:::bucket/*']),
    condition,
  }).map(({ sid, effect, principal: p, action, resource, condition: c }) => {
    const statement: Statement = { Effect: effect, Action: action, Resource: resource };
    if (sid !== undefined) statement.Sid = sid;
    if (withPrincipal) statement.Principal = p;
    if (c) statement.Condition = c;
    return statement;
  });
}

const present = (withPrincipal: boolean, extra: Statement[] = []) =>
  fc.array(foreignStatement(withPrincipal), { minLength: extra.length > 0 ? 0 : 1, maxLength: 6 }).map((statements): PolicyDocument => ({ Version: '2012-10-17', Statement: [...extra, ...statements] }));
const document = (withPrincipal: boolean) => fc.option(present(withPrincipal), { nil: null, freq: 4 });

const share = fc.record({
  secretPolicy: document(true),
  // Every KMS key has a policy; the default one holds the administrator statement.
  keyPolicy: present(true, [ADMIN]),
  identityDocument: document(false),
  consumer: fc.constantFrom(...CONSUMERS),
  identityPolicy: fc.constantFrom('managed' as const, 'inline' as const, 'none' as const),
  versionStage: fc.constantFrom('AWSCURRENT' as const, 'any' as const),
  grantDescribe: fc.boolean(),
  contextCondition: fc.boolean(),
});

type ShareInput = typeof share extends fc.Arbitrary<infer T> ? T : never;

function plan(input: ShareInput, operation: 'share' | 'revoke' = 'share') {
  return planOffline({
    secretArn: SECRET,
    keyArn: KEY,
    consumer: input.consumer,
    identityPolicy: input.identityPolicy,
    options: { versionStage: input.versionStage, grantDescribe: input.grantDescribe, contextCondition: input.contextCondition },
    secretPolicy: input.secretPolicy,
    keyPolicy: input.keyPolicy,
    identityDocument: input.identityDocument,
    operation,
    now: new Date('2026-01-01T00:00:00Z'),
  });
}

function docOf(changes: PolicyChange[], kind: PolicyChange['kind']): PolicyDocument | null {
  return changes.find((c) => c.kind === kind)?.after ?? null;
}

const RUNS = { numRuns: 300 };

describe('merge properties over random existing policies', { timeout: 60_000 }, () => {
  it('never loses or changes a foreign statement, and keeps their order', () => {
    fc.assert(fc.property(share, (input) => {
      const result = plan(input);
      for (const [kind, before] of [['secret-policy', input.secretPolicy], ['key-policy', input.keyPolicy], ['identity-policy', input.identityDocument]] as const) {
        const after = docOf(result.changes as PolicyChange[], kind);
        const foreignBefore = (before?.Statement ?? []).filter((s) => !isWizardSid(s.Sid));
        const foreignAfter = (after?.Statement ?? []).filter((s) => !isWizardSid(s.Sid));
        expect(foreignAfter).toEqual(foreignBefore);
      }
    }), RUNS);
  });

  it('merging twice equals merging once (re-plan after apply: no change)', () => {
    fc.assert(fc.property(share, (input) => {
      const first = plan(input).changes as PolicyChange[];
      const second = plan({ ...input, secretPolicy: docOf(first, 'secret-policy'), keyPolicy: docOf(first, 'key-policy')!, identityDocument: docOf(first, 'identity-policy') });
      for (const change of second.changes as PolicyChange[]) {
        expect(change.action).toBe('none');
        expect(change.diff).toBe('');
      }
    }), RUNS);
  });

  it('the result parses back to the same document', () => {
    fc.assert(fc.property(share, (input) => {
      for (const change of plan(input).changes as PolicyChange[]) {
        if (!change.after) continue;
        const text = canonicalJson(change.after);
        expect(parsePolicy(text, change.kind)).toEqual(JSON.parse(text));
        expect(documentsEquivalent(parsePolicy(text, change.kind), change.after)).toBe(true);
      }
    }), RUNS);
  });

  it('revoke(merge(x)) = x', () => {
    fc.assert(fc.property(share, (input) => {
      const shared = plan(input).changes as PolicyChange[];
      const revoked = plan({ ...input, secretPolicy: docOf(shared, 'secret-policy'), keyPolicy: docOf(shared, 'key-policy')!, identityDocument: docOf(shared, 'identity-policy') }, 'revoke').changes as PolicyChange[];
      expect(docOf(revoked, 'secret-policy')).toEqual(input.secretPolicy);
      expect(docOf(revoked, 'key-policy')).toEqual(input.keyPolicy);
      expect(docOf(revoked, 'identity-policy')).toEqual(input.identityDocument);
    }), RUNS);
  });

  it('mergeStatements alone: foreign statements are the same objects, and a second merge changes nothing', () => {
    fc.assert(fc.property(document(true), fc.array(foreignStatement(true), { minLength: 1, maxLength: 3 }), (doc, extra) => {
      const ours = extra.map((s, i) => ({ ...s, Sid: `SecretShareWizardTest${i}` }));
      const once = mergeStatements(doc, ours);
      const foreign = once.document.Statement.filter((s) => !isWizardSid(s.Sid));
      (doc?.Statement ?? []).forEach((s, i) => expect(foreign[i]).toBe(s));
      expect(mergeStatements(once.document, ours).changed).toBe(false);
    }), RUNS);
  });
});

/** The share's own Sids for a consumer as the generator gives it. */
function sidsFor(consumer: string): string[] {
  const arn = /^\d{12}$/.test(consumer) ? `arn:aws:iam::${consumer}:root` : consumer;
  return Object.values(shareSids(SECRET, KEY, arn));
}

/**
 * A statement planted under one of the wizard's Sids with content the wizard never writes: a Deny,
 * or an Allow with an extra action (s3:GetObject is in no statement the wizard writes).
 */
const planted = (withPrincipal: boolean) =>
  fc.record({ statement: foreignStatement(withPrincipal), sidIndex: fc.nat(4), deny: fc.boolean() }).map(({ statement, sidIndex, deny }) => {
    const actions = Array.isArray(statement.Action) ? statement.Action : [statement.Action!];
    return { sidIndex, statement: deny ? { ...statement, Effect: 'Deny' as const } : { ...statement, Effect: 'Allow' as const, Action: [...new Set([...actions, 's3:GetObject'])] } };
  });

const withPlanted = (withPrincipal: boolean, extra: Statement[] = []) =>
  fc.tuple(fc.array(foreignStatement(withPrincipal), { maxLength: 4 }), fc.array(planted(withPrincipal), { minLength: 1, maxLength: 3 }), fc.nat())
    .map(([plain, plants, seed]) => ({ plain: [...extra, ...plain], plants, seed }));

const hostileShare = fc.record({
  secretPolicy: fc.option(withPlanted(true), { nil: null, freq: 4 }),
  keyPolicy: withPlanted(true, [ADMIN]),
  identityDocument: fc.option(withPlanted(false), { nil: null, freq: 4 }),
  consumer: fc.constantFrom(...CONSUMERS),
  identityPolicy: fc.constantFrom('managed' as const, 'inline' as const, 'none' as const),
  versionStage: fc.constantFrom('AWSCURRENT' as const, 'any' as const),
  grantDescribe: fc.boolean(),
  contextCondition: fc.boolean(),
});

type Planted = { plain: Statement[]; plants: Array<{ sidIndex: number; statement: Statement }>; seed: number } | null;

/** The document: plain foreign statements with the planted ones (given the share's Sids) mixed in. */
function build(doc: Planted, sids: string[]): PolicyDocument | null {
  if (!doc) return null;
  const statements = [...doc.plain];
  doc.plants.forEach(({ sidIndex, statement }, i) => statements.splice((doc.seed + i) % (statements.length + 1), 0, { ...statement, Sid: sids[sidIndex]! }));
  return { Version: '2012-10-17', Statement: statements };
}

describe('foreign statements under the wizard\'s own Sids', { timeout: 60_000 }, () => {
  it('survive share (apply = its `after`) and revoke unchanged: revoke(apply(x)) = x; the share is blocked when one holds a Sid it writes', () => {
    fc.assert(fc.property(hostileShare, (h) => {
      const sids = sidsFor(h.consumer);
      const input: ShareInput = { ...h, secretPolicy: build(h.secretPolicy, sids), keyPolicy: build(h.keyPolicy, sids)!, identityDocument: build(h.identityDocument, sids) };
      const shared = plan(input);
      const applied = shared.changes as PolicyChange[];
      for (const [kind, before] of [['secret-policy', input.secretPolicy], ['key-policy', input.keyPolicy], ['identity-policy', input.identityDocument]] as const) {
        // Every statement that was there is still there, unchanged and in order (planted ones included).
        const afterShare = docOf(applied, kind)?.Statement ?? [];
        const kept = afterShare.filter((s) => (before?.Statement ?? []).includes(s));
        expect(kept).toEqual(before?.Statement ?? []);
      }
      // Blocked exactly when a planted statement holds a Sid the share writes in that same document.
      const ownSids: Record<string, number[]> = { secretPolicy: [0, 1], keyPolicy: [2], identityDocument: [3, 4] };
      const conflict = (['secretPolicy', 'keyPolicy', 'identityDocument'] as const).some((name) => h[name]?.plants.some((p) => ownSids[name]!.includes(p.sidIndex)));
      expect(shared.findings.some((f) => f.code === 'WIZARD_SID_FOREIGN')).toBe(conflict);
      if (conflict) expect(shared.blocked).toBe(true);
      const revoked = plan({ ...input, secretPolicy: docOf(applied, 'secret-policy'), keyPolicy: docOf(applied, 'key-policy')!, identityDocument: docOf(applied, 'identity-policy') }, 'revoke').changes as PolicyChange[];
      expect(docOf(revoked, 'secret-policy')).toEqual(input.secretPolicy);
      expect(docOf(revoked, 'key-policy')).toEqual(input.keyPolicy);
      expect(docOf(revoked, 'identity-policy')).toEqual(input.identityDocument);
    }), RUNS);
  });

  it('revoke alone never removes or changes them', () => {
    fc.assert(fc.property(hostileShare, (h) => {
      const sids = sidsFor(h.consumer);
      const input: ShareInput = { ...h, secretPolicy: build(h.secretPolicy, sids), keyPolicy: build(h.keyPolicy, sids)!, identityDocument: build(h.identityDocument, sids) };
      const revoked = plan(input, 'revoke').changes as PolicyChange[];
      expect(docOf(revoked, 'secret-policy')).toEqual(input.secretPolicy);
      expect(docOf(revoked, 'key-policy')).toEqual(input.keyPolicy);
      expect(docOf(revoked, 'identity-policy')).toEqual(input.identityDocument);
    }), RUNS);
  });
});
