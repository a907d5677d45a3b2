import { afterAll, describe, expect, it } from 'vitest';
import { startFaultProxy } from '../support/fault-proxy';
import type { FaultProxy } from '../support/fault-proxy';
import { seededMoto } from '../support/moto';
import { useBuiltCli } from './cli-support';
import { readShareDocuments, rolePolicies } from '../support/share-documents';
import { startWizard } from './support/start-wizard';
import type { TmuxSession } from './support/tmux';

/** The foreground colours (SGR 30-37, 38;..., 90-97) a screen captured with escapes uses. */
function foregroundColours(screen: string): string[] {
  const sgr = new RegExp(`${String.fromCharCode(27)}\\[([\\d;]*)m`, 'g');
  return [...screen.matchAll(sgr)].flatMap((m) => m[1]!.split(';')).filter((p) => /^(3[0-8]|9[0-7])$/.test(p));
}

const moto = seededMoto();
const cli = useBuiltCli();
let tmux: TmuxSession | undefined;
let proxy: FaultProxy | undefined;

afterAll(async () => {
  await proxy?.stop();
  tmux?.kill();
});

describe('the wizard in a real terminal: Ctrl+C', () => {
  it('leaves cleanly at the confirmation with exit 130 and writes nothing (and honours NO_COLOR)', async () => {
    const harness = moto();
    const before = await readShareDocuments(harness);
    const session = startWizard('ctrl-c', harness, cli(), ['--profile', 'central-security', '--region', harness.region], { NO_COLOR: '1' });
    tmux = session.tmux;

    // Flags skip step 1: straight to the secret list, with the caller shown.
    await tmux.waitFor('Which secret do you want to share?');
    await tmux.waitFor('MY_TEST_SECRET');
    expect(tmux.screen()).toMatch(/Owner\s+central-security · us-east-2 · 111111111111 · arn:aws:sts::111111111111:assumed-role\//);
    await tmux.select('MY_TEST_SECRET');
    tmux.press('Enter');
    await tmux.waitFor('Which AWS account should be able to read it?');
    tmux.type(harness.scenario.consumer.account);
    tmux.press('Enter');
    await tmux.waitFor('gets access?');
    tmux.press('Enter'); // account root
    await tmux.select('None: show the identity policy');
    tmux.press('Enter');
    await tmux.waitFor('Which role in 222222222222 will read the secret?');
    tmux.type(harness.scenario.role.name);
    tmux.press('Enter');
    await tmux.waitFor('Will it work?');
    expect(foregroundColours(tmux.screen(true))).toEqual([]); // NO_COLOR: bold and dim only
    expect(tmux.screen()).toMatch(/after: {2}✔ the consumer can read the secret/);
    tmux.press('Enter');
    await tmux.waitFor('Apply these changes?');
    expect(tmux.screen()).toContain('❯ No, exit without changing anything');

    tmux.press('C-c');
    expect(await tmux.exitCode()).toBe(130);
    const screen = tmux.screen();
    expect(screen).toContain('Cancelled. Nothing was written.');
    expect(screen).not.toMatch(/Error:|at .*\.js:\d+/); // no stack trace

    expect(await readShareDocuments(harness)).toEqual(before);
  });

  it('during apply: lets the current write finish, rolls back what was written, exit 130', async () => {
    tmux?.kill();
    const harness = moto();
    const { scenario } = harness;
    const before = await readShareDocuments(harness);
    // Hold the key-policy write in a proxy in front of moto until Ctrl+C has been pressed.
    proxy = await startFaultProxy(harness.endpoint);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    proxy.failWrites({ at: 1, kind: 'throttling', times: 1, action: 'PutKeyPolicy', beforeFirstFault: () => held });
    const session = startWizard('ctrl-c-apply', { ...harness, env: { ...harness.env, AWS_ENDPOINT_URL: proxy.endpoint } }, cli(), [
      '--profile', 'central-security', '--consumer-profile', 'production', '--region', harness.region,
      '--secret', 'MY_TEST_SECRET', '--consumer', scenario.consumer.account, '--consumer-role', scenario.role.name,
    ]);
    tmux = session.tmux;

    await tmux.waitFor('Will it work?', 30_000); // every answer came as a flag: straight to the preview
    tmux.press('Enter');
    await tmux.waitFor('Apply these changes?');
    tmux.press('y');
    await tmux.waitFor(/✔ Wrote the managed identity policy/);
    await tmux.waitFor(/Writing the KMS key policy/);
    tmux.press('C-c');
    await tmux.waitFor('Stopping: finishing or rolling back the current write');
    release();

    expect(await tmux.exitCode(60_000)).toBe(130);
    const screen = tmux.history();
    expect(screen).toMatch(/↺ Rolled back the .*identity policy/);
    expect(screen).toMatch(/↺ Rolled back the key policy/);
    expect(screen).toContain('Stopped: the writes made so far were rolled back.');
    expect(proxy.requests.filter((r) => r.action === 'PutResourcePolicy')).toEqual([]); // the secret policy was never written

    const after = await readShareDocuments(harness);
    expect(after.secretPolicy).toEqual(before.secretPolicy);
    expect(after.keyPolicy).toEqual(before.keyPolicy);
    expect(rolePolicies(after)).toEqual(rolePolicies(before));
  });
});
