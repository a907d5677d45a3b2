import { afterEach, describe, expect, it } from 'vitest';
import { countCalls } from '../../packages/core/src/aws/aws-context';
import { diagnoseAccess } from '../../packages/core/src/doctor/diagnose-access';
import { isAdministratorChange } from '../../packages/core/src/plan/plan-share';
import type { DiagnoseInput } from '../../packages/core/src/doctor/doctor-types';
import { useAwsContexts, useMoto } from '../support/moto';
import { attachOrgPolicy, breakBoundary, breakIdentityPolicy, breakKeyPolicy, breakSecretPolicy, useOrgShare } from './org-share-fixture';

/**
 * The doctor against moto: a complete share inside an organization, then broken one layer at a time;
 * the doctor must name exactly that layer (and statement). moto stores IAM boundaries, identity,
 * key and secret policies and Organizations SCPs and RCPs (it evaluates none of them).
 */
const moto = useMoto();
const share = useOrgShare(moto);
const contexts = useAwsContexts(moto);
const undo: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of undo.splice(0).reverse()) await step();
});

/** The doctor with the member accounts' credentials and the management account for Organizations. */
function run(extra: Partial<DiagnoseInput> = {}, options: { org?: boolean } = {}) {
  const s = share();
  const ctx = contexts({ ownerProfile: s.profiles.owner, consumerProfile: s.profiles.consumer, region: moto().region, ...(options.org === false ? {} : { organizationProfile: s.profiles.management }) });
  return { ctx, result: diagnoseAccess(ctx, { secret: s.secretArn, consumerRole: s.roleArn, ...extra }) };
}

