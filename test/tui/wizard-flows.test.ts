import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seededMoto } from '../support/moto';
import { cliEnv, runCli, useBuiltCli } from './cli-support';
import { readShareDocuments, rolePolicies } from '../support/share-documents';
import { startWizard } from './support/start-wizard';
import type { TmuxSession } from './support/tmux';

/** List, revoke and restore are entries of the wizard's first screen, each one core session. */
const moto = seededMoto();
const cli = useBuiltCli();
let tmux: TmuxSession | undefined;

afterAll(() => {
  tmux?.kill();
});

describe('the wizard in a real terminal: list, revoke and restore from the first screen', () => {
  it('lists the share made by apply, revokes it (documents back as before), restores the revoke’s backup (shared again)', async () => {
    const harness = moto();
    const { scenario } = harness;
    const home = mkdtempSync(join(tmpdir(), 'ssw-flows-'));
    const before = await readShareDocuments(harness);
    const applied = await runCli(cli(), ['apply', '--secret', scenario.secret.arn, '--consumer', scenario.consumer.account, '--consumer-role', scenario.role.name, '--profile', 'central-security', '--consumer-profile', 'production', '--region', harness.region, '--yes'], { env: cliEnv(harness.env, { SECRET_SHARE_WIZARD_HOME: home }) });
    expect(applied.code, applied.stderr).toBe(0);
    const shared = await readShareDocuments(harness);

    tmux = startWizard('flows', harness, cli(), ['--profile', 'central-security', '--consumer-profile', 'production', '--region', harness.region], { SECRET_SHARE_WIZARD_HOME: home }).tmux;

    // List: the share from its record, with the state of each side.
    await tmux.waitFor('❯ Share a secret');
    await tmux.select('List shares');
    tmux.press('Enter');
    const listed = await tmux.waitFor((s) => s.includes('List shares · Step 2 of 2: Shares') && s.includes('What next?'), 60_000);
    expect(listed).toContain(`complete  ${scenario.secret.arn}`);
    expect(listed).toContain(`→ arn:aws:iam::${scenario.consumer.account}:root via ${scenario.role.arn}`);
    expect(listed).toContain('secret policy: present · key policy: present · identity policy: present');

    // Revoke it from there: the review, the approval per account, the writes, the summary.
    await tmux.select('Revoke one of these shares');
    tmux.press('Enter');
    await tmux.waitFor('Which share do you want to revoke?');
    await tmux.select(`via PRODUCTION_SECRET_ROLE`);
    tmux.press('Enter');
    await tmux.waitFor(`Revoke: arn:aws:iam::${scenario.consumer.account}:root loses access to MY_TEST_SECRET`, 60_000);
    expect(tmux.screen()).toContain('Revoke a share · Step 3 of 5: Review');
    tmux.press('Enter');
    const approval = await tmux.waitFor('Revoke with 3 writes in 2 accounts (111111111111: 2, 222222222222: 1)?');
    expect(approval).toContain('also: remove the share record secret-share-wizard:share:');
    tmux.press('y');
    const revoked = await tmux.waitFor('Done: the share is revoked.', 60_000);
    expect(revoked).toContain('Record removed from the secret');
    const afterRevoke = await readShareDocuments(harness);
    expect(afterRevoke.secretPolicy).toEqual(before.secretPolicy);
    expect(afterRevoke.keyPolicy).toEqual(before.keyPolicy);
    expect(rolePolicies(afterRevoke)).toEqual(rolePolicies(before));

    // Restore from the first screen: the newest backup is the revoke's; restoring it shares again.
    await tmux.select('Back to the start');
    tmux.press('Enter');
    await tmux.select('Restore a backup');
    tmux.press('Enter');
    const backups = await tmux.waitFor('Which backup do you want to restore?');
    const entries = backups.split('\n').filter((line) => /^(❯ | {2})\d{4}-/.test(line));
    expect(entries.map((line) => /\dZ {2}(\w+) /.exec(line)?.[1])).toEqual(['revoke', 'apply']);
    tmux.press('Enter'); // the newest: the revoke's
    // Putting the grants back opens access again: the approval says so.
    await tmux.waitFor('Restore with 3 writes in 2 accounts (111111111111: 2, 222222222222: 1), broadening access?', 60_000);
    tmux.press('y');
    const done = await tmux.waitFor('Done: the backup is restored.', 60_000);
    // The revoke removed the share record; the restore puts it back, and says so.
    expect(done).toContain('Put back the share record secret-share-wizard:share:');
    const restored = await readShareDocuments(harness);
    expect(restored.secretPolicy).toEqual(shared.secretPolicy);
    expect(restored.keyPolicy).toEqual(shared.keyPolicy);
    expect(rolePolicies(restored)).toEqual(rolePolicies(shared));

    await tmux.select('Exit');
    tmux.press('Enter');
    expect(await tmux.exitCode()).toBe(0);
  });
});
