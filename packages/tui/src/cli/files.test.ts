import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isWizardError } from '@secret-share-wizard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPlanFile, readPolicyFile } from './files';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ssw-files-'));
  await writeFile(join(dir, 'policy.json'), '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}');
  await writeFile(join(dir, 'broken.json'), '{"Version": ');
  await writeFile(join(dir, 'other.json'), '{"schema": "something-else"}');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function userError(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isWizardError(error) || error.source !== 'user') throw new Error(`expected a user error, got ${String(error)}`);
  return error;
}

describe('input files', () => {
  it('reads a policy file (a single statement object becomes an array)', async () => {
    expect((await readPolicyFile(join(dir, 'policy.json'), '--key-policy')).Statement).toHaveLength(1);
  });

  it('names the flag for missing, unreadable and invalid files', async () => {
    expect((await userError(readPolicyFile(join(dir, 'nope.json'), '--key-policy'))).message).toMatch(/^--key-policy: cannot read ".*nope.json" \(no such file\)/);
    expect((await userError(readPolicyFile(dir, '--key-policy'))).message).toMatch(/is a directory/);
    expect((await userError(readPolicyFile(join(dir, 'broken.json'), '--key-policy'))).message).toMatch(/^--key-policy .*broken.json: is not valid JSON/);
    expect((await userError(readPlanFile(join(dir, 'other.json')))).message).toMatch(/^--plan: .* is not a plan written by `secret-share-wizard plan --out`/);
    expect((await userError(readPlanFile(join(dir, 'broken.json')))).code).toBe('INPUT_PLAN_JSON');
  });
});
