/**
 * `secret-share-wizard audit` as a user runs it (the built CLI, a child process) against moto seeded
 * with one grant per status: --json, --markdown, --sarif, the exit codes, bad input, and the new
 * consumer forms on the share commands (`--consumer o-…`, `--role-binding`).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { seededMoto } from '../support/moto';
import { BROKEN_ID, OU, seedAuditAccountOf, type AuditSeed } from '../audit/audit-fixture';
import { runCli, useBuiltCli } from './cli-support';

const moto = seededMoto();
const cli = useBuiltCli();
let seed: AuditSeed;

beforeAll(async () => {
  seed = await seedAuditAccountOf(moto());
}, 120_000);

const audit = (args: string[]) => runCli(cli(), ['audit', '--profile', moto().ownerProfile, ...args], { env: moto().env });

describe('secret-share-wizard audit', () => {
  it('--json prints one object {shares, summary, failures}; exit 10 when something needs attention', async () => {
    const result = await audit(['--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(10);
    const json = JSON.parse(result.stdout) as { shares: Array<{ account: string; region: string; secret: string; principal: string; status: string; findings: unknown[]; fix: unknown }>; summary: { grants: number; attention: number; byStatus: Record<string, number> } };
    expect(json.summary).toMatchObject({ grants: 8, attention: 6, byStatus: { complete: 1, 'half-done': 1, 'broken-principal': 1, public: 1, 'unshareable-key': 1, 'org-wide': 1, 'foreign-key': 1, drifted: 1 } });
    expect(json.shares.find((share) => share.principal === BROKEN_ID)).toMatchObject({ account: '111111111111', region: 'us-east-2', secret: seed.secrets.broken, status: 'broken-principal', fix: { kind: 'remove' } });
  });

  it('the human report lists what needs attention with its fix, and a summary table; --all lists the rest too', async () => {
    const result = await audit([]);
    expect(result.code).toBe(10);
    expect(result.stdout).toContain(`✖ public            ${seed.secrets.public}`);
    expect(result.stdout).toMatch(/! half-done\s+arn:aws:secretsmanager:us-east-2:111111111111:secret:AUDIT_HALF-\w{6}\n\s+→ arn:aws:iam::333333333333:root/);
    expect(result.stdout).toMatch(/fix: Add the key-policy grant: secret-share-wizard apply --secret \S+AUDIT_HALF-\w{6} --consumer arn:aws:iam::333333333333:root --consumer-policy none/);
    expect(result.stdout).toMatch(/Summary\nstatus\s+grants\npublic\s+1\n/);
    expect(result.stdout).not.toContain('AUDIT_ORG');
    expect(result.stdout).toMatch(/1 account, 1 region, 8 secrets, 8 cross-account grants: 6 need attention/);
    const all = await audit(['--all']);
    expect(all.stdout).toContain(`◆ org-wide          ${seed.secrets.org}`);
    expect(all.stdout).toContain(`→ ${OU}`);
  });

  it('--markdown and --sarif', async () => {
    const markdown = await audit(['--markdown']);
    expect(markdown.code).toBe(10);
    expect(markdown.stdout).toMatch(/^# Cross-account shares audit\n/);
    expect(markdown.stdout).toContain('## Needs attention');
    const sarif = await audit(['--sarif']);
    const log = JSON.parse(sarif.stdout) as { version: string; runs: Array<{ tool: { driver: { name: string; version: string } }; results: Array<{ ruleId: string }> }> };
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0]!.tool.driver).toMatchObject({ name: 'secret-share-wizard', version: expect.any(String) });
    expect(log.runs[0]!.results.map((r) => r.ruleId)).toContain('AUDIT_BROKEN_PRINCIPAL');
  });

  it('--all-regions asks EC2 for the regions (the client the engine requires from engine-ec2.cjs) and finds the same grants', async () => {
    const json = await audit(['--all-regions', '--json']);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(10);
    expect(JSON.parse(json.stdout)).toMatchObject({ summary: { grants: 8 }, failures: [] });
    // The report's table of what was read: one row per account × region when there are several.
    const report = await audit(['--all-regions']);
    expect(report.stdout).toMatch(/111111111111\s+us-east-1\b/);
    expect(report.stdout).toMatch(/111111111111\s+us-east-2\b/);
  });

  it('bad input: exit 2, the flag named, nothing read', async () => {
    for (const [args, flag] of [
      [['--rate-limit', '80'], '--rate-limit'],
      [['--fix', 'everything', '--yes'], '--fix'],
      [['--org'], '--role-name'],
      [['--role-name', 'R'], '--role-name'],
      [['--json', '--sarif'], '--sarif'],
      [['--region', 'us-east-2', '--all-regions'], '--all-regions'],
      [['--fix', 'half-done'], '--yes'],
    ] as const) {
      const result = await audit([...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(flag);
    }
  });
});

describe('the share commands take the new consumer forms', () => {
  it('plan --consumer o-… prints the organization statements; --consumer o-ABC is exit 2 naming the format', async () => {
    const plan = await runCli(cli(), ['plan', '--secret', seed.secrets.half, '--consumer', 'o-a1b2c3d4e5', '--profile', moto().ownerProfile, '--json'], { env: moto().env });
    expect(plan.code).toBe(0);
    const json = JSON.parse(plan.stdout) as { changes: Array<{ kind: string; after: { Statement: Array<{ Principal: unknown; Condition?: unknown }> } | null }>; findings: Array<{ code: string }> };
    const secret = json.changes.find((c) => c.kind === 'secret-policy')!.after!.Statement.at(-1)!;
    expect(secret).toMatchObject({ Principal: { AWS: '*' }, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } });
    expect(json.findings.map((f) => f.code)).toContain('ORG_GRANT_SCOPE');
    const bad = await runCli(cli(), ['plan', '--secret', seed.secrets.half, '--consumer', 'o-ABC', '--profile', moto().ownerProfile], { env: moto().env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--consumer: "o-ABC" is not an organization id/);
  });

  it('--role-binding condition writes the account root with aws:PrincipalArn; on an account it is exit 2', async () => {
    const role = moto().scenario.role.arn;
    const plan = await runCli(cli(), ['plan', '--secret', seed.secrets.half, '--consumer', role, '--role-binding', 'condition', '--consumer-policy', 'none', '--profile', moto().ownerProfile, '--json'], { env: moto().env });
    expect(plan.code).toBe(0);
    const json = JSON.parse(plan.stdout) as { changes: Array<{ kind: string; after: { Statement: Array<Record<string, unknown>> } | null }> };
    expect(json.changes.find((c) => c.kind === 'key-policy')!.after!.Statement.at(-1)).toMatchObject({ Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Condition: { ArnEquals: { 'aws:PrincipalArn': role } } });
    const bad = await runCli(cli(), ['plan', '--secret', seed.secrets.half, '--consumer', '222222222222', '--role-binding', 'condition', '--profile', moto().ownerProfile], { env: moto().env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--role-binding');
  });
});
