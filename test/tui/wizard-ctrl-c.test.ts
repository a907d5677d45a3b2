import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededMoto } from '../support/moto';
import { buildCli } from './support/build-cli';
import { readShareDocuments } from './support/moto-documents';
import { startWizard } from './support/start-wizard';
import type { TmuxSession } from './support/tmux';

const moto = seededMoto();
let build: ReturnType<typeof buildCli>;
let tmux: TmuxSession | undefined;

beforeAll(() => {
  build = buildCli();
});
afterAll(() => {
  tmux?.kill();
  build?.dispose();
});

describe('the wizard in a real terminal: Ctrl+C', () => {
  it('leaves cleanly at the confirmation with exit 130 and writes nothing', async () => {
    const harness = moto();
    const before = await readShareDocuments(harness);
    const session = startWizard('ctrl-c', harness, build.cli, ['--profile', 'central-security', '--region', harness.region]);
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
});
