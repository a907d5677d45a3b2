/**
 * The non-interactive commands on a real terminal (tmux): `apply` without --yes asks (default No),
 * answers are honoured, CI=1 never prompts, and colours appear only on a terminal without NO_COLOR.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { seededMoto } from '../support/moto';
import { readShareDocuments, type ShareDocuments } from '../support/share-documents';
import { cliEnv, useBuiltCli } from './cli-support';
import { TmuxSession } from './support/tmux';

const moto = seededMoto();
const cli = useBuiltCli();
let work: string;
let original: ShareDocuments;
let session: TmuxSession | undefined;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ssw-cli-tty-'));
  original = await readShareDocuments(moto());
});
afterEach(() => {
  session?.kill();
  session = undefined;
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

function terminal(name: string, args: string[], extra: Record<string, string | undefined> = {}): TmuxSession {
  const { scenario } = moto();
  const share = ['--secret', scenario.secret.arn, '--consumer', scenario.consumer.account, '--consumer-role', scenario.role.name, '--profile', moto().ownerProfile, '--consumer-profile', moto().consumerProfile];
  session = new TmuxSession({
    name,
    command: [process.execPath, cli(), ...args, ...share],
    env: cliEnv(moto().env, { SECRET_SHARE_WIZARD_HOME: join(work, 'home'), TERM: 'xterm-256color', NO_COLOR: undefined, ...extra }),
    cwd: work,
    columns: 200,
    rows: 50,
  });
  session.start();
  return session;
}

const QUESTION = /Apply 3 writes in 2 accounts \(111111111111: 2, 222222222222: 1\), broadening access\? \[y\/N\]/;

describe('apply on a terminal', () => {
  it('asks before writing; Enter (default No) writes nothing', async () => {
    const tty = terminal('no', ['apply']);
    await tty.waitFor(QUESTION);
    // Every write is listed, per account, before the one question.
    expect(tty.history()).toMatch(/Account 111111111111 \(owner of the secret, profile central-security\):\s+update KMS key policy of arn:aws:kms:\S+ +\(broadens access\)\s+update secret resource policy of arn:aws:secretsmanager/);
    expect(tty.history()).toMatch(/Account 222222222222 \(consumer, profile production\):\s+create managed identity policy/);
    tty.press('Enter');
    expect(await tty.exitCode()).toBe(0);
    expect(tty.history()).toContain('Nothing written.');
    expect(await readShareDocuments(moto())).toEqual(original);
  });

  it('Ctrl+C at the question: exit 130, nothing written', async () => {
    const tty = terminal('ctrl-c', ['apply']);
    await tty.waitFor(QUESTION);
    tty.press('C-c');
    expect(await tty.exitCode()).toBe(130);
    expect(tty.history()).toContain('error: Cancelled at the prompt: nothing was written');
    expect(await readShareDocuments(moto())).toEqual(original);
  });

  it('CI set: no prompt even on a terminal, the error names --yes', async () => {
    const tty = terminal('ci', ['apply'], { CI: '1' });
    expect(await tty.exitCode()).toBe(2);
    const screen = tty.history();
    expect(screen).toMatch(/error: --yes: apply writes to AWS and needs a confirmation, but CI is set/);
    expect(screen).not.toMatch(QUESTION);
  });

  it('colours on a terminal: added lines are green', async () => {
    const tty = terminal('colour', ['plan']);
    await tty.exitCode();
    const screen = tty.screen(true);
    expect(screen).toContain('\u001B[32m+');
  });

  it('answering y applies the three changes', async () => {
    const tty = terminal('yes', ['apply']);
    await tty.waitFor(QUESTION);
    tty.type('y');
    tty.press('Enter');
    expect(await tty.exitCode()).toBe(0);
    expect(tty.history()).toContain('Apply complete.');
    const after = await readShareDocuments(moto());
    expect(after.secretPolicy).not.toEqual(original.secretPolicy);
    expect(Object.keys(after.attached)).toHaveLength(Object.keys(original.attached).length + 1);
  });
});
