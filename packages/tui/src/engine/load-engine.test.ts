import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileCacheDir } from './compile-cache';
import { loadCommonJsWithCache } from './load-engine';

let dir: string;
let cacheDir: string;
let env: NodeJS.ProcessEnv;
const moduleSource = (answer: number) => `const path = require('node:path');\nexports.answer = () => ${answer};\nexports.base = path.basename(__filename);\n`;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ssw-compile-cache-'));
  cacheDir = join(dir, 'cache');
  env = { SECRET_SHARE_WIZARD_COMPILE_CACHE: cacheDir };
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function engineFile(answer = 42): Promise<string> {
  const file = join(dir, 'engine.cjs');
  await writeFile(file, moduleSource(answer));
  return file;
}

async function cacheFiles(): Promise<string[]> {
  return (await readdir(cacheDir)).filter((name) => name.endsWith('.v8'));
}

describe('loadCommonJsWithCache', () => {
  it('runs the module like require (exports, require, __filename) and writes a private cache once', async () => {
    const file = await engineFile();
    const first = loadCommonJsWithCache<{ answer(): number; base: string }>(file, env);
    expect(first.exports.answer()).toBe(42);
    expect(first.exports.base).toBe('engine.cjs');
    expect(first.cache).toBe('none');
    first.saveCache('apply');
    const [name] = await cacheFiles();
    expect(name).toMatch(new RegExp(`^engine-[0-9a-f]{16}-${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8$`));
    expect((await stat(cacheDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(cacheDir, name!))).mode & 0o777).toBe(0o600);

    const second = loadCommonJsWithCache<{ answer(): number }>(file, env);
    expect(second.cache).toBe('used');
    expect(second.exports.answer()).toBe(42);
    // The same command again: nothing is rewritten.
    const before = await stat(join(cacheDir, name!));
    second.saveCache('apply');
    expect((await stat(join(cacheDir, name!))).ino).toBe(before.ino);
    // A command that has not run with this cache: rewritten, both commands in its header.
    second.saveCache('doctor');
    const header = await readFile(join(cacheDir, name!));
    expect(JSON.parse(header.subarray(4, 4 + header.readUInt32BE(0)).toString('utf8'))).toEqual({ commands: ['apply', 'doctor'] });
  });

  it('a damaged cache is refused by V8 and replaced; the module still runs', async () => {
    const file = await engineFile();
    loadCommonJsWithCache(file, env).saveCache('apply');
    const [name] = await cacheFiles();
    const path = join(cacheDir, name!);
    const bytes = await readFile(path);
    const headerEnd = 4 + bytes.readUInt32BE(0);
    const damaged = Buffer.concat([bytes.subarray(0, headerEnd), Buffer.alloc(bytes.length - headerEnd, 0x5a)]);
    await writeFile(path, damaged, { mode: 0o600 });
    // The same bytes under another name: this process's own in-memory compilation cache misses, so V8 reads the file's cache.
    const copy = join(dir, 'copy.cjs');
    await writeFile(copy, await readFile(file));
    const loaded = loadCommonJsWithCache<{ answer(): number }>(copy, env);
    expect(loaded.cache).toBe('rejected');
    expect(loaded.exports.answer()).toBe(42);
    loaded.saveCache('apply');
    expect((await readFile(path)).equals(damaged)).toBe(false);
    expect(loadCommonJsWithCache(file, env).cache).toBe('used');
  });

  it('a different engine of the same length gets its own cache (V8 itself only checks the length)', async () => {
    loadCommonJsWithCache(await engineFile(42), env).saveCache('apply');
    const other = loadCommonJsWithCache<{ answer(): number }>(await engineFile(43), env);
    expect(other.cache).toBe('none');
    expect(other.exports.answer()).toBe(43);
    other.saveCache('apply');
    expect(await cacheFiles()).toHaveLength(2);
  });

  it('reads no cache from a folder others can write to, nor through a symlink, and writes none there', async () => {
    const file = await engineFile();
    loadCommonJsWithCache(file, env).saveCache('apply');
    const [name] = await cacheFiles();
    await chmod(cacheDir, 0o777);
    const shared = loadCommonJsWithCache(file, env);
    expect(shared.cache).toBe('none');
    await chmod(cacheDir, 0o700);

    const elsewhere = join(dir, 'elsewhere');
    await mkdir(elsewhere, { mode: 0o700 });
    await writeFile(join(elsewhere, name!), await readFile(join(cacheDir, name!)), { mode: 0o600 });
    const linked = join(dir, 'linked');
    await mkdir(linked, { mode: 0o700 });
    await symlink(join(elsewhere, name!), join(linked, name!));
    expect(loadCommonJsWithCache(file, { SECRET_SHARE_WIZARD_COMPILE_CACHE: linked }).cache).toBe('none');
  });

  it('is off with SECRET_SHARE_WIZARD_COMPILE_CACHE=off, and follows XDG_CACHE_HOME, else ~/.cache', async () => {
    const file = await engineFile();
    const off = loadCommonJsWithCache(file, { SECRET_SHARE_WIZARD_COMPILE_CACHE: 'off' });
    expect(off.cache).toBe('off');
    off.saveCache('apply');
    expect(compileCacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' })).toBe('/x/cache/secret-share-wizard');
    expect(compileCacheDir({ HOME: '/home/u' })).toBe('/home/u/.cache/secret-share-wizard');
  });
});
