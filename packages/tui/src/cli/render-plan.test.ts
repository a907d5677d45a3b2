import type { Plan, PolicyChange } from '@secret-share-wizard/core';
import { describe, expect, it } from 'vitest';
import { createColors } from './color';
import { planJson } from './plan-json';
import { colorDiff, isHandedToConsumer, pendingChanges, renderPlan } from './render-plan';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ROOT = 'arn:aws:iam::222222222222:root';

function change(partial: Partial<PolicyChange> & Pick<PolicyChange, 'kind' | 'action'>): PolicyChange {
  return { target: SECRET, account: '111111111111', added: [], removed: [], broadensAccess: false, diff: '', before: null, after: null, ...partial };
}

const secretChange = change({
  kind: 'secret-policy',
  action: 'update',
  broadensAccess: true,
  before: { Version: '2012-10-17', Statement: [] },
  after: { Version: '2012-10-17', Statement: [{ Sid: 'SecretShareWizardRead', Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }] },
  diff: '--- before\n+++ after\n@@ -1,3 +1,4 @@\n {\n-  "Statement": []\n+  "Statement": [1]\n }\n',
});
const keyChange = change({ kind: 'key-policy', action: 'none', target: KEY });
const identityDocument = change({
  kind: 'identity-policy',
  action: 'create',
  target: ROOT,
  account: '222222222222',
  after: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:Decrypt', Resource: KEY }] },
});

const plan: Plan = {
  schema: 'secret-share-wizard/plan@1',
  operation: 'share',
  createdAt: '2026-11-23T07:00:00.000Z',
  request: { secret: SECRET, consumer: '222222222222', identityPolicy: 'none', options: { versionStage: 'AWSCURRENT', grantDescribe: false, contextCondition: true } },
  secret: { arn: SECRET, name: 'MY_TEST_SECRET', account: '111111111111', region: 'us-east-2', partition: 'aws', keyArn: KEY, usesAwsManagedKey: false },
  consumer: { kind: 'account', arn: ROOT, account: '222222222222', partition: 'aws' },
  changes: [identityDocument, keyChange, secretChange],
  findings: [
    { code: 'EXISTING_GRANT', severity: 'info', message: 'fyi' },
    { code: 'PUBLIC_PRINCIPAL', severity: 'error', message: 'broken' },
    { code: 'ACCESS_STILL_DENIED', severity: 'warning', message: 'careful' },
  ],
  simulation: {
    before: { allowed: false, decidingLayer: 'secret-policy', explanation: 'no grant', checks: [], assumptions: [], unknownLayers: [] },
    after: { allowed: true, explanation: 'both sides allow', checks: [], assumptions: [], unknownLayers: [] },
  },
  blocked: true,
};

describe('renderPlan', () => {
  const text = renderPlan(plan, createColors(false));

  it('shows each change with its action, the diff lines and the handed-over identity policy in full', () => {
    expect(text).toContain('Secret resource policy  update  ' + SECRET + '  (broadens access)');
    expect(text).toContain('KMS key policy  no change');
    const lines = text.split('\n');
    expect(lines).toContain('  -  "Statement": []');
    expect(lines).toContain('  +  "Statement": [1]');
    expect(text).toContain("give this document to the consumer account's administrator");
    expect(text).toContain(`"Resource": "${KEY}"`);
  });

  it('lists findings errors first, then the simulation before → after, then the verdict', () => {
    const error = text.indexOf('PUBLIC_PRINCIPAL');
    expect(error).toBeGreaterThan(0);
    expect(error).toBeLessThan(text.indexOf('ACCESS_STILL_DENIED'));
    expect(text.indexOf('ACCESS_STILL_DENIED')).toBeLessThan(text.indexOf('EXISTING_GRANT'));
    expect(text).toContain('before: ✖ denied (by the secret-policy)  →  after: ✔ allowed');
    expect(text).toContain('Blocked: fix the errors above');
  });

  it('colours + green and - red only when colours are on', () => {
    const [removed, added] = colorDiff('-a\n+b', createColors(true));
    expect(removed).toBe('\u001B[31m-a\u001B[39m');
    expect(added).toBe('\u001B[32m+b\u001B[39m');
    expect(text).not.toContain('\u001B[');
  });

  it('counts as pending only what apply writes', () => {
    expect(isHandedToConsumer(identityDocument)).toBe(true);
    expect(pendingChanges(plan)).toEqual([secretChange]);
  });
});

describe('planJson', () => {
  it('has changes, findings and the simulation with the deciding layer', () => {
    const json = planJson(plan);
    expect(json.changes.map((c) => [c.kind, c.action])).toEqual([
      ['identity-policy', 'create'],
      ['key-policy', 'none'],
      ['secret-policy', 'update'],
    ]);
    expect(Object.keys(json.changes[2]!)).toEqual(expect.arrayContaining(['kind', 'target', 'action', 'before', 'after', 'diff']));
    expect(json.findings[1]).toEqual({ code: 'PUBLIC_PRINCIPAL', severity: 'error', message: 'broken' });
    expect(json.simulation).toEqual({
      before: { allowed: false, decidingLayer: 'secret-policy', explanation: 'no grant', assumptions: [], unknownLayers: [] },
      after: { allowed: true, decidingLayer: null, explanation: 'both sides allow', assumptions: [], unknownLayers: [] },
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});
