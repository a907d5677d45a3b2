import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countCalls, createAwsContext } from '../../packages/core/src/aws/aws-context';
import { writeAssumedDemoAwsConfig } from '../../packages/core/src/demo/demo-aws-config';
import { runShareSession } from '../../packages/core/src/session/share-session';
import { approvingHost, revokeShare, shareRequest, tempBackupRoot } from '../apply/share-fixture';
import { seededMoto } from '../support/moto';
import { describeRounds, startRoundProxy, type RoundProxy } from '../support/round-proxy';

const moto = seededMoto();
let proxy: RoundProxy;
let saved: NodeJS.ProcessEnv;
beforeAll(async () => {
  proxy = await startRoundProxy(moto().endpoint);
  saved = { ...process.env };
  const config = await writeAssumedDemoAwsConfig(await mkdtemp(join(tmpdir(), 'ssw-rounds-')), proxy.endpoint, moto().endpoint, moto().region);
  Object.assign(process.env, { AWS_ENDPOINT_URL: proxy.endpoint, AWS_CONFIG_FILE: config.configFile, AWS_SHARED_CREDENTIALS_FILE: config.credentialsFile });
});
afterAll(async () => {
  Object.assign(process.env, saved);
  await proxy?.stop();
});

describe('round trips', () => {
  it('share then revoke', async () => {
    const { scenario, ownerProfile, consumerProfile, region } = moto();
    const ctx = createAwsContext({ ownerProfile, consumerProfile, region, endpoint: proxy.endpoint });
    proxy.reset();
    const outcome = await runShareSession({ request: shareRequest(scenario), mode: 'apply' }, { host: approvingHost(), aws: {}, context: ctx, backupRoot: await tempBackupRoot() });
    expect(outcome.status).toBe('applied');
    console.log(`SHARE ${proxy.rounds.length} rounds, ${ctx.calls.length} calls\n${describeRounds(proxy.rounds)}\n${JSON.stringify(countCalls(ctx.calls))}`);
    ctx.destroy();
    const ctx2 = createAwsContext({ ownerProfile, consumerProfile, region, endpoint: proxy.endpoint });
    proxy.reset();
    const revoked = await revokeShare(ctx2, shareRequest(scenario), { backupRoot: await tempBackupRoot() });
    expect(revoked.status).toBe('applied');
    console.log(`REVOKE ${proxy.rounds.length} rounds, ${ctx2.calls.length} calls\n${describeRounds(proxy.rounds)}`);
    ctx2.destroy();
  });
});
