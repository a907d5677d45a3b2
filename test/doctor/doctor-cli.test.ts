/**
 * `secret-share-wizard doctor` as users run it: the built CLI against moto (an organization with a
 * complete share), exit codes 0 / 3 / 4 / 2 / 1, the --json object, and --offline with layer files
 * (session policy, VPC endpoint, RCPs: layers IAM cannot give back, or that moto cannot evaluate).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useMoto } from '../support/moto';
import { cliEnv, runCli, useBuiltCli } from '../tui/cli-support';
import { attachOrgPolicy, breakBoundary, breakIdentityPolicy, breakKeyPolicy, breakSecretPolicy, useOrgShare, type OrgShare } from './org-share-fixture';

const moto = useMoto();
const share = useOrgShare(moto);
const cli = useBuiltCli();
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ssw-doctor-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const env = () => cliEnv(moto().env, { AWS_CONFIG_FILE: share().configFile });
const online = (...extra: string[]) => {
  const s = share();
  return ['doctor', '--secret', s.secretArn, '--consumer-role', s.roleArn, '--profile', s.profiles.owner, '--consumer-profile', s.profiles.consumer, ...extra];
};
const doctor = (args: string[]) => runCli(cli(), args, { env: env() });
const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown> & { layers: Array<Record<string, unknown>>; unknownLayers: Array<Record<string, unknown>> };

async function file(name: string, value: unknown): Promise<string> {
  const path = join(work, name);
  await writeFile(path, JSON.stringify(value));
  return path;
}

describe('doctor CLI against moto', () => {
  it('a complete share: exit 0, one JSON object with every layer', async () => {
    const result = await doctor(online('--org-profile', share().profiles.management, '--json'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = json(result.stdout);
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['allowed', 'decidingLayer', 'statement', 'unknownLayers', 'fix', 'layers']));
    expect(out).toMatchObject({ allowed: true, verdict: 'allowed', decidingLayer: null, statement: null, unknownLayers: [], fix: null });
    expect(out.layers.map((l) => [l.layer, l.decision])).toEqual([['identity-policy', 'allow'], ['scp', 'allow'], ['rcp', 'allow'], ['secret-policy', 'allow'], ['key-policy', 'allow']]);
    expect(out.reads).toMatchObject({ calls: 24 });
  });

  it('an SCP deny: exit 3, the scp layer and statement, and the message check', async () => {
    const s = share();
    const scp = await attachOrgPolicy(s, 'SERVICE_CONTROL_POLICY', 'DenySecretsCli', [{ Sid: 'NoSecrets', Effect: 'Deny', Action: 'secretsmanager:*', Resource: '*' }], s.consumer);
    try {
      const error = `User: arn:aws:sts::${s.consumer}:assumed-role/PRODUCTION_SECRET_ROLE/app is not authorized to perform: secretsmanager:GetSecretValue on resource: ${s.secretArn} with an explicit deny in a service control policy`;
      const result = await doctor(online('--org-profile', s.profiles.management, '--error', error, '--json'));
      expect(result.code).toBe(3);
      expect(json(result.stdout)).toMatchObject({
        allowed: false,
        decidingLayer: 'scp',
        statement: { layer: 'scp', index: 0, sid: 'NoSecrets', document: `DenySecretsCli (${scp.policyId})`, target: s.consumer },
        fix: { kind: 'text', layer: 'scp', account: s.management },
        message: { agrees: true, layer: 'scp', deny: 'explicit' },
        sessionName: 'app',
      });
      const text = await doctor(online('--org-profile', s.profiles.management));
      expect(text.code).toBe(3);
      expect(text.stdout).toMatch(/^✖ Denied: /);
      expect(text.stdout).toMatch(/Deciding layer: scp on secretsmanager:GetSecretValue, statement 0 \(Sid "NoSecrets"\)/);
    } finally {
      await scp.undo();
    }
  });

  it.each([
    ['the identity policy removed', 'identity-policy', 'plan', async (s: OrgShare) => breakIdentityPolicy(s)],
    ['a boundary without Secrets Manager', 'permissions-boundary', 'text', async (s: OrgShare) => (await breakBoundary(s)).undo],
    ['the key grant removed', 'key-policy', 'plan', async (s: OrgShare) => breakKeyPolicy(s)],
    ['the secret policy deleted', 'secret-policy', 'plan', async (s: OrgShare) => breakSecretPolicy(s)],
    [
      'an RCP deny on the owner account',
      'rcp',
      'text',
      async (s: OrgShare) => (await attachOrgPolicy(s, 'RESOURCE_CONTROL_POLICY', 'NoKmsCli', [{ Sid: 'NoKms', Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }], s.owner)).undo,
    ],
  ] as const)('%s: exit 3, decidingLayer %s, a %s fix', async (_name, layer, kind, breakIt) => {
    const s = share();
    const undo = await breakIt(s);
    try {
      const result = await doctor(online('--org-profile', s.profiles.management, '--json'));
      expect(result.code).toBe(3);
      expect(json(result.stdout)).toMatchObject({ allowed: false, verdict: 'denied', decidingLayer: layer, fix: { kind, layer } });
    } finally {
      await undo();
    }
  });

  it('members cannot read SCPs/RCPs: exit 10, "allowed only if", naming who can read them', async () => {
    const result = await doctor(online('--json'));
    expect(result.code).toBe(10);
    const out = json(result.stdout);
    expect(out.verdict).toBe('allowed-if');
    expect(out.unknownLayers.map((u) => u.layer)).toEqual(['scp', 'rcp']);
    expect(String(out.unknownLayers[0]!.readableBy)).toMatch(/--org-profile/);
  });

  it.each([
    ['no --consumer-role', (a: string[]) => a.filter((_, i) => i !== 3 && i !== 4), /--consumer-role: is required/],
    ['an --error that is not an AccessDenied message', (a: string[]) => [...a, '--error', 'something went wrong'], /--error: .*is not an AccessDenied message/],
    ['an offline-only flag online', (a: string[]) => [...a, '--scp', 'x.json'], /--scp: is only for --offline/],
    ['an account as --consumer-role', (a: string[]) => a.map((v) => (v.includes(':role/') ? '222222222222' : v)), /--consumer-role: "222222222222" is an account, not a role/],
  ])('bad input (%s): exit 2, one line naming the flag, nothing on stdout', async (_name, edit, message) => {
    const result = await doctor(edit(online()));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it('a secret that does not exist: exit 1 (AWS failure)', async () => {
    const result = await doctor(online().map((v) => (v.includes(':secret:') ? v.replace('MY_TEST_SECRET', 'NO_SUCH_SECRET') : v)));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not found/);
  });
});

describe('doctor --offline and plan --offline with layer files', () => {
  const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
  const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const ROLE = 'arn:aws:iam::222222222222:role/PRODUCTION_SECRET_ROLE';
  const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  let base: string[];

  beforeAll(async () => {
    const secretPolicy = await file('secret.json', { Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }] });
    const keyPolicy = await file('key.json', {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' },
        { Sid: 'Decrypt', Effect: 'Allow', Principal: { AWS: ROLE }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-2.amazonaws.com' } } },
      ],
    });
    const identity = await file('identity.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'kms:Decrypt'], Resource: [SECRET, KEY] }] });
    base = ['doctor', '--offline', '--secret-arn', SECRET, '--key-arn', KEY, '--consumer-role', ROLE, '--secret-policy', secretPolicy, '--key-policy', keyPolicy, '--identity-policy', identity, '--json'];
  });

  it('every layer given and allowing: exit 0', async () => {
    const full = await file('full.json', allowAll);
    const rcp = await file('rcp-full.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] });
    const result = await doctor([...base, '--boundary', full, '--session-policy', full, '--scp', full, '--scp', full, '--scp', full, '--rcp', rcp, '--rcp', rcp, '--endpoint-policy', await file('endpoint.json', { VpcEndpoints: [{ VpcEndpointId: 'vpce-0abc', VpcId: 'vpc-1', PolicyDocument: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }) }] })]);
    expect(result.code).toBe(0);
    expect(json(result.stdout).layers.map((l) => l.layer)).toEqual(['identity-policy', 'permissions-boundary', 'session-policy', 'scp', 'rcp', 'secret-policy', 'key-policy', 'vpc-endpoint-policy']);
  });

  it('a session policy that allows only S3: exit 3 at the session-policy layer', async () => {
    const session = await file('session.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
    const result = await doctor([...base, '--session-policy', session]);
    expect(result.code).toBe(3);
    expect(json(result.stdout)).toMatchObject({ decidingLayer: 'session-policy', fix: { kind: 'text', layer: 'session-policy' } });
  });

  it('an endpoint policy for another secret: exit 3 at the vpc-endpoint-policy layer, on GetSecretValue only', async () => {
    const endpoint = await file('endpoint-other.json', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:us-east-2:111111111111:secret:OTHER-??????' }] });
    const result = await doctor([...base, '--endpoint-policy', endpoint]);
    expect(result.code).toBe(3);
    const out = json(result.stdout);
    expect(out).toMatchObject({ decidingLayer: 'vpc-endpoint-policy', decidingCall: 'secretsmanager:GetSecretValue' });
    expect(out.layers.find((l) => l.layer === 'vpc-endpoint-policy')!.calls).toEqual({ 'secretsmanager:GetSecretValue': 'implicit-deny' });
  });

  it('an RCP deny at the owner account level (describe-policy output): exit 3 at the rcp layer, naming the policy', async () => {
    const rcpFull = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };
    const deny = { Policy: { PolicySummary: { Id: 'p-rcp00001', Name: 'NoOutsideReads' }, Content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'OwnerOnly', Effect: 'Deny', Principal: '*', Action: 'secretsmanager:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalAccount': '111111111111' } } }] }) } };
    const result = await doctor([...base, '--rcp', await file('rcp-root.json', rcpFull), '--rcp', await file('rcp-account.json', [rcpFull, deny])]);
    expect(result.code).toBe(3);
    expect(json(result.stdout)).toMatchObject({ decidingLayer: 'rcp', statement: { sid: 'OwnerOnly', document: 'NoOutsideReads (p-rcp00001)', target: 'account (rcp-account.json)' } });
  });

  it('bad layer files exit 2 naming the flag', async () => {
    const result = await doctor([...base, '--scp', await file('empty-level.json', [])]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--scp: .*empty list/);
    const badPath = await doctor([...base, '--principal-org-path', 'o-a1b2c3d4e5/ou-nope']);
    expect(badPath.code).toBe(2);
    expect(badPath.stderr).toMatch(/--principal-org-path/);
  });

  it('plan --offline takes the same layer files: an SCP deny makes "will it work?" name the scp layer', async () => {
    const full = await file('scp-full.json', allowAll);
    const deny = await file('scp-deny.json', [allowAll, { Version: '2012-10-17', Statement: [{ Sid: 'NoKms', Effect: 'Deny', Action: 'kms:Decrypt', Resource: '*' }] }]);
    const result = await doctor(['plan', '--offline', '--secret-arn', SECRET, '--key-arn', KEY, '--consumer', ROLE, '--key-policy', join(work, 'key.json'), '--scp', full, '--scp', deny, '--json']);
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as { simulation: { after: { allowed: boolean; decidingLayer: string } }; findings: Array<{ code: string }> };
    expect(plan.simulation.after).toMatchObject({ allowed: false, decidingLayer: 'scp' });
    expect(plan.findings.map((f) => f.code)).toContain('ACCESS_STILL_DENIED');
  });
});
