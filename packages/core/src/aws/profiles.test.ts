import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listProfiles, parseAwsIni } from './profiles';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function files(config: string | undefined, credentials: string | undefined) {
  const dir = await mkdtemp(join(tmpdir(), 'ssw-profiles-'));
  dirs.push(dir);
  const env: NodeJS.ProcessEnv = { HOME: dir, AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
  if (config !== undefined) await writeFile(join(dir, 'config'), config);
  if (credentials !== undefined) await writeFile(join(dir, 'credentials'), credentials);
  return env;
}

describe('listProfiles', () => {
  it('reads SSO, role and static-key profiles from both files', async () => {
    const env = await files(
      [
        '[default]',
        'region = eu-west-1',
        '',
        '[profile central-security]  # the owner',
        'sso_session = corp',
        'sso_account_id = 111111111111',
        'sso_role_name = Admin',
        'region = us-east-2',
        '',
        '[profile legacy-sso]',
        'sso_start_url = https://corp.awsapps.com/start',
        '',
        '[sso-session corp]',
        'sso_start_url = https://corp.awsapps.com/start',
        'sso_region = us-east-1',
        '',
        '[profile production]',
        'role_arn = arn:aws:iam::222222222222:role/Admin',
        'source_profile = default',
        's3 =',
        '  max_concurrent_requests = 20',
      ].join('\n'),
      ['[default]', 'aws_access_key_id = AKIAEXAMPLE', 'aws_secret_access_key = x', '', '[keys-only]', 'aws_access_key_id = AKIA2', 'aws_secret_access_key = y'].join('\n'),
    );
    const profiles = await listProfiles({ env });
    expect(profiles.map((p) => p.name)).toEqual(['central-security', 'default', 'keys-only', 'legacy-sso', 'production']);
    expect(profiles.find((p) => p.name === 'central-security')).toEqual({ name: 'central-security', region: 'us-east-2', sso: true, staticKeys: false, sources: ['config'] });
    expect(profiles.find((p) => p.name === 'legacy-sso')?.sso).toBe(true);
    expect(profiles.find((p) => p.name === 'default')).toEqual({ name: 'default', region: 'eu-west-1', sso: false, staticKeys: true, sources: ['config', 'credentials'] });
    expect(profiles.find((p) => p.name === 'production')).toMatchObject({ roleArn: 'arn:aws:iam::222222222222:role/Admin', sso: false });
    expect(profiles.find((p) => p.name === 'keys-only')).toMatchObject({ staticKeys: true, sources: ['credentials'] });
  });

  it('returns an empty list when neither file exists', async () => {
    expect(await listProfiles({ env: await files(undefined, undefined) })).toEqual([]);
  });

  it('parses comments and odd spacing', () => {
    const sections = parseAwsIni('; comment\n[profile   a]\nregion=us-west-2 ; trailing\n# x\n');
    expect(sections.get('profile a')).toEqual({ region: 'us-west-2' });
  });
});
