import { describe, expect, it } from 'vitest';
import { parseAccessDenied } from './parse-access-denied';

const SESSION = 'arn:aws:sts::222222222222:assumed-role/PRODUCTION_SECRET_ROLE/app';
const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const CLI = 'An error occurred (AccessDeniedException) when calling the GetSecretValue operation: ';
const get = (tail: string) => `${CLI}User: ${SESSION} is not authorized to perform: secretsmanager:GetSecretValue on resource: ${SECRET} ${tail}`;

// The message formats of the IAM User Guide, "Troubleshoot access denied error messages" (the enhanced
// messages name the policy type), and Secrets Manager's own message for a KMS failure.
describe('parseAccessDenied: AWS enhanced AccessDenied messages', () => {
  it.each([
    ['no resource-based policy (the secret policy)', get('because no resource-based policy allows the secretsmanager:GetSecretValue action'), { layer: 'secret-policy', deny: 'implicit', call: 'secretsmanager:GetSecretValue' }],
    ['no identity-based policy', get('because no identity-based policy allows the secretsmanager:GetSecretValue action'), { layer: 'identity-policy', deny: 'implicit' }],
    ['explicit deny in an identity-based policy', get('with an explicit deny in an identity-based policy'), { layer: 'identity-policy', deny: 'explicit' }],
    ['explicit deny in a resource-based policy', get('with an explicit deny in a resource-based policy'), { layer: 'secret-policy', deny: 'explicit' }],
    ['explicit deny in a service control policy', get('with an explicit deny in a service control policy'), { layer: 'scp', deny: 'explicit', policyType: 'service control policy' }],
    ['no service control policy allows', get('because no service control policy allows the secretsmanager:GetSecretValue action'), { layer: 'scp', deny: 'implicit' }],
    ['explicit deny in a resource control policy', get('with an explicit deny in a resource control policy'), { layer: 'rcp', deny: 'explicit' }],
    ['explicit deny in a permissions boundary', get('with an explicit deny in a permissions boundary'), { layer: 'permissions-boundary', deny: 'explicit' }],
    ['no permissions boundary allows', get('because no permissions boundary allows the secretsmanager:GetSecretValue action'), { layer: 'permissions-boundary', deny: 'implicit' }],
    ['explicit deny in a session policy', get('with an explicit deny in a session policy'), { layer: 'session-policy', deny: 'explicit' }],
    ['no session policy allows', get('because no session policy allows the secretsmanager:GetSecretValue action'), { layer: 'session-policy', deny: 'implicit' }],
    ['explicit deny in a VPC endpoint policy', get('with an explicit deny in a VPC endpoint policy'), { layer: 'vpc-endpoint-policy', deny: 'explicit' }],
    ['no VPC endpoint policy allows', get('because no VPC endpoint policy allows the secretsmanager:GetSecretValue action'), { layer: 'vpc-endpoint-policy', deny: 'implicit' }],
  ] as const)('%s', (_name, message, expected) => {
    const parsed = parseAccessDenied(message);
    expect(parsed).toMatchObject({ ...expected, action: 'secretsmanager:GetSecretValue', principal: SESSION, resource: SECRET });
    expect(parsed!.summary).toMatch(/^AWS says: /);
  });

  it('a KMS call denied by the key policy: a resource-based policy is the key policy', () => {
    const message = `User: ${SESSION} is not authorized to perform: kms:Decrypt on resource: ${KEY} because no resource-based policy allows the kms:Decrypt action`;
    expect(parseAccessDenied(message)).toMatchObject({ layer: 'key-policy', deny: 'implicit', action: 'kms:Decrypt', resource: KEY, call: 'kms:Decrypt' });
  });

  it("Secrets Manager's \"Access to KMS is not allowed\": the KMS call, no layer named", () => {
    const parsed = parseAccessDenied(`${CLI}Access to KMS is not allowed`);
    expect(parsed).toMatchObject({ call: 'kms:Decrypt', action: 'kms:Decrypt' });
    expect(parsed!.layer).toBeUndefined();
    expect(parsed!.summary).toMatch(/by the key policy or by the caller's own policies/);
  });

  it('the IAM User Guide example without a resource (user principal, SCP)', () => {
    const message = 'User: arn:aws:iam::777788889999:user/JohnDoe is not authorized to perform: codecommit:ListRepositories with an explicit deny in a service control policy';
    expect(parseAccessDenied(message)).toMatchObject({ layer: 'scp', deny: 'explicit', principal: 'arn:aws:iam::777788889999:user/JohnDoe', action: 'codecommit:ListRepositories' });
    expect(parseAccessDenied(message)!.resource).toBeUndefined();
  });

  it('the denying policy ARN when AWS names it', () => {
    const arn = 'arn:aws:organizations::123456789012:policy/o-a1b2c3d4e5/service_control_policy/p-abcd1234';
    expect(parseAccessDenied(get(`with an explicit deny in a service control policy: ${arn}`))).toMatchObject({ layer: 'scp', policyArn: arn });
  });

  it('line breaks and extra spaces (copied from a terminal) do not matter', () => {
    const message = `User: ${SESSION}\n  is not authorized to perform:   secretsmanager:GetSecretValue\n on resource: ${SECRET}\n because no identity-based policy allows the secretsmanager:GetSecretValue action\n`;
    expect(parseAccessDenied(message)).toMatchObject({ layer: 'identity-policy', resource: SECRET });
  });

  it('an AccessDenied without the enhanced wording: recognised, no layer', () => {
    const parsed = parseAccessDenied('AccessDeniedException: Access denied');
    expect(parsed).toBeDefined();
    expect(parsed!.layer).toBeUndefined();
  });

  it('anything else is not an AccessDenied message', () => {
    expect(parseAccessDenied('ResourceNotFoundException: Secrets Manager can’t find the specified secret.')).toBeUndefined();
  });
});
