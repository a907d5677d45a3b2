/**
 * `secret-share-wizard demo` on a terminal: every flow can be tried with no AWS account. After the
 * share the summary offers verify, revoke, restore and list, all against the emulator, which lives
 * until the user leaves (and only then stops).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { envWithoutAws } from '../support/moto';
import { cliEnv, useBuiltCli } from './cli-support';
import { endpointOf, listening } from './support/demo';
import { TmuxSession } from './support/tmux';

const cli = useBuiltCli();
let home: string;
let tty: TmuxSession | undefined;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'ssw-wizard-demo-'));
});
afterAll(async () => {
  tty?.kill();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('the demo wizard', () => {
  it('share, then verify, revoke, restore and list from the summary; the emulator stops only when the user leaves', async () => {
    tty = new TmuxSession({ name: 'wizard-demo', command: [process.execPath, cli(), 'demo'], env: cliEnv(envWithoutAws(), { HOME: home, TERM: 'xterm-256color', NO_COLOR: undefined }), cwd: home, columns: 160, rows: 50 });
    tty.start();
    await tty.waitFor('❯ Share a secret', 90_000);
    const endpoint = endpointOf(tty.history(true));
    tty.press('Enter');

    // The share.
    await tty.waitFor('Which secret do you want to share?', 60_000);
    await tty.select('MY_TEST_SECRET');
    tty.press('Enter');
    await tty.waitFor('Which AWS account should be able to read it?');
    tty.type('222222222222');
    tty.press('Enter');
    await tty.waitFor('account root) — recommended');
    tty.press('Enter');
    await tty.waitFor('Which role in 222222222222 will read the secret?', 60_000);
    await tty.select('PRODUCTION_SECRET_ROLE');
    tty.press('Enter');
    await tty.waitFor('Will it work?', 60_000);
    tty.press('Enter');
    await tty.waitFor('broadening access?');
    tty.press('y');
    const summary = await tty.waitFor((s) => s.includes('Share a secret · Step 6 of 6: Summary') && s.includes('❯ Exit'), 60_000);
    expect(summary).toContain('Done: the secret is shared.');
    expect(summary).toContain("The emulator cannot read across accounts, so this is the simulator's verdict: the consumer can read the secret.");

    // Verify again (the simulator's verdict where moto cannot read across accounts): back on the summary.
    await tty.select('Verify again');
    tty.press('Enter');
    await tty.waitFor((s) => s.includes('❯ Exit') && s.includes("simulator's verdict"), 60_000);
    expect(await listening(endpoint)).toBe(true);

    // Revoke this share.
    await tty.select('Revoke this share');
    tty.press('Enter');
    await tty.waitFor('loses access to MY_TEST_SECRET', 60_000);
    tty.press('Enter');
    await tty.waitFor('Revoke with 3 writes in 2 accounts');
    tty.press('y');
    await tty.waitFor('Done: the share is revoked.', 60_000);
    expect(await listening(endpoint)).toBe(true);

    // Restore the revoke's backup.
    await tty.select('Restore the backup (undo this revoke');
    tty.press('Enter');
    await tty.waitFor('Restore with 3 writes in 2 accounts', 60_000);
    tty.press('y');
    await tty.waitFor('Done: the backup is restored.', 60_000);

    // List the shares: the share is back.
    await tty.select('List the shares');
    tty.press('Enter');
    const listed = await tty.waitFor((s) => s.includes('List shares · Step 2 of 2: Shares') && s.includes('What next?'), 60_000);
    expect(listed).toMatch(/(complete|partial|drifted) {2}arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-/);
    expect(await listening(endpoint)).toBe(true);

    // Leave: only now does the emulator stop.
    await tty.select('Exit');
    tty.press('Enter');
    expect(await tty.exitCode(60_000)).toBe(0);
    expect(await listening(endpoint)).toBe(false);
  });
});
