/**
 * verify explains a denial with the doctor: the consumer's GetSecretValue answer is injected (moto
 * evaluates no policy, so it never denies), every layer behind it is read from moto.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AwsContext } from '../../packages/core/src/aws/aws-context';
import { verifyAccess } from '../../packages/core/src/verify/verify-access';
import { useAwsContexts, useMoto } from '../support/moto';
import { attachOrgPolicy, breakKeyPolicy, useOrgShare } from './org-share-fixture';

const moto = useMoto();
const share = useOrgShare(moto);
const contexts = useAwsContexts(moto);
type SecretsManagerClient = Awaited<ReturnType<AwsContext['owner']['secretsManager']>>;
const undo: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const step of undo.splice(0).reverse()) await step();
});

/** A Secrets Manager client whose GetSecretValue is denied with AWS's words. */
function deniedReader(message: string): SecretsManagerClient {
  return {
    send: async () => {
      throw Object.assign(new Error(message), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
    },
    destroy: () => undefined,
  } as unknown as SecretsManagerClient;
}

function context() {
  const s = share();
  return contexts({ ownerProfile: s.profiles.owner, consumerProfile: s.profiles.consumer, organizationProfile: s.profiles.management, region: moto().region });
}

describe('verify names the layer from the doctor', () => {
  it('"Access to KMS is not allowed" with the key grant gone: the key-policy layer, and the doctor agrees with AWS', async () => {
    undo.push(await breakKeyPolicy(share()));
    const s = share();
    const outcome = await verifyAccess(context(), { secretArn: s.secretArn, consumerRole: s.roleArn, secretsManagerFor: () => deniedReader('Access to KMS is not allowed') });
    expect(outcome).toMatchObject({ ok: false, errorClass: 'access-denied-kms', missingLayer: 'key-policy', parsedMessage: { call: 'kms:Decrypt' } });
    if (outcome.ok) return;
    expect(outcome.diagnosis).toMatchObject({ verdict: 'denied', decidingLayer: 'key-policy', message: { agrees: true } });
    expect(outcome.diagnosis!.fix).toMatch(/^Apply this plan/);
  });

  it('an explicit deny in an SCP: the scp layer and its statement, which the plan documents alone could not name', async () => {
    const s = share();
    const scp = await attachOrgPolicy(s, 'SERVICE_CONTROL_POLICY', 'DenySecretsVerify', [{ Sid: 'NoSecrets', Effect: 'Deny', Action: 'secretsmanager:GetSecretValue', Resource: '*' }], s.consumer);
    undo.push(scp.undo);
    const message = `User: arn:aws:sts::${s.consumer}:assumed-role/PRODUCTION_SECRET_ROLE/secret-share-wizard-verify is not authorized to perform: secretsmanager:GetSecretValue on resource: ${s.secretArn} with an explicit deny in a service control policy`;
    const outcome = await verifyAccess(context(), { secretArn: s.secretArn, consumerRole: s.roleArn, secretsManagerFor: () => deniedReader(message) });
    expect(outcome).toMatchObject({ ok: false, errorClass: 'access-denied-secret', missingLayer: 'scp', parsedMessage: { layer: 'scp', deny: 'explicit' } });
    if (outcome.ok) return;
    expect(outcome.diagnosis).toMatchObject({ decidingLayer: 'scp', statement: { sid: 'NoSecrets', target: s.consumer }, message: { agrees: true } });
  });

  it('diagnose: false keeps the classification only', async () => {
    const s = share();
    const outcome = await verifyAccess(context(), { secretArn: s.secretArn, consumerRole: s.roleArn, diagnose: false, secretsManagerFor: () => deniedReader('Access to KMS is not allowed') });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.diagnosis).toBeUndefined();
  });
});
