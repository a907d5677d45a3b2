import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEMO_CONSUMER_ACCOUNT, DEMO_OWNER_ACCOUNT, DEMO_REGION, MOTO_DUMMY_CREDENTIALS, motoAccountCredentials, motoAccountRoleArn } from './moto-accounts';

export const DEMO_OWNER_PROFILE = 'central-security';
export const DEMO_CONSUMER_PROFILE = 'production';
/** The source profile with dummy keys that the two account profiles assume a role from. */
export const DEMO_BASE_PROFILE = 'moto-base';

export interface DemoAwsConfig {
  configFile: string;
  credentialsFile: string;
  ownerProfile: typeof DEMO_OWNER_PROFILE;
  consumerProfile: typeof DEMO_CONSUMER_PROFILE;
}

/**
 * Writes a throwaway AWS config + credentials file into `dir` with two profiles that act as the two
 * demo accounts on the moto server at `endpoint` (see moto-accounts.ts for how):
 * `central-security` → 111111111111 (owner), `production` → 222222222222 (consumer).
 * Point the SDK at them with AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, and set
 * AWS_ENDPOINT_URL=endpoint (the SDK's nested STS client ignores the config's endpoint_url).
 */
export async function writeDemoAwsConfig(dir: string, endpoint: string, region = DEMO_REGION): Promise<DemoAwsConfig> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const configFile = join(dir, 'config');
  const credentialsFile = join(dir, 'credentials');
  const accountProfile = (name: string, account: string) =>
    [
      `[profile ${name}]`,
      `region = ${region}`,
      `endpoint_url = ${endpoint}`,
      `role_arn = ${motoAccountRoleArn(account)}`,
      `role_session_name = ${name}`,
      `source_profile = ${DEMO_BASE_PROFILE}`,
      '',
    ].join('\n');
  const config = [
    '# Written by secret-share-wizard for the local moto emulator. Dummy keys only.',
    `[profile ${DEMO_BASE_PROFILE}]`,
    `region = ${region}`,
    `endpoint_url = ${endpoint}`,
    '',
    accountProfile(DEMO_OWNER_PROFILE, DEMO_OWNER_ACCOUNT),
    accountProfile(DEMO_CONSUMER_PROFILE, DEMO_CONSUMER_ACCOUNT),
  ].join('\n');
  const credentials = [
    `[${DEMO_BASE_PROFILE}]`,
    `aws_access_key_id = ${MOTO_DUMMY_CREDENTIALS.accessKeyId}`,
    `aws_secret_access_key = ${MOTO_DUMMY_CREDENTIALS.secretAccessKey}`,
    '',
  ].join('\n');
  await writeFile(configFile, config, { mode: 0o600 });
  await writeFile(credentialsFile, credentials, { mode: 0o600 });
  await Promise.all([chmod(configFile, 0o600), chmod(credentialsFile, 0o600)]);
  return { configFile, credentialsFile, ownerProfile: DEMO_OWNER_PROFILE, consumerProfile: DEMO_CONSUMER_PROFILE };
}

/**
 * Like {@link writeDemoAwsConfig}, but each profile holds temporary keys assumed beforehand (through
 * `motoEndpoint`, directly) instead of a role to assume: for clients that cannot send AssumeRole to
 * the emulator (AWS CLI 2.9 ignores both AWS_ENDPOINT_URL and the config's endpoint_url), and to
 * measure a flow without its credentials' round trip, as with SSO or environment credentials.
 * `accounts`: profile name → account (default: the two demo profiles). Valid until moto is reset.
 */
export async function writeAssumedDemoAwsConfig(
  dir: string,
  endpoint: string,
  motoEndpoint: string,
  region = DEMO_REGION,
  accounts: Record<string, string> = { [DEMO_OWNER_PROFILE]: DEMO_OWNER_ACCOUNT, [DEMO_CONSUMER_PROFILE]: DEMO_CONSUMER_ACCOUNT },
): Promise<DemoAwsConfig> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const configFile = join(dir, 'config');
  const credentialsFile = join(dir, 'credentials');
  const profiles = Object.entries(accounts);
  const keys = await Promise.all(profiles.map(([, account]) => motoAccountCredentials(motoEndpoint, account, region)));
  const config = profiles.flatMap(([name]) => [`[profile ${name}]`, `region = ${region}`, `endpoint_url = ${endpoint}`, '']);
  const credentials = profiles.flatMap(([name], i) => {
    const { accessKeyId, secretAccessKey, sessionToken } = keys[i]!;
    return [`[${name}]`, `aws_access_key_id = ${accessKeyId}`, `aws_secret_access_key = ${secretAccessKey}`, ...(sessionToken ? [`aws_session_token = ${sessionToken}`] : []), ''];
  });
  await writeFile(configFile, ['# Written by secret-share-wizard for the local moto emulator. Temporary emulator keys only.', ...config].join('\n'), { mode: 0o600 });
  await writeFile(credentialsFile, credentials.join('\n'), { mode: 0o600 });
  await Promise.all([chmod(configFile, 0o600), chmod(credentialsFile, 0o600)]);
  return { configFile, credentialsFile, ownerProfile: DEMO_OWNER_PROFILE, consumerProfile: DEMO_CONSUMER_PROFILE };
}

/**
 * The environment that points the AWS SDK and CLI at the moto server and the demo profiles. No real
 * credentials leak in: AWS_PROFILE and static key variables are replaced.
 */
export function demoAwsEnv(endpoint: string, config: DemoAwsConfig, region = DEMO_REGION): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_CONFIG_FILE: config.configFile,
    AWS_SHARED_CREDENTIALS_FILE: config.credentialsFile,
    AWS_PROFILE: config.ownerProfile,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PAGER: '',
    // The SDK warns on every process that Node 20 support ends in 2027; that is noise in a demo or test.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}
