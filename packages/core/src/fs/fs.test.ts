import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirs } from './make-dirs';
import { readBoundedFile } from './read-bounded-file';

describe('makeDirs', () => {
  it('creates only the missing folders, with the mode, and leaves existing ones as they are', async () => {
    const base = await mkdtemp(join(tmpdir(), 'ssw-fs-'));
    await chmod(base, 0o1777);
    const created = await makeDirs(join(base, 'a', 'b'), 0o700);
    expect(created).toEqual([join(base, 'a'), join(base, 'a', 'b')]);
    expect((await stat(join(base, 'a', 'b'))).mode & 0o777).toBe(0o700);
    expect((await stat(base)).mode & 0o7777).toBe(0o1777);
    expect(await makeDirs(join(base, 'a', 'b'))).toEqual([]);
  });

  it('fails (ENOTDIR) under a file', async () => {
    const base = await mkdtemp(join(tmpdir(), 'ssw-fs-'));
    await writeFile(join(base, 'file'), 'x');
    await expect(makeDirs(join(base, 'file', 'sub'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it.runIf(existsSync('/proc/self'))('ends with ENOENT under /proc, where Node\'s recursive mkdir loops for ever', async () => {
    await expect(makeDirs('/proc/secret-share-wizard/x')).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('readBoundedFile', () => {
  it('refuses a file over the limit from its size, before reading it', async () => {
    const base = await mkdtemp(join(tmpdir(), 'ssw-fs-'));
    await writeFile(join(base, 'big'), 'x'.repeat(1_001));
    await writeFile(join(base, 'small'), 'x'.repeat(1_000));
    expect(await readBoundedFile(join(base, 'big'), 1_000)).toEqual({ ok: false, bytes: 1_001, atLeast: false });
    expect(await readBoundedFile(join(base, 'small'), 1_000)).toEqual({ ok: true, text: 'x'.repeat(1_000) });
  });

  it.runIf(existsSync('/dev/zero'))('stops reading a file whose size says nothing (/dev/zero)', async () => {
    expect(await readBoundedFile('/dev/zero', 4_096)).toEqual({ ok: false, bytes: 4_097, atLeast: true });
  });

  it('noFollow: a symbolic link is refused (ELOOP); a folder is EISDIR', async () => {
    const base = await mkdtemp(join(tmpdir(), 'ssw-fs-'));
    await writeFile(join(base, 'real'), '{}');
    await symlink(join(base, 'real'), join(base, 'link'));
    await mkdir(join(base, 'dir'));
    expect(await readBoundedFile(join(base, 'link'), 100)).toEqual({ ok: true, text: '{}' });
    await expect(readBoundedFile(join(base, 'link'), 100, { noFollow: true })).rejects.toMatchObject({ code: 'ELOOP' });
    await expect(readBoundedFile(join(base, 'dir'), 100)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
