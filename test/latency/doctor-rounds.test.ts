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
  Object.assign(process.env, saved);
  await proxy?.stop();
});

describe('doctor rounds', () => {
  it('doctor', async () => {
    const s = share();
    const ctx = createAwsContext({ ownerProfile: 'owner', consumerProfile: 'consumer', organizationProfile: 'management', region: moto().region, endpoint: proxy.endpoint });
    proxy.reset();
    const result = await diagnoseAccess(ctx, { secret: s.secretArn, consumerRole: s.roleArn });
    expect(result.allowed).toBe(true);
    console.log(`DOCTOR ${proxy.rounds.length} rounds, ${ctx.calls.length} calls\n${describeRounds(proxy.rounds)}`);
    ctx.destroy();
  });
});
