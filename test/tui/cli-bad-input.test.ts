/**
 * Bad input never writes: each case runs the built CLI against moto (reference scenario) and must
 * exit 2 with ONE line on stderr naming the field, no stack trace, nothing on stdout, and every
 * document in moto unchanged.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededMoto } from '../support/moto';
import { readShareDocuments, type ShareDocuments } from '../support/share-documents';
import { cliEnv, runCli, useBuiltCli } from './cli-support';

const moto = seededMoto();
const cli = useBuiltCli();
let work: string;
let original: ShareDocuments;

const OWNER = '111111111111';
const CONSUMER = '222222222222';
const ROLE = `arn:aws:iam::${CONSUMER}:role/PRODUCTION_SECRET_ROLE`;
const KEY = `arn:aws:kms:us-east-2:${OWNER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ssw-cli-bad-'));
  await writeFile(join(work, 'broken.json'), '{"Version": "2012-10-17", "Statement": [ }');
  await writeFile(join(work, 'array.json'), '[]');
  await writeFile(join(work, 'no-effect.json'), '{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}');
  await writeFile(join(work, 'not-a-plan.json'), '{"hello": "world"}');
  await mkdir(join(work, 'a-folder'));
  original = await readShareDocuments(moto());
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

type Args = (secret: string) => string[];
const P = ['--profile', 'central-security', '--consumer-profile', 'production'];
const share = (secret: string, ...rest: string[]) => ['--secret', secret, '--consumer', CONSUMER, '--consumer-role', 'PRODUCTION_SECRET_ROLE', ...P, ...rest];
const offline = (secret: string, ...rest: string[]) => ['plan', '--offline', '--secret-arn', secret, '--key-arn', KEY, '--consumer', CONSUMER, ...rest];

/** [what, argv (given the real secret ARN), the field the one line must name, extra env]. */
const CASES: Array<[string, Args, string, Record<string, string | undefined>?]> = [
  ['11-digit consumer account', (s) => ['apply', '--secret', s, '--consumer', '22222222222', ...P, '--yes'], '--consumer'],
  ['13-digit consumer account', (s) => ['apply', '--secret', s, '--consumer', '2222222222222', ...P, '--yes'], '--consumer'],
  ['consumer "*" (public)', (s) => ['apply', '--secret', s, '--consumer', '*', ...P, '--yes'], '--consumer'],
  ['consumer ARN with a leading space', (s) => ['apply', '--secret', s, '--consumer', ` arn:aws:iam::${CONSUMER}:root`, ...P, '--yes'], '--consumer'],
  ['consumer ARN with a typographic dash', (s) => ['apply', '--secret', s, '--consumer', `arn:aws:iam::${CONSUMER}:role/PRODUCTION\u2013ROLE`, ...P, '--yes'], '--consumer'],
  ['assumed-role session as consumer', (s) => ['apply', '--secret', s, '--consumer', `arn:aws:sts::${CONSUMER}:assumed-role/R/session`, ...P, '--yes'], '--consumer'],
  ['consumer is an S3 ARN', (s) => ['apply', '--secret', s, '--consumer', 'arn:aws:s3:::bucket', ...P, '--yes'], '--consumer'],
  ['consumer role ARN with a region', (s) => ['apply', '--secret', s, '--consumer', `arn:aws:iam:us-east-1:${CONSUMER}:role/R`, ...P, '--yes'], '--consumer'],
  ['secret ARN with an 11-digit account', () => ['apply', ...share('arn:aws:secretsmanager:us-east-2:11111111111:secret:MY_TEST_SECRET-a1b2c3', '--yes')], '--secret'],
  ['secret ARN that is a KMS key ARN', () => ['apply', ...share(KEY, '--yes')], '--secret'],
  ['secret ARN with a leading space (the blog)', (s) => ['apply', ...share(` ${s}`, '--yes')], '--secret'],
  ['secret name with a space', () => ['apply', ...share('MY TEST SECRET', '--yes')], '--secret'],
  ['typographic dash flag \u2013secret', (s) => ['apply', '\u2013secret', s, '--consumer', CONSUMER, ...P, '--yes'], '--secret'],
  ['em dash flag \u2014consumer', (s) => ['apply', '--secret', s, '\u2014consumer', CONSUMER, ...P, '--yes'], '--consumer'],
  ['single-dash long flag -secret', (s) => ['apply', '-secret', s, '--consumer', CONSUMER, ...P, '--yes'], '--secret'],
  ['unknown flag (typo)', (s) => ['apply', ...share(s, '--yes', '--consumr-policy', 'inline')], '--consumr-policy'],
  ['unknown flag', (s) => ['apply', ...share(s, '--yes', '--force')], '--force'],
  ['missing --secret', () => ['apply', '--consumer', CONSUMER, ...P, '--yes'], '--secret'],
  ['missing --consumer', (s) => ['apply', '--secret', s, ...P, '--yes'], '--consumer'],
  ['--secret without a value', () => ['apply', '--consumer', CONSUMER, ...P, '--yes', '--secret'], '--secret'],
  ['--consumer swallowing the next flag', (s) => ['apply', '--secret', s, '--consumer', '--yes', ...P], '--consumer'],
  ['--secret given twice', (s) => ['apply', ...share(s, '--yes', '--secret', s)], '--secret'],
  ['--yes with a value', (s) => ['apply', ...share(s, '--yes=true')], '--yes'],
  ['invalid --consumer-policy', (s) => ['apply', ...share(s, '--yes', '--consumer-policy', 'both')], '--consumer-policy'],
  ['invalid --version-stage', (s) => ['apply', ...share(s, '--yes', '--version-stage', 'AWSPREVIOUS')], '--version-stage'],
  ['invalid role name', (s) => ['apply', '--secret', s, '--consumer', CONSUMER, '--consumer-role', 'bad role!', ...P, '--yes'], '--consumer-role'],
  ['consumer role in another account', (s) => ['apply', '--secret', s, '--consumer', CONSUMER, '--consumer-role', 'arn:aws:iam::333333333333:role/R', ...P, '--yes'], '--consumer-role'],
  ['role consumer and a different --consumer-role', (s) => ['apply', '--secret', s, '--consumer', ROLE, '--consumer-role', 'OTHER_ROLE', ...P, '--yes'], '--consumer-role'],
  ['managed policy for an account consumer without a role', (s) => ['apply', '--secret', s, '--consumer', CONSUMER, '--consumer-policy', 'managed', ...P, '--yes'], '--consumer-role'],
  ['--policy-name with --consumer-policy none', (s) => ['apply', ...share(s, '--yes', '--consumer-policy', 'none', '--policy-name', 'P')], '--policy-name'],
  ['AWS managed policy ARN as --policy-name', (s) => ['apply', ...share(s, '--yes', '--policy-name', 'arn:aws:iam::aws:policy/SECRETS_MANAGER_PERMISSIONS_POLICY')], '--policy-name'],
  ['invalid region', (s) => ['apply', ...share(s, '--yes', '--region', 'us-middle-earth')], '--region'],
  ['unknown owner profile', (s) => ['apply', '--secret', s, '--consumer', CONSUMER, '--consumer-role', 'PRODUCTION_SECRET_ROLE', '--profile', 'no-such-profile', '--consumer-profile', 'production', '--yes'], '--profile'],
  ['unknown consumer profile', (s) => ['apply', '--secret', s, '--consumer', CONSUMER, '--consumer-role', 'PRODUCTION_SECRET_ROLE', '--profile', 'central-security', '--consumer-profile', 'no-such-profile', '--yes'], '--consumer-profile'],
  ['apply a managed identity policy without consumer credentials', (s) => ['apply', '--secret', s, '--consumer', CONSUMER, '--consumer-role', 'PRODUCTION_SECRET_ROLE', '--consumer-policy', 'managed', '--profile', 'central-security', '--yes'], '--consumer-profile'],
  ['consumer is the owner account', (s) => ['apply', '--secret', s, '--consumer', OWNER, ...P, '--yes'], '--consumer'],
  ['ARN whose partition and region disagree', () => ['apply', ...share(`arn:aws-cn:secretsmanager:us-east-2:${OWNER}:secret:MY_TEST_SECRET-a1b2c3`, '--yes')], '--secret'],
  ['unknown region name', (s) => ['apply', ...share(s, '--yes', '--region', 'eu-west-9')], '--region'],
  ['apply without --yes and without a terminal', (s) => ['apply', ...share(s)], '--yes'],
  ['apply without --yes with CI set', (s) => ['apply', ...share(s)], '--yes', { CI: 'true' }],
  ['revoke without --yes and without a terminal', (s) => ['revoke', ...share(s)], '--yes'],
  ['--plan file that does not exist', () => ['apply', '--plan', 'missing.json', ...P, '--yes'], '--plan'],
  ['--plan file that is not JSON', () => ['apply', '--plan', 'broken.json', ...P, '--yes'], '--plan'],
  ['--plan file that is not a plan', () => ['apply', '--plan', 'not-a-plan.json', ...P, '--yes'], '--plan'],
  ['--plan that is a folder', () => ['apply', '--plan', 'a-folder', ...P, '--yes'], '--plan'],
  ['--plan together with --secret', (s) => ['apply', '--plan', 'not-a-plan.json', '--secret', s, ...P, '--yes'], '--secret'],
  ['offline without --key-arn', (s) => ['plan', '--offline', '--secret-arn', s, '--consumer', CONSUMER], '--key-arn'],
  ['offline with an alias instead of the key ARN', (s) => ['plan', '--offline', '--secret-arn', s, '--key-arn', `arn:aws:kms:us-east-2:${OWNER}:alias/MY_CMK`, '--consumer', CONSUMER], '--key-arn'],
  ['offline secret ARN without its suffix', () => offline(`arn:aws:secretsmanager:us-east-2:${OWNER}:secret:MY_TEST_SECRET`), '--secret-arn'],
  ['offline policy file that does not exist', (s) => offline(s, '--secret-policy', 'nope.json'), '--secret-policy'],
  ['offline policy file with broken JSON', (s) => offline(s, '--key-policy', 'broken.json'), '--key-policy'],
  ['offline policy file that is an array', (s) => offline(s, '--identity-policy', 'array.json'), '--identity-policy'],
  ['offline policy with an invalid Effect', (s) => offline(s, '--secret-policy', 'no-effect.json'), '--secret-policy'],
  ['offline with --profile', (s) => offline(s, '--profile', 'central-security'), '--profile'],
  ['--secret-policy without --offline', (s) => ['plan', ...share(s, '--secret-policy', 'array.json')], '--secret-policy'],
  ['restore without a folder', () => ['restore', ...P, '--yes'], '<backup-folder>'],
  ['restore of a folder that is no backup', () => ['restore', 'a-folder', ...P, '--yes'], '<backup-folder>'],
  ['verify with a secret name instead of the ARN', () => ['verify', '--secret', 'MY_TEST_SECRET', '--consumer-role', ROLE, ...P], '--secret'],
  ['verify with a role name instead of the ARN', (s) => ['verify', '--secret', s, '--consumer-role', 'PRODUCTION_SECRET_ROLE', ...P], '--consumer-role'],
  ['verify without consumer credentials', (s) => ['verify', '--secret', s, '--consumer-role', ROLE, '--profile', 'central-security'], '--consumer-profile'],
  ['unknown command (typo)', () => ['aplly', '--yes'], '"aplly"'],
  ['stray argument', (s) => ['plan', ...share(s), 'extra'], '"extra"'],
];

describe('bad input: exit 2, one line naming the field, no stack trace, nothing written', () => {
  it('has at least 30 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(CASES)('%s', async (_what, argv, field, extraEnv = {}) => {
    const args = argv(moto().scenario.secret.arn);
    const result = await runCli(cli(), args, { env: cliEnv(moto().env, { SECRET_SHARE_WIZARD_HOME: join(work, 'home'), ...extraEnv }), cwd: work });
    const context = `secret-share-wizard ${args.join(' ')}\nexit ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`;
    expect(result.code, context).toBe(2);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines, context).toHaveLength(1);
    expect(lines[0], context).toMatch(/^error: /);
    expect(lines[0], context).toContain(field);
    expect(result.stderr, context).not.toMatch(/^\s+at /m);
    expect(result.stdout, context).toBe('');
    expect(await readShareDocuments(moto())).toEqual(original);
  });
});
