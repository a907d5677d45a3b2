/**
 * Ctrl+C (SIGINT) during `apply`: the core stops before the next write and rolls back what was
 * written; the CLI exits 130 and every document in moto is as before.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededMoto } from '../support/moto';
import { readShareDocuments, type ShareDocuments } from '../support/share-documents';
import { cliEnv, useBuiltCli } from './cli-support';

const moto = seededMoto();
const cli = useBuiltCli();
let work: string;
let original: ShareDocuments;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ssw-cli-int-'));
  original = await readShareDocuments(moto());
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('interrupting apply', () => {
  it('SIGINT during the first write: rolled back, exit 130, documents unchanged', async () => {
    const { scenario } = moto();
    const args = ['apply', '--secret', scenario.secret.arn, '--consumer', scenario.consumer.account, '--consumer-role', scenario.role.name, '--profile', moto().ownerProfile, '--consumer-profile', moto().consumerProfile, '--yes'];
    const child = spawn(process.execPath, [cli(), ...args], { env: cliEnv(moto().env, { SECRET_SHARE_WIZARD_HOME: join(work, 'home') }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    let interrupted = false;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      // The first write has started: interrupt now.
      if (!interrupted && /… Writing the managed identity policy/.test(stderr)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(interrupted, stderr).toBe(true);
    expect(code, `${stdout}\n${stderr}`).toBe(130);
    expect(stdout).not.toContain('✔ applied          secret-policy');
    expect(stdout).toMatch(/Apply failed/);
    expect(await readShareDocuments(moto())).toEqual(original);
  });
});
