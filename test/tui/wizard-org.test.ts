import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { seededMoto } from '../support/moto';
import { useBuiltCli } from './cli-support';
import { readShareDocuments, wizardStatements } from '../support/share-documents';
import { startWizard } from './support/start-wizard';
import type { TmuxSession } from './support/tmux';

const moto = seededMoto();
const cli = useBuiltCli();
let tmux: TmuxSession | undefined;

afterAll(() => {
  tmux?.kill();
});

const ORG = 'o-a1b2c3d4e5';

describe('the wizard in a real terminal: share with an organization', () => {
  it('an organization id typed as the consumer: no profile or role question; both resource policies grant "*" bound by aws:PrincipalOrgID', async () => {
    const harness = moto();
    const { scenario } = harness;
    const before = await readShareDocuments(harness);
    const session = startWizard('org', harness, cli(), ['--profile', 'central-security', '--region', harness.region, '--secret', scenario.secret.arn]);
    tmux = session.tmux;

    await tmux.waitFor('Which AWS account should be able to read it?');
    expect(tmux.screen()).toContain('or an organization o-… or OU path o-…/r-…/ou-…/');
    tmux.type(ORG);
    tmux.press('Enter');
    // Straight to the review: the grant reaches every member account; the identity policy is for their administrators.
    await tmux.waitFor('Will it work?', 60_000);
    expect(tmux.screen()).toContain(`${ORG} · every account of the organization (aws:PrincipalOrgID)`);
    tmux.press('Enter');
    await tmux.waitFor('Apply 2 writes in 1 account (111111111111: 2), broadening access?', 60_000);
    tmux.press('y');
    const summary = await tmux.waitFor('Share a secret · Step 6 of 6: Summary', 60_000);
    expect(summary).toContain(`✔ Secret resource policy updated on ${scenario.secret.arn}`);
    expect(summary).toContain(`✔ KMS key policy updated on ${scenario.key.arn}`);
    tmux.press('Enter');
    expect(await tmux.exitCode(60_000)).toBe(0);

    const docs = await readShareDocuments(harness);
    for (const statement of [...wizardStatements(docs.secretPolicy), ...wizardStatements(docs.keyPolicy)]) {
      expect(statement.Principal).toEqual({ AWS: '*' });
      expect(statement.Condition?.StringEquals?.['aws:PrincipalOrgID']).toBe(ORG);
    }
    expect(wizardStatements(docs.keyPolicy)).toHaveLength(1);

    // The CLI revokes it from the share record the wizard's session wrote.
    execFileSync(process.execPath, [cli(), 'revoke', '--secret', scenario.secret.arn, '--consumer', ORG, '--profile', 'central-security', '--region', harness.region, '--yes'], { env: { ...harness.env, SECRET_SHARE_WIZARD_HOME: session.home }, stdio: 'pipe' });
    const revoked = await readShareDocuments(harness);
    expect(revoked.secretPolicy).toEqual(before.secretPolicy);
    expect(revoked.keyPolicy).toEqual(before.keyPolicy);
  });
});
