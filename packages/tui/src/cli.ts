/**
 * The `secret-share-wizard` executable. Kept tiny: `--help` and `--version` are answered from the
 * command map alone; everything else (argument parsing, every command, the core, the AWS SDK) is the
 * engine, dist/engine.cjs, loaded with V8's code cache (engine.ts); the wizard's Ink UI loads from
 * dist/ui/ only when the wizard runs.
 */
import { fileURLToPath } from 'node:url';
import { quickAnswer } from './cli/main-help';
import { loadCommonJsWithCache } from './engine/load-engine';
import { UI_LOADER } from './wizard/ui-modules-key';

type Engine = typeof import('./engine');

async function run(argv: string[]): Promise<void> {
  // The engine is CommonJS; the ES modules it needs (the wizard's UI) are imported from here.
  (globalThis as Record<symbol, unknown>)[UI_LOADER] = (name: string) => import(new URL(`./ui/${name}.js`, import.meta.url).href);
  const loaded = loadCommonJsWithCache<Engine>(fileURLToPath(new URL('./engine.cjs', import.meta.url)), process.env);
  const { main, EXIT } = loaded.exports;

  // The bundled AWS SDK warns on every run under Node 20 that *future* SDK releases will need Node 22.
  // The SDK inside this bundle is pinned, so the warning is noise on the user's stderr.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

  // First Ctrl+C / SIGTERM: abort (the core stops between writes and rolls back). Second: leave now.
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts += 1;
    if (interrupts > 1) {
      process.stderr.write('\nInterrupted again: exiting now.\n');
      process.exit(EXIT.INTERRUPTED);
    }
    controller.abort(new Error(`interrupted (${signal})`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const code = await main(argv, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() }, controller.signal);
  loaded.saveCache(/^[a-z-]{1,20}$/.test(argv[0] ?? '') ? argv[0]! : 'wizard');
  // Flush stdout before exiting (pipes can be asynchronous), then exit even if an SDK socket lingers.
  process.stdout.write('', () => process.exit(code));
}

const argv = process.argv.slice(2);
const quick = quickAnswer(argv);
if (quick !== undefined) process.stdout.write(quick);
else await run(argv);
