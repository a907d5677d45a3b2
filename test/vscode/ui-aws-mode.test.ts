/**
 * AWS mode as a person would click it, against moto_server through a fault proxy, in code-server +
 * chromium. In order, on one seeded moto:
 *  (f) Diagnose access… on the seeded scenario names the layer that denies;
 *  (d) a share whose secret-policy write fails is rolled back, and the review says "not applied";
 *  (a) the share: every diff of the review is opened BEFORE any approval UI exists (the test fails
 *      if a modal, an Apply notification or an Apply action shows before the review), then Apply;
 *      the three documents are in moto and the review says "applied";
 *  (c) Revoke a share… puts the documents back as before the share;
 *  (e) Restore a backup… (the revoke's backup, picked in the list) puts the share back;
 *  (g) Move a secret to a customer managed key…: the move is part of the one review, then the share.
 * Screenshots of each step: test/artifacts/vscode/ui-aws-mode-*.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, onTestFailed } from 'vitest';
import { buildShareRequest, createAwsContext, isWizardSid, runRevokeSession, scriptedHost, type PolicyDocument } from '../../packages/core/src/index';
import { readShareState } from '../../packages/core/src/aws/read-share-state';
import { describeSecret } from '../../packages/core/src/aws/read-secret';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import { seededMoto } from '../support/moto';
import { packageExtension, launchBrowser, startCodeServer, until, workspaceFrom, type BrowserSession, type CodeServer } from './support/code-server';
import { Workbench } from './support/workbench';

const moto = seededMoto();
let proxy: FaultProxy | undefined;
let server: CodeServer | undefined;
let session: BrowserSession | undefined;
let workspace = '';

const REVIEW = 'Share MY_TEST_SECRET with 222222222222';
/** Each flow clicks through a dozen prompts on a loaded machine: generous, the waits are on conditions. */
const TIMEOUT = 300_000;
const ENTRIES = ['Secret resource policy — account 111111111111', 'KMS key policy — account 111111111111', 'Consumer identity policy — account 222222222222'];

beforeAll(async () => {
  // Backups go into a run folder (SECRET_SHARE_WIZARD_HOME), not ~/.secret-share-wizard. The
  // extension talks to moto through a fault proxy, so one run can be made to fail mid-apply.
  proxy = await startFaultProxy(moto().endpoint);
  server = await startCodeServer({
    installVsix: await packageExtension(),
    env: { ...moto().vars, AWS_ENDPOINT_URL: proxy.endpoint, SECRET_SHARE_WIZARD_HOME: join(tmpdir(), `ssw-vscode-home-${process.pid}-${Date.now()}`) },
  });
  workspace = workspaceFrom(join(__dirname, 'fixtures/workspace'), server.runDir);
  session = await launchBrowser(server.runDir);
}, 180_000);

afterAll(async () => {
  await session?.close();
  await server?.stop();
  await proxy?.stop();
}, TIMEOUT);

interface Documents {
  secret: PolicyDocument | null;
  key: PolicyDocument | null;
  identity: PolicyDocument | null;
  attached: boolean;
}

/** The three documents of the share, read from moto directly (not through the proxy). */
async function documents(): Promise<Documents & { sids: { secret: string[]; key: string[]; identity: string[] } }> {
  const { scenario, ownerProfile, consumerProfile, region } = moto();
  const ctx = createAwsContext({ ownerProfile, consumerProfile, region, endpoint: moto().endpoint });
  try {
    const state = await readShareState(ctx, buildShareRequest({ secret: scenario.secret.arn, consumer: scenario.role.arn }));
    const sids = (doc: PolicyDocument | null | undefined) => (doc?.Statement ?? []).map((s) => s.Sid ?? '').filter(isWizardSid);
    const identity = state.identity?.document ?? null;
    return {
      secret: state.secretPolicy,
      key: state.keyPolicy,
      identity,
      attached: state.identity?.attached === true,
      sids: { secret: sids(state.secretPolicy), key: sids(state.keyPolicy), identity: sids(identity) },
    };
  } finally {
    ctx.destroy();
  }
}

