/**
 * A complete cross-account share inside an AWS Organization, on this file's moto server:
 *
 * - the management account 111111111111 (profile `central-security`) creates the organization,
 *   enables SCPs and RCPs, creates the OU "Workloads" and two member accounts in it (moto gives them
 *   random ids): OWNER (profile `org-owner`) holds the secret and its customer managed key, CONSUMER
 *   (profile `org-consumer`) holds PRODUCTION_SECRET_ROLE;
 * - the share is complete: the secret policy and the key policy grant the role, its inline policy
 *   allows GetSecretValue and kms:Decrypt via Secrets Manager. Every level carries FullAWSAccess
 *   and RCPFullAWSAccess (moto attaches them, as AWS does).
 *
 * Members cannot read SCPs/RCPs (moto, like AWS, answers them no): the doctor reads them with the
 * management account's credentials (`organizations` / --org-profile). Tests break one layer at a time
 * with the `break*` helpers, each returning the undo.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll } from 'vitest';
import { loadSdkPackages } from '../../packages/core/src/aws/sdk-packages';
import { motoAccountCredentials, motoAccountRoleArn } from '../../packages/core/src/demo/moto-accounts';
import { DEMO_BASE_PROFILE } from '../../packages/core/src/demo/demo-aws-config';
import { planShare } from '../../packages/core/src/plan/plan-share';
import { buildShareRequest } from '../../packages/core/src/plan/share-request';
import { offlineState } from '../../packages/core/src/plan/plan-offline';
import type { PolicyDocument, Statement } from '../../packages/core/src/policy/policy-types';
import type { MotoHarness } from '../support/moto';

export const MANAGEMENT = '111111111111';
export const ROLE_NAME = 'PRODUCTION_SECRET_ROLE';
export const INLINE_POLICY = 'SecretShareWizardRead';

export interface OrgShare {
  management: string;
  owner: string;
  consumer: string;
  orgId: string;
  rootId: string;
  ouId: string;
  secretArn: string;
  keyArn: string;
  roleArn: string;
  profiles: { management: string; owner: string; consumer: string };
  /** The AWS config file with every profile (AWS_CONFIG_FILE for CLI runs). */
  configFile: string;
  documents: { secretPolicy: PolicyDocument; keyPolicy: PolicyDocument; defaultKeyPolicy: PolicyDocument; identityPolicy: PolicyDocument };
  clients: Awaited<ReturnType<typeof clientsFor>>;
}

type Config = { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } };

async function clientsFor(endpoint: string, region: string, accounts: { management: string; owner: string; consumer: string }) {
  const { sm, kms, iam } = await loadSdkPackages();
  const org = (await loadSdkPackages()).organizations;
  const config = async (account: string): Promise<Config> => ({ endpoint, region, credentials: await motoAccountCredentials(endpoint, account, region) });
  const [management, owner, consumer] = await Promise.all([config(accounts.management), config(accounts.owner), config(accounts.consumer)]);
  return {
    organizations: new org.OrganizationsClient({ ...management, region: 'us-east-1' }),
    secrets: new sm.SecretsManagerClient(owner),
    kms: new kms.KMSClient(owner),
    iam: new iam.IAMClient(consumer),
    sdk: { sm, kms, iam, org },
  };
}

