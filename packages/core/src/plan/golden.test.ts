import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../policy/canonical-json';
import type { PolicyDocument } from '../policy/policy-types';
import { lintPolicyDocument } from './findings/lint-policy-document';
import { planOffline } from './plan-offline';
import type { Plan, PolicyChange } from './plan-types';

/**
 * The reference scenario (aws-blog-cross-account-secrets.txt): MY_TEST_SECRET in CENTRAL_SECURITY
 * (111111111111), encrypted with MY_CMK, read by PRODUCTION_SECRET_ROLE in PRODUCTION (222222222222).
 * The documents are compared with the files in __golden__/ (regenerate: UPDATE_GOLDEN=1).
 */
const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const ROLE = 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE';
const DEFAULT_KEY_POLICY: PolicyDocument = {
  Version: '2012-10-17',
  Id: 'key-default-1',
  Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' }],
};
const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), '__golden__');

const scenarios: Array<[string, Parameters<typeof planOffline>[0]]> = [
  ['role', { secretArn: SECRET, keyArn: KEY, consumer: ROLE, keyPolicy: DEFAULT_KEY_POLICY }],
  ['account-root', { secretArn: SECRET, keyArn: KEY, consumer: '222222222222', consumerIdentity: ROLE, keyPolicy: DEFAULT_KEY_POLICY }],
];

function doc(plan: Plan, kind: PolicyChange['kind']): PolicyDocument {
  const change = plan.changes.find((c): c is PolicyChange => c.kind === kind);
  if (!change?.after) throw new Error(`no ${kind} in the plan`);
  return change.after;
}

function allStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => allStrings(v, out));
  else if (value && typeof value === 'object') Object.entries(value).forEach(([k, v]) => { out.push(k); allStrings(v, out); });
  return out;
}

describe.each(scenarios)('golden: reference scenario, consumer = %s', (name, input) => {
  const plan = planOffline({ ...input, now: new Date('2026-01-01T00:00:00Z') });

  it.each(['identity-policy', 'key-policy', 'secret-policy'] as const)('%s matches __golden__', (kind) => {
    const file = join(GOLDEN, name, `${kind}.json`);
    const text = `${canonicalJson(doc(plan, kind))}\n`;
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    expect(existsSync(file), `${file} is missing (UPDATE_GOLDEN=1 writes it; review it before committing)`).toBe(true);
    expect(text).toBe(readFileSync(file, 'utf8'));
  });

  it("has none of the blog's mistakes", () => {
    const docs = (['identity-policy', 'key-policy', 'secret-policy'] as const).map((kind) => doc(plan, kind));
    for (const value of docs.flatMap((d) => allStrings(d))) {
      expect(value.trim()).toBe(value); // no " arn:aws:..." leading space
      expect(value).not.toMatch(/[\u2010-\u2015\u2212\u2018\u2019\u201C\u201D\u00A0]/); // no typographic dashes/quotes
    }
    const identity = doc(plan, 'identity-policy');
    const getSecret = identity.Statement.find((s) => s.Action === 'secretsmanager:GetSecretValue');
    expect(getSecret?.Resource).toBe(SECRET); // the full ARN with its -a1b2c3 suffix, not the bare name
    expect(String(getSecret?.Resource)).toMatch(/:secret:MY_TEST_SECRET-[A-Za-z0-9]{6}$/);
    const decrypt = identity.Statement.find((s) => s.Action === 'kms:Decrypt');
    expect(decrypt?.Resource).toBe(KEY);
    expect(decrypt?.Condition?.StringEquals?.['kms:ViaService']).toBe('secretsmanager.us-east-2.amazonaws.com');
    // Customer managed policy ARN in the consumer account, never iam::aws:policy.
    expect(plan.identity?.policyArn).toMatch(/^arn:aws:iam::222222222222:policy\/SecretShareWizard-MY_TEST_SECRET-[0-9a-f]{8}$/);
    expect(JSON.stringify(plan.changes)).not.toContain('iam::aws:policy');
    // No public principal anywhere; the key administrator statement kept first, unchanged.
    expect(JSON.stringify(docs)).not.toMatch(/"Principal":"\*"|"AWS":"\*"/);
    expect(doc(plan, 'key-policy').Statement[0]).toEqual(DEFAULT_KEY_POLICY.Statement[0]);
    expect(doc(plan, 'key-policy').Id).toBe('key-default-1');
    // VersionStage, not the blog response's "VersionsStages".
    expect(JSON.stringify(doc(plan, 'secret-policy'))).toContain('"secretsmanager:VersionStage":"AWSCURRENT"');
    expect(JSON.stringify(docs)).not.toContain('VersionsStages');
  });

  it('lints clean, is not blocked, and the simulation goes from denied to allowed', () => {
    for (const kind of ['identity-policy', 'key-policy', 'secret-policy'] as const) {
      expect(lintPolicyDocument(kind, doc(plan, kind), { secretArn: SECRET, keyArn: KEY, partition: 'aws' }).filter((f) => f.severity === 'error')).toEqual([]);
    }
    expect(plan.blocked).toBe(false);
    expect(plan.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(plan.simulation.before.allowed).toBe(false);
    expect(plan.simulation.after.allowed).toBe(true);
    expect(plan.changes.map((c) => `${c.kind}:${c.action}`)).toEqual(['identity-policy:create', 'key-policy:update', 'secret-policy:create']);
  });
});