/** The profiles and region: every prompt pre-selects the remembered answer after the first run. */
async function answerTarget(bench: Workbench, options: { remembered?: boolean } = {}): Promise<void> {
  const { ownerProfile, consumerProfile, region } = moto();
  if (options.remembered) {
    // Remembered per workspace: the profile used last time is the first row (the active one), marked.
    const widget = bench.page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: 'owner account profile' }).waitFor({ state: 'visible', timeout: 30_000 });
    const first = widget.locator('.quick-input-list .monaco-list-row').first();
    await first.waitFor({ state: 'visible', timeout: 30_000 });
    await expect(first.textContent()).resolves.toMatch(new RegExp(`^${ownerProfile}.*last used`));
  }
  await bench.answer('owner account profile', ownerProfile, { pickRow: ownerProfile });
  await bench.answer('consumer account profile', consumerProfile, { pickRow: consumerProfile });
  await bench.answer(': region', region);
}

/** Palette → profiles → region → secret → consumer account → its role (listed from the consumer profile). */
async function startShare(bench: Workbench): Promise<void> {
  const { scenario } = moto();
  await bench.runCommand('Share a secret from AWS');
  await answerTarget(bench);
  await bench.answer('from AWS: secret', 'MY_TEST_SECRET', { pickRow: scenario.secret.arn });
  await bench.answer(/from AWS: consumer$/, '222222222222');
  // The consumer account's roles, listed with the consumer profile (nothing typed yet).
  const widget = bench.page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: 'consumer role in 222222222222' }).waitFor({ state: 'visible', timeout: 30_000 });
  await widget.locator('.quick-input-list .monaco-list-row', { hasText: scenario.role.arn }).first().waitFor({ state: 'visible', timeout: 60_000 });
  // The consumer's roles, listed with the consumer profile; a plain role name is accepted too.
  await bench.answer('consumer role in 222222222222', scenario.role.name, { pickRow: scenario.role.name });
}

let beforeShare: Documents | undefined;

it('(f) Diagnose access… names the layer that denies the consumer role on the seeded scenario', async () => {
  const { scenario } = moto();
  const bench = new Workbench(session!.page, 'ui-aws-mode-diagnose');
  onTestFailed(() => bench.shot('failed'));
  await bench.open(`${server!.url}/?folder=${encodeURIComponent(workspace)}`);
  await bench.runCommand('Diagnose access');
  await answerTarget(bench);
  await bench.answer('Diagnose access: secret', 'MY_TEST_SECRET', { pickRow: scenario.secret.arn });
  await bench.answer(/Diagnose access: consumer$/, scenario.role.arn);
  const verdict = bench.toast(/CANNOT read the secret/);
  await verdict.waitFor({ state: 'visible', timeout: 90_000 });
  const text = await bench.toastMessage(verdict);
  // The deciding layer, in words, and the statement or fix.
  expect(text).toMatch(/Denied by (the secret's resource policy|the KMS key policy|the consumer's identity policy)/);
  // The diagnosis opens rendered (the Markdown preview, a webview): its "Layers" table as a heading.
  await bench.tab(/Preview Diagnose access — MY_TEST_SECRET/).waitFor({ state: 'visible', timeout: 30_000 });
  await expect.poll(async () => {
    for (const frame of session!.page.frames()) {
      if ((await frame.locator('h2', { hasText: 'Layers' }).count().catch(() => 0)) > 0) return true;
    }
    return false;
  }, { timeout: 30_000 }).toBe(true);
  await bench.shot('diagnosis');
  // The fix is the share: "Apply the fix…" runs the share session, whose review opens with its approval;
  // Discard writes nothing (the later tests start from the unshared scenario).
  const unshared = await documents();
  await verdict.locator('.monaco-button', { hasText: 'Apply the fix…' }).click();
  await bench.tab(/Share MY_TEST_SECRET with .* — review/).waitFor({ state: 'visible', timeout: 90_000 });
  const approval = bench.toast(/Apply \d+ writes? in 2 accounts/);
  await approval.waitFor({ state: 'visible', timeout: 90_000 });
  await approval.locator('.monaco-button', { hasText: 'Discard' }).click();
  const discarded = bench.toast(/Not applied: the review of .* was discarded\. Nothing was written\./);
  await discarded.waitFor({ state: 'visible', timeout: 60_000 });
  expect(await documents()).toEqual(unshared);
  await bench.runCommand('View: Close All Editors');
  await bench.runCommand('Notifications: Clear All Notifications');
}, TIMEOUT);

