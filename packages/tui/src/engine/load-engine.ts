import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';
import { openCompileCache } from './compile-cache';

/** How the engine's code was obtained: from the cache, or compiled (no cache, or V8 refused it). */
export type CacheStatus = 'used' | 'rejected' | 'none' | 'off';

export interface LoadedModule<T> {
  exports: T;
  cache: CacheStatus;
  /**
   * After the command: stores V8's code for the next run (what this run compiled included) when there
   * was no usable cache or this command had not run with it yet. Never throws.
   */
  saveCache(command: string): void;
}

/**
 * Loads a CommonJS bundle the way Node's require does (module wrapper, require relative to the file),
 * but compiles it with V8's code cache: Node 20 caches nothing itself (`module.enableCompileCache`
 * arrived in Node 22), and for the engine compiling costs more than any AWS call on a local network.
 */
export function loadCommonJsWithCache<T>(file: string, env: NodeJS.ProcessEnv): LoadedModule<T> {
  const bytes = readFileSync(file);
  const cache = openCompileCache(env, createHash('sha256').update(bytes).digest('hex'));
  // The build writes ASCII only (esbuild's `charset: 'ascii'`), so latin1 decodes it exactly, without UTF-8's scan.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${bytes.toString('latin1')}\n})`;
  const script = new Script(wrapped, { filename: file, ...(cache?.data ? { cachedData: cache.data } : {}) });
  const status: CacheStatus = !cache ? 'off' : !cache.data ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
  const module = { exports: {} as T };
  const run = script.runInThisContext() as (exports: T, require: NodeJS.Require, module: { exports: T }, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    cache: status,
    saveCache(command) {
      if (!cache || (status === 'used' && cache.commands.includes(command))) return;
      try {
        cache.write(script.createCachedData(), status === 'used' ? [...cache.commands, command] : [command]);
      } catch {
        // Only time is lost.
      }
    },
  };
}
