/** The Secrets Manager client and the commands the tool sends (see ./README.md). */
export {
  SecretsManagerClient,
  CreateSecretCommand,
  DeleteResourcePolicyCommand,
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutResourcePolicyCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
  ValidateResourcePolicyCommand,
} from '@aws-sdk/client-secrets-manager';
