/**
 * Acting as several AWS accounts on ONE moto server.
 *
 * moto maps access keys to accounts: dummy keys (`testing`/`testing`) act as its default account
 * 123456789012, and `sts:AssumeRole` into `arn:aws:iam::<ACCOUNT>:role/<anything>` (the role need not
 * exist; moto evaluates no policies) returns temporary keys that act as <ACCOUNT> until the server is
 * reset.
 *
 * For the product, which only uses the standard credential chain with a `profile`, each account is a
 * named profile in a throwaway AWS config (see `writeDemoAwsConfig`):
 *
 *   [profile central-security]           # acts as 111111111111
 *   role_arn = arn:aws:iam::111111111111:role/secret-share-wizard-demo
 *   source_profile = moto-base           # static dummy keys in the credentials file
 *
 * Verified with @aws-sdk/client-sts 3.1169 and aws-cli 1.45 against moto 5.2.1: the SDK's credential
 * chain performs the AssumeRole itself, through its nested STS client. That nested client honours
 * the environment variable `AWS_ENDPOINT_URL` but neither the config file's `endpoint_url` nor the
 * `endpoint` option of the outer client (it goes to sts.REGION.amazonaws.com: ENOTFOUND), so
 * whoever uses these profiles with the JS SDK must set `AWS_ENDPOINT_URL` (the harness and the demo
 * do, through `demoAwsEnv`). The AWS CLI honours either.
 */

import { loadStsSdk } from '../aws/sdk';

/** Static AWS keys, as the SDK accepts them in `credentials`. */
export interface StaticCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export const DEMO_OWNER_ACCOUNT = '111111111111';
export const DEMO_CONSUMER_ACCOUNT = '222222222222';
export const DEMO_REGION = 'us-east-2';
/** The dummy keys of the source profile (moto accepts any). */
export const MOTO_DUMMY_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;
/** The role assumed to act as an account; moto does not require it to exist. */
export const MOTO_ACCOUNT_ROLE_NAME = 'secret-share-wizard-demo';

export function motoAccountRoleArn(account: string): string {
  return `arn:aws:iam::${account}:role/${MOTO_ACCOUNT_ROLE_NAME}`;
}

/** Temporary keys that act as `account` on the moto server at `endpoint`. */
export async function motoAccountCredentials(endpoint: string, account: string, region = DEMO_REGION): Promise<StaticCredentials> {
  const { STSClient, AssumeRoleCommand } = await loadStsSdk();
  const sts = new STSClient({ endpoint, region, credentials: MOTO_DUMMY_CREDENTIALS });
  try {
    const result = await sts.send(new AssumeRoleCommand({ RoleArn: motoAccountRoleArn(account), RoleSessionName: 'seed' }));
    const credentials = result.Credentials;
    if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) throw new Error(`moto returned no credentials for ${account}`);
    return { accessKeyId: credentials.AccessKeyId, secretAccessKey: credentials.SecretAccessKey, sessionToken: credentials.SessionToken };
  } finally {
    sts.destroy();
  }
}