describe('doctor against moto: a complete share, then one layer broken at a time', () => {
  it('complete: allowed, every layer read (SCPs and RCPs at three levels), in parallel', async () => {
    const s = share();
    const { ctx, result } = run();
    const diagnosis = await result;
    expect(diagnosis).toMatchObject({ allowed: true, verdict: 'allowed', unknownLayers: [] });
    expect(diagnosis.fix).toBeUndefined();
    expect(diagnosis.layers.map((l) => `${l.layer}:${l.decision}`)).toEqual(['identity-policy:allow', 'scp:allow', 'rcp:allow', 'secret-policy:allow', 'key-policy:allow']);
    const scp = diagnosis.simulation.checks[0]!.layers.find((l) => l.layer === 'scp');
    expect(scp?.statement).toMatchObject({ document: 'FullAWSAccess (p-FullAWSAccess)', target: s.consumer });
    // Org facts reach the conditions.
    // Reads: the owner's, the consumer's and the organization's, independent ones at once.
    const calls = countCalls(ctx.calls);
    expect(calls).toMatchObject({ 'secretsmanager:DescribeSecret': 1, 'secretsmanager:GetResourcePolicy': 1, 'kms:DescribeKey': 1, 'kms:GetKeyPolicy': 1, 'iam:GetRole': 1, 'iam:ListAttachedRolePolicies': 1, 'iam:ListRolePolicies': 1, 'iam:GetRolePolicy': 1 });
    // 24 calls: owner 4, consumer 5 (ListPolicies OnlyAttached with the role's lists), Organizations 15 (DescribeOrganization ×3, ListRoots, ListParents ×3 with
    // the shared OU read once, ListPoliciesForTarget at 3 levels × SCP/RCP, DescribePolicy once per policy).
    expect(diagnosis.reads).toMatchObject({ calls: 24, operations: { 'organizations:ListParents': 3, 'organizations:ListPoliciesForTarget': 6, 'organizations:DescribePolicy': 2 } });
    // Three sequential round trips when answers come back in order (ListParents → ListParents → the root's
    // policies); the measure is an upper bound, so allow one more for answers that arrive out of order.
    expect(diagnosis.reads!.roundTrips).toBeLessThanOrEqual(4);
    expect(ctx.concurrency.max).toBeGreaterThanOrEqual(6);
  });

  it('identity policy missing: the identity-policy layer, and a plan that adds it', async () => {
    undo.push(await breakIdentityPolicy(share()));
    const diagnosis = await run().result;
    expect(diagnosis).toMatchObject({ allowed: false, verdict: 'denied', decidingLayer: 'identity-policy', decidingCall: 'secretsmanager:GetSecretValue' });
    expect(diagnosis.statement).toBeUndefined();
    expect(diagnosis.fix).toMatchObject({ kind: 'plan', layer: 'identity-policy', account: share().consumer });
    expect(diagnosis.fix!.plan!.simulation.after.allowed).toBe(true);
    expect(diagnosis.fix!.plan!.changes.filter((c) => c.action !== 'none').map((c) => c.kind)).toEqual(['identity-policy']);
  });

  it('permissions boundary without Secrets Manager: the permissions-boundary layer, naming the boundary', async () => {
    const broken = await breakBoundary(share());
    undo.push(broken.undo);
    const diagnosis = await run().result;
    expect(diagnosis).toMatchObject({ allowed: false, decidingLayer: 'permissions-boundary' });
    expect(diagnosis.explanation).toContain(`permissions boundary ${broken.boundaryArn}`);
    expect(diagnosis.fix).toMatchObject({ kind: 'text', layer: 'permissions-boundary', account: share().consumer });
    expect(diagnosis.fix!.text).toContain(`In account ${share().consumer}, the permissions boundary`);
  });

  it('an SCP deny on the consumer account: the scp layer, its document, statement and target', async () => {
    const s = share();
    const scp = await attachOrgPolicy(s, 'SERVICE_CONTROL_POLICY', 'DenySecretReads', [{ Sid: 'NoSecretReads', Effect: 'Deny', Action: 'secretsmanager:GetSecretValue', Resource: '*' }], s.consumer);
    undo.push(scp.undo);
    const diagnosis = await run().result;
    expect(diagnosis).toMatchObject({ allowed: false, decidingLayer: 'scp', statement: { layer: 'scp', index: 0, sid: 'NoSecretReads', document: `DenySecretReads (${scp.policyId})`, target: s.consumer } });
    expect(diagnosis.fix).toMatchObject({ kind: 'text', layer: 'scp', account: s.management });
  });

  it('an SCP deny at the OU, with the matching AWS message: they agree', async () => {
    const s = share();
    const scp = await attachOrgPolicy(s, 'SERVICE_CONTROL_POLICY', 'DenyKms', [{ Sid: 'NoKms', Effect: 'Deny', Action: 'kms:*', Resource: '*' }], s.ouId);
    undo.push(scp.undo);
    const error = `User: arn:aws:sts::${s.consumer}:assumed-role/PRODUCTION_SECRET_ROLE/app is not authorized to perform: kms:Decrypt on resource: ${s.keyArn} with an explicit deny in a service control policy`;
    const diagnosis = await run({ error }).result;
    expect(diagnosis).toMatchObject({ decidingLayer: 'scp', decidingCall: 'kms:Decrypt', sessionName: 'app', statement: { sid: 'NoKms', target: s.ouId } });
    expect(diagnosis.message).toMatchObject({ agrees: true, parsed: { layer: 'scp', deny: 'explicit' } });
  });

  it('the key policy without the grant: the key-policy layer, and a plan that restores it', async () => {
    undo.push(await breakKeyPolicy(share()));
    const diagnosis = await run({ error: 'An error occurred (AccessDeniedException) when calling the GetSecretValue operation: Access to KMS is not allowed' }).result;
    expect(diagnosis).toMatchObject({ allowed: false, decidingLayer: 'key-policy', decidingCall: 'kms:Decrypt' });
    expect(diagnosis.fix).toMatchObject({ kind: 'plan', layer: 'key-policy', account: share().owner });
    expect(diagnosis.fix!.plan!.changes.filter((c) => c.action !== 'none' && !isAdministratorChange(c)).map((c) => c.kind)).toEqual(['key-policy']);
    expect(diagnosis.fix!.text).not.toContain('identity policy');
    expect(diagnosis.message).toMatchObject({ agrees: true });
  });

  it('the secret policy missing: the secret-policy layer; a message naming another layer disagrees and says why', async () => {
    undo.push(await breakSecretPolicy(share()));
    const s = share();
    const error = `User: arn:aws:sts::${s.consumer}:assumed-role/PRODUCTION_SECRET_ROLE/app is not authorized to perform: secretsmanager:GetSecretValue on resource: ${s.secretArn} because no identity-based policy allows the secretsmanager:GetSecretValue action`;
    const diagnosis = await run({ error }).result;
    expect(diagnosis).toMatchObject({ allowed: false, decidingLayer: 'secret-policy', fix: { kind: 'plan', layer: 'secret-policy' } });
    expect(diagnosis.message).toMatchObject({ agrees: false });
    expect(diagnosis.message!.text).toMatch(/AWS names the consumer's identity policy; the doctor finds the secret's resource policy denying/);
  });

  it('an RCP deny on the owner account: the rcp layer (moto stores RCPs)', async () => {
    const s = share();
    const rcp = await attachOrgPolicy(s, 'RESOURCE_CONTROL_POLICY', 'OrgOnlySecrets', [
      { Sid: 'NoOutsideReads', Effect: 'Deny', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalAccount': s.owner } } },
    ], s.owner);
    undo.push(rcp.undo);
    const diagnosis = await run().result;
    expect(diagnosis).toMatchObject({ allowed: false, decidingLayer: 'rcp', statement: { sid: 'NoOutsideReads', target: s.owner, document: `OrgOnlySecrets (${rcp.policyId})` } });
    expect(diagnosis.fix).toMatchObject({ kind: 'text', layer: 'rcp', account: s.management });
  });

  it('members only (no management credentials): SCPs and RCPs unknown, "allowed if", naming who can read them', async () => {
    const { result } = run({}, { org: false });
    const diagnosis = await result;
    expect(diagnosis).toMatchObject({ allowed: true, verdict: 'allowed-if' });
    expect(diagnosis.unknownLayers.map((u) => u.layer)).toEqual(['scp', 'rcp']);
    expect(diagnosis.unknownLayers[0]!.readableBy).toMatch(/management account or a delegated administrator/);
    expect(diagnosis.assumptions.map((a) => a.layer)).toEqual(['scp', 'rcp']);
    // The org id still comes from DescribeOrganization, which members may call.
    expect(diagnosis.simulation.checks[0]!.layers.find((l) => l.layer === 'scp')?.decision).toBe('unknown');
  });

  it('no consumer credentials: the identity policy and the boundary are unknown', async () => {
    const s = share();
    const ctx = contexts({ ownerProfile: s.profiles.owner, organizationProfile: s.profiles.management, region: moto().region, consumer: false });
    const diagnosis = await diagnoseAccess(ctx, { secret: s.secretArn, consumerRole: s.roleArn });
    expect(diagnosis.verdict).toBe('allowed-if');
    expect(diagnosis.unknownLayers.map((u) => u.layer)).toEqual(['identity-policy', 'permissions-boundary']);
    expect(diagnosis.notes.join('\n')).toMatch(/no --consumer-profile/);
  });

  it('refuses an unknown region and an ARN whose partition and region disagree, before any AWS call', async () => {
    const s = share();
    const wrongPartition = s.secretArn.replace(/^arn:aws:/, 'arn:aws-cn:');
    const unknown = contexts({ ownerProfile: s.profiles.owner, consumerProfile: s.profiles.consumer, region: 'eu-west-9' });
    await expect(diagnoseAccess(unknown, { secret: s.secretArn.split(':secret:')[1]!, consumerRole: s.roleArn })).rejects.toMatchObject({ code: 'INPUT_REGION_UNKNOWN', field: '--region', source: 'user' });
    const ctx = contexts({ ownerProfile: s.profiles.owner, consumerProfile: s.profiles.consumer, region: moto().region });
    await expect(diagnoseAccess(ctx, { secret: wrongPartition, consumerRole: s.roleArn })).rejects.toMatchObject({ code: 'INPUT_ARN_PARTITION_REGION', field: '--secret' });
    expect(unknown.calls).toEqual([]);
    expect(ctx.calls).toEqual([]);
  });
});
