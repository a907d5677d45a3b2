/**
 * `audit --org` on moto: the management account 111111111111 creates an organization with an OU and
 * three member accounts (moto gives them random ids). Each member is audited through the role
 * assumed in it, in two regions at once; one member refuses the role (a fault proxy answers its
 * AssumeRole AccessDenied) and is reported, not fatal. `--fix public` narrows a member's public
 * statement to the organization, with that member's assumed credentials.
 */
import { writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSdkPackages } from '../../packages/core/src/aws/sdk-packages';
import { DEMO_BASE_PROFILE } from '../../packages/core/src/demo/demo-aws-config';
import { motoAccountCredentials, motoAccountRoleArn } from '../../packages/core/src/demo/moto-accounts';
import { scriptedHost } from '../../packages/core/src/host/host';
import type { PolicyDocument } from '../../packages/core/src/policy/policy-types';
import { runAuditSession } from '../../packages/core/src/session/audit-session';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { useMoto } from '../support/moto';
import { runCli, useBuiltCli } from '../tui/cli-support';

const moto = useMoto();
const cli = useBuiltCli();
const ROLE = 'OrganizationAccountAccessRole';
const REGIONS = ['us-east-2', 'us-west-2'];

interface Org {
  orgId: string;
  ouPath: string;
  members: { a: string; b: string; failing: string };
  secrets: { orgWide: string; public: string; complete: string; west: string };
}

let org: Org;
let proxy: FaultProxy;

const doc = (...statements: PolicyDocument['Statement']): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });

