import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createAwsContext } from '../../packages/core/src/index';
import { describeSecret } from '../../packages/core/src/aws/read-secret';
import { startFaultProxy } from '../support/fault-proxy';
import type { FaultProxy } from '../support/fault-proxy';
import { seededMoto } from '../support/moto';
import { useBuiltCli } from './cli-support';
import { readShareDocuments, wizardStatements } from '../support/share-documents';
import { startWizard } from './support/start-wizard';
import type { TmuxSession } from './support/tmux';

/**
 * The wizard never dead-ends: each recoverable mistake or AWS error returns to the step that caused
 * it, and the wizard ends only when the user leaves. Driven by keyboard in a real terminal, against moto.
 */
const moto = seededMoto();
const cli = useBuiltCli();
let tmux: TmuxSession | undefined;
let proxy: FaultProxy | undefined;

afterEach(() => {
  tmux?.kill();
  tmux = undefined;
});
afterAll(async () => {
  await proxy?.stop();
});

/** The text field of the screen (`› …`). */
function field(screen: string): string | undefined {
  return screen.split('\n').find((line) => line.startsWith('› '));
}

describe('the wizard recovers instead of ending', () => {
  it('a secret on aws/secretsmanager: the move to a customer managed key is offered inline, chosen from a list and done', async () => {
    const harness = moto();
    const { scenario } = harness;
    tmux = startWizard('recover-move', harness, cli(), ['--profile', 'central-security', '--consumer-profile', 'production', '--region', harness.region]).tmux;

    await tmux.waitFor('❯ Share a secret');
    tmux.press('Enter');
    await tmux.waitFor('LEGACY_SECRET  key: aws/secretsmanager (AWS managed: cannot be shared)');
    await tmux.select('LEGACY_SECRET');
    tmux.press('Enter');

    const offer = await tmux.waitFor('LEGACY_SECRET is encrypted with the AWS managed key aws/secretsmanager.');
    expect(offer).toContain('❯ Move it to a customer managed key you have');
    expect(offer).toContain('Move it to a new customer managed key');
    expect(offer).not.toMatch(/\[exit \d+\]/);
    tmux.press('Enter');
    await tmux.waitFor('Which customer managed key should LEGACY_SECRET move to?');
    await tmux.select('alias/MY_CMK');
    tmux.press('Enter');

    await tmux.waitFor('Which AWS account should be able to read it?');
    expect(tmux.screen()).toContain('Secret   LEGACY_SECRET · key aws/secretsmanager → moves to alias/MY_CMK');
    tmux.type(scenario.consumer.account);
    tmux.press('Enter');
    await tmux.waitFor('account root) — recommended');
    tmux.press('Enter');
    await tmux.waitFor('Which role in 222222222222 will read the secret?');
    await tmux.select('PRODUCTION_SECRET_ROLE');
    tmux.press('Enter');

    await tmux.waitFor('Will it work?', 60_000);
    expect(tmux.screen()).toContain(`── Encryption key of the secret · update on ${scenario.legacySecret.arn}`);
    tmux.press('Enter');
    await tmux.waitFor('Apply 4 writes in 2 accounts (111111111111: 3, 222222222222: 1), broadening access?');
    expect(tmux.screen()).toContain(`update encryption key of the secret of ${scenario.legacySecret.arn}`);
    tmux.press('y');

    const summary = await tmux.waitFor('Share a secret · Step 6 of 6: Summary', 60_000);
    expect(summary).toContain(`✔ Encryption key of the secret updated on ${scenario.legacySecret.arn}`);
    tmux.press('Enter'); // Exit
    expect(await tmux.exitCode()).toBe(3); // moto cannot read across accounts: verify is denied

    const ctx = createAwsContext({ ownerProfile: harness.ownerProfile, region: harness.region });
    try {
      const described = await describeSecret(ctx, scenario.legacySecret.arn);
      expect(described.kmsKeyId).toBe(scenario.key.arn);
    } finally {
      ctx.destroy();
    }
  });

  it('Esc on the role list, then Enter on the pre-selected profile: the role list again; a wrong profile is asked again', async () => {
    const harness = moto();
    tmux = startWizard('recover-esc', harness, cli(), ['--profile', 'central-security', '--region', harness.region, '--secret', 'MY_TEST_SECRET', '--consumer', harness.scenario.consumer.account]).tmux;

    await tmux.waitFor('Do you have a profile for 222222222222?');
    await tmux.select('production');
    tmux.press('Enter');
    await tmux.waitFor('Which role in 222222222222 will read the secret?');
    tmux.press('Escape');
    const again = await tmux.waitFor('Do you have a profile for 222222222222?');
    expect(again).toMatch(/❯ production/);
    tmux.press('Enter');
    await tmux.waitFor('❯ PRODUCTION_SECRET_ROLE');

    // The owner's own profile as the consumer's: the reason, on the same question.
    tmux.press('Escape');
    await tmux.waitFor('Do you have a profile for 222222222222?');
    await tmux.select('central-security');
    tmux.press('Enter');
    const wrong = await tmux.waitFor('signs in to account 111111111111, not to the consumer account 222222222222');
    expect(wrong).toContain('Do you have a profile for 222222222222?');
    expect(wrong).not.toMatch(/\[exit \d+\]/);
    tmux.press('C-c');
    expect(await tmux.exitCode()).toBe(130);
  });

  it('an AWS error during the writes: rolled back, the error screen, Try again applies', async () => {
    const harness = moto();
    const { scenario } = harness;
    proxy = await startFaultProxy(harness.endpoint);
    proxy.failWrites({ at: 1, kind: 'http-500', times: 1000, action: 'PutResourcePolicy' });
    tmux = startWizard('recover-retry', { ...harness, env: { ...harness.env, AWS_ENDPOINT_URL: proxy.endpoint } }, cli(), [
      '--profile', 'central-security', '--consumer-profile', 'production', '--region', harness.region, '--secret', 'MY_TEST_SECRET', '--consumer', scenario.consumer.account, '--consumer-role', scenario.role.name,
    ]).tmux;

    await tmux.waitFor('Will it work?', 60_000);
    tmux.press('Enter');
    await tmux.waitFor('broadening access?');
    tmux.press('y');

    const error = await tmux.waitFor('❯ Try again', 90_000);
    expect(error).toMatch(/↺ Rolled back the KMS key policy/);
    expect(error.replace(/\n/g, ' ')).toMatch(/✖ secretsmanager:PutResourcePolicy on \S+ failed .*InternalFailure/);
    expect(error).toContain('Go back: change the answers (the role)');
    expect(error).toContain('Exit (exit code 1)');
    expect(error).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/); // no spinner beside the error
    expect(wizardStatements((await readShareDocuments(harness)).secretPolicy)).toEqual([]);

    proxy.failWrites(null);
    tmux.press('Enter'); // Try again: a new session plans again
    await tmux.waitFor('Will it work?', 60_000);
    tmux.press('Enter');
    await tmux.waitFor('broadening access?');
    tmux.press('y');
    await tmux.waitFor('Share a secret · Step 6 of 6: Summary', 60_000);
    expect(tmux.screen()).toContain(`✔ Secret resource policy updated on ${scenario.secret.arn}`);
    tmux.press('Enter'); // Exit
    expect(await tmux.exitCode()).toBe(3); // moto cannot read across accounts: verify is denied
    expect(wizardStatements((await readShareDocuments(harness)).secretPolicy).length).toBeGreaterThan(0);
  });

  it('a text field takes a paste, a burst of backspaces, Ctrl+W and Ctrl+U', async () => {
    const harness = moto();
    tmux = startWizard('recover-text', harness, cli(), ['--profile', 'central-security', '--region', harness.region, '--secret', 'MY_TEST_SECRET']).tmux;
    await tmux.waitFor('Which AWS account should be able to read it?');

    // One send-keys: the paste and two backspaces reach the wizard in one read.
    tmux.type('22222222222299\u007f\u007f');
    await tmux.waitFor((s) => field(s)?.trim() === '› 222222222222');
    tmux.type(' junk');
    tmux.press('C-w');
    await tmux.waitFor((s) => field(s)?.trim() === '› 222222222222');
    tmux.type('more text\u0015');
    await tmux.waitFor((s) => field(s)?.includes('e.g. 222222222222') === true);
    tmux.type(`${harness.scenario.consumer.account}\r`);
    await tmux.waitFor('Who in 222222222222 gets access?');
    tmux.press('C-c');
    expect(await tmux.exitCode()).toBe(130);
  });
});
