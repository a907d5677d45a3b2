/**
 * The built CLI runs its engine (dist/engine.cjs) with V8's code cache: the first command writes it,
 * the next ones read it and rewrite it only for a command that has not run with it yet; the output is
 * the same either way, and a damaged cache costs nothing but time.
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, useBuiltCli } from './cli-support';

const cli = useBuiltCli();
const SECRET = 'arn:aws:secretsmanager:us-east-2:111111111111:secret:MY_TEST_SECRET-a1b2c3';
const KEY = 'arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
let dir: string;
let cacheDir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ssw-cli-compile-cache-'));
  cacheDir = join(dir, 'cache');
  await writeFile(
    join(dir, 'key-policy.json'),
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' }] }),
  );
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const planArgs = ['plan', '--offline', '--secret-arn', SECRET, '--key-arn', KEY, '--consumer', '222222222222', '--key-policy', 'key-policy.json', '--json'];
const run = (args: string[]) => runCli(cli(), args, { env: cliEnv(process.env, { SECRET_SHARE_WIZARD_COMPILE_CACHE: cacheDir }), cwd: dir });

async function cacheFile(): Promise<{ path: string; commands: string[] }> {
  const names = (await readdir(cacheDir)).filter((name) => name.endsWith('.v8'));
  expect(names).toHaveLength(1);
  const path = join(cacheDir, names[0]!);
  const bytes = await readFile(path);
  return { path, commands: (JSON.parse(bytes.subarray(4, 4 + bytes.readUInt32BE(0)).toString('utf8')) as { commands: string[] }).commands };
}

describe('the engine compile cache of the built CLI', () => {
  it('written by the first command, read by the next, extended by a new command; same output', async () => {
    const first = await run(planArgs);
    expect(first.code).toBe(0);
    const written = await cacheFile();
    expect(written.commands).toEqual(['plan']);
    const inode = (await stat(written.path)).ino;

    const second = await run(planArgs);
    expect(second).toEqual(first);
    expect((await stat(written.path)).ino).toBe(inode);

    const snippet = await run(['snippet', '--secret', SECRET, '--for', 'cli']);
    expect(snippet.code).toBe(0);
    expect((await cacheFile()).commands).toEqual(['plan', 'snippet']);
  });

  it('a damaged cache file: the command still answers the same, and the cache is written again', async () => {
    const { path } = await cacheFile();
    const bytes = await readFile(path);
    const headerEnd = 4 + bytes.readUInt32BE(0);
    const damaged = Buffer.concat([bytes.subarray(0, headerEnd), Buffer.alloc(bytes.length - headerEnd, 0x5a)]);
    await writeFile(path, damaged, { mode: 0o600 });
    const result = await run(planArgs);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).changes).toHaveLength(3);
    expect((await readFile(path)).equals(damaged)).toBe(false);
  });
});
