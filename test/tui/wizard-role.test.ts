import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { seededMoto } from '../support/moto';
import { useBuiltCli } from './cli-support';
import { principalsOf, readShareDocuments, rolePolicies, wizardStatements } from '../support/share-documents';
import { startWizard } from './support/start-wizard';
import { readWholePreview } from './support/tmux';
import type { TmuxSession } from './support/tmux';

const moto = seededMoto();
const cli = useBuiltCli();
let tmux: TmuxSession | undefined;

afterAll(() => {
  tmux?.kill();
});

describe('the wizard in a real terminal: share with a specific role, no consumer profile', () => {
  it('grants the role on the secret and key, shows the identity policy for the consumer administrator', async () => {
    const harness = moto();
    const { scenario } = harness;
    const before = await readShareDocuments(harness);
    const session = startWizard('role', harness, cli(), ['--profile', 'central-security', '--region', harness.region, '--secret', 'MY_TEST_SECRET']);
    tmux = session.tmux;

    // --secret given: straight to the consumer (the secret and its key are in the header).
    await tmux.waitFor('Which AWS account should be able to read it?');
    expect(tmux.screen()).toContain(`Secret   MY_TEST_SECRET · key ${scenario.key.arn}`);
    tmux.type(scenario.consumer.account);
    tmux.press('Enter');
    await tmux.select('One exact role (its ARN is the principal)');
    tmux.press('Enter');
    await tmux.waitFor('Do you have a profile for 222222222222?');
    await tmux.select('None: show the identity policy');
    tmux.press('Enter');
    await tmux.waitFor('Which role in 222222222222 gets access?');
    tmux.type(scenario.role.name);
    tmux.press('Enter');

    await tmux.waitFor('Will it work?');
    const seen = await readWholePreview(tmux);
    expect(seen.replace(/\s+/g, ' ')).toContain('for the consumer administrator to apply (not written by this run)');
    tmux.press('Enter');
    await tmux.waitFor('Apply 2 writes in 1 account (111111111111: 2), broadening access?');
    tmux.press('Up');
    await tmux.waitFor('❯ Yes, apply: 2 writes');
    tmux.press('Enter');

    await tmux.waitFor('Step 6 of 6: Summary', 60_000);
    tmux.press('Enter'); // Exit, pre-selected
    expect(await tmux.exitCode(60_000)).toBe(0);
    const summary = tmux.history().split('Step 6 of 6').at(-1)!;
    expect(summary).toContain('Done: the secret is shared.');
    expect(summary).toContain('Consumer identity policy: not written; give it to the consumer administrator');
    expect(summary).toContain('Not verified against AWS (no consumer profile)');
    expect(summary.replace(/\s+/g, ' ')).toContain(`For the administrator of ${scenario.consumer.account}: attach this identity policy to ${scenario.role.arn}`);
    const revoke = `secret-share-wizard revoke --secret ${scenario.secret.arn} --consumer ${scenario.role.arn} --consumer-policy none --profile central-security --region ${harness.region}`;
    expect(summary.replace(/\s+/g, '')).toContain(revoke.replace(/\s+/g, ''));

    const docs = await readShareDocuments(harness);
    const secretOurs = wizardStatements(docs.secretPolicy);
    expect(secretOurs.length).toBeGreaterThan(0);
    expect(secretOurs.every((s) => principalsOf(s).includes(scenario.role.arn))).toBe(true);
    const keyOurs = wizardStatements(docs.keyPolicy);
    expect(keyOurs.map((s) => principalsOf(s))).toEqual([[scenario.role.arn]]);
    // The consumer account was not touched.
    expect(rolePolicies(docs)).toEqual(rolePolicies(before));

    // The revoke command the summary printed works as printed and puts the documents back.
    const [, ...args] = revoke.split(' ');
    execFileSync(process.execPath, [cli(), ...args, '--yes'], { env: { ...harness.env, SECRET_SHARE_WIZARD_HOME: session.home }, stdio: 'pipe' });
    const revoked = await readShareDocuments(harness);
    expect(wizardStatements(revoked.secretPolicy)).toEqual([]);
    expect(wizardStatements(revoked.keyPolicy)).toEqual([]);
    expect(revoked.keyPolicy).toEqual(before.keyPolicy);
  });
});
