/** The STS client and the commands the tool sends (see ./README.md). */
export {
  STSClient,
  AssumeRoleCommand,
  GetCallerIdentityCommand,
} from '@aws-sdk/client-sts';
