import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** `bytes`: the size, or (`atLeast`) how much was read before stopping. */
export type BoundedFile = { ok: true; text: string } | { ok: false; bytes: number; atLeast: boolean };

/**
 * Reads a UTF-8 text file of at most `maxBytes` bytes. The size is checked before reading (fstat),
 * and the read stops after `maxBytes + 1` bytes even when the size lied (a FIFO, /dev/zero, a file
 * still growing): a 47 MB file is never loaded. `noFollow`: refuse a symbolic link (ELOOP), for
 * files the tool itself wrote (backups). File-system errors are thrown as they are (ENOENT, EISDIR…).
 */
export async function readBoundedFile(path: string, maxBytes: number, options: { noFollow?: boolean } = {}): Promise<BoundedFile> {
  const handle = await open(path, constants.O_RDONLY | (options.noFollow ? constants.O_NOFOLLOW : 0));
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), { code: 'EISDIR' });
    if (info.size > maxBytes) return { ok: false, bytes: info.size, atLeast: false };
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) return { ok: false, bytes: length, atLeast: true };
    return { ok: true, text: buffer.subarray(0, length).toString('utf8') };
  } finally {
    await handle.close();
  }
}
