import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A named profile from the AWS config and credentials files. */
export interface ProfileInfo {
  name: string;
  region?: string;
  /** Signs in through IAM Identity Center (sso_session or sso_start_url). */
  sso: boolean;
  /** Assumes a role (role_arn). */
  roleArn?: string;
  /** Has static keys in the credentials file. */
  staticKeys: boolean;
  /** Which files define it. */
  sources: Array<'config' | 'credentials'>;
}

export interface ListProfilesOptions {
  /** Defaults to process.env (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, HOME). */
  env?: NodeJS.ProcessEnv;
}

type IniSections = Map<string, Record<string, string>>;

/** The INI dialect of the AWS files: `[section]`, `key = value`, `#`/`;` comments, indented sub-keys. */
export function parseAwsIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s[#;].*$/, '').trimEnd();
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(trimmed);
    if (header) {
      const name = header[1]!.trim().replace(/\s+/g, ' ');
      current = sections.get(name) ?? {};
      sections.set(name, current);
      continue;
    }
    if (!current || /^\s/.test(line)) continue; // sub-properties (e.g. s3 =\n  max_concurrent_requests) are not needed
    const eq = trimmed.indexOf('=');
    if (eq <= 0) continue;
    current[trimmed.slice(0, eq).trim().toLowerCase()] = trimmed.slice(eq + 1).trim();
  }
  return sections;
}

export function awsConfigPaths(env: NodeJS.ProcessEnv = process.env): { configFile: string; credentialsFile: string } {
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  return {
    configFile: env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
    credentialsFile: env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'),
  };
}

async function readIfExists(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** Every profile in the AWS config and credentials files (SSO, role and static-key profiles), sorted by name. */
export async function listProfiles(options: ListProfilesOptions = {}): Promise<ProfileInfo[]> {
  const { configFile, credentialsFile } = awsConfigPaths(options.env ?? process.env);
  const [configText, credentialsText] = await Promise.all([readIfExists(configFile), readIfExists(credentialsFile)]);
  const profiles = new Map<string, ProfileInfo>();
  const entry = (name: string): ProfileInfo => {
    let info = profiles.get(name);
    if (!info) {
      info = { name, sso: false, staticKeys: false, sources: [] };
      profiles.set(name, info);
    }
    return info;
  };
  for (const [section, values] of parseAwsIni(configText)) {
    let name: string | undefined;
    if (section === 'default') name = 'default';
    else if (section.startsWith('profile ')) name = section.slice('profile '.length).trim();
    if (!name) continue; // sso-session, services, ...
    const info = entry(name);
    info.sources.push('config');
    if (values.region) info.region = values.region;
    if (values.sso_session || values.sso_start_url) info.sso = true;
    if (values.role_arn) info.roleArn = values.role_arn;
    if (values.aws_access_key_id) info.staticKeys = true;
  }
  for (const [section, values] of parseAwsIni(credentialsText)) {
    const info = entry(section);
    info.sources.push('credentials');
    if (values.aws_access_key_id) info.staticKeys = true;
    if (values.region && !info.region) info.region = values.region;
  }
  return [...profiles.values()].sort((a, b) => a.name.localeCompare(b.name));
}
