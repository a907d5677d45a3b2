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

describe('the wizard in a real terminal: share with the account root', () => {
  it('walks every step by keyboard, applies the three documents and summarises', async () => {
    const harness = moto();
    const { scenario } = harness;
    const root = `arn:aws:iam::${scenario.consumer.account}:root`;
    const before = await readShareDocuments(harness);
    const session = startWizard('root', harness, cli());
    tmux = session.tmux;

    // The first screen: what to do. Share a secret is the first entry.
    await tmux.waitFor('What do you want to do?');
    expect(tmux.screen()).toContain('❯ Share a secret');
    tmux.press('Enter');

    // Step 1: the profile (from the AWS config) and the region (pre-filled from the profile).
    await tmux.waitFor('Which AWS profile signs in to the account that owns the secret?');
    await tmux.select('central-security');
    tmux.press('Enter');
    await tmux.waitFor('Which region is the secret in?');
    await tmux.waitFor(`› ${harness.region}`);
    tmux.press('Enter');

    // Step 2: search the list, see the key, pick the secret.
    await tmux.waitFor('Which secret do you want to share?');
    await tmux.waitFor('LEGACY_SECRET  key: aws/secretsmanager (AWS managed: cannot be shared)');
    tmux.type('MY_TEST');
    await tmux.waitFor((s) => s.includes('› MY_TEST') && !s.includes('LEGACY_SECRET'));
    await tmux.waitFor(`MY_TEST_SECRET  key: ${scenario.key.arn}`);
    await tmux.select('MY_TEST_SECRET');
    tmux.press('Enter');

    // Step 3: consumer account, account root (recommended), consumer profile, role from its list.
    await tmux.waitFor('Which AWS account should be able to read it?');
    tmux.type(scenario.consumer.account);
    tmux.press('Enter');
    await tmux.waitFor('account root) — recommended');
    expect(tmux.screen()).toContain('survives any role being recreated');
    tmux.press('Enter');
    await tmux.waitFor('Do you have a profile for 222222222222?');
    await tmux.select('production');
    tmux.press('Enter');
    await tmux.waitFor('Which role in 222222222222 will read the secret?');
    await tmux.select('PRODUCTION_SECRET_ROLE');
    tmux.press('Enter');

    // Step 4: preview — will it work, findings, the diffs in colour; scroll through them.
    await tmux.waitFor('Will it work?');
    const preview = tmux.screen();
    expect(preview).toMatch(/before: ✖ blocked by/);
    expect(preview).toContain('after:  ✔ the consumer can read the secret');
    expect(preview).toMatch(/Findings: /);
    const seen = await readWholePreview(tmux);
    expect(seen).toContain('── Secret resource policy · update · broadens access');
    expect(seen).toContain('── KMS key policy · update · broadens access');
    expect(seen).toMatch(/── Consumer identity policy · (create|update)/);
    expect(tmux.screen(true)).toMatch(new RegExp(`${String.fromCharCode(27)}\\[3\\d(;\\d+)?m\\s*\\+`)); // added lines are coloured
    tmux.press('Enter');

    // The approval the session asks: the writes per account, how many, broadening; No preselected; y applies.
    await tmux.waitFor('Apply 3 writes in 2 accounts (111111111111: 2, 222222222222: 1), broadening access?');
    const approval = tmux.screen();
    expect(approval).toContain('Account 111111111111 (owner of the secret, profile central-security): 2 writes');
    expect(approval).toContain('Account 222222222222 (consumer, profile production): 1 write');
    expect(approval).toContain('❯ No, go back and change the answers (nothing is written)');
    tmux.press('y');

    // The summary: what was written, the record, verify, the backup folder; the exit code only when the user leaves.
    await tmux.waitFor('Share a secret · Step 6 of 6: Summary', 60_000);
    const summary = tmux.screen();
    expect(summary).toMatch(/✔ Consumer identity policy created on arn:aws:iam::222222222222:policy\/SecretShareWizard-MY_TEST_SECRET-/);
    expect(summary).toContain(`✔ KMS key policy updated on ${scenario.key.arn}`);
    expect(summary).toContain(`✔ Secret resource policy updated on ${scenario.secret.arn}`);
    expect(summary).toContain('Recorded on the secret (a tag every operator can list)');
    expect(summary).toContain('Applied, but verify was denied: the consumer cannot read the secret yet.');
    expect(summary).toContain('Verification');
    expect(summary).toContain(`Backup of the previous policies: ${session.home}`);
    expect(summary).toContain('❯ Exit');
    tmux.press('Enter');
    const code = await tmux.exitCode(60_000);
    // One line the terminal wraps by itself (not broken by the UI), so it copies and pastes as one command.
    expect(tmux.history(true)).toContain(`\n  secret-share-wizard revoke --secret ${scenario.secret.arn} --consumer ${root} --consumer-role ${scenario.role.arn} --profile central-security --consumer-profile production --region ${harness.region}\n`);
    // moto cannot read across accounts, so verify (GetSecretValue as the consumer) is denied: exit 3.
    expect(code).toBe(3);
    expect(summary.replace(/\s+/g, ' ')).toContain('moto, the local emulator, cannot read across accounts');

    // The documents in moto: our statements for the account root; existing statements kept.
    const docs = await readShareDocuments(harness);
    const secretOurs = wizardStatements(docs.secretPolicy);
    expect(secretOurs.length).toBeGreaterThan(0);
    expect(secretOurs.every((s) => principalsOf(s).includes(root))).toBe(true);
    expect(secretOurs.some((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'))).toBe(true);
    expect(docs.secretPolicy?.Statement.map((s) => s.Sid)).toEqual(expect.arrayContaining(['DenyInsecureTransport', 'AllowSecurityAuditorDescribe']));
    const keyOurs = wizardStatements(docs.keyPolicy);
    expect(keyOurs.length).toBe(1);
    expect(principalsOf(keyOurs[0]!)).toEqual([root]);
    expect([keyOurs[0]!.Action].flat()).toContain('kms:Decrypt');
    expect(docs.keyPolicy.Statement[0]!.Sid).toBe('Enable IAM User Permissions');
    const identity = rolePolicies(docs).flatMap((d) => wizardStatements(d));
    expect(identity.some((s) => [s.Resource].flat().includes(scenario.secret.arn) && [s.Action].flat().includes('secretsmanager:GetSecretValue'))).toBe(true);
    expect(identity.some((s) => [s.Resource].flat().includes(scenario.key.arn) && [s.Action].flat().includes('kms:Decrypt'))).toBe(true);

    // The printed revoke command, run as printed, removes exactly what was added.
    const revoke = `revoke --secret ${scenario.secret.arn} --consumer ${root} --consumer-role ${scenario.role.arn} --profile central-security --consumer-profile production --region ${harness.region}`;
    execFileSync(process.execPath, [cli(), ...revoke.split(' '), '--yes'], { env: { ...harness.env, SECRET_SHARE_WIZARD_HOME: session.home }, stdio: 'pipe' });
    const revoked = await readShareDocuments(harness);
    expect(revoked.keyPolicy).toEqual(before.keyPolicy);
    expect(revoked.secretPolicy).toEqual(before.secretPolicy);
    expect(rolePolicies(revoked)).toEqual(rolePolicies(before));
  });
});
