import type { Layer } from './simulate-types';

/** Each layer in words, for sentences ("denied by …"). Front ends use these rather than their own. */
export const LAYER_LABELS: Readonly<Record<Layer, string>> = Object.freeze({
  'identity-policy': "the consumer's identity policy",
  'permissions-boundary': "the consumer's permissions boundary",
  'session-policy': "the consumer's session policy",
  scp: "the service control policies (SCPs) of the consumer's account",
  rcp: "the resource control policies (RCPs) of the owner's account",
  'secret-policy': "the secret's resource policy",
  'key-policy': 'the KMS key policy',
  'vpc-endpoint-policy': 'the VPC endpoint policy',
});

/** Who can read a layer when the credentials at hand cannot (the default `readableBy` texts). */
export const LAYER_READERS: Readonly<Record<Layer, string>> = Object.freeze({
  'identity-policy': "the consumer account (iam:ListAttachedRolePolicies, iam:ListRolePolicies, iam:GetPolicyVersion, iam:GetRolePolicy on the role); pass --consumer-profile",
  'permissions-boundary': 'the consumer account (iam:GetRole, then iam:GetPolicy and iam:GetPolicyVersion of the boundary policy); pass --consumer-profile',
  'session-policy': 'whoever assumed the role: session policies are passed to sts:AssumeRole and cannot be read back from IAM',
  scp: 'the management account or a delegated administrator of the organization (organizations:ListParents, organizations:ListPoliciesForTarget, organizations:DescribePolicy)',
  rcp: 'the management account or a delegated administrator of the organization (organizations:ListParents, organizations:ListPoliciesForTarget, organizations:DescribePolicy)',
  'secret-policy': "the owner account (secretsmanager:GetResourcePolicy on the secret); pass --profile",
  'key-policy': "the key's account (kms:GetKeyPolicy on the key); pass --profile",
  'vpc-endpoint-policy': "the account that owns the VPC endpoint (ec2:DescribeVpcEndpoints); pass the endpoint policy as a file (--endpoint-policy)",
});
