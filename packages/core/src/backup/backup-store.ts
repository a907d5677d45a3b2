import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { WizardError, userError } from '../errors/wizard-error';
import { makeDirs } from '../fs/make-dirs';
import { readBoundedFile } from '../fs/read-bounded-file';
import { parseBoundedJson, type JsonProblem } from '../json/bounded-json';
import { ANY_POLICY_JSON_LIMITS, MANIFEST_JSON_LIMITS, type JsonLimits } from '../json/json-limits';
import type { AwsContext } from '../aws/aws-context';
import type { Change } from '../plan/plan-types';
import { BACKUP_SCHEMA, type BackupEntry, type BackupEntryStatus, type BackupManifest, type BackupSummary } from './backup-types';
import { manifestProblem } from './manifest-shape';
import { formatCount } from '../text/locale-free';

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
const MANIFEST = 'manifest.json';
/** A run folder being created: `.staging-XXXXXX` (hidden), renamed to its name once it holds a manifest. */
const STAGING_PREFIX = '.staging-';
/** A staging folder older than this was left by a run that crashed before its first record. */
const STALE_STAGING_MS = 60 * 60 * 1000;
/** `<file>.<8 hex>.tmp`: a file being written by `writePrivateFile`. */
const TEMP_FILE = /\.[0-9a-f]{8}\.tmp$/;

/**
 * Where backups go: the option, else `$SECRET_SHARE_WIZARD_HOME/backups`, else
 * `~/.secret-share-wizard/backups`.
 */
export function defaultBackupRoot(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.SECRET_SHARE_WIZARD_HOME;
  return home ? join(home, 'backups') : join(homedir(), '.secret-share-wizard', 'backups');
}

/**
 * Writes `text` to `path` readable only by the user, atomically: a new temp file beside it (created
 * exclusively, never through a symbolic link), synced, then renamed over `path` (a rename replaces
 * a link instead of following it). On failure the temp file is removed.
 */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, FILE_MODE);
  try {
    try {
      await handle.writeFile(text, 'utf8');
      await handle.chmod(FILE_MODE);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

function unsafeFolder(path: string, problem: string): WizardError {
  return new WizardError('BACKUP_FOLDER_UNSAFE', `The backup folder ${path} ${problem}; nothing was written`, {
    field: '--backup-dir',
    fix: 'Pass --backup-dir with a folder of your own (it is never changed; each run makes a private folder inside it)',
  });
}

/** The run folder must be the private folder this process made: a real folder (no link), ours, 0700. */
async function checkPrivateFolder(path: string): Promise<void> {
  const info = await lstat(path);
  if (info.isSymbolicLink() || !info.isDirectory()) throw unsafeFolder(path, 'was replaced by a symbolic link or a file');
  if (typeof process.getuid === 'function' && info.uid !== process.getuid()) throw unsafeFolder(path, 'belongs to another user');
  if ((info.mode & 0o077) !== 0) throw unsafeFolder(path, `is open to other users (mode ${(info.mode & 0o777).toString(8)})`);
}

/**
 * The folder that holds the run folders (`--backup-dir D`, or the default): created when missing
 * (only the missing parts, each 0700), never changed when it exists — no chmod, so a shared 1777
 * folder or the target of a symbolic link keeps its mode. It may be a link to a folder.
 */
async function ensureRoot(root: string): Promise<void> {
  try {
    await makeDirs(root, DIR_MODE);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw unsafeFolder(root, `cannot be created (${code})`);
  }
}

/** Removes staging folders of ours that a crashed run left behind (best effort, never fails). */
async function removeStaleStaging(root: string, now: number): Promise<void> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return;
  }
  for (const name of names.filter((n) => n.startsWith(STAGING_PREFIX))) {
    try {
      const info = await lstat(join(root, name));
      const ours = typeof process.getuid !== 'function' || info.uid === process.getuid();
      if (info.isDirectory() && ours && now - info.mtimeMs > STALE_STAGING_MS) await rm(join(root, name), { recursive: true, force: true });
    } catch {
      // Someone else's, or gone meanwhile.
    }
  }
}

/** Removes `*.<hex>.tmp` files (writes cut short by a crash) from a backup folder; returns their names. */
export async function removeStrayTempFiles(folder: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(folder)) {
    if (!TEMP_FILE.test(name)) continue;
    const info = await lstat(join(folder, name));
    if (!info.isFile()) continue;
    await rm(join(folder, name), { force: true });
    removed.push(name);
  }
  return removed;
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
 * folder). The folder appears under its name only once it holds a manifest: it is made as a hidden
 * staging folder (0700, inside the root), the manifest is written into it, then it is renamed. The
 * manifest is rewritten (atomically) after every step, so a crash at any point leaves a folder
 * whose manifest is accurate: document files are written before the manifest names them.
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

  /** The command that undoes this run (with the profiles and region it needs); null before the folder exists. */
  restoreCommand(): string | null {
    return this.folderPath ? restoreCommand(this.folderPath, this.manifest) : null;
  }

  private async ensureFolder(): Promise<string> {
    if (this.folderPath) return this.folderPath;
    await ensureRoot(this.root);
    await removeStaleStaging(this.root, this.now().getTime());
    const staging = join(this.root, `${STAGING_PREFIX}${randomBytes(6).toString('hex')}`);
    await mkdir(staging, { mode: DIR_MODE });
    await checkPrivateFolder(staging);
    await writePrivateFile(join(staging, MANIFEST), this.manifestText());
    const path = join(this.root, folderName(this.manifest));
    await rename(staging, path);
    await checkPrivateFolder(path);
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

  private manifestText(): string {
    return `${JSON.stringify(this.manifest, null, 2)}\n`;
  }

  private async saveManifest(): Promise<void> {
    const folder = await this.ensureFolder();
    await writePrivateFile(join(folder, MANIFEST), this.manifestText());
  }
}