function defaultKeyPolicy(owner: string): PolicyDocument {
  return { Version: '2012-10-17', Id: 'key-default-1', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${owner}:root` }, Action: 'kms:*', Resource: '*' }] };
}

async function createOrganization(moto: MotoHarness): Promise<{ orgId: string; rootId: string; ouId: string; owner: string; consumer: string }> {
  const org = (await loadSdkPackages()).organizations;
  const client = new org.OrganizationsClient({ endpoint: moto.endpoint, region: 'us-east-1', credentials: await motoAccountCredentials(moto.endpoint, MANAGEMENT, moto.region) });
  try {
    const created = await client.send(new org.CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const rootId = (await client.send(new org.ListRootsCommand({}))).Roots![0]!.Id!;
    await client.send(new org.EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
    await client.send(new org.EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }));
    const ouId = (await client.send(new org.CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' }))).OrganizationalUnit!.Id!;
    const account = async (name: string) => {
      const status = await client.send(new org.CreateAccountCommand({ AccountName: name, Email: `${name.toLowerCase()}@example.com` }));
      const id = status.CreateAccountStatus!.AccountId!;
      await client.send(new org.MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: ouId }));
      return id;
    };
    const owner = await account('CENTRAL_SECURITY');
    const consumer = await account('PRODUCTION');
    return { orgId: created.Organization!.Id!, rootId, ouId, owner, consumer };
  } finally {
    client.destroy();
  }
}

/**
 * A copy of the harness's AWS config with profiles for the member accounts, made this process's
 * AWS_CONFIG_FILE (the SDK caches every config file it has read, so the old path cannot be extended;
 * the harness restores the variable after the file). The CLI tests pass the path to the CLI.
 */
async function addProfiles(moto: MotoHarness, accounts: Record<string, string>): Promise<string> {
  const lines = Object.entries(accounts).flatMap(([name, account]) => [
    `[profile ${name}]`,
    `region = ${moto.region}`,
    `endpoint_url = ${moto.endpoint}`,
    `role_arn = ${motoAccountRoleArn(account)}`,
    `role_session_name = ${name}`,
    `source_profile = ${DEMO_BASE_PROFILE}`,
    '',
  ]);
  const file = join(moto.dir, 'config-organization');
  await writeFile(file, `${await readFile(moto.config.configFile, 'utf8')}\n${lines.join('\n')}`, { mode: 0o600 });
  process.env.AWS_CONFIG_FILE = file;
  return file;
}

/** Seeds the organization and the complete share (beforeAll); the getter returns it. */
export function useOrgShare(moto: () => MotoHarness): () => OrgShare {
  let share: OrgShare | undefined;
  beforeAll(async () => {
    const harness = moto();
    const { orgId, rootId, ouId, owner, consumer } = await createOrganization(harness);
    const configFile = await addProfiles(harness, { 'org-owner': owner, 'org-consumer': consumer });
    const clients = await clientsFor(harness.endpoint, harness.region, { management: MANAGEMENT, owner, consumer });
    const { sm, kms, iam } = clients.sdk;
    const roleArn = `arn:aws:iam::${consumer}:role/${ROLE_NAME}`;
    const trust: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${consumer}:root` }, Action: 'sts:AssumeRole' }] };
    const [key] = await Promise.all([
      clients.kms.send(new kms.CreateKeyCommand({ Description: 'MY_CMK', Policy: JSON.stringify(defaultKeyPolicy(owner)) })),
      clients.iam.send(new iam.CreateRoleCommand({ RoleName: ROLE_NAME, AssumeRolePolicyDocument: JSON.stringify(trust) })),
    ]);
    const keyArn = key.KeyMetadata!.Arn!;
    const secret = await clients.secrets.send(new sm.CreateSecretCommand({ Name: 'MY_TEST_SECRET', SecretString: '{"password":"demo-only"}', KmsKeyId: keyArn }));
    const secretArn = secret.ARN!;

    // The complete share, as the planner writes it for the role (identity policy inline).
    const state = offlineState({ secretArn, keyArn, consumer: roleArn, identityPolicy: 'inline', policyName: INLINE_POLICY, keyPolicy: defaultKeyPolicy(owner) });
    const plan = planShare(state, buildShareRequest({ secret: secretArn, consumer: roleArn, identityPolicy: 'inline', policyName: INLINE_POLICY }));
    const after = (kind: string) => plan.changes.find((change) => change.kind === kind)!.after as PolicyDocument;
    const documents = { secretPolicy: after('secret-policy'), keyPolicy: after('key-policy'), defaultKeyPolicy: defaultKeyPolicy(owner), identityPolicy: after('identity-policy') };
    await Promise.all([
      clients.secrets.send(new sm.PutResourcePolicyCommand({ SecretId: secretArn, ResourcePolicy: JSON.stringify(documents.secretPolicy) })),
      clients.kms.send(new kms.PutKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default', Policy: JSON.stringify(documents.keyPolicy) })),
      clients.iam.send(new iam.PutRolePolicyCommand({ RoleName: ROLE_NAME, PolicyName: INLINE_POLICY, PolicyDocument: JSON.stringify(documents.identityPolicy) })),
    ]);
    share = {
      management: MANAGEMENT,
      owner,
      consumer,
      orgId,
      rootId,
      ouId,
      secretArn,
      keyArn,
      roleArn,
      profiles: { management: harness.ownerProfile, owner: 'org-owner', consumer: 'org-consumer' },
      configFile,
      documents,
      clients,
    };
  }, 60_000);
  return () => {
    if (!share) throw new Error('the organization share is not seeded yet: call inside a test');
    return share;
  };
}

