import { afterAll, describe, expect, it } from 'vitest';
import { seededMoto } from '../support/moto';
import { useBuiltCli } from './cli-support';
import { principalsOf, readShareDocuments, wizardStatements } from '../support/share-documents';
import { startWizard } from './support/start-wizard';
import type { TmuxSession } from './support/tmux';

const moto = seededMoto();
const cli = useBuiltCli();
let tmux: TmuxSession | undefined;

afterAll(() => {
  tmux?.kill();
});

describe('the wizard with --plain in a real terminal (line-by-line prompts)', () => {
  it('asks one question per line, prints the preview, applies and summarises', async () => {
    const harness = moto();
    const { scenario } = harness;
    const session = startWizard('plain', harness, cli(), ['--plain']);
    tmux = session.tmux;

    await tmux.waitFor('What do you want to do?');
    tmux.press('Enter'); // Share a secret, the first entry
    await tmux.waitFor('Which AWS profile signs in to the account that owns the secret?');
    await tmux.select('central-security');
    tmux.press('Enter');
    await tmux.waitFor('Which region is the secret in?');
    tmux.press('Enter'); // the profile's region is the default
    await tmux.waitFor(/Owner: central-security · us-east-2 · 111111111111 · arn:aws:sts::111111111111:assumed-role\//);
    await tmux.waitFor('Which secret do you want to share?');
    await tmux.select('MY_TEST_SECRET');
    tmux.press('Enter');
    await tmux.waitFor('Which AWS account should be able to read it?');
    tmux.type(scenario.consumer.account);
    tmux.press('Enter');
    await tmux.waitFor('gets access?');
    expect(tmux.screen()).toContain('survives any role being recreated');
    tmux.press('Enter'); // account root, the first choice
    await tmux.waitFor('Do you have a profile for 222222222222?');
    await tmux.select('production');
    tmux.press('Enter');
    await tmux.waitFor('Which role in 222222222222 will read the secret?');
    await tmux.select('PRODUCTION_SECRET_ROLE');
    tmux.press('Enter');

    await tmux.waitFor('broadening access? (this broadens access)');
    const preview = tmux.history();
    expect(preview).toContain('Account 222222222222 (consumer, profile production): 1 write');
    expect(preview).toContain('Will it work?');
    expect(preview).toContain('after:  ✔ the consumer can read the secret');
    expect(preview).toContain('── KMS key policy · update · broadens access');
    expect(preview).toMatch(/\(y\/N\)/); // default No
    tmux.type('y');
    tmux.press('Enter');

    // The same flows as the full-screen wizard: list the shares of this secret from the summary, then leave.
    await tmux.waitFor('What next?', 60_000);
    await tmux.select('List the shares of this secret');
    tmux.press('Enter');
    await tmux.waitFor(`complete  ${scenario.secret.arn}`, 60_000);
    await tmux.waitFor('Revoke one of these shares');
    await tmux.select('Exit');
    tmux.press('Enter');
    expect(await tmux.exitCode(60_000)).toBe(3); // the share's verify was denied (moto cannot read across accounts) // moto cannot read across accounts: verify is denied
    const out = tmux.history();
    expect(out).toContain(`✔ Wrote the KMS key policy of ${scenario.key.arn}`);
    expect(out).toContain('Backup of the previous policies:');
    expect(out).toContain('To undo this share:');

    const docs = await readShareDocuments(harness);
    const keyOurs = wizardStatements(docs.keyPolicy);
    expect(keyOurs.map(principalsOf)).toEqual([[`arn:aws:iam::${scenario.consumer.account}:root`]]);
    expect(wizardStatements(docs.secretPolicy).length).toBeGreaterThan(0);
  });
});
