import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES } from '@secret-share-wizard/core';
import { main, mainHelp, version } from './main';
import type { CliIo } from './context';

function fakeIo(env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    stdin: Object.assign(new PassThrough(), { isTTY: false }),
    env,
    cwd: process.cwd(),
  };
  return { io, out: () => stdout, err: () => stderr };
}

async function run(argv: string[], env: Record<string, string | undefined> = {}) {
  const { io, out, err } = fakeIo(env);
  const code = await main(argv, io, new AbortController().signal);
  return { code, stdout: out(), stderr: err() };
}

describe('main', () => {
  it('--help names every exit code of the core table', () => {
    for (const code of Object.values(EXIT_CODES)) expect(mainHelp()).toMatch(new RegExp(`\\b${code} `));
  });

  it('--json: a refused command prints exactly one JSON object on stdout, with the error\'s code, message, fix and source', async () => {
    const result = await run(['plan', '--secret', 'S', '--consumer', '22222222222', '--json']);
    expect(result.code).toBe(2);
    const json = JSON.parse(result.stdout) as { ok: boolean; exitCode: number; error: { code: string; message: string; fix: string; source: string; field: string } };
    expect(json).toMatchObject({ ok: false, exitCode: 2, error: { code: 'INPUT_ACCOUNT_ID', source: 'user', field: '--consumer' } });
    expect(json.error.message).not.toContain(json.error.fix);
    expect(result.stderr).toMatch(/^error: --consumer/);
  });

  it('--version prints the package version only', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('--help lists every command and the exit codes', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['plan', 'apply', 'verify', 'revoke', 'restore', 'list', 'doctor', 'demo']) expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(result.stdout).toContain('4 failed and the rollback is incomplete');
    expect(result.stdout).toBe(mainHelp());
  });

  it('an unknown command is one line with a suggestion, exit 2', async () => {
    const result = await run(['aply', '--yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: "aply": is not a command. Did you mean "apply"? See: secret-share-wizard --help\n');
  });

  it('without a terminal the wizard refuses and names the commands for scripts', async () => {
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: wizard: needs an interactive terminal.*apply \.\.\. --yes/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a typographic dash before the first flag is caught', async () => {
    const result = await run(['\u2013secret', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/use --secret/);
  });
});