type Undo = () => Promise<void>;

/** Removes the consumer role's inline identity policy. */
export async function breakIdentityPolicy(share: OrgShare): Promise<Undo> {
  const { iam } = share.clients.sdk;
  await share.clients.iam.send(new iam.DeleteRolePolicyCommand({ RoleName: ROLE_NAME, PolicyName: INLINE_POLICY }));
  return async () => {
    await share.clients.iam.send(new iam.PutRolePolicyCommand({ RoleName: ROLE_NAME, PolicyName: INLINE_POLICY, PolicyDocument: JSON.stringify(share.documents.identityPolicy) }));
  };
}

/** Gives the role a permissions boundary that allows S3 only. */
export async function breakBoundary(share: OrgShare): Promise<{ undo: Undo; boundaryArn: string }> {
  const { iam } = share.clients.sdk;
  const boundary: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'S3Only', Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
  const created = await share.clients.iam.send(new iam.CreatePolicyCommand({ PolicyName: `S3OnlyBoundary${Date.now()}`, PolicyDocument: JSON.stringify(boundary) }));
  const boundaryArn = created.Policy!.Arn!;
  await share.clients.iam.send(new iam.PutRolePermissionsBoundaryCommand({ RoleName: ROLE_NAME, PermissionsBoundary: boundaryArn }));
  return {
    boundaryArn,
    undo: async () => {
      await share.clients.iam.send(new iam.DeleteRolePermissionsBoundaryCommand({ RoleName: ROLE_NAME }));
    },
  };
}

/** Attaches an organization policy (SCP or RCP) to a target; returns its id and the undo. */
export async function attachOrgPolicy(share: OrgShare, type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY', name: string, statements: Statement[], target: string): Promise<{ undo: Undo; policyId: string }> {
  const { org } = share.clients.sdk;
  const created = await share.clients.organizations.send(
    new org.CreatePolicyCommand({ Name: name, Description: name, Type: type, Content: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }),
  );
  const policyId = created.Policy!.PolicySummary!.Id!;
  await share.clients.organizations.send(new org.AttachPolicyCommand({ PolicyId: policyId, TargetId: target }));
  return {
    policyId,
    undo: async () => {
      await share.clients.organizations.send(new org.DetachPolicyCommand({ PolicyId: policyId, TargetId: target }));
    },
  };
}

/** Puts back the key's default policy (the grant for the consumer is gone). */
export async function breakKeyPolicy(share: OrgShare): Promise<Undo> {
  const { kms } = share.clients.sdk;
  const put = (policy: PolicyDocument) => share.clients.kms.send(new kms.PutKeyPolicyCommand({ KeyId: share.keyArn, PolicyName: 'default', Policy: JSON.stringify(policy) }));
  await put(share.documents.defaultKeyPolicy);
  return async () => {
    await put(share.documents.keyPolicy);
  };
}

/** Deletes the secret's resource policy. */
export async function breakSecretPolicy(share: OrgShare): Promise<Undo> {
  const { sm } = share.clients.sdk;
  await share.clients.secrets.send(new sm.DeleteResourcePolicyCommand({ SecretId: share.secretArn }));
  return async () => {
    await share.clients.secrets.send(new sm.PutResourcePolicyCommand({ SecretId: share.secretArn, ResourcePolicy: JSON.stringify(share.documents.secretPolicy) }));
  };
}

