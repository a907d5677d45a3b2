import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readdir, readFile, rename } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { WizardError, userError } from '../errors/wizard-error';
import type { Change } from '../plan/plan-types';
import { BACKUP_SCHEMA, type BackupEntry, type BackupEntryStatus, type BackupManifest, type BackupSummary } from './backup-types';

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/**
 * Where backups go: the option, else `$SECRET_SHARE_WIZARD_HOME/backups`, else
 * `~/.secret-share-wizard/backups`.
 */
export function defaultBackupRoot(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.SECRET_SHARE_WIZARD_HOME;
  return home ? join(home, 'backups') : join(homedir(), '.secret-share-wizard', 'backups');
}

/** Writes `text` to `path` readable only by the user, atomically (temp file + rename). */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', FILE_MODE);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await chmod(temp, FILE_MODE);
  await rename(temp, path);
}

async function makePrivateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: DIR_MODE });
  await chmod(path, DIR_MODE);
}

function folderName(manifest: BackupManifest): string {
  const stamp = manifest.createdAt.replace(/[:.]/g, '-');
  const secretName = manifest.secret.arn.split(':secret:')[1] ?? 'secret';
  const safe = secretName.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 60);
  return `${stamp}-${manifest.operation}-${safe}-${randomBytes(3).toString('hex')}`;
}

function fileBase(index: number, kind: string): string {
  return `${String(index).padStart(2, '0')}-${kind}`;
}

/**
 * One backup folder, created lazily on the first `record` (an apply that writes nothing leaves no
 * folder). The manifest is rewritten after every step, so a crash leaves an accurate record.
 */
export class BackupFolder {
  readonly manifest: BackupManifest;
  private folderPath: string | undefined;

  constructor(
    private readonly root: string,
    manifest: Omit<BackupManifest, 'schema' | 'entries'>,
    private readonly now: () => Date,
  ) {
    this.manifest = { schema: BACKUP_SCHEMA, ...manifest, entries: [] };
  }

  /** The folder path, or null while nothing has been recorded. */
  get folder(): string | null {
    return this.folderPath ?? null;
  }

  private async ensureFolder(): Promise<string> {
    if (this.folderPath) return this.folderPath;
    await makePrivateDir(this.root);
    const path = join(this.root, folderName(this.manifest));
    await mkdir(path, { mode: DIR_MODE });
    await chmod(path, DIR_MODE);
    this.folderPath = path;
    return path;
  }

  /** Saves the live document and what is about to be written, before the write. */
  async record(change: Change, live: unknown, after: unknown): Promise<BackupEntry> {
    const folder = await this.ensureFolder();
    const index = this.manifest.entries.length + 1;
    const base = fileBase(index, change.kind);
    const entry: BackupEntry = {
      index,
      kind: change.kind,
      target: change.target,
      account: change.account,
      action: change.action,
      ...(change.kind !== 'secret-key' && change.identity ? { identity: change.identity } : {}),
      beforeFile: live === null ? null : `${base}.before.json`,
      afterFile: after === null ? null : `${base}.after.json`,
      extraFiles: [],
      status: 'about-to-write',
      updatedAt: this.now().toISOString(),
    };
    if (entry.beforeFile) await writePrivateFile(join(folder, entry.beforeFile), `${JSON.stringify(live, null, 2)}\n`);
    if (entry.afterFile) await writePrivateFile(join(folder, entry.afterFile), `${JSON.stringify(after, null, 2)}\n`);
    this.manifest.entries.push(entry);
    await this.saveManifest();
    return entry;
  }

  /** Saves another document the write removes (e.g. the oldest managed-policy version). */
  async recordExtra(entry: BackupEntry, suffix: string, document: unknown, description: string): Promise<void> {
    const folder = await this.ensureFolder();
    const file = `${fileBase(entry.index, entry.kind)}.${suffix.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`;
    await writePrivateFile(join(folder, file), `${JSON.stringify(document, null, 2)}\n`);
    entry.extraFiles.push({ file, description });
    await this.saveManifest();
  }