it('(d) a write that fails mid-apply is rolled back, and the review and the notification say so', async () => {
  beforeShare = await documents();
  const bench = new Workbench(session!.page, 'ui-aws-mode-rollback');
  onTestFailed(() => bench.shot('failed'));
  await bench.open(`${server!.url}/?folder=${encodeURIComponent(workspace)}`);
  // The secret policy is written last: make every attempt at it fail.
  proxy!.failWrites({ at: 1, kind: 'http-500', times: 100, action: 'PutResourcePolicy' });
  await startShare(bench);
  await bench.tab(`${REVIEW} — review`).waitFor({ state: 'visible', timeout: 90_000 });
  await bench.editorAction('Apply the reviewed changes');
  // The error, not the progress notification (whose steps say "Rolled back the ...").
  const failed = bench.toast(/Rolled back: /);
  await failed.waitFor({ state: 'visible', timeout: 90_000 });
  await expect(bench.toastMessage(failed)).resolves.toMatch(/Rolled back: .*KMS key policy/);
  await bench.tab(`${REVIEW} — not applied (rolled back)`).waitFor({ state: 'visible', timeout: 30_000 });
  await bench.shot('rolled-back');
  proxy!.failWrites(null);
  const after = await documents();
  expect([after.sids.secret, after.sids.key, after.sids.identity]).toEqual([[], [], []]);
  expect(after.secret).toEqual(beforeShare.secret);
  expect(after.key).toEqual(beforeShare.key);
  await bench.runCommand('View: Close All Editors');
  await bench.runCommand('Notifications: Clear All Notifications');
}, TIMEOUT);

