import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

function notADirectory(path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${path}'`), { code: 'ENOTDIR', path });
}

/**
 * `mkdir -p` that creates only the missing folders (each with `mode`), never changes one that
 * exists, and always ends: one `stat` per existing ancestor, one `mkdir` per missing folder.
 * Node's own `mkdir(path, { recursive: true })` loops for ever where mkdir answers ENOENT under a
 * parent that exists (`/proc/x`: 12 minutes at 80 % CPU, issue 10); here that ENOENT is thrown.
 * Returns the folders it created, outermost first.
 */
export async function makeDirs(path: string, mode = 0o777): Promise<string[]> {
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    try {
      if (!(await stat(current)).isDirectory()) throw notADirectory(current);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      missing.push(current);
      const parent = dirname(current);
      if (parent === current) throw error;
      current = parent;
    }
  }
  const created: string[] = [];
  for (const folder of missing.reverse()) {
    try {
      await mkdir(folder, { mode });
      created.push(folder);
    } catch (error) {
      // Made by someone else meanwhile: fine when it is a folder.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !(await stat(folder)).isDirectory()) throw error;
    }
  }
  return created;
}
