/**
 * The AWS SDK v3 clients, loaded on first use (dynamic import): nothing heavy is loaded until a
 * command actually talks to AWS. Each loader is memoised. Each loads the client and the commands the
 * tool sends (sdk-clients/), never a whole package.
 */
export type SecretsManagerSdk = typeof import('./sdk-clients/secrets-manager');
export type KmsSdk = typeof import('./sdk-clients/kms');
export type IamSdk = typeof import('./sdk-clients/iam');
export type StsSdk = typeof import('./sdk-clients/sts');
export type OrganizationsSdk = typeof import('./sdk-clients/organizations');
export type Ec2Sdk = typeof import('./sdk-clients/ec2');

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

export const loadSecretsManagerSdk = (): Promise<SecretsManagerSdk> => (smModule ??= import('./sdk-clients/secrets-manager'));
export const loadKmsSdk = (): Promise<KmsSdk> => (kmsModule ??= import('./sdk-clients/kms'));
export const loadIamSdk = (): Promise<IamSdk> => (iamModule ??= import('./sdk-clients/iam'));
export const loadStsSdk = (): Promise<StsSdk> => (stsModule ??= import('./sdk-clients/sts'));
/** AWS Organizations (SCPs, RCPs, the org path of an account): only the doctor loads it. */
export const loadOrganizationsSdk = (): Promise<OrganizationsSdk> => (organizationsModule ??= import('./sdk-clients/organizations'));
/** EC2, for DescribeRegions only (`audit --all-regions`: the regions enabled in the account). */
export const loadEc2Sdk = (): Promise<Ec2Sdk> => (ec2Module ??= import('./sdk-clients/ec2'));

/** All four client packages (for tests and tools that need raw SDK commands). */
export async function loadAwsSdk(): Promise<AwsSdk> {
  const [sm, kms, iam, sts] = await Promise.all([loadSecretsManagerSdk(), loadKmsSdk(), loadIamSdk(), loadStsSdk()]);
  return { sm, kms, iam, sts };
}