it('(a) shares a secret from AWS: every diff of the review is opened before any approval UI, then Apply; the three documents are in moto and the review says "applied"', async () => {
  const { scenario } = moto();
  const bench = new Workbench(session!.page, 'ui-aws-mode');
  onTestFailed(() => bench.shot('failed'));
  const { page } = session!;
  await bench.open(`${server!.url}/?folder=${encodeURIComponent(workspace)}`);
  await bench.shot('workbench');
  const approvalSeen = await bench.watchApproval(`${REVIEW} — review`);
  await startShare(bench);
  await bench.shot('answered');

  // The review: all three documents in one multi-diff editor, titled with the secret and consumer.
  await bench.tab(`${REVIEW} — review`).waitFor({ state: 'visible', timeout: 90_000 });
  // One tab for this secret and consumer: an earlier review (even one VS Code restored) is replaced.
  await until('one review tab', 30_000, async () => ((await page.locator('.tabs-container .tab', { hasText: REVIEW }).count()) === 1 ? true : undefined));
  await bench.shot('review-open');
  // Once the review is open, the approval: a notification beside it, the writes per account, full labels.
  const approval = bench.toast(/Apply 3 writes in 2 accounts/);
  await approval.waitFor({ state: 'visible', timeout: 90_000 });
  await expect(bench.toastMessage(approval)).resolves.toBe(
    `${REVIEW}: Apply 3 writes in 2 accounts, broadening access — account 111111111111 (owner, profile central-security): KMS key policy, secret resource policy; account 222222222222 (consumer, profile production): identity policy (created).`,
  );
  await expect(approval.locator('.monaco-button').allTextContents()).resolves.toEqual(['Apply', 'Discard']);
  await bench.expectButtonsUncut(approval);
  for (const [i, label] of ENTRIES.entries()) {
    await bench.openReviewEntry(label, 'SecretShareWizard');
    await bench.shot(`review-entry-${i + 1}`);
  }
  // Nothing asked for approval before the review was open.
  const seen = await approvalSeen();
  expect(seen.reviewAt, 'the review tab opened').not.toBeNull();
  // The watcher saw the approval (so it does see one), and only once the review was open.
  expect(seen.approvalAt, 'the watcher saw the approval notification').not.toBeNull();
  expect(seen.approvalAt!, `approval UI (${seen.approval}) appeared before the review`).toBeGreaterThanOrEqual(seen.reviewAt!);
  // The approval is an action of the review, and a notification beside it (not a modal).
  await expect(page.locator('.monaco-dialog-box').count()).resolves.toBe(0);
  await bench.shot('approval-offered');

  await bench.editorAction('Apply the reviewed changes');
  const done = bench.toast(/Verified:|But verify failed/);
  await done.waitFor({ state: 'visible', timeout: 120_000 });
  const message = await bench.toastMessage(done);
  // moto cannot read across accounts: its verify answers "not found" (a real account reads it).
  expect(message).toMatch(/^Shared MY_TEST_SECRET with 222222222222\. (Verified: .* read AWSCURRENT|But verify failed: .*moto)/);
  expect(message).toContain('Backup: ');
  await expect(done.locator('.monaco-button').allTextContents()).resolves.toEqual(['Consumer snippets…', 'Reveal backup folder']);
  await bench.expectButtonsUncut(done);
  // The review now shows the documents as applied, in ONE tab (the review's tab was replaced).
  await bench.tab(`${REVIEW} — applied`).waitFor({ state: 'visible', timeout: 30_000 });
  await expect(page.locator('.tabs-container .tab', { hasText: REVIEW }).count()).resolves.toBe(1);
  await bench.openReviewEntry(ENTRIES[0]!, 'SecretShareWizard');
  await bench.shot('applied-and-verified');

  // moto: all three documents carry the wizard's statements, merged with what was there.
  const after = await documents();
  expect(after.sids.secret.length).toBeGreaterThan(0);
  expect(after.sids.key.length).toBeGreaterThan(0);
  expect(after.sids.identity.length).toBe(2);
  expect(after.attached).toBe(true);
  for (const statement of scenario.secret.policy.Statement) expect(after.secret?.Statement).toContainEqual(expect.objectContaining({ Sid: statement.Sid }));

  // The consumer snippets: picked in a list, copied to the clipboard.
  await done.locator('.monaco-button', { hasText: 'Consumer snippets…' }).click();
  await bench.answer('Consumer snippet for MY_TEST_SECRET', 'Lambda', { pickRow: 'Lambda' });
  await bench.toast(/Copied ".*Lambda.*" to the clipboard/).waitFor({ state: 'visible', timeout: 30_000 });
  await bench.shot('snippet-copied');
  await bench.runCommand('View: Close All Editors');
  await bench.runCommand('Notifications: Clear All Notifications');
}, TIMEOUT);