async function seedOrganization(): Promise<Org> {
  const harness = moto();
  const sdk = (await loadSdkPackages()).organizations;
  const { sm, kms } = await loadSdkPackages();
  const organizations = new sdk.OrganizationsClient({ endpoint: harness.endpoint, region: 'us-east-1', credentials: await motoAccountCredentials(harness.endpoint, '111111111111', harness.region) });
  try {
    const orgId = (await organizations.send(new sdk.CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!.Id!;
    const rootId = (await organizations.send(new sdk.ListRootsCommand({}))).Roots![0]!.Id!;
    const ouId = (await organizations.send(new sdk.CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' }))).OrganizationalUnit!.Id!;
    const account = async (name: string) => {
      const id = (await organizations.send(new sdk.CreateAccountCommand({ AccountName: name, Email: `${name.toLowerCase()}@example.com` }))).CreateAccountStatus!.AccountId!;
      await organizations.send(new sdk.MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: ouId }));
      return id;
    };
    const a = await account('MEMBER_A');
    const b = await account('MEMBER_B');
    const failing = await account('MEMBER_NO_ROLE');
    const ouPath = `${orgId}/${rootId}/${ouId}/`;

    const clientsOf = async (id: string, region: string) => {
      const config = { endpoint: harness.endpoint, region, credentials: await motoAccountCredentials(harness.endpoint, id, region) };
      return { sm: new sm.SecretsManagerClient(config), kms: new kms.KMSClient(config) };
    };
    const secretOn = async (id: string, region: string, name: string, policy: (key: string, secret: string) => { secret: PolicyDocument; key?: PolicyDocument }) => {
      const clients = await clientsOf(id, region);
      try {
        const admin = { Sid: 'Enable IAM User Permissions', Effect: 'Allow' as const, Principal: { AWS: `arn:aws:iam::${id}:root` }, Action: 'kms:*', Resource: '*' };
        const key = (await clients.kms.send(new kms.CreateKeyCommand({ Policy: JSON.stringify(doc(admin)) }))).KeyMetadata!.Arn!;
        const secret = (await clients.sm.send(new sm.CreateSecretCommand({ Name: name, SecretString: 'demo-only', KmsKeyId: key }))).ARN!;
        const documents = policy(key, secret);
        await clients.sm.send(new sm.PutResourcePolicyCommand({ SecretId: secret, ResourcePolicy: JSON.stringify(documents.secret) }));
        if (documents.key) await clients.kms.send(new kms.PutKeyPolicyCommand({ KeyId: key, PolicyName: 'default', Policy: JSON.stringify(doc(admin, ...documents.key.Statement)) }));
        return secret;
      } finally {
        clients.sm.destroy();
        clients.kms.destroy();
      }
    };
    const decrypt = (principal: PolicyDocument['Statement'][number]['Principal'], condition?: PolicyDocument['Statement'][number]['Condition']) => doc({ Effect: 'Allow', Principal: principal, Action: 'kms:Decrypt', Resource: '*', ...(condition ? { Condition: condition } : {}) });
    const read = (principal: PolicyDocument['Statement'][number]['Principal'], condition?: PolicyDocument['Statement'][number]['Condition']) => doc({ Sid: 'Read', Effect: 'Allow', Principal: principal, Action: 'secretsmanager:GetSecretValue', Resource: '*', ...(condition ? { Condition: condition } : {}) });
    const ouCondition = { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': [`${ouPath}*`] } };
    const orgWide = await secretOn(a, 'us-east-2', 'TEAM_SHARED', () => ({ secret: read({ AWS: '*' }, ouCondition), key: decrypt({ AWS: '*' }, ouCondition) }));
    const pub = await secretOn(a, 'us-east-2', 'OOPS_PUBLIC', () => ({ secret: read('*') }));
    const complete = await secretOn(b, 'us-east-2', 'FOR_A', () => ({ secret: read({ AWS: `arn:aws:iam::${a}:root` }), key: decrypt({ AWS: `arn:aws:iam::${a}:root` }) }));
    const west = await secretOn(b, 'us-west-2', 'FOR_A_WEST', () => ({ secret: read({ AWS: `arn:aws:iam::${a}:root` }) }));
    await secretOn(failing, 'us-east-2', 'UNSEEN', () => ({ secret: read('*') }));
    return { orgId, ouPath, members: { a, b, failing }, secrets: { orgWide, public: pub, complete, west } };
  } finally {
    organizations.destroy();
  }
}

beforeAll(async () => {
  org = await seedOrganization();
  proxy = await startFaultProxy(moto().endpoint);
  // The member's role does not trust the management account: AssumeRole is refused.
  proxy.failRequests({ action: 'AssumeRole', bodyIncludes: org.members.failing, kind: 'access-denied' });
}, 120_000);

afterAll(async () => {
  await proxy?.stop();
});

const auditOptions = () => ({ ownerProfile: moto().ownerProfile, region: 'us-east-2', endpoint: proxy.endpoint });

describe('audit --org on moto', () => {
  it('covers every member account in both regions, through the assumed role; the failing account is reported, not fatal', async () => {
    const outcome = await runAuditSession({ org: { roleName: ROLE }, regions: REGIONS }, { host: scriptedHost({}), aws: auditOptions() });
    expect(outcome.error).toBeUndefined();
    const report = outcome.report!;
    expect(report.summary).toMatchObject({ accounts: 4, regions: 2, failedAccounts: 1, grants: 4 });
    // The management account (own credentials) and the two members, each in both regions.
    expect(report.scopes.map((s) => [s.account, s.region, s.secrets])).toEqual(
      [['111111111111', 'us-east-2', 0], ['111111111111', 'us-west-2', 0], [org.members.a, 'us-east-2', 2], [org.members.a, 'us-west-2', 0], [org.members.b, 'us-east-2', 1], [org.members.b, 'us-west-2', 1]].sort((x, y) => String(x[0]).localeCompare(String(y[0])) || String(x[1]).localeCompare(String(y[1]))),
    );
    expect(report.failures).toEqual([expect.objectContaining({ account: org.members.failing, code: 'AWS_ASSUME_ROLE_FAILED', message: expect.stringContaining(`role/${ROLE}`) })]);
    expect(report.failures[0]!.region).toBeUndefined();
    const status = (secret: string) => report.shares.filter((g) => g.secret === secret).map((g) => [g.account, g.principal, g.status]);
    expect(status(org.secrets.orgWide)).toEqual([[org.members.a, org.ouPath, 'org-wide']]);
    expect(status(org.secrets.public)).toEqual([[org.members.a, '*', 'public']]);
    expect(status(org.secrets.complete)).toEqual([[org.members.b, `arn:aws:iam::${org.members.a}:root`, 'complete']]);
    expect(status(org.secrets.west)).toEqual([[org.members.b, `arn:aws:iam::${org.members.a}:root`, 'half-done']]);
    // The member is in the organization: the public grant can be narrowed to it.
    expect(report.shares.find((g) => g.secret === org.secrets.public)!.fix).toMatchObject({ kind: 'narrow', orgId: org.orgId });
    expect(outcome.exitCode).toBe(10);
  });

  it('--fix public narrows the member\'s statement to the organization (its assumed credentials, approval first)', async () => {
    const host = scriptedHost({ 'approve-writes': true });
    const outcome = await runAuditSession({ org: { roleName: ROLE }, regions: ['us-east-2'], fix: ['public'] }, { host, aws: auditOptions() });
    expect(outcome.fixes.map((f) => [f.account, f.fix.kind, f.status])).toEqual([[org.members.a, 'narrow', 'applied']]);
    expect(host.asked.map((q) => q.code)).toEqual(['approve-writes']);
    const { sm } = await loadSdkPackages();
    const client = new sm.SecretsManagerClient({ endpoint: moto().endpoint, region: 'us-east-2', credentials: await motoAccountCredentials(moto().endpoint, org.members.a, 'us-east-2') });
    try {
      const policy = JSON.parse((await client.send(new sm.GetResourcePolicyCommand({ SecretId: org.secrets.public }))).ResourcePolicy!) as PolicyDocument;
      expect(policy.Statement).toEqual([{ Sid: 'Read', Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': org.orgId } } }]);
    } finally {
      client.destroy();
    }
    const again = await runAuditSession({ org: { roleName: ROLE }, regions: ['us-east-2'] }, { host: scriptedHost({}), aws: auditOptions() });
    // Now an organization grant, still without its key side (the key never granted anyone): half-done, public no more.
    expect(again.report!.shares.filter((g) => g.secret === org.secrets.public).map((g) => [g.principal, g.status])).toEqual([[org.orgId, 'half-done']]);
  });

  it('the CLI: --org --role-name, a summary table with the failed account, exit 10', async () => {
    // Profiles are not needed for the members: the CLI assumes the role itself.
    const configFile = join(moto().dir, 'config-audit');
    await writeFile(configFile, `${await readFile(moto().config.configFile, 'utf8')}\n[profile management]\nregion = us-east-2\nendpoint_url = ${proxy.endpoint}\nrole_arn = ${motoAccountRoleArn('111111111111')}\nsource_profile = ${DEMO_BASE_PROFILE}\n`);
    const result = await runCli(cli(), ['audit', '--org', '--role-name', ROLE, '--profile', 'management', '--region', 'us-east-2', '--region', 'us-west-2'], { env: { ...moto().env, AWS_CONFIG_FILE: configFile, AWS_ENDPOINT_URL: proxy.endpoint } });
    expect(result.code).toBe(10);
    expect(result.stdout).toMatch(new RegExp(`${org.members.failing}\\s+—\\s+not read\\s+AWS_ASSUME_ROLE_FAILED`));
    expect(result.stdout).toMatch(new RegExp(`${org.members.b}\\s+us-west-2\\s+1\\s+1\\s+1`));
    expect(result.stdout).toMatch(/4 accounts, 2 regions, \d+ secrets, \d+ cross-account grants: \d+ needs? attention, 1 account not read/);
  });
});
