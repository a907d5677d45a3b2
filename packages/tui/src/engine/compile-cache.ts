import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * V8 code cache for the engine (dist/engine.cjs), one file per engine build, Node version and CPU:
 *
 *   $SECRET_SHARE_WIZARD_COMPILE_CACHE      a folder, or `off`
 *   else $XDG_CACHE_HOME/secret-share-wizard, else ~/.cache/secret-share-wizard
 *
 * File: `engine-<sha256 of engine.cjs, 16 hex>-<node version>-<arch>.v8` = a 4-byte length, a JSON
 * header (the commands whose code it holds), the V8 data. The name carries the content hash because
 * V8 only checks the source's length. A cache is only read from a folder of this user that no one
 * else can write to, and only a regular file of this user (never through a symlink); anything odd
 * means "no cache", never an error: the cache only saves time.
 */
export interface CompileCache {
  /** The V8 data, when a usable cache file was found. */
  data?: Buffer;
  /** The commands that ran with this cache (their code is in it). */
  commands: string[];
  /** Replaces the cache file (atomically: other processes read the old one or the new one). */
  write(data: Buffer, commands: readonly string[]): void;
}

/** Larger than any engine's cache (about 4 MB): a bigger file is not ours. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
const MAX_HEADER_BYTES = 4096;
const STALE_PATTERN = /^\.?engine-[0-9a-f]{16}-.+\.(v8|tmp)$/;
const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

export function compileCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const chosen = env.SECRET_SHARE_WIZARD_COMPILE_CACHE;
  if (chosen !== undefined && chosen !== '') return /^(off|0|false|no)$/i.test(chosen) ? undefined : chosen;
  const base = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(base, 'secret-share-wizard');
}

export function compileCacheFileName(sourceHash: string): string {
  return `engine-${sourceHash.slice(0, 16)}-${process.version}-${process.arch}.v8`;
}

const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;

/** Ours and written by no one else: owned by this user, not writable by group or others. */
function privateStat(stats: { uid: number; mode: number }): boolean {
  return (uid === undefined || stats.uid === uid) && (stats.mode & 0o022) === 0;
}

function privateFolder(dir: string): boolean {
  try {
    const stats = lstatSync(dir);
    return stats.isDirectory() && privateStat(stats);
  } catch {
    return false;
  }
}

function readCacheFile(path: string): { data: Buffer; commands: string[] } | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    const stats = fstatSync(fd);
    if (!stats.isFile() || !privateStat(stats) || stats.size > MAX_CACHE_BYTES || stats.size < 4) return undefined;
    const buffer = Buffer.alloc(stats.size);
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, read);
      if (n === 0) return undefined;
      read += n;
    }
    const headerBytes = buffer.readUInt32BE(0);
    if (headerBytes > MAX_HEADER_BYTES || 4 + headerBytes >= buffer.length) return undefined;
    const header = JSON.parse(buffer.subarray(4, 4 + headerBytes).toString('utf8')) as { commands?: unknown };
    const commands = Array.isArray(header.commands) ? header.commands.filter((name): name is string => typeof name === 'string') : [];
    return { data: buffer.subarray(4 + headerBytes), commands };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Caches of other builds not written for a week (an upgrade leaves the old one behind; two versions
 * in use at once keep theirs), and temporary files a killed process left.
 */
function removeStale(dir: string, keep: string): void {
  const now = Date.now();
  for (const other of readdirSync(dir)) {
    if (other === keep || !STALE_PATTERN.test(other)) continue;
    const path = join(dir, other);
    const age = now - lstatSync(path).mtimeMs;
    if (age > (other.endsWith('.tmp') ? HOUR_MS : WEEK_MS)) unlinkSync(path);
  }
}

/** The cache for this engine build, or undefined when caching is off or the folder cannot be used. */
export function openCompileCache(env: NodeJS.ProcessEnv, sourceHash: string): CompileCache | undefined {
  const dir = compileCacheDir(env);
  if (!dir) return undefined;
  const name = compileCacheFileName(sourceHash);
  const path = join(dir, name);
  const found = privateFolder(dir) ? readCacheFile(path) : undefined;
  return {
    ...(found ? { data: found.data } : {}),
    commands: found?.commands ?? [],
    write(data, commands) {
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        if (!privateFolder(dir)) return;
        const header = Buffer.from(JSON.stringify({ commands: [...new Set(commands)].slice(0, 64) }), 'utf8');
        const length = Buffer.alloc(4);
        length.writeUInt32BE(header.length);
        const temporary = join(dir, `.${name}.${process.pid}.${Date.now()}.tmp`);
        writeFileSync(temporary, Buffer.concat([length, header, data]), { mode: 0o600, flag: 'wx' });
        renameSync(temporary, path);
        removeStale(dir, name);
      } catch {
        // A cache that cannot be written costs the next run some time, nothing else.
      }
    },
  };
}