export interface LoadedBackup {
  folder: string;
  manifest: BackupManifest;
  /** Reads a document file of the folder (null for a null file name). */
  document(file: string | null): Promise<unknown>;
}

function corrupt(message: string, fix = 'Restore the documents by hand from the *.before.json files'): WizardError {
  return new WizardError('BACKUP_CORRUPT', message, { field: 'backup', fix });
}

/** Reads one JSON file of a backup folder (no symbolic link, bounded size and depth, no reserved key). */
async function readBackupJson(path: string, limits: JsonLimits): Promise<{ ok: true; value: unknown } | { ok: false; problem: JsonProblem }> {
  const read = await readBoundedFile(path, limits.maxChars, { noFollow: true });
  if (!read.ok) return { ok: false, problem: { reason: 'too-large', message: `is ${formatCount(read.bytes)} bytes, more than the ${formatCount(limits.maxChars)} read for ${limits.what}` } };
  return parseBoundedJson(read.text, limits);
}

/** Reads and checks a backup folder's manifest. */
export async function loadBackup(folder: string): Promise<LoadedBackup> {
  let parsed;
  try {
    parsed = await readBackupJson(join(folder, MANIFEST), MANIFEST_JSON_LIMITS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const isFolder = await lstat(folder).then((info) => info.isDirectory(), () => false);
    if (code === 'ENOENT' && isFolder) {
      throw userError('BACKUP_INCOMPLETE', '<backup-folder>', `${folder} has no manifest.json: it is not a complete backup (a run that stopped before recording anything wrote nothing to AWS, so there is nothing to restore)`, 'Pass a backup folder printed by apply or revoke; a folder without manifest.json can be deleted');
    }
    throw userError('BACKUP_NOT_FOUND', '<backup-folder>', `${folder} has no readable manifest.json (${code ?? (error as Error).message})`, 'Pass a backup folder (one per apply, under ~/.secret-share-wizard/backups)');
  }
  if (!parsed.ok) throw corrupt(`${folder}/manifest.json ${parsed.problem.message}`);
  const problem = manifestProblem(parsed.value);
  if (problem) throw corrupt(`${folder}/manifest.json is not a ${BACKUP_SCHEMA} manifest: ${problem}`, 'Pass a folder written by secret-share-wizard');
  const manifest = parsed.value as BackupManifest;
  return {
    folder,
    manifest,
    document: async (file) => {
      if (file === null) return null;
      if (file.includes('/') || file.includes('\\') || file.startsWith('.')) throw corrupt(`${folder}/manifest.json names a file outside the folder: ${file}`);
      let read;
      try {
        read = await readBackupJson(join(folder, file), ANY_POLICY_JSON_LIMITS);
      } catch (error) {
        throw corrupt(`${folder}/${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
      if (!read.ok) throw corrupt(`${folder}/${file} ${read.problem.message}`);
      return read.value;
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
    if (name.startsWith('.')) continue;
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

/** The profile names and region of a context, for the manifest (names only: never credentials). */
export function backupProfiles(ctx: Pick<AwsContext, 'owner' | 'consumer' | 'region'>): Pick<BackupManifest, 'profiles' | 'region'> {
  const profiles: NonNullable<BackupManifest['profiles']> = {};
  if (ctx.owner.profile) profiles.owner = ctx.owner.profile;
  if (ctx.consumer?.profile) profiles.consumer = ctx.consumer.profile;
  return { ...(Object.keys(profiles).length > 0 ? { profiles } : {}), ...(ctx.region ? { region: ctx.region } : {}) };
}

const quote = (text: string) => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`);

/** Entries a restore puts back (what `restoreBackup` does not skip). */
function restorable(entry: BackupEntry): boolean {
  return entry.status !== 'rolled-back' && entry.status !== 'failed';
}

/**
 * The command that undoes what a backup folder records, with every flag it needs: the owner
 * profile and region the run was given, and `--consumer-profile` when the backup holds a consumer
 * identity policy to put back (`<consumer-profile>` when the run's profile name is unknown).
 */
export function restoreCommand(folder: string, manifest?: Pick<BackupManifest, 'entries' | 'profiles' | 'region'>): string {
  const parts = ['secret-share-wizard', 'restore', `'${folder.replace(/'/g, "'\\''")}'`];
  if (manifest?.profiles?.owner) parts.push('--profile', quote(manifest.profiles.owner));
  if (manifest?.entries.some((entry) => entry.kind === 'identity-policy' && restorable(entry))) {
    parts.push('--consumer-profile', manifest.profiles?.consumer ? quote(manifest.profiles.consumer) : '<consumer-profile>');
  }
  if (manifest?.region) parts.push('--region', quote(manifest.region));
  return parts.join(' ');
}
