/**
 * The AWS SDK v3 client packages, loaded on first use (dynamic import): nothing heavy is loaded
 * until a command actually talks to AWS. Each loader is memoised.
 */
export type SecretsManagerSdk = typeof import('@aws-sdk/client-secrets-manager');
export type KmsSdk = typeof import('@aws-sdk/client-kms');
export type IamSdk = typeof import('@aws-sdk/client-iam');
export type StsSdk = typeof import('@aws-sdk/client-sts');
export type OrganizationsSdk = typeof import('@aws-sdk/client-organizations');
export type Ec2Sdk = typeof import('@aws-sdk/client-ec2');

export interface AwsSdk {
  sm: SecretsManagerSdk;
  kms: KmsSdk;
  iam: IamSdk;
  sts: StsSdk;
}

let smModule: Promise<SecretsManagerSdk> | undefined;
let kmsModule: Promise<KmsSdk> | undefined;
let iamModule: Promise<IamSdk> | undefined;
let stsModule: Promise<StsSdk> | undefined;
let organizationsModule: Promise<OrganizationsSdk> | undefined;
let ec2Module: Promise<Ec2Sdk> | undefined;

export const loadSecretsManagerSdk = (): Promise<SecretsManagerSdk> => (smModule ??= import('@aws-sdk/client-secrets-manager'));
export const loadKmsSdk = (): Promise<KmsSdk> => (kmsModule ??= import('@aws-sdk/client-kms'));
export const loadIamSdk = (): Promise<IamSdk> => (iamModule ??= import('@aws-sdk/client-iam'));
export const loadStsSdk = (): Promise<StsSdk> => (stsModule ??= import('@aws-sdk/client-sts'));
/** AWS Organizations (SCPs, RCPs, the org path of an account): only the doctor loads it. */
export const loadOrganizationsSdk = (): Promise<OrganizationsSdk> => (organizationsModule ??= import('@aws-sdk/client-organizations'));
/** EC2, for DescribeRegions only (`audit --all-regions`: the regions enabled in the account). */
export const loadEc2Sdk = (): Promise<Ec2Sdk> => (ec2Module ??= import('@aws-sdk/client-ec2'));

/** All four client packages (for tests and tools that need raw SDK commands). */
export async function loadAwsSdk(): Promise<AwsSdk> {
  const [sm, kms, iam, sts] = await Promise.all([loadSecretsManagerSdk(), loadKmsSdk(), loadIamSdk(), loadStsSdk()]);
  return { sm, kms, iam, sts };
}
