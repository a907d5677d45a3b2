import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsContext } from '../../packages/core/src/aws/aws-context';
import { writeAssumedDemoAwsConfig } from '../../packages/core/src/demo/demo-aws-config';
import { diagnoseAccess } from '../../packages/core/src/doctor/diagnose-access';
import { useOrgShare } from '../doctor/org-share-fixture';
import { useMoto } from '../support/moto';
import { describeRounds, startRoundProxy, type RoundProxy } from '../support/round-proxy';

const moto = useMoto();
const share = useOrgShare(moto);
let proxy: RoundProxy;
let saved: NodeJS.ProcessEnv;
beforeAll(async () => {
  const s = share();
  proxy = await startRoundProxy(moto().endpoint);
  saved = { ...process.env };
  const config = await writeAssumedDemoAwsConfig(await mkdtemp(join(tmpdir(), 'ssw-rounds-')), proxy.endpoint, moto().endpoint, moto().region, {
    management: s.management,
    owner: s.owner,
    consumer: s.consumer,
  });
  Object.assign(process.env, { AWS_ENDPOINT_URL: proxy.endpoint, AWS_CONFIG_FILE: config.configFile, AWS_SHARED_CREDENTIALS_FILE: config.credentialsFile });
});
afterAll(async () => {
  for (const name of ['AWS_ENDPOINT_URL', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE']) process.env[name] = saved[name];
  await proxy?.stop();
});

/**
 * The doctor's sequential round trips inside an organization (owner and consumer are members of the
 * OU "Workloads"; SCPs and RCPs read with the management account), counted by the round proxy.
 */
describe('sequential round trips of the doctor', () => {
  it('every layer of both accounts and the organization path: 3 rounds (the path has three levels)', async () => {
    const s = share();
    const ctx = createAwsContext({ ownerProfile: 'owner', consumerProfile: 'consumer', organizationProfile: 'management', region: moto().region, endpoint: proxy.endpoint });
    proxy.reset();
    try {
      const result = await diagnoseAccess(ctx, { secret: s.secretArn, consumerRole: s.roleArn });
      expect(result.allowed).toBe(true);
      const rounds = proxy.rounds;
      const trace = describeRounds(rounds);
      expect(rounds.filter((round) => round.forced), trace).toEqual([]);
      expect(rounds, trace).toHaveLength(3);
      // Both accounts' reads start at once with the organization's; the key waits only for DescribeSecret,
      // the role's policy documents only for their lists.
      expect(rounds[0]!.calls, trace).toEqual(
        expect.arrayContaining(['secretsmanager:DescribeSecret', 'secretsmanager:GetResourcePolicy', 'iam:GetRole', 'iam:ListAttachedRolePolicies', 'iam:ListRolePolicies', 'organizations:ListParents']),
      );
      expect(rounds[1]!.calls, trace).toEqual(expect.arrayContaining(['kms:DescribeKey', 'kms:GetKeyPolicy', 'iam:GetRolePolicy']));
      // The third round is the organization path's third level (account → OU → root).
      expect(rounds[2]!.calls.every((call) => call.startsWith('organizations:')), trace).toBe(true);
      expect(result.reads!.calls).toBe(rounds.flatMap((round) => round.calls).length);
    } finally {
      ctx.destroy();
    }
  });
});