it('(c) Revoke a share… from the extension puts the documents back as they were before the share', async () => {
  const { scenario } = moto();
  const bench = new Workbench(session!.page, 'ui-aws-mode-revoke');
  onTestFailed(() => bench.shot('failed'));
  await bench.open(`${server!.url}/?folder=${encodeURIComponent(workspace)}`);
  await bench.runCommand('Revoke a share');
  await answerTarget(bench, { remembered: true });
  await bench.answer('Revoke a share: secret', 'MY_TEST_SECRET', { pickRow: scenario.secret.arn });
  await bench.answer('which share of MY_TEST_SECRET', '222222222222', { pickRow: '222222222222' });
  await bench.tab('Revoke MY_TEST_SECRET from').waitFor({ state: 'visible', timeout: 90_000 });
  await bench.shot('revoke-review');
  await bench.editorAction('Apply the reviewed changes');
  const done = bench.toast(/Revoked MY_TEST_SECRET/);
  await done.waitFor({ state: 'visible', timeout: 120_000 });
  await bench.tab(/Revoke MY_TEST_SECRET from .* — applied/).waitFor({ state: 'visible', timeout: 30_000 });
  await bench.shot('revoked');
  const after = await documents();
  expect(after.secret).toEqual(beforeShare!.secret);
  expect(after.key).toEqual(beforeShare!.key);
  expect(after.sids.identity).toEqual([]);
  await bench.runCommand('View: Close All Editors');
  await bench.runCommand('Notifications: Clear All Notifications');
}, TIMEOUT);

it('(e) Restore a backup… picked in the list (the revoke\'s) puts the share back', async () => {
  const bench = new Workbench(session!.page, 'ui-aws-mode-restore');
  onTestFailed(() => bench.shot('failed'));
  const { ownerProfile, consumerProfile } = moto();
  await bench.open(`${server!.url}/?folder=${encodeURIComponent(workspace)}`);
  await bench.runCommand('Restore a backup');
  // Newest first: the revoke's backup, shown with its date, operation and secret.
  const widget = session!.page.locator('.quick-input-widget');
  await widget.locator('.quick-input-title', { hasText: 'which backup?' }).waitFor({ state: 'visible', timeout: 30_000 });
  const first = widget.locator('.quick-input-list .monaco-list-row').first();
  await first.waitFor({ state: 'visible', timeout: 30_000 });
  await expect(first.textContent()).resolves.toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d UTC · revoke.*MY_TEST_SECRET/);
  await bench.shot('backups');
  await bench.answer('which backup?', 'revoke', { pickRow: 'revoke' });
  await bench.answer('owner account profile', ownerProfile, { pickRow: ownerProfile });
  await bench.answer('consumer account profile', consumerProfile, { pickRow: consumerProfile });
  await bench.tab('Restore MY_TEST_SECRET').waitFor({ state: 'visible', timeout: 90_000 });
  await bench.shot('restore-review');
  await bench.editorAction('Apply the reviewed changes');
  await bench.toast(/Restored MY_TEST_SECRET/).waitFor({ state: 'visible', timeout: 120_000 });
  await bench.shot('restored');
  await until('the share is back in moto', 30_000, async () => {
    const after = await documents();
    return after.sids.secret.length > 0 && after.sids.key.length > 0 && after.sids.identity.length === 2 ? true : undefined;
  });
}, TIMEOUT);

it('(g) Move a secret to a customer managed key…: the key move is part of the one review; Apply moves and shares', async () => {
  const { scenario, ownerProfile, consumerProfile, region } = moto();
  const bench = new Workbench(session!.page, 'ui-aws-mode-move');
  onTestFailed(() => bench.shot('failed'));
  await bench.open(`${server!.url}/?folder=${encodeURIComponent(workspace)}`);
  await bench.runCommand('Move a secret to a customer managed key');
  await answerTarget(bench, { remembered: true });
  await bench.answer('customer managed key: secret', 'LEGACY_SECRET', { pickRow: scenario.legacySecret.arn });
  await bench.answer(/: destination key$/, 'existing', { pickRow: 'Use an existing customer managed key' });
  await bench.answer('destination key ARN', scenario.key.arn);
  await bench.answer(/customer managed key: consumer$/, '222222222222');
  await bench.answer('consumer role in 222222222222', scenario.role.name, { pickRow: scenario.role.name });
  await bench.tab('Share LEGACY_SECRET with 222222222222 — review').waitFor({ state: 'visible', timeout: 90_000 });
  await bench.openReviewEntry('Encryption key of the secret — account 111111111111', scenario.key.arn);
  await bench.openReviewEntry('KMS key policy — account 111111111111', 'secret:LEGACY_SECRET');
  await bench.shot('move-review');
  await bench.editorAction('Apply the reviewed changes');
  await bench.toast(/Shared LEGACY_SECRET with 222222222222/).waitFor({ state: 'visible', timeout: 120_000 });
  await bench.tab('Share LEGACY_SECRET with 222222222222 — applied').waitFor({ state: 'visible', timeout: 30_000 });
  // Only this session's reviews are open: none restored from the earlier tests' windows.
  await expect(session!.page.locator('.tabs-container .tab', { hasText: ' — review' }).count()).resolves.toBe(0);
  await bench.shot('moved-and-shared');
  const ctx = createAwsContext({ ownerProfile, consumerProfile, region, endpoint: moto().endpoint });
  try {
    const described = await describeSecret(ctx, scenario.legacySecret.arn);
    expect(described.kmsKeyId).toBe(scenario.key.arn);
  } finally {
    ctx.destroy();
  }
}, TIMEOUT);

