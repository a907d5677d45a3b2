import { describe, expect, it } from 'vitest';
import { offlineState, planOffline } from '../plan/plan-offline';
import { planShare } from '../plan/plan-share';
import { iacMarkers, tagRecord } from './iac-markers';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ROLE = 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE';
const KEY_POLICY = { Version: '2012-10-17', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow' as const, Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' }] };
const NOW = new Date('2026-01-01T00:00:00Z');

describe('iacMarkers', () => {
  it('finds CloudFormation stack tags and names the stack', () => {
    const markers = iacMarkers({ 'aws:cloudformation:stack-name': 'payments-prod', 'aws:cloudformation:logical-id': 'DbSecret', team: 'payments' });
    expect(markers.map((m) => [m.tool, m.key, m.stack])).toEqual([
      ['CloudFormation', 'aws:cloudformation:stack-name', 'payments-prod'],
      ['CloudFormation', 'aws:cloudformation:logical-id', 'payments-prod'],
    ]);
  });

  it.each([
    [{ ManagedBy: 'Terraform' }, 'Terraform'],
    [{ 'managed-by': 'opentofu' }, 'Terraform'],
    [{ managed_by: 'pulumi' }, 'Pulumi'],
    [{ ManagedBy: 'CDK' }, 'CDK'],
    [{ Terraform: 'true' }, 'Terraform'],
    [{ 'crossplane-kind': 'secret.secretsmanager.aws.upbound.io' }, 'Crossplane'],
    [{ 'services.k8s.aws/controller-version': 'secretsmanager-v1.0.0' }, 'ACK'],
    [{ yor_trace: '2f1c…' }, 'IaC'],
  ])('finds %j as %s', (tags, tool) => {
    expect(iacMarkers(tags).map((m) => m.tool)).toEqual([tool]);
  });

  it('ignores ordinary tags and look-alikes', () => {
    expect(iacMarkers({ ManagedBy: 'platform-team', Terraform: 'false', env: 'prod', 'cloudformation:stack-name': 'x' })).toEqual([]);
    expect(iacMarkers(undefined)).toEqual([]);
  });

  it('tagRecord reads both tag list shapes (Secrets Manager Key/Value, KMS TagKey/TagValue)', () => {
    expect(tagRecord([{ Key: 'a', Value: '1' }, { TagKey: 'b', TagValue: '2' }])).toEqual({ a: '1', b: '2' });
    expect(tagRecord(undefined)).toBeUndefined();
  });
});

describe('IAC_MANAGED_RESOURCE in a plan', () => {
  const base = { secretArn: SECRET, keyArn: KEY, consumer: ROLE, keyPolicy: KEY_POLICY, now: NOW };

  it('blocks the plan for a secret in a CloudFormation stack, and says how out (--export, --allow-drift)', () => {
    const state = { ...offlineState(base), secret: { ...offlineState(base).secret, tags: { 'aws:cloudformation:stack-name': 'payments-prod' } } };
    const plan = planShare(state, planOffline(base).request, NOW);
    const found = plan.findings.filter((f) => f.code === 'IAC_MANAGED_RESOURCE');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'error', change: 'secret-policy' });
    expect(found[0]!.message).toContain('CloudFormation stack payments-prod');
    expect(found[0]!.message).toContain('--export');
    expect(found[0]!.message).toContain('--allow-drift');
    expect(plan.blocked).toBe(true);
  });

  it('flags a Terraform-managed key on the key policy; allowDrift turns both into warnings and unblocks', () => {
    const state = { ...offlineState(base), keyTags: { ManagedBy: 'terraform' }, secret: { ...offlineState(base).secret, tags: { 'aws:cloudformation:stack-id': 'arn:aws:cloudformation:us-east-2:111111111111:stack/s/1' } } };
    const request = planOffline(base).request;
    const blocked = planShare(state, request, NOW);
    expect(blocked.findings.filter((f) => f.code === 'IAC_MANAGED_RESOURCE').map((f) => [f.change, f.severity])).toEqual([
      ['secret-policy', 'error'],
      ['key-policy', 'error'],
    ]);
    const allowed = planShare(state, { ...request, allowDrift: true }, NOW);
    expect(allowed.findings.filter((f) => f.code === 'IAC_MANAGED_RESOURCE').map((f) => f.severity)).toEqual(['warning', 'warning']);
    expect(allowed.blocked).toBe(false);
  });

  it('no markers, no finding', () => {
    const plan = planShare({ ...offlineState(base), keyTags: { env: 'prod' } }, planOffline(base).request, NOW);
    expect(plan.findings.map((f) => f.code)).not.toContain('IAC_MANAGED_RESOURCE');
    expect(plan.blocked).toBe(false);
  });
});
