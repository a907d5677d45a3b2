import { describe, expect, it } from 'vitest';
import { countCalls } from '../../packages/core/src/aws/aws-context';
import { attachedPolicyVersions, readAttachedPolicyDocument, readManagedPolicy } from '../../packages/core/src/aws/read-consumer';
import { loadAwsSdk } from '../../packages/core/src/aws/sdk';
import { motoAccountCredentials } from '../../packages/core/src/demo/moto-accounts';
import type { PolicyDocument } from '../../packages/core/src/policy/policy-types';
import { seededMoto, useAwsContexts } from '../support/moto';

const moto = seededMoto();
const contexts = useAwsContexts(moto);

async function consumerIam() {
  const { iam } = await loadAwsSdk();
  const { endpoint, region, scenario } = moto();
  const client = new iam.IAMClient({ endpoint, region, credentials: await motoAccountCredentials(endpoint, scenario.consumer.account, region) });
  return { client, sdk: iam };
}

const document = (action: string): PolicyDocument => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });

describe('managed policy documents with the fewest calls in a row', () => {
  it('ListPolicies OnlyAttached names the default version: GetPolicyVersion without GetPolicy; without it, GetPolicy first', async () => {
    const { scenario } = moto();
    const ctx = contexts();
    const versions = await attachedPolicyVersions(ctx.consumer!);
    expect(versions?.get(scenario.role.attachedPolicyArn)).toBe('v1');
    const known = await readAttachedPolicyDocument(ctx.consumer!, scenario.role.attachedPolicyArn, undefined, Promise.resolve(versions));
    expect(known).toEqual(scenario.role.attachedPolicy);
    expect(countCalls(ctx.calls)).toEqual({ 'iam:ListPolicies': 1, 'iam:GetPolicyVersion': 1 });

    // The fallback (a policy the list does not name, or no iam:ListPolicies): the same document.
    const other = contexts();
    const fallback = await readAttachedPolicyDocument(other.consumer!, scenario.role.attachedPolicyArn, undefined, Promise.resolve(new Map()));
    expect(fallback).toEqual(scenario.role.attachedPolicy);
    expect(countCalls(other.calls)).toEqual({ 'iam:GetPolicy': 1, 'iam:GetPolicyVersion': 1 });
  });

  it('a version read once is not read again in the same process; a policy made again under the same name is', async () => {
    const { scenario } = moto();
    const { client, sdk } = await consumerIam();
    const name = 'VERSION_CACHE_PROBE';
    const arn = `arn:aws:iam::${scenario.consumer.account}:policy/${name}`;
    try {
      await client.send(new sdk.CreatePolicyCommand({ PolicyName: name, PolicyDocument: JSON.stringify(document('s3:GetObject')) }));
      const ctx = contexts();
      expect((await readManagedPolicy(ctx.consumer!, arn)).document).toEqual(document('s3:GetObject'));
      expect((await readManagedPolicy(ctx.consumer!, arn)).document).toEqual(document('s3:GetObject'));
      expect(countCalls(ctx.calls)).toEqual({ 'iam:ListPolicyVersions': 2, 'iam:GetPolicyVersion': 1 });

      // Deleted and created again: v1 again, but another version, told apart by its creation time.
      // IAM (and moto) give whole seconds: the new one is made in a later second than the first.
      await client.send(new sdk.DeletePolicyCommand({ PolicyArn: arn }));
      const created = Math.floor(Date.now() / 1000);
      await new Promise((resolve) => setTimeout(resolve, (created + 1) * 1000 - Date.now() + 10));
      await client.send(new sdk.CreatePolicyCommand({ PolicyName: name, PolicyDocument: JSON.stringify(document('s3:PutObject')) }));
      const again = await readManagedPolicy(ctx.consumer!, arn);
      expect(again).toMatchObject({ document: document('s3:PutObject'), defaultVersionId: 'v1', versionCount: 1 });
      expect(countCalls(ctx.calls)['iam:GetPolicyVersion']).toBe(2);
    } finally {
      await client.send(new sdk.DeletePolicyCommand({ PolicyArn: arn })).catch(() => undefined);
      client.destroy();
    }
  });
});
