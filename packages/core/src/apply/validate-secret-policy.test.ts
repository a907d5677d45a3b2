import { describe, expect, it } from 'vitest';
import type { AwsContext } from '../aws/aws-context';
import { silentHost } from '../host/host';
import type { PolicyChange } from '../plan/plan-types';
import { runChanges } from './run-changes';
import { validateSecretPolicy } from './write-secret-policy';

const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const DOC = { Version: '2012-10-17', Statement: [{ Sid: 'Public', Effect: 'Allow' as const, Principal: '*' as const, Action: 'secretsmanager:GetSecretValue', Resource: '*' }] };

/** A context whose Secrets Manager answers ValidateResourcePolicy with `answer` and records every command. */
function fakeContext(answer: () => unknown) {
  const sent: string[] = [];
  const sm = {
    send: async (command: { constructor: { name: string } }) => {
      sent.push(command.constructor.name);
      return answer();
    },
  };
  const ctx = { owner: { role: 'owner', secretsManager: async () => sm }, calls: [], destroy: () => undefined } as unknown as AwsContext;
  return { ctx, sent };
}

describe('ValidateResourcePolicy before the first write', () => {
  it('turns AWS validation errors into error findings', async () => {
    const { ctx } = fakeContext(() => ({ PolicyValidationPassed: false, ValidationErrors: [{ CheckName: 'BROAD_ACCESS_CHECK', ErrorMessage: 'This resource policy grants public access.' }] }));
    const result = await validateSecretPolicy(ctx, SECRET, DOC);
    expect(result).toEqual({
      supported: true,
      passed: false,
      findings: [expect.objectContaining({ code: 'SECRET_POLICY_VALIDATION', severity: 'error', change: 'secret-policy', message: expect.stringContaining('grants public access') })],
    });
  });

  it('a failed validation stops the apply before anything is read or written', async () => {
    const { ctx, sent } = fakeContext(() => ({ PolicyValidationPassed: false, ValidationErrors: [{ CheckName: 'BROAD_ACCESS_CHECK', ErrorMessage: 'public' }] }));
    const change: PolicyChange = { kind: 'secret-policy', target: SECRET, account: '111111111111', action: 'update', before: null, after: DOC, added: [], removed: [], broadensAccess: true, diff: '' };
    const outcome = await runChanges(
      ctx,
      { operation: 'apply', changes: [change], secret: { arn: SECRET, account: '111111111111', region: 'us-east-2', partition: 'aws' }, consumer: { arn: 'arn:aws:iam::222222222222:root', account: '222222222222' }, findings: [] },
      { host: silentHost(), backupRoot: '/nonexistent/never-created' },
    );
    expect(outcome).toMatchObject({ ok: false, backup: null, error: { code: 'SECRET_POLICY_INVALID' }, results: [{ status: 'not-started' }] });
    expect(outcome.findings.map((f) => f.code)).toEqual(['SECRET_POLICY_VALIDATION']);
    expect(sent).toEqual(['ValidateResourcePolicyCommand']);
  });

  it('a passing validation adds no finding', async () => {
    const { ctx } = fakeContext(() => ({ PolicyValidationPassed: true, ValidationErrors: [] }));
    expect(await validateSecretPolicy(ctx, SECRET, DOC)).toEqual({ supported: true, passed: true, findings: [] });
  });

  it('access denied on ValidateResourcePolicy is a warning, and asked again next time (only a missing API is remembered)', async () => {
    const denied = Object.assign(new Error('not authorized to perform: secretsmanager:ValidateResourcePolicy'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    const { ctx, sent } = fakeContext(() => {
      throw denied;
    });
    const first = await validateSecretPolicy(ctx, SECRET, DOC);
    expect(first).toMatchObject({ supported: false, passed: true, findings: [{ code: 'SECRET_POLICY_NOT_VALIDATED', severity: 'warning', message: expect.stringContaining('AccessDeniedException') }] });
    await validateSecretPolicy(ctx, SECRET, DOC);
    expect(sent).toHaveLength(2);
  });
});
