import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { notInteractiveReason, runWizard } from './run-wizard';

function streams(tty: boolean) {
  const stdin = Object.assign(new PassThrough(), { isTTY: tty }) as unknown as NodeJS.ReadStream;
  const stdout = Object.assign(new PassThrough(), { isTTY: tty }) as unknown as NodeJS.WriteStream;
  let errors = '';
  const stderr = Object.assign(new PassThrough(), { isTTY: tty }) as unknown as NodeJS.WriteStream;
  (stderr as unknown as PassThrough).on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return { stdin, stdout, stderr, errors: () => errors };
}

describe('runWizard never prompts where nobody can answer', () => {
  it('refuses with CI set, exit 2, naming the flags to pass instead', async () => {
    const io = streams(true);
    const code = await runWizard({ plain: false, noColor: true }, { env: { CI: 'true' }, ...io });
    expect(code).toBe(2);
    expect(io.errors()).toMatch(/never prompts when CI is set/);
    expect(io.errors()).toMatch(/--secret <ARN\|name> --consumer <ACCOUNT_ID\|ARN>/);
    expect(io.errors()).toMatch(/--yes/);
  });

  it('refuses without a TTY, also in --plain', async () => {
    const io = streams(false);
    expect(await runWizard({ plain: true, noColor: true }, { env: {}, ...io })).toBe(2);
    expect(io.errors()).toMatch(/needs an interactive terminal/);
  });

  it('allows an interactive terminal without CI', () => {
    expect(notInteractiveReason({}, true, true)).toBeUndefined();
    expect(notInteractiveReason({}, true, false)).toMatch(/stdin and stdout must be a TTY/);
  });
});
