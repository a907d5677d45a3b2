import { describe, expect, it } from 'vitest';
import { classifyAccount, type AuditReport, type SecretToAudit } from '@secret-share-wizard/core';
import { auditDocuments, auditTree } from './audit-model';

const OWNER = '111111111111';
const KEY = `arn:aws:kms:us-east-2:${OWNER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const secret = (name: string, statement: object, key: SecretToAudit['key'] = { kind: 'customer', arn: KEY, policy: { Statement: [] } }): SecretToAudit => ({
  arn: `arn:aws:secretsmanager:us-east-2:${OWNER}:secret:${name}-a1b2c3`,
  name,
  key,
  secretPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*', ...statement }] as never },
  tags: {},
});

function report(): AuditReport {
  const shares = classifyAccount({
    account: OWNER,
    region: 'us-east-2',
    partition: 'aws',
    secrets: [secret('PUBLIC', { Principal: '*' }), secret('HALF', { Principal: { AWS: '222222222222' } }), secret('LEGACY', { Principal: { AWS: '222222222222' } }, { kind: 'aws-managed' })],
  });
  return {
    shares,
    failures: [{ account: '999999999999', code: 'AWS_ASSUME_ROLE_FAILED', message: 'could not assume', fix: 'create the role' }],
    scopes: [{ account: OWNER, region: 'us-east-2', secrets: 3, grants: shares.length }],
    summary: { accounts: 2, regions: 1, secrets: 3, grants: shares.length, byStatus: { public: 1, 'broken-principal': 0, 'unshareable-key': 1, 'foreign-key': 0, drifted: 0, 'half-done': 1, 'org-wide': 0, complete: 0 }, attention: 3, failedAccounts: 1, policyRequests: 3, seconds: 0.1 },
  };
}

describe('the audit in the extension', () => {
  it('a tree account → secret → grant, with a status icon and "Fix…" only where a fix is automatic', () => {
    const tree = auditTree(report());
    expect(tree.map((node) => [node.label, node.icon, node.description])).toEqual([
      ['999999999999', 'error', 'not read: AWS_ASSUME_ROLE_FAILED'],
      [OWNER, 'account', '3 need attention'],
    ]);
    const secrets = tree[1]!.children;
    expect(secrets.map((node) => node.label).sort()).toEqual(['HALF-a1b2c3', 'LEGACY-a1b2c3', 'PUBLIC-a1b2c3']);
    const grants = secrets.flatMap((node) => node.children).map((node) => [node.label, node.icon, node.contextValue, node.description]);
    expect(grants).toEqual(expect.arrayContaining([
      ['*', 'error', 'auditGrant', 'public'],
      ['arn:aws:iam::222222222222:root', 'warning', 'auditGrantFixable', 'half-done'],
      ['arn:aws:iam::222222222222:root', 'error', 'auditGrant', 'unshareable-key'],
    ]));
  });

  it('one JSON document per account and region; each finding a problem on its grant\'s "principal" line', () => {
    const [document] = auditDocuments(report());
    expect(document!.path).toBe(`/${OWNER}/us-east-2.json`);
    const parsed = JSON.parse(document!.text) as Array<{ principal: string; status: string }>;
    expect(parsed.map((entry) => entry.status)).toEqual(report().shares.map((grant) => grant.status));
    const lines = document!.text.split('\n');
    expect(document!.problems).toHaveLength(3);
    for (const problem of document!.problems) {
      expect(lines[problem.line]).toMatch(/^ {4}"principal": /);
      expect(lines[problem.line]).toContain(JSON.stringify(report().shares[problem.grant]!.principal));
    }
    expect(document!.problems.map((p) => [p.code, p.severity])).toEqual(expect.arrayContaining([['AUDIT_PUBLIC_GRANT', 'error'], ['AUDIT_KEY_SIDE_MISSING', 'warning'], ['AUDIT_UNSHAREABLE_KEY', 'error']]));
  });
});
