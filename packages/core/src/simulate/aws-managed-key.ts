import type { PolicyDocument } from '../policy/policy-types';

/**
 * The key policy of the AWS managed key `aws/secretsmanager` (fixed by AWS, cannot be edited): every
 * principal of the key's own account may use it through Secrets Manager (`kms:CallerAccount`), and no
 * other account may. Simulating with this document explains why such a secret cannot be shared.
 */
export function awsManagedSecretsKeyPolicy(account: string, region: string, partition = 'aws'): PolicyDocument {
  const viaService = `secretsmanager.${region}.amazonaws.com`;
  return {
    Version: '2012-10-17',
    Id: 'auto-secretsmanager-2',
    Statement: [
      {
        Sid: 'Allow access through AWS Secrets Manager for all principals in the account that are authorized to use AWS Secrets Manager',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:CreateGrant', 'kms:DescribeKey'],
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': account, 'kms:ViaService': viaService } },
      },
      {
        Sid: 'Allow access through AWS Secrets Manager for all principals in the account that are authorized to use AWS Secrets Manager',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'kms:GenerateDataKey*',
        Resource: '*',
        Condition: { StringEquals: { 'kms:CallerAccount': account }, StringLike: { 'kms:ViaService': viaService } },
      },
      {
        Sid: 'Allow direct access to key metadata to the account',
        Effect: 'Allow',
        Principal: { AWS: `arn:${partition}:iam::${account}:root` },
        Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant'],
        Resource: '*',
      },
    ],
  };
}

/** The ARN shown for the AWS managed key when its key id is unknown. */
export function awsManagedSecretsKeyAliasArn(account: string, region: string, partition = 'aws'): string {
  return `arn:${partition}:kms:${region}:${account}:alias/aws/secretsmanager`;
}