  async setStatus(entry: BackupEntry, status: BackupEntryStatus, extra: Partial<Pick<BackupEntry, 'createdKeyArn'>> = {}): Promise<void> {
    entry.status = status;
    entry.updatedAt = this.now().toISOString();
    Object.assign(entry, extra);
    await this.saveManifest();
  }

  private async saveManifest(): Promise<void> {
    const folder = await this.ensureFolder();
    await writePrivateFile(join(folder, 'manifest.json'), `${JSON.stringify(this.manifest, null, 2)}\n`);
  }
}

export interface LoadedBackup {
  folder: string;
  manifest: BackupManifest;
  /** Reads a document file of the folder (null for a null file name). */
  document(file: string | null): Promise<unknown>;
}

/** Reads and checks a backup folder's manifest. */
export async function loadBackup(folder: string): Promise<LoadedBackup> {
  let text: string;
  try {
    text = await readFile(join(folder, 'manifest.json'), 'utf8');
  } catch (error) {
    throw userError('BACKUP_NOT_FOUND', '<backup-folder>', `${folder} has no readable manifest.json (${(error as Error).message})`, 'Pass a backup folder (one per apply, under ~/.secret-share-wizard/backups)');
  }
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(text) as BackupManifest;
  } catch (error) {
    throw new WizardError('BACKUP_CORRUPT', `${folder}/manifest.json is not valid JSON: ${(error as Error).message}`, { field: 'backup', fix: 'Restore the documents by hand from the *.before.json files' });
  }
  if (manifest.schema !== BACKUP_SCHEMA || !Array.isArray(manifest.entries)) {
    throw new WizardError('BACKUP_CORRUPT', `${folder}/manifest.json is not a ${BACKUP_SCHEMA} manifest`, { field: 'backup', fix: 'Pass a folder written by secret-share-wizard' });
  }
  return {
    folder,
    manifest,
    document: async (file) => {
      if (file === null) return null;
      if (file.includes('/') || file.includes('\\') || file.startsWith('.')) throw new WizardError('BACKUP_CORRUPT', `${folder}/manifest.json names a file outside the folder: ${file}`, { field: 'backup' });
      return JSON.parse(await readFile(join(folder, file), 'utf8')) as unknown;
    },
  };
}

/** Backup folders under `root` (default root when omitted), newest first. Unreadable folders are skipped. */
export async function listBackups(root: string = defaultBackupRoot()): Promise<BackupSummary[]> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const summaries: BackupSummary[] = [];
  for (const name of names) {
    try {
      const { manifest } = await loadBackup(join(root, name));
      summaries.push({
        folder: join(root, name),
        createdAt: manifest.createdAt,
        operation: manifest.operation,
        secretArn: manifest.secret.arn,
        consumerArn: manifest.consumer.arn,
        written: manifest.entries.filter((entry) => entry.status === 'written' || entry.status === 'rollback-failed').length,
        entries: manifest.entries.length,
      });
    } catch {
      // Not a backup folder (or a damaged one): not listed.
    }
  }
  return summaries.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.folder.localeCompare(a.folder));
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, "'\\''")}'`;
}

/** The flags a restore needs to reach the same accounts (profile NAMES only, never credentials). */
export interface RestoreCommandOptions {
  ownerProfile?: string;
  consumerProfile?: string;
  region?: string;
}

/** The command that undoes what a backup folder records, with every flag it needs. */
export function restoreCommand(folder: string, options: RestoreCommandOptions = {}): string {
  const flags = [
    ...(options.ownerProfile ? ['--profile', shellQuote(options.ownerProfile)] : []),
    ...(options.consumerProfile ? ['--consumer-profile', shellQuote(options.consumerProfile)] : []),
    ...(options.region ? ['--region', shellQuote(options.region)] : []),
  ];
  return ['secret-share-wizard restore', shellQuote(folder), ...flags].join(' ');
}
