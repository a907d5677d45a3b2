/**
 * An owner account (111111111111, the reference scenario) seeded with one cross-account grant of
 * each audit status, through the share session where the tool would have written it and by hand
 * where a person would have:
 *
 * | secret | how | status |
 * | --- | --- | --- |
 * | MY_TEST_SECRET | `apply` to 222222222222 | complete |
 * | AUDIT_HALF | secret policy grants 333333333333 by hand, the key does not | half-done |
 * | AUDIT_BROKEN | secret policy names AROA… (a deleted role) | broken-principal |
 * | AUDIT_PUBLIC | `"Principal": "*"` with no condition | public |
 * | LEGACY_SECRET | on aws/secretsmanager, policy grants 222222222222 by hand | unshareable-key |
 * | AUDIT_ORG | `apply` to the OU o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ | org-wide |
 * | AUDIT_FOREIGN | on a key of account 555555555555, policy grants 222222222222 | foreign-key |
 * | AUDIT_DRIFT | `apply` to 444444444444, then the statement edited by hand | drifted |
 */
import type { AwsContext } from '../../packages/core/src/aws/aws-context';
import { loadAwsSdk } from '../../packages/core/src/aws/sdk';
import type { DemoScenario } from '../../packages/core/src/demo/seed-scenario';
import { secretReadSid } from '../../packages/core/src/plan/sids';
import type { PolicyDocument, Statement } from '../../packages/core/src/policy/policy-types';
import { runShareSession } from '../../packages/core/src/session/share-session';
import { approvingHost, contextFor } from '../apply/share-fixture';
import type { SeededMotoHarness } from '../support/moto';

export const OU = 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/';
export const BROKEN_ID = 'AROAEXAMPLEDELETED001';
export const FOREIGN_KEY = 'arn:aws:kms:us-east-2:555555555555:key/1234abcd-12ab-34cd-56ef-1234567890ab';

export interface AuditSeed {
  secrets: Record<'complete' | 'half' | 'broken' | 'public' | 'legacy' | 'org' | 'foreign' | 'drift', string>;
}

const doc = (...statements: Statement[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });
const read = (principal: Statement['Principal'], sid?: string): Statement => ({ ...(sid ? { Sid: sid } : {}), Effect: 'Allow', Principal: principal, Action: 'secretsmanager:GetSecretValue', Resource: '*' });

/** `seedAuditAccount` with an owner context of its own (closed afterwards). */
export async function seedAuditAccountOf(harness: SeededMotoHarness): Promise<AuditSeed> {
  const ctx = contextFor(harness, { consumer: false });
  try {
    return await seedAuditAccount(harness, ctx);
  } finally {
    ctx.destroy();
  }
}

export async function seedAuditAccount(harness: SeededMotoHarness, ctx: AwsContext): Promise<AuditSeed> {
  const { scenario } = harness;
  const { sm } = await loadAwsSdk();
  const client = new sm.SecretsManagerClient({ profile: harness.ownerProfile, region: harness.region });
  try {
    const create = async (name: string, kmsKeyId?: string) => (await client.send(new sm.CreateSecretCommand({ Name: name, SecretString: 'demo-only', ...(kmsKeyId ? { KmsKeyId: kmsKeyId } : {}) }))).ARN!;
    const put = (arn: string, policy: PolicyDocument) => client.send(new sm.PutResourcePolicyCommand({ SecretId: arn, ResourcePolicy: JSON.stringify(policy) }));
    const share = async (secret: string, consumer: string) => {
      const outcome = await runShareSession({ request: { secret, consumer, identityPolicy: 'none' }, mode: 'apply' }, { host: approvingHost(), aws: {}, context: ctx });
      if (!outcome.ok) throw new Error(`seeding the share of ${secret} with ${consumer} failed: ${JSON.stringify(outcome.error)}`);
    };
    const [half, broken, pub, org, foreign, drift] = await Promise.all([
      create('AUDIT_HALF', scenario.key.arn),
      create('AUDIT_BROKEN', scenario.key.arn),
      create('AUDIT_PUBLIC', scenario.key.arn),
      create('AUDIT_ORG', scenario.key.arn),
      create('AUDIT_FOREIGN', FOREIGN_KEY),
      create('AUDIT_DRIFT', scenario.key.arn),
    ]);
    await Promise.all([
      put(half, doc(read({ AWS: 'arn:aws:iam::333333333333:root' }, 'HandWrittenGrant'))),
      put(broken, doc(read({ AWS: BROKEN_ID }, 'OldRoleGrant'))),
      put(pub, doc(read('*', 'Everyone'))),
      put(scenario.legacySecret.arn, doc(read({ AWS: 'arn:aws:iam::222222222222:root' }))),
      put(foreign, doc(read({ AWS: 'arn:aws:iam::222222222222:root' }))),
    ]);
    // The key policy is one document: the shares that write it go one after the other.
    await share(scenario.secret.arn, '222222222222');
    await share(org, OU);
    await share(drift, '444444444444');
    const current = JSON.parse((await client.send(new sm.GetResourcePolicyCommand({ SecretId: drift }))).ResourcePolicy!) as PolicyDocument;
    const sid = secretReadSid(drift, 'arn:aws:iam::444444444444:root');
    await put(drift, doc(...current.Statement.map((s) => (s.Sid === sid ? { ...s, Action: ['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'] } : s))));
    return { secrets: { complete: scenario.secret.arn, half, broken, public: pub, legacy: scenario.legacySecret.arn, org, foreign, drift } };
  } finally {
    client.destroy();
  }
}

export type { DemoScenario };
