/**
 * `audit` of one account on moto: one secret per status, the JSON, the Markdown and SARIF, and
 * `--fix` through the sessions (approval, guard), then audited again.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { auditJson, auditMarkdown, auditSarif } from '../../packages/core/src/audit/render-audit';
import type { AuditGrant, AuditReport } from '../../packages/core/src/audit/audit-types';
import { createAwsContext } from '../../packages/core/src/aws/aws-context';
import { readSecretPolicy } from '../../packages/core/src/aws/read-secret';
import { scriptedHost } from '../../packages/core/src/host/host';
import { runAuditSession } from '../../packages/core/src/session/audit-session';
import { seededMoto } from '../support/moto';
import { BROKEN_ID, FOREIGN_KEY, OU, seedAuditAccountOf, type AuditSeed } from './audit-fixture';

const moto = seededMoto();
let seed: AuditSeed;
let report: AuditReport;

beforeAll(async () => {
  seed = await seedAuditAccountOf(moto());
  const outcome = await runAuditSession({}, { host: scriptedHost({}), aws: { ownerProfile: moto().ownerProfile, region: moto().region } });
  expect(outcome.error).toBeUndefined();
  report = outcome.report!;
}, 120_000);

const of = (secret: string | null): AuditGrant[] => report.shares.filter((grant) => grant.secret === secret);

describe('audit of one account on moto', () => {
  it('reports every cross-account grant with exactly the status of its kind', () => {
    expect(of(seed.secrets.complete).map((g) => [g.principal, g.status, g.recorded])).toEqual([['arn:aws:iam::222222222222:root', 'complete', true]]);
    expect(of(seed.secrets.half).map((g) => [g.principal, g.status, g.sides.keyPolicy])).toEqual([['arn:aws:iam::333333333333:root', 'half-done', 'missing']]);
    expect(of(seed.secrets.broken).map((g) => [g.principal, g.status])).toEqual([[BROKEN_ID, 'broken-principal']]);
    expect(of(seed.secrets.public).map((g) => [g.principal, g.status])).toEqual([['*', 'public']]);
    expect(of(seed.secrets.legacy).map((g) => [g.principal, g.status, g.key])).toEqual([['arn:aws:iam::222222222222:root', 'unshareable-key', undefined]]);
    expect(of(seed.secrets.org).map((g) => [g.principal, g.status, g.scope])).toEqual([[OU, 'org-wide', `every account under ${OU} and its sub-OUs`]]);
    expect(of(seed.secrets.foreign).map((g) => [g.status, g.key, g.sides.keyPolicy])).toEqual([['foreign-key', FOREIGN_KEY, 'unknown']]);
    expect(of(seed.secrets.drift).map((g) => [g.principal, g.status, g.recorded])).toEqual([['arn:aws:iam::444444444444:root', 'drifted', true]]);
    // Nothing else: the scenario's own statements are same-account or grant no read.
    expect(report.shares).toHaveLength(8);
    expect(report.failures).toEqual([]);
    expect(report.summary).toMatchObject({
      accounts: 1,
      regions: 1,
      secrets: 8,
      grants: 8,
      attention: 6,
      failedAccounts: 0,
      byStatus: { complete: 1, 'half-done': 1, 'broken-principal': 1, public: 1, 'unshareable-key': 1, 'org-wide': 1, 'foreign-key': 1, drifted: 1 },
    });
    // One GetResourcePolicy per secret, within the 50 req/s budget.
    expect(report.summary.policyRequests).toBe(8);
  });

  it('--all-regions: every region enabled in the account (EC2 DescribeRegions), each read on its own', async () => {
    const outcome = await runAuditSession({ regions: 'all' }, { host: scriptedHost({}), aws: { ownerProfile: moto().ownerProfile, region: moto().region } });
    const all = outcome.report!;
    expect(all.summary.regions).toBeGreaterThan(10);
    expect(all.scopes.map((scope) => scope.region)).toContain('eu-west-1');
    expect(all.failures).toEqual([]);
    // The seeded region holds every grant; the others none.
    expect(all.scopes.filter((scope) => scope.grants > 0).map((scope) => scope.region)).toEqual(['us-east-2']);
  });

  it('--json: {"shares": [{account, region, secret, principal, status, findings, fix}], "summary"}', () => {
    const json = JSON.parse(JSON.stringify(auditJson(report))) as { shares: Array<Record<string, unknown>>; summary: Record<string, unknown> };
    expect(Object.keys(json)).toEqual(['shares', 'summary', 'failures']);
    for (const share of json.shares) expect(Object.keys(share).slice(0, 7)).toEqual(['account', 'region', 'secret', 'principal', 'status', 'findings', 'fix']);
    const half = json.shares.find((share) => share.secret === seed.secrets.half)!;
    expect(half).toMatchObject({ account: '111111111111', region: 'us-east-2', status: 'half-done', findings: [{ code: 'AUDIT_KEY_SIDE_MISSING', severity: 'warning' }], fix: { kind: 'complete', side: 'key-policy', consumer: 'arn:aws:iam::333333333333:root' } });
    expect(json.shares.find((share) => share.status === 'complete')!.fix).toBeNull();
  });

  it('--markdown: the summary table, then what needs attention with its fix', () => {
    const markdown = auditMarkdown(report);
    expect(markdown).toMatch(/^# Cross-account shares audit\n\n1 account, 1 region, 8 secrets, 8 cross-account grants; 6 need attention\./);
    expect(markdown).toContain('| half-done — one of the secret and key sides is missing | 1 |');
    const attention = markdown.slice(markdown.indexOf('## Needs attention'), markdown.indexOf('## As intended'));
    expect(attention.split('\n').filter((line) => line.startsWith('| 111111111111'))).toHaveLength(6);
    expect(attention).toContain(`\`${BROKEN_ID}\` | **broken-principal**`);
    expect(markdown.slice(markdown.indexOf('## As intended'))).toContain('**org-wide** (every account under o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ and its sub-OUs)');
  });

  it('--sarif: a valid SARIF 2.1.0 log, one result per finding, each on a declared rule', () => {
    const log = auditSarif(report, { name: 'secret-share-wizard', version: '0.1.0' });
    expect(log).toMatchObject({ version: '2.1.0', $schema: 'https://json.schemastore.org/sarif-2.1.0.json' });
    const [run] = log.runs;
    const rules = run!.tool.driver.rules!;
    expect(new Set(rules.map((rule) => rule.id)).size).toBe(rules.length);
    expect(run!.results!.length).toBe(report.shares.reduce((n, grant) => n + grant.findings.length, 0));
    for (const result of run!.results!) {
      expect(rules[result.ruleIndex!]!.id).toBe(result.ruleId);
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(result.message.text!.length).toBeGreaterThan(20);
      expect(result.locations![0]!.logicalLocations![0]!.fullyQualifiedName).toMatch(/^arn:aws:(secretsmanager|kms):/);
    }
    expect(run!.results!.find((result) => result.ruleId === 'AUDIT_PUBLIC_GRANT')).toMatchObject({ level: 'error', locations: [{ logicalLocations: [{ fullyQualifiedName: seed.secrets.public }] }] });
  });

  it('--fix half-done broken-principal: each fix approved, guarded and applied; audited again, they are gone', async () => {
    const harness = moto();
    const host = scriptedHost({ 'approve-writes': true });
    const outcome = await runAuditSession({ fix: ['half-done', 'broken-principal'] }, { host, aws: { ownerProfile: harness.ownerProfile, region: harness.region } });
    expect(outcome.fixes.map((f) => [f.principal, f.fix.kind, f.status])).toEqual([
      [BROKEN_ID, 'remove', 'applied'],
      ['arn:aws:iam::333333333333:root', 'complete', 'applied'],
    ]);
    // Every fix asked first (one approval each).
    expect(host.asked.filter((q) => q.code === 'approve-writes')).toHaveLength(2);
    // Public, foreign-key, unshareable and drifted remain: exit 10.
    expect(outcome.exitCode).toBe(10);
    const ctx = createAwsContext({ ownerProfile: harness.ownerProfile, region: harness.region });
    try {
      expect(await readSecretPolicy(ctx, seed.secrets.broken)).toBeNull();
    } finally {
      ctx.destroy();
    }
    const again = await runAuditSession({}, { host: scriptedHost({}), aws: { ownerProfile: harness.ownerProfile, region: harness.region } });
    expect(again.report!.shares.filter((g) => g.secret === seed.secrets.half).map((g) => g.status)).toEqual(['complete']);
    expect(again.report!.shares.some((g) => g.secret === seed.secrets.broken)).toBe(false);
    expect(again.report!.summary.attention).toBe(4);
  });
});
