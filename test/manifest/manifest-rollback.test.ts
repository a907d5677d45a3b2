/**
 * A manifest is one transaction: a write that fails halfway (the second secret policy, through the
 * fault proxy) rolls back every document the run wrote — the key policy, the identity policy, the
 * first secret policy — writes no share record, and exits 1. Running it again completes it.
 */
import { describe, expect, it } from 'vitest';
import { readManagedPolicy } from '../../packages/core/src/aws/read-consumer';
import { readKeyPolicy } from '../../packages/core/src/aws/read-key';
import { describeSecret, readSecretPolicy } from '../../packages/core/src/aws/read-secret';
import { batchPolicyName } from '../../packages/core/src/batch/plan-batch';
import { parseManifest } from '../../packages/core/src/manifest/parse-manifest';
import { recordsFromTags } from '../../packages/core/src/record/share-record';
import { runManifestSession } from '../../packages/core/src/session/manifest-session';
import { approvingHost, contextFor, tempBackupRoot, useProxiedContext } from '../apply/share-fixture';
import { seededMoto } from '../support/moto';

const moto = seededMoto({ extraSecrets: 3 });
const proxied = useProxiedContext(moto, 1);

async function manifest() {
  const { scenario } = moto();
  return parseManifest(
    ['version: 1', 'shares:', '  - secrets:', ...scenario.extraSecrets.map((secret) => `      - arn: ${secret.arn}`), '    consumers:', `      - role: ${scenario.role.arn}`, '      - account: "333333333333"', '        consumerPolicy: none', ''].join('\n'),
    'shares.yaml',
  );
}

describe('apply -f: one transaction (moto, fault proxy)', () => {
  it('the second secret policy fails: everything written is rolled back, no record, exit 1; again: complete', async () => {
    const { scenario } = moto();
    const { proxy, ctx } = proxied();
    const reader = contextFor(moto());
    const policyArn = `arn:aws:iam::${scenario.consumer.account}:policy/${batchPolicyName(scenario.role.arn)}`;
    const snapshot = async () => ({
      secrets: await Promise.all(scenario.extraSecrets.map((secret) => readSecretPolicy(reader, secret.arn))),
      key: await readKeyPolicy(reader, scenario.key.arn),
      identity: (await readManagedPolicy(reader.consumer!, policyArn)).document,
      records: (await Promise.all(scenario.extraSecrets.map(async (secret) => recordsFromTags((await describeSecret(reader, secret.arn)).tags, secret.arn)))).flat(),
    });
    try {
      const before = await snapshot();
      proxy.failWrites({ at: 2, kind: 'http-500', times: 1, action: 'PutResourcePolicy' });
      const failed = await runManifestSession({ manifest: await manifest(), mode: 'apply' }, { host: approvingHost(), aws: {}, context: ctx, backupRoot: await tempBackupRoot(), concurrency: 1 });
      expect(failed).toMatchObject({ ok: false, status: 'failed', exitCode: 1, records: { written: 0 } });
      expect(failed.results.filter((result) => result.status === 'rolled-back').map((result) => result.kind).sort()).toEqual(['identity-policy', 'key-policy', 'secret-policy']);
      expect(failed.results.some((result) => result.status === 'failed' && result.kind === 'secret-policy')).toBe(true);
      expect(proxy.requests.some((request) => request.action === 'TagResource')).toBe(false);
      expect(await snapshot()).toEqual(before);
      // ValidateResourcePolicy is bounded by the run's concurrency too: with 1, the first answer (moto
      // lacks the operation: HTTP 500, remembered per region) comes back before a second is sent.
      expect(proxy.requests.filter((request) => request.action === 'ValidateResourcePolicy')).toHaveLength(1);

      proxy.failWrites(null);
      const again = await runManifestSession({ manifest: await manifest(), mode: 'apply' }, { host: approvingHost(), aws: {}, context: ctx, backupRoot: await tempBackupRoot() });
      expect(again).toMatchObject({ ok: true, status: 'applied', records: { written: 6 } });
      const after = await snapshot();
      expect(after.secrets.every((policy) => policy !== null && policy.Statement.length === 2)).toBe(true);
      expect(after.records).toHaveLength(6);
    } finally {
      reader.destroy();
    }
  });
});
