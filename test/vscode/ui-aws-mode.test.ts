/**
 * AWS mode as a person would click it, against moto_server: palette → profiles → region → secret
 * (searchable pick) → consumer role → three read-only diffs → modal "Apply" → progress → verify.
 * Then moto is read back: the three changes are there. Screenshots: test/artifacts/vscode/ui-aws-mode/.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildShareRequest, createAwsContext, isWizardSid } from '../../packages/core/src/index';
import { readShareState } from '../../packages/core/src/aws/read-share-state';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { seededMoto } from '../support/moto';
import { packageExtension, launchBrowser, startCodeServer, workspaceFrom, type BrowserSession, type CodeServer } from './support/code-server';
import { Workbench } from './support/workbench';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const moto = seededMoto();
let proxy: FaultProxy | undefined;
let server: CodeServer | undefined;
let session: BrowserSession | undefined;
let workspace = '';

beforeAll(async () => {
  // Backups of the apply go into the run folder, not ~/.secret-share-wizard.
  // The extension talks to moto through a fault proxy, so one run can be made to fail mid-apply.
  proxy = await startFaultProxy(moto().endpoint);
  server = await startCodeServer({
    installVsix: await packageExtension(),
    env: { ...moto().vars, AWS_ENDPOINT_URL: proxy.endpoint, SECRET_SHARE_WIZARD_HOME: join(tmpdir(), `ssw-vscode-home-${process.pid}`) },
  });
  workspace = workspaceFrom(join(__dirname, 'fixtures/workspace'), server.runDir);
  session = await launchBrowser(server.runDir);
}, 180_000);

afterAll(async () => {
  await session?.close();
  await server?.stop();
  await proxy?.stop();
});

/** Palette → profiles → region → secret → consumer role → three diffs → "Apply" in the modal. */
async function shareFromPalette(bench: Workbench, shots: boolean): Promise<void> {
  const { scenario, ownerProfile, consumerProfile, region } = moto();
  const { page } = bench;
  await bench.runCommand('Share a secret from AWS');
  await bench.answer('owner account profile', ownerProfile, { pickRow: ownerProfile });
  await bench.answer('Consumer account profile', consumerProfile, { pickRow: consumerProfile });
  await bench.answer('from AWS: region', region);
  if (shots) await bench.shot('profiles-and-region');
  await bench.answer('from AWS: secret', 'MY_TEST_SECRET', { pickRow: scenario.secret.arn });
  if (shots) await bench.shot('secret-picked');
  await bench.answer('from AWS: consumer', scenario.role.arn);
  // Three read-only diff editors: secret policy, key policy, identity policy.
  for (const title of ['Secret resource policy', 'KMS key policy', 'Consumer identity policy']) {
    await page.locator('.tabs-container .tab', { hasText: title }).first().waitFor({ state: 'visible', timeout: 60_000 });
  }
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 30_000 });
  await expect(dialog.textContent()).resolves.toContain('Apply 3 writes in 2 accounts');
  if (shots) await bench.shot('diffs-and-confirmation');
  await dialog.locator('.monaco-button', { hasText: 'Apply' }).first().click();
}

async function wizardSids() {
  const { scenario, ownerProfile, consumerProfile, region } = moto();
  const ctx = createAwsContext({ ownerProfile, consumerProfile, region, endpoint: moto().endpoint });
  try {
    const state = await readShareState(ctx, buildShareRequest({ secret: scenario.secret.arn, consumer: scenario.role.arn }));
    const sids = (doc: { Statement: Array<{ Sid?: string }> } | null | undefined) => (doc?.Statement ?? []).map((s) => s.Sid).filter(isWizardSid);
    return { state, secret: sids(state.secretPolicy), key: sids(state.keyPolicy), identity: sids(state.identity?.document) };
  } finally {
    ctx.destroy();
  }
}

it('a write that fails mid-apply is rolled back, and the rollback is shown', async () => {
  const bench = new Workbench(session!.page, 'ui-aws-mode-rollback');
  await bench.open(`${server!.url}/?folder=${encodeURIComponent(workspace)}`);
  // The secret policy is written last: make every attempt at it fail.
  proxy!.failWrites({ at: 1, kind: 'http-500', times: 100, action: 'PutResourcePolicy' });
  await shareFromPalette(bench, false);
  // The error, not the progress notification (whose steps say "Rolled back the ...").
  const failed = bench.toast(/Rolled back: /);
  await failed.waitFor({ state: 'visible', timeout: 90_000 });
  await expect(failed.textContent()).resolves.toMatch(/Rolled back: .*KMS key policy/);
  await bench.shot('rolled-back');
  proxy!.failWrites(null);
  const after = await wizardSids();
  expect([after.secret, after.key, after.identity]).toEqual([[], [], []]);
  await bench.runCommand('View: Close All Editors');
  await bench.runCommand('Notifications: Clear All Notifications');
});

it('shares a secret from AWS: previews three diffs, applies behind a modal confirmation, and the changes are in moto', async () => {
  const { scenario } = moto();
  const bench = new Workbench(session!.page, 'ui-aws-mode');
  await bench.open(`${server!.url}/?folder=${encodeURIComponent(workspace)}`);
  await bench.shot('workbench');
  await shareFromPalette(bench, true);
  const done = bench.toast(/Shared and verified|Applied, but verify failed/);
  await done.waitFor({ state: 'visible', timeout: 90_000 });
  await bench.shot('applied-and-verified');

  // Read moto back: all three documents carry the wizard's statements.
  const { state, secret, key, identity } = await wizardSids();
  expect(secret.length).toBeGreaterThan(0);
  expect(key.length).toBeGreaterThan(0);
  expect(identity.length).toBe(2);
  expect(state.identity?.attached).toBe(true);
  // The statements the scenario had before are still there (merged, not replaced).
  for (const statement of scenario.secret.policy.Statement) expect(state.secretPolicy?.Statement).toContainEqual(expect.objectContaining({ Sid: statement.Sid }));
});