it('(h) a role ARN as the consumer: the two ways to name it are offered; "by condition" writes the account root bound by aws:PrincipalArn', async () => {
  const { scenario, ownerProfile, consumerProfile, region } = moto();
  const bench = new Workbench(session!.page, 'ui-aws-mode-condition');
  onTestFailed(() => bench.shot('failed'));
  // From the unshared secret: (e) left the account-root share in place; revoke it (from its record).
  const setup = createAwsContext({ ownerProfile, consumerProfile, region, endpoint: moto().endpoint });
  try {
    const revoked = await runRevokeSession({ request: { secret: scenario.secret.arn, consumer: scenario.consumer.account }, mode: 'apply' }, { host: scriptedHost({ 'approve-writes': true }), aws: {}, context: setup });
    expect(['applied', 'no-changes']).toContain(revoked.status);
  } finally {
    setup.destroy();
  }
  await bench.open(`${server!.url}/?folder=${encodeURIComponent(workspace)}`);
  await bench.runCommand('Share a secret from AWS');
  await answerTarget(bench);
  await bench.answer('from AWS: secret', 'MY_TEST_SECRET', { pickRow: scenario.secret.arn });
  await bench.answer(/from AWS: consumer$/, scenario.role.arn);
  await bench.answer('how the policies name the role', 'condition', { pickRow: 'One role, by condition' });
  const review = `Share MY_TEST_SECRET with ${scenario.role.name} (${scenario.consumer.account})`;
  await bench.tab(new RegExp(`${review.replace(/[()]/g, '\\$&')} — (review|blocked)`)).waitFor({ state: 'visible', timeout: 90_000 });
  await expect(bench.tab(`${review} — review`).count(), 'the plan is not blocked').resolves.toBe(1);
  await bench.editorAction('Apply the reviewed changes');
  await bench.tab(`${review} — applied`).waitFor({ state: 'visible', timeout: 120_000 });
  await bench.shot('condition-applied');
  const ctx = createAwsContext({ ownerProfile, consumerProfile, region, endpoint: moto().endpoint });
  try {
    const request = buildShareRequest({ secret: scenario.secret.arn, consumer: scenario.role.arn, roleBinding: 'condition' });
    const state = await readShareState(ctx, request);
    const bound = (state.secretPolicy?.Statement ?? []).filter((s) => JSON.stringify(s.Condition ?? {}).includes('aws:PrincipalArn'));
    expect(bound.length).toBeGreaterThan(0);
    for (const statement of bound) {
      expect(statement.Principal).toEqual({ AWS: `arn:aws:iam::${scenario.consumer.account}:root` });
      expect(statement.Condition?.ArnEquals?.['aws:PrincipalArn']).toBe(scenario.role.arn);
    }
  } finally {
    ctx.destroy();
  }
}, TIMEOUT);
